import { raiseToTopLayer } from '../ui/host';

/**
 * Keeps the bar on pages whose content is swapped by pjax, Turbo and the like: when the host element leaves the
 * document (its parent emptied, or `<body>` replaced), the same element — with its shadow root, Preact tree and
 * state — is appended to the current body again. Stale copies (Turbo's page snapshots clone the body, host
 * included, without its shadow root) are removed. `onBodySwap` lets the caller re-scan the new page.
 */
export function keepAttached(host: HTMLElement, onBodySwap: () => void): () => void {
  const doc = host.ownerDocument;
  const win = doc.defaultView;
  let body: HTMLElement | null = doc.body;
  let scheduled = false;

  const check = () => {
    scheduled = false;
    const swapped = doc.body !== body;
    if (swapped) {
      body = doc.body;
      observeBody();
    }
    if (!doc.body) return;
    for (const stale of Array.from(doc.querySelectorAll(host.localName))) if (stale !== host) stale.remove();
    if (!host.isConnected) {
      doc.body.append(host);
      // Leaving the document took it out of the top layer; put it back above the page.
      if (host.hasAttribute('popover')) raiseToTopLayer(host);
    }
    if (swapped) onBodySwap();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(check);
  };

  const rootObserver = new MutationObserver(schedule);
  rootObserver.observe(doc.documentElement, { childList: true });
  const bodyObserver = new MutationObserver(schedule);
  const observeBody = () => {
    bodyObserver.disconnect();
    if (doc.body) bodyObserver.observe(doc.body, { childList: true });
  };
  observeBody();
  // Turbo and pjax announce their swaps too; checking then catches swaps of elements we do not observe.
  const events = ['turbo:load', 'turbo:render', 'pjax:end', 'pjax:complete', 'pageshow'];
  for (const e of events) win?.addEventListener(e, schedule);

  return () => {
    rootObserver.disconnect();
    bodyObserver.disconnect();
    for (const e of events) win?.removeEventListener(e, schedule);
  };
}
