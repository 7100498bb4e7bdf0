import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';

/**
 * A signal's current value, for a component that should re-render when it changes — but at most once per animation
 * frame. A burst of changes (a presence storm: hundreds of packets a second, each its own task) then costs one
 * render per frame, with the latest value. Reading through this hook does not subscribe the component to `source`
 * itself; pieces that must update at once (a buddy row) read their own signals.
 */
export function useFrameValue<T>(source: ReadonlySignal<T>): T {
  const [, rerender] = useState(0);
  const value = source.peek();
  useEffect(() => {
    let frame = 0;
    // The first call (at once) re-renders only if the value changed since the render; later ones always do.
    let shown: unknown = value;
    const stop = source.subscribe((next) => {
      if (next !== shown && !frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          rerender((n) => n + 1);
        });
      shown = NaN;
    });
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, [source]);
  return value;
}
