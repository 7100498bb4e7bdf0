import type { Host } from './host';

export interface PageEventHandlers {
  /** The browser has a network again. */
  online(): void;
  /** The browser lost the network. */
  offline(): void;
  /** The page became visible. */
  visible(): void;
  /** The page is being left or reloaded. */
  pagehide(): void;
}

/** Listens to the page's `online`/`offline`/`visibilitychange`/`pagehide`; returns a function that stops. */
export function listenToPage(host: Host, handlers: PageEventHandlers): () => void {
  const { window, document } = host;
  const onVisibility = () => {
    if (host.isVisible()) handlers.visible();
  };
  const onOnline = () => handlers.online();
  const onOffline = () => handlers.offline();
  const onPagehide = () => handlers.pagehide();
  window?.addEventListener('online', onOnline);
  window?.addEventListener('offline', onOffline);
  window?.addEventListener('pagehide', onPagehide);
  document?.addEventListener('visibilitychange', onVisibility);
  return () => {
    window?.removeEventListener('online', onOnline);
    window?.removeEventListener('offline', onOffline);
    window?.removeEventListener('pagehide', onPagehide);
    document?.removeEventListener('visibilitychange', onVisibility);
  };
}
