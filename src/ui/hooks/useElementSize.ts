import type { RefObject } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';

export interface ElementSize {
  width: number;
  height: number;
}

/**
 * The element's content-box size, kept current with a ResizeObserver. Zero until measured (and in environments
 * without layout, where callers fall back to their own defaults).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>): ElementSize {
  const [size, setSize] = useState<ElementSize>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (width: number, height: number) =>
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    update(el.clientWidth, el.clientHeight);
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) update(box.width, box.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
