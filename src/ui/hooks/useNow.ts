import { useEffect, useState } from 'preact/hooks';

/**
 * The time, re-read every `periodMs` while `active` (a countdown on screen), so that view models take the clock as
 * an argument and render never reads it. `clock` is for tests.
 */
export function useNow(active: boolean, periodMs = 1000, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    const id = setInterval(() => setNow(clock()), periodMs);
    return () => clearInterval(id);
  }, [active, periodMs, clock]);
  return now;
}

/**
 * The time as of the last of `deadlines` that passed: re-renders just after each one (a typing line that clears
 * itself), so render compares against this value instead of reading the clock. `clock` is for tests.
 */
export function useClockAt(deadlines: readonly number[], clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  const next = Math.min(...deadlines.filter((d) => d > now));
  useEffect(() => {
    if (next === Infinity) return;
    const timer = setTimeout(() => setNow(clock()), next - clock() + 1);
    return () => clearTimeout(timer);
  }, [next, clock]);
  return now;
}
