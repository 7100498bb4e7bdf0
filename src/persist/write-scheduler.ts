/** Timer functions the scheduler uses (injectable for tests; default: the page's). */
export interface SchedulerEnv {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Absent where the browser has none (Safari): the debounce timer alone then decides. */
  requestIdleCallback?: (fn: () => void, options: { timeout: number }) => unknown;
  cancelIdleCallback?: (handle: unknown) => void;
  now(): number;
}

export interface WriteScheduler {
  /** Asks for a run: after `debounceMs` of quiet (at most `maxWaitMs` after the first ask), then when idle. */
  request(): void;
  /** Forgets a requested run that has not started. Returns whether one was waiting. */
  cancel(): boolean;
}

/**
 * Debounce with a ceiling, then an idle callback: a burst of changes costs one write, a steady stream of changes
 * (a busy room) still writes every `maxWaitMs`, and the write itself waits for a quiet moment of the page.
 */
export function createWriteScheduler(
  run: () => void,
  env: SchedulerEnv,
  debounceMs: number,
  maxWaitMs: number,
  idleTimeoutMs = 1000,
): WriteScheduler {
  let timer: unknown;
  let idle: unknown;
  let deadline = 0;
  let waiting: 'no' | 'timer' | 'idle' = 'no';

  const fire = () => {
    timer = undefined;
    if (!env.requestIdleCallback) {
      waiting = 'no';
      run();
      return;
    }
    waiting = 'idle';
    idle = env.requestIdleCallback(() => {
      idle = undefined;
      waiting = 'no';
      run();
    }, { timeout: idleTimeoutMs });
  };

  return {
    request() {
      if (waiting === 'idle') return; // the coming write takes the latest state anyway
      const now = env.now();
      if (waiting === 'no') {
        waiting = 'timer';
        deadline = now + maxWaitMs;
      } else {
        env.clearTimeout(timer);
      }
      timer = env.setTimeout(fire, Math.max(0, Math.min(debounceMs, deadline - now)));
    },
    cancel() {
      const was = waiting !== 'no';
      if (timer !== undefined) env.clearTimeout(timer);
      if (idle !== undefined) env.cancelIdleCallback?.(idle);
      timer = idle = undefined;
      waiting = 'no';
      return was;
    },
  };
}
