import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';

const nextFrame: (run: () => void) => () => void =
  typeof requestAnimationFrame === 'function'
    ? (run) => {
        const id = requestAnimationFrame(run);
        return () => cancelAnimationFrame(id);
      }
    : (run) => {
        const id = setTimeout(run, 16);
        return () => clearTimeout(id);
      };

/**
 * A signal's current value, for a component that should re-render when it changes — but at most once per animation
 * frame. A burst of changes (a presence storm: hundreds of packets a second, each its own task) then costs one
 * render per frame, with the latest value, instead of one per change. Reading through this hook does not subscribe
 * the component to `source` itself; pieces that must update at once (a buddy row) read their own signals.
 */
export function useFrameValue<T>(source: ReadonlySignal<T>): T {
  const [, rerender] = useState(0);
  const value = source.peek();
  const rendered = useRef(value);
  rendered.current = value;
  useEffect(() => {
    let cancel: (() => void) | null = null;
    const stop = source.subscribe((next) => {
      if (cancel || next === rendered.current) return;
      cancel = nextFrame(() => {
        cancel = null;
        rerender((n) => n + 1);
      });
    });
    return () => {
      stop();
      cancel?.();
    };
  }, [source]);
  return value;
}
