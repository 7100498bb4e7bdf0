import type { RefObject } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';

/** The element's [width, height] (its own px, unaffected by the root's zoom), kept current by a ResizeObserver. */
export function useSize(ref: RefObject<HTMLElement | null>): number[] {
  const [size, setSize] = useState([0, 0]);
  useLayoutEffect(() => {
    const el = ref.current!;
    const update = (w: number, h: number) => setSize((old) => (old[0] === w && old[1] === h ? old : [w, h]));
    update(el.clientWidth, el.clientHeight);
    const observer = new ResizeObserver((entries) => {
      const box = entries.at(-1)!.contentRect;
      update(box.width, box.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return size;
}
