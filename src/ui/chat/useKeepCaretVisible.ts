import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** On-screen keyboards animate in for about this long before the visual viewport settles. */
const KEYBOARD_SETTLE_MS = 300;

/**
 * Keeps a focused text box in view above the on-screen keyboard. The shell sizes the window to the visual
 * viewport (`--webim-vvh`); this scrolls the box into view once the keyboard has opened and whenever the visual
 * viewport changes while it has focus.
 */
export function useKeepCaretVisible(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const win = el.ownerDocument.defaultView;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reveal = () => {
      clearTimeout(timer);
      timer = setTimeout(() => el.scrollIntoView?.({ block: 'nearest', inline: 'nearest' }), KEYBOARD_SETTLE_MS);
    };
    const onViewport = () => {
      const root = el.getRootNode() as Document | ShadowRoot;
      if (root.activeElement === el) reveal();
    };
    el.addEventListener('focus', reveal);
    win?.visualViewport?.addEventListener('resize', onViewport);
    return () => {
      clearTimeout(timer);
      el.removeEventListener('focus', reveal);
      win?.visualViewport?.removeEventListener('resize', onViewport);
    };
  }, []);
}
