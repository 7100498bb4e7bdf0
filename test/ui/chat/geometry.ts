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

/**
 * Layout for the virtual message list in a DOM without one, installed before rendering: every row wrapper
 * (`.webim-log-row`) is `rowHeight` tall, the log's (`.webim-log`) content is its spacers plus its rendered rows,
 * and its `scrollTop` is clamped like a browser's. `restore()` removes the stubs (call it in `afterEach`).
 */
export function virtualLayout({ rowHeight = 50, clientHeight = 300 } = {}) {
  const proto = HTMLElement.prototype;
  const rect = proto.getBoundingClientRect;
  const g = { clientHeight, scrollTop: 0 };
  const isLog = (el: HTMLElement) => el.classList.contains('webim-log');
  const content = (log: HTMLElement) => {
    let sum = 0;
    for (const child of log.children) {
      const el = child as HTMLElement;
      if (el.classList.contains('webim-log-spacer')) sum += parseFloat(el.style.height) || 0;
      else if (el.classList.contains('webim-message-rows')) sum += el.children.length * rowHeight;
    }
    return Math.max(sum, g.clientHeight);
  };
  const descriptors = ['scrollHeight', 'clientHeight', 'scrollTop'].map(
    (name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const,
  );
  proto.getBoundingClientRect = function (this: HTMLElement) {
    const height = this.classList.contains('webim-log-row') ? rowHeight : 0;
    return { x: 0, y: 0, top: 0, left: 0, right: 0, bottom: height, width: 0, height, toJSON: () => ({}) } as DOMRect;
  };
  Object.defineProperty(proto, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isLog(this) ? content(this) : 0;
    },
  });
  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isLog(this) ? g.clientHeight : 0;
    },
  });
  Object.defineProperty(proto, 'scrollTop', {
    configurable: true,
    get(this: HTMLElement) {
      return isLog(this) ? g.scrollTop : 0;
    },
    set(this: HTMLElement, v: number) {
      if (isLog(this)) g.scrollTop = Math.max(0, Math.min(v, content(this) - g.clientHeight));
    },
  });
  return {
    geometry: g,
    restore() {
      proto.getBoundingClientRect = rect;
      for (const [name, descriptor] of descriptors) {
        if (descriptor) Object.defineProperty(proto, name, descriptor);
        else delete (proto as unknown as Record<string, unknown>)[name];
      }
    },
  };
}
