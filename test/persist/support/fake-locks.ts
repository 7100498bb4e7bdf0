/**
 * An in-memory Web Locks implementation for one "browser": exclusive and shared modes, `ifAvailable`, FIFO queuing,
 * `signal` aborts, release when the callback's promise settles, and `crash(tab)` (what the browser does when a tab
 * dies: its held locks are released and its queued requests dropped, without its callbacks ever settling).
 */
interface Pending {
  tab: string;
  name: string;
  mode: LockMode;
  callback: (lock: Lock | null) => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Held {
  tab: string;
  name: string;
  mode: LockMode;
  token: object;
}

export class FakeLockBroker {
  private held: Held[] = [];
  private queue: Pending[] = [];

  /** The `navigator.locks` of one tab. */
  managerFor(tab: string): LockManager {
    const request = (name: string, optionsOrCallback: unknown, maybeCallback?: unknown): Promise<unknown> => {
      const options = (typeof optionsOrCallback === 'function' ? {} : optionsOrCallback) as LockOptions;
      const callback = (
        typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback
      ) as Pending['callback'];
      return this.request(tab, name, options, callback);
    };
    return {
      request,
      query: async () => ({
        held: this.held.map((h) => ({ name: h.name, mode: h.mode, clientId: h.tab })),
        pending: this.queue.map((p) => ({ name: p.name, mode: p.mode, clientId: p.tab })),
      }),
    } as LockManager;
  }

  /** The tab is gone (closed, crashed): the browser frees its locks and forgets its requests. */
  crash(tab: string): void {
    this.held = this.held.filter((h) => h.tab !== tab);
    this.queue = this.queue.filter((p) => p.tab !== tab);
    this.grant();
  }

  holders(name?: string): string[] {
    return this.held.filter((h) => name === undefined || h.name === name).map((h) => h.tab);
  }

  waiting(name?: string): string[] {
    return this.queue.filter((p) => name === undefined || p.name === name).map((p) => p.tab);
  }

  private request(tab: string, name: string, options: LockOptions, callback: Pending['callback']): Promise<unknown> {
    if (typeof callback !== 'function') return Promise.reject(new TypeError('callback required'));
    if (options.ifAvailable && options.signal)
      return Promise.reject(new DOMException('bad options', 'NotSupportedError'));
    if (options.signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { tab, name, mode: options.mode ?? 'exclusive', callback, resolve, reject };
      if (options.ifAvailable) {
        if (this.grantable(pending, true)) this.run(pending);
        else queueMicrotask(() => this.settle(pending, null, undefined));
        return;
      }
      if (options.signal) {
        pending.signal = options.signal;
        pending.onAbort = () => {
          if (!this.queue.includes(pending)) return;
          this.queue = this.queue.filter((p) => p !== pending);
          reject(new DOMException('aborted', 'AbortError'));
        };
        options.signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.grant();
    });
  }

  private grantable(p: Pending, jumpingQueue: boolean): boolean {
    const holders = this.held.filter((h) => h.name === p.name);
    if (jumpingQueue && this.queue.some((q) => q.name === p.name)) return false;
    if (holders.length === 0) return true;
    return p.mode === 'shared' && holders.every((h) => h.mode === 'shared');
  }

  /** Grants queued requests in order, per name, while they fit. */
  private grant(): void {
    for (const p of [...this.queue]) {
      const ahead = this.queue.slice(0, this.queue.indexOf(p)).some((q) => q.name === p.name);
      if (ahead || !this.grantable(p, false)) continue;
      this.queue = this.queue.filter((q) => q !== p);
      if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
      this.run(p);
    }
  }

  private run(p: Pending): void {
    const held: Held = { tab: p.tab, name: p.name, mode: p.mode, token: {} };
    this.held.push(held);
    const lock = { name: p.name, mode: p.mode } as Lock;
    queueMicrotask(() => this.settle(p, lock, held));
  }

  private settle(p: Pending, lock: Lock | null, held: Held | undefined): void {
    let result: unknown;
    try {
      result = p.callback(lock);
    } catch (error) {
      this.release(held);
      p.reject(error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        if (this.release(held)) p.resolve(value);
      },
      (error: unknown) => {
        if (this.release(held)) p.reject(error);
      },
    );
  }

  /** Returns false when the lock had already been taken away (the tab crashed): its request never settles. */
  private release(held: Held | undefined): boolean {
    if (!held) return true;
    if (!this.held.includes(held)) return false;
    this.held = this.held.filter((h) => h !== held);
    this.grant();
    return true;
  }
}
