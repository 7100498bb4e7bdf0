/** Undoes what something started: removes a listener, stops a timer, leaves a group. */
export type Dispose = () => void;

/**
 * One lifecycle list per owner (hydrogen-web's `Disposables`): everything the owner starts registers its undo here
 * once, and `dispose()` undoes it all, newest first. Disposing twice does nothing; an undo added after disposal runs
 * at once (a start that finished late, such as joining the tab group, never outlives its owner).
 */
export interface Disposables {
  /** Registers an undo; returns it. */
  add<D extends Dispose>(dispose: D): D;
  /** Runs every undo, in the reverse order of registration. Idempotent. */
  dispose(): void;
  /** `dispose()` has been called. */
  readonly disposed: boolean;
}

export function createDisposables(): Disposables {
  const list: Dispose[] = [];
  let disposed = false;
  return {
    add(dispose) {
      if (disposed) dispose();
      else list.push(dispose);
      return dispose;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      while (list.length) list.pop()!();
    },
    get disposed() {
      return disposed;
    },
  };
}
