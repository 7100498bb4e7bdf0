/** Scroll geometry for an element in a DOM without layout (happy-dom): heights are set by the test. */
export interface Geometry {
  scrollHeight: number;
  clientHeight: number;
  scrollTop: number;
}

export function stubGeometry(el: HTMLElement, initial: Partial<Geometry> = {}): Geometry {
  const g: Geometry = { scrollHeight: 1000, clientHeight: 300, scrollTop: 0, ...initial };
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => g.scrollHeight });
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => g.clientHeight });
  Object.defineProperty(el, 'scrollTop', {
    configurable: true,
    get: () => g.scrollTop,
    set: (v: number) => {
      g.scrollTop = Math.max(0, Math.min(v, g.scrollHeight - g.clientHeight));
    },
  });
  return g;
}
