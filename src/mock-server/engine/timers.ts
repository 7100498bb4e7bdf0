import type { Cancel, SetTimer } from './types';

/**
 * Wraps the injected scheduler so the engine can cancel everything at once (reset, close) and so an exception in a
 * timer callback is reported instead of taking the process down.
 */
export class Timers {
  private readonly live = new Set<Cancel>();

  constructor(
    private readonly setTimer: SetTimer,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `fn` once after `ms`. */
  once(fn: () => void, ms: number): Cancel {
    let done = false;
    let inner: Cancel = () => {};
    const cancel: Cancel = () => {
      if (done) return;
      done = true;
      this.live.delete(cancel);
      inner();
    };
    this.live.add(cancel);
    inner = this.setTimer(
      () => {
        if (done) return;
        done = true;
        this.live.delete(cancel);
        try {
          fn();
        } catch (error) {
          this.onError(error);
        }
      },
      Math.max(0, ms),
    );
    return cancel;
  }

  /** Runs `fn` every `ms` until cancelled. */
  every(fn: () => void, ms: number): Cancel {
    let current: Cancel = () => {};
    let stopped = false;
    const arm = (): void => {
      current = this.once(() => {
        if (stopped) return;
        arm();
        fn();
      }, ms);
    };
    arm();
    return () => {
      stopped = true;
      current();
    };
  }

  get size(): number {
    return this.live.size;
  }

  clearAll(): void {
    for (const cancel of [...this.live]) cancel();
  }
}
