/** Exponential backoff: delay = min(cap, base · factor^attempt), spread by ±jitter (a fraction, 0–1). */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  factor?: number;
  jitter?: number;
}

/** The exponential schedule's defaults (`createBackoff` applies the same values to options left undefined). */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = {
  baseMs: 1_000,
  capMs: 30_000,
  factor: 2,
  jitter: 0.3,
};

/** A reconnect delay schedule. */
export interface Backoff {
  /** The delay (ms) to wait before the next attempt; advances the schedule. */
  next(): number;
  /** The delay `next()` will return, without advancing. */
  peek(): number;
  /** Back to the first delay (call after a successful connection). */
  reset(): void;
  /** How many delays `next()` has handed out since the last reset. */
  readonly attempt: number;
}

/**
 * A delay schedule: exponential `min(cap, base · factor^attempt)` spread by ±`jitter` (a fraction) so that many
 * clients dropped together do not come back together; or a fixed list of delays whose last value repeats (e.g.
 * `[100, 1000, 3000, 6000, 10000]`, no jitter). `random` returns [0, 1) like `Math.random`.
 */
export function createBackoff(schedule: BackoffOptions | number[], random: () => number = Math.random): Backoff {
  const list = Array.isArray(schedule) && [...schedule];
  // Destructuring defaults apply to `undefined` too: `{baseMs: undefined}` keeps the default.
  const { baseMs = 1_000, capMs = 30_000, factor = 2, jitter = 0.3 } = list ? {} : (schedule as BackoffOptions);
  if (
    list
      ? !list.length || !list.every((delay) => delay >= 0 && delay < Infinity)
      : !(baseMs >= 0 && capMs >= 0 && factor >= 1 && jitter >= 0 && jitter <= 1)
  ) {
    throw new RangeError('bad backoff');
  }
  // peek() and next() must agree, so a jittered delay is drawn once and kept until it is handed out.
  let pending: number | undefined;
  const backoff = {
    attempt: 0,
    peek: () =>
      (pending ??= list
        ? (list[backoff.attempt] ?? list.at(-1)!)
        : // factor^attempt may overflow to Infinity after many attempts; min() then settles on the cap.
          Math.round(Math.min(capMs, baseMs * factor ** backoff.attempt) * (1 + jitter * (2 * random() - 1)))),
    next() {
      const delay = backoff.peek();
      pending = undefined;
      backoff.attempt++;
      return delay;
    },
    reset() {
      pending = undefined;
      backoff.attempt = 0;
    },
  };
  return backoff;
}
