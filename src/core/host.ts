import type { ClientEnv } from './types';

/**
 * The browser facilities the client uses, from `options.env` or the page. Timers and the clock are looked up at
 * call time so that fake timers installed after the client was created still apply.
 */
export interface Host {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** For `online`/`offline`/`pagehide` listeners; undefined outside browsers. */
  window: Window | undefined;
  document: Document | undefined;
  navigator: Navigator | undefined;
  /** False only when the browser says it has no network. */
  isOnline(): boolean;
  /** The page is showing (no document: always). */
  isVisible(): boolean;
}

export function resolveHost(env: ClientEnv = {}): Host {
  const g = globalThis as typeof globalThis & { window?: Window; document?: Document; navigator?: Navigator };
  const window = Object.hasOwn(env, 'window') ? env.window : g.window;
  const document = Object.hasOwn(env, 'document') ? env.document : (window?.document ?? g.document);
  const navigator = Object.hasOwn(env, 'navigator') ? env.navigator : (window?.navigator ?? g.navigator);
  return {
    now: () => (env.now ? env.now() : Date.now()),
    setTimeout: (fn, ms) => (env.setTimeout ? env.setTimeout(fn, ms) : globalThis.setTimeout(fn, ms)),
    clearTimeout: (id) => (env.clearTimeout ? env.clearTimeout(id) : globalThis.clearTimeout(id as ReturnType<typeof setTimeout>)),
    window,
    document,
    navigator,
    isOnline: () => navigator?.onLine !== false,
    isVisible: () => !document || document.visibilityState !== 'hidden',
  };
}

/** A restartable one-shot timer on the host's clock. */
export interface OneShot {
  start(ms: number, fn?: () => void): void;
  stop(): void;
  readonly pending: boolean;
}

export function createOneShot(host: Host, fn: () => void): OneShot {
  let id: unknown;
  let pending = false;
  return {
    start(ms, run = fn) {
      if (pending) host.clearTimeout(id);
      pending = true;
      id = host.setTimeout(() => {
        pending = false;
        run();
      }, ms);
    },
    stop() {
      if (pending) host.clearTimeout(id);
      pending = false;
    },
    get pending() {
      return pending;
    },
  };
}
