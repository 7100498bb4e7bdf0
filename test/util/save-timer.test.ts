import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaveTimer } from '../../src/util/save-timer';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('save timer', () => {
  it('saves once, debounceMs after the last of a burst of changes', () => {
    const save = vi.fn();
    const timer = createSaveTimer(save, { debounceMs: 400, maxWaitMs: 2000 });
    for (let i = 0; i < 5; i++) {
      timer.changed();
      vi.advanceTimersByTime(100);
    }
    // The last change was 100 ms ago.
    vi.advanceTimersByTime(299);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(save).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves at most maxWaitMs after the first change while changes keep coming', () => {
    const save = vi.fn();
    const timer = createSaveTimer(save, { debounceMs: 400, maxWaitMs: 2000 });
    const times: number[] = [];
    save.mockImplementation(() => times.push(Date.now()));
    const start = Date.now();
    for (let i = 0; i < 20; i++) {
      timer.changed();
      vi.advanceTimersByTime(300);
    }
    // 6 s of changes every 300 ms: saved 2 s after the first change, then 2 s after the first one after that save.
    expect(times.map((t) => t - start)).toEqual([2000, 4100]);
  });

  it('arms one timer per quiet spell, not one per change', () => {
    const save = vi.fn();
    const timer = createSaveTimer(save, { debounceMs: 400, maxWaitMs: 2000 });
    const armed = vi.spyOn(globalThis, 'setTimeout');
    for (let i = 0; i < 1_000; i++) timer.changed();
    expect(armed).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(400);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('runs the save in an idle callback when given one', () => {
    const idle: Array<() => void> = [];
    const save = vi.fn();
    const timer = createSaveTimer(save, {
      debounceMs: 400,
      maxWaitMs: 2000,
      requestIdleCallback: (fn, { timeout }) => {
        expect(timeout).toBe(1000);
        return idle.push(fn);
      },
    });
    timer.changed();
    vi.advanceTimersByTime(400);
    expect(save).not.toHaveBeenCalled();
    idle.shift()!();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('cancel drops what is due, timer and idle callback alike; the next change arms it again', () => {
    const save = vi.fn();
    const cancelled: unknown[] = [];
    const timer = createSaveTimer(save, {
      debounceMs: 400,
      maxWaitMs: 2000,
      requestIdleCallback: () => 'handle',
      cancelIdleCallback: (h) => void cancelled.push(h),
    });
    timer.changed();
    timer.cancel();
    vi.advanceTimersByTime(5_000);
    expect(save).not.toHaveBeenCalled();

    const plain = createSaveTimer(save, { debounceMs: 400, maxWaitMs: 2000 });
    plain.changed();
    vi.advanceTimersByTime(200);
    plain.cancel();
    plain.changed();
    vi.advanceTimersByTime(399);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(save).toHaveBeenCalledTimes(1);

    // Due and waiting for the idle callback: cancel takes that back too.
    timer.changed();
    vi.advanceTimersByTime(400);
    timer.cancel();
    expect(cancelled).toEqual(['handle']);
  });

  it('a clock set back while it waits starts the wait again instead of waiting out the jump', () => {
    const save = vi.fn();
    const timer = createSaveTimer(save, { debounceMs: 400, maxWaitMs: 2000 });
    timer.changed();
    vi.advanceTimersByTime(100);
    timer.changed();
    // The clock goes back an hour before the timer fires.
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(300);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
