import { describe, expect, it } from 'vitest';
import { createBackoff, DEFAULT_BACKOFF } from '../../src/transport/backoff';

/** random() = 0.5 puts the jitter factor at exactly 1. */
const middle = () => 0.5;

function take(backoff: { next(): number }, n: number): number[] {
  return Array.from({ length: n }, () => backoff.next());
}

describe('createBackoff (exponential)', () => {
  it('follows min(cap, base·factor^attempt) with the defaults 1 s, ×2, cap 30 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 1_000, capMs: 30_000, factor: 2, jitter: 0.3 });
    expect(take(createBackoff({}, middle), 8)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('honours base, factor and cap', () => {
    const backoff = createBackoff({ baseMs: 500, factor: 3, capMs: 10_000, jitter: 0 }, Math.random);
    expect(take(backoff, 5)).toEqual([500, 1_500, 4_500, 10_000, 10_000]);
  });

  it('spreads each delay by ±jitter: random 0 gives the low edge, random→1 the high edge', () => {
    expect(
      take(
        createBackoff({ jitter: 0.3 }, () => 0),
        3,
      ),
    ).toEqual([700, 1_400, 2_800]);
    const high = take(
      createBackoff({ jitter: 0.3 }, () => 0.999_999),
      3,
    );
    expect(high).toEqual([1_300, 2_600, 5_200]);
  });

  it('keeps every jittered delay within ±jitter of the nominal one, capped value included', () => {
    let seed = 42;
    const lcg = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const backoff = createBackoff({ baseMs: 1_000, capMs: 30_000, jitter: 0.3 }, lcg);
    const delays = take(backoff, 200);
    delays.forEach((delay, attempt) => {
      const nominal = Math.min(30_000, 1_000 * 2 ** attempt);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.7));
      expect(delay).toBeLessThanOrEqual(Math.ceil(nominal * 1.3));
    });
    expect(new Set(delays.slice(10)).size).toBeGreaterThan(1); // jitter actually varies
  });

  it('settles on the cap after very many attempts instead of overflowing', () => {
    const backoff = createBackoff({ jitter: 0 });
    const delays = take(backoff, 2_000);
    expect(delays.at(-1)).toBe(30_000);
  });

  it('peek() shows the next delay without advancing, and next() returns exactly that', () => {
    let calls = 0;
    const randoms = [0, 1 - 1e-9, 0.25];
    const backoff = createBackoff({}, () => randoms[calls++ % randoms.length]);
    expect(backoff.peek()).toBe(700);
    expect(backoff.peek()).toBe(700);
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(700);
    expect(backoff.attempt).toBe(1);
    expect(backoff.peek()).toBe(2_600);
    expect(backoff.next()).toBe(2_600);
    expect(calls).toBe(2);
  });

  it('reset() starts over', () => {
    const backoff = createBackoff({ jitter: 0 });
    take(backoff, 4);
    expect(backoff.attempt).toBe(4);
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(1_000);
  });

  it('ignores undefined options instead of erasing defaults', () => {
    expect(createBackoff({ baseMs: undefined, jitter: 0 }).next()).toBe(1_000);
  });

  it('refuses nonsense options', () => {
    expect(() => createBackoff({ factor: 0.5 })).toThrow(RangeError);
    expect(() => createBackoff({ jitter: 2 })).toThrow(RangeError);
    expect(() => createBackoff({ baseMs: -1 })).toThrow(RangeError);
    expect(() => createBackoff({ capMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('createBackoff (fixed list)', () => {
  it('hands out the list in order and repeats the last value', () => {
    const backoff = createBackoff([100, 1_000, 3_000, 6_000, 10_000], () => 0);
    expect(take(backoff, 8)).toEqual([100, 1_000, 3_000, 6_000, 10_000, 10_000, 10_000, 10_000]);
    expect(backoff.attempt).toBe(8);
  });

  it('applies no jitter', () => {
    expect(
      take(
        createBackoff([250, 500], () => 0),
        3,
      ),
    ).toEqual([250, 500, 500]);
  });

  it('peek(), reset()', () => {
    const backoff = createBackoff([1, 2, 3]);
    expect(backoff.peek()).toBe(1);
    take(backoff, 2);
    expect(backoff.peek()).toBe(3);
    backoff.reset();
    expect(take(backoff, 4)).toEqual([1, 2, 3, 3]);
  });

  it("does not follow later changes to the caller's array", () => {
    const list = [10, 20];
    const backoff = createBackoff(list);
    list[0] = 999;
    expect(backoff.next()).toBe(10);
  });

  it('refuses an empty list and negative or non-finite delays', () => {
    expect(() => createBackoff([])).toThrow(RangeError);
    expect(() => createBackoff([100, -1])).toThrow(RangeError);
    expect(() => createBackoff([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
