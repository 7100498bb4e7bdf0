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
