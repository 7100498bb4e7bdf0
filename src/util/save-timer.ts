export interface SaveTimerOptions {
  /** Quiet time after the last change before the save runs. */
  debounceMs: number;
  /** Longest the save waits after the first unsaved change while changes keep coming. */
  maxWaitMs: number;
  /** When given, the save runs in an idle callback once due (within a second), not in the timer's task. */
  requestIdleCallback?: ((fn: () => void, options: { timeout: number }) => unknown) | undefined;
  cancelIdleCallback?: ((handle: never) => void) | undefined;
}

/**
 * When to save something that changes often: `debounceMs` after the last change, at most `maxWaitMs` after the
 * first, so a busy room is still saved. A change costs no timer work: the timer is armed by the first unsaved change
 * only and, when it fires, waits again for what is left.
 */
export function createSaveTimer(save: () => void, options: SaveTimerOptions) {
  const { debounceMs, maxWaitMs } = options;
  let armed = false;
  let firstAt = 0;
  let lastAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleHandle: unknown;
  const run = () => {
    armed = false;
    idleHandle = undefined;
    save();
  };
  const due = () => {
    const wait = Math.min(lastAt + debounceMs, firstAt + maxWaitMs) - Date.now();
    // A clock set back leaves `wait` larger than the whole span: start again from now rather than wait for it.
    if (wait > maxWaitMs) {
      firstAt = lastAt = Date.now();
      timer = setTimeout(due, debounceMs);
    } else if (wait > 0) timer = setTimeout(due, wait);
    else if (options.requestIdleCallback) idleHandle = options.requestIdleCallback(run, { timeout: 1000 });
    else run();
  };
  return {
    /** Something changed: the save is due later (armed now if it was not). */
    changed(): void {
      lastAt = Date.now();
      if (armed) return;
      armed = true;
      firstAt = lastAt;
      timer = setTimeout(due, debounceMs);
    },
    /** Nothing is due any more (the caller saves now, or drops what was pending). */
    cancel(): void {
      clearTimeout(timer);
      if (idleHandle !== undefined) options.cancelIdleCallback?.(idleHandle as never);
      idleHandle = undefined;
      armed = false;
    },
  };
}
