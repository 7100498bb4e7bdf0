import type { TransportEnv } from './types';

/** A `TransportEnv` with every facility resolved (those the host lacks stay undefined). */
export interface ResolvedEnv {
  WebSocket: typeof WebSocket | undefined;
  document: Document | undefined;
  global: Record<string, unknown>;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
  now: () => number;
}

/**
 * Fills the gaps of an injected env from `globalThis`. Timers and the clock are looked up at call time, not here,
 * so fake timers installed after a transport was created still apply.
 */
export function resolveEnv(env: TransportEnv = {}): ResolvedEnv {
  const host = globalThis as typeof globalThis & Record<string, unknown>;
  // An explicit `WebSocket: undefined` / `document: undefined` means "this host has none" (tests, old browsers).
  const document = Object.hasOwn(env, 'document')
    ? env.document
    : typeof host.document === 'object'
      ? host.document
      : undefined;
  // JSONP answers run as scripts of the window that owns the document, so callbacks belong on that window.
  const windowOfDocument = document?.defaultView as (Window & Record<string, unknown>) | null | undefined;
  return {
    WebSocket: Object.hasOwn(env, 'WebSocket')
      ? env.WebSocket
      : typeof host.WebSocket === 'function'
        ? host.WebSocket
        : undefined,
    document,
    global: env.global ?? windowOfDocument ?? host,
    setTimeout: env.setTimeout ?? ((fn, ms) => host.setTimeout(fn, ms)),
    clearTimeout: env.clearTimeout ?? ((id) => host.clearTimeout(id as ReturnType<typeof setTimeout>)),
    now: env.now ?? (() => Date.now()),
  };
}

/** A restartable one-shot timer on the env's clock. */
export interface Timer {
  /** (Re)starts the timer; a pending run is cancelled first. */
  start(ms: number): void;
  stop(): void;
}

export function createTimer(env: ResolvedEnv, fire: () => void): Timer {
  let id: unknown;
  let pending = false;
  const stop = (): void => {
    if (pending) env.clearTimeout(id);
    pending = false;
  };
  return {
    start(ms) {
      stop();
      pending = true;
      id = env.setTimeout(() => {
        pending = false;
        fire();
      }, ms);
    },
    stop,
  };
}
