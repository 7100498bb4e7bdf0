import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * Calls `onDismiss` when the user presses a pointer outside `refs` while `open`. Uses the event's composed path,
 * which sees through the shadow root the bar lives in (a plain `contains` on the page's target would not).
 */
export function useDismiss(open: boolean, refs: ReadonlyArray<RefObject<Element | null>>, onDismiss: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: Event) => {
      const path = e.composedPath();
      if (!refs.some((r) => r.current && path.includes(r.current))) onDismiss();
    };
    const doc = refs[0]?.current?.ownerDocument ?? document;
    doc.addEventListener('pointerdown', onPointer, true);
    return () => doc.removeEventListener('pointerdown', onPointer, true);
  }, [open]);
}
