import type { BackoffOptions } from '../core/types';

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
  const delayAt = Array.isArray(schedule) ? fixedSchedule(schedule) : exponentialSchedule(schedule, random);
  let attempt = 0;
  // peek() and next() must agree, so a jittered delay is drawn once and kept until it is handed out.
  let pending: number | undefined;
  const peek = (): number => (pending ??= delayAt(attempt));
  return {
    next() {
      const delay = peek();
      pending = undefined;
      attempt++;
      return delay;
    },
    peek,
    reset() {
      attempt = 0;
      pending = undefined;
    },
    get attempt() {
      return attempt;
    },
  };
}

function fixedSchedule(delays: readonly number[]): (attempt: number) => number {
  if (delays.length === 0) throw new RangeError('A fixed backoff schedule needs at least one delay');
  for (const delay of delays) {
    if (!Number.isFinite(delay) || delay < 0) throw new RangeError(`Invalid backoff delay: ${delay}`);
  }
  const list = [...delays];
  return (attempt) => list[Math.min(attempt, list.length - 1)];
}

function exponentialSchedule(options: BackoffOptions, random: () => number): (attempt: number) => number {
  const { baseMs, capMs, factor, jitter } = { ...DEFAULT_BACKOFF, ...definedOnly(options) };
  if (!(baseMs >= 0) || !(capMs >= 0) || !(factor >= 1) || !(jitter >= 0 && jitter <= 1)) {
    throw new RangeError(`Invalid backoff options: ${JSON.stringify(options)}`);
  }
  return (attempt) => {
    // factor^attempt may overflow to Infinity after many attempts; min() then settles on the cap.
    const delay = Math.min(capMs, baseMs * factor ** attempt);
    const spread = 1 + jitter * (2 * random() - 1);
    return Math.max(0, Math.round(delay * spread));
  };
}

/** `{baseMs: undefined}` must not erase a default. */
function definedOnly(options: BackoffOptions): BackoffOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
