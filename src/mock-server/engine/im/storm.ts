import type { WirePresence } from '../../../protocol/types';
import type { ImModel } from './model';

export interface StormParams {
  user: string;
  /** Presence changes per second. */
  rate: number;
  seconds: number;
  /** Changes per pushed packet. */
  batch: number;
}

export interface StormReport {
  total: number;
  packets: number;
  intervalMs: number;
}

/** Stride through the roster by a prime so successive flips spread over all groups and come back round. */
const STRIDE = 7919;

/**
 * Flips simulated presences of the user's generated buddies and pushes them to that user only, in packets of
 * `batch`, for roster benchmarks. Runs on the injected timers, so a fake clock can drive it.
 */
export function startStorm(im: ImModel, p: StormParams): StormReport {
  const user = im.users.get(p.user);
  const ids = user ? [...user.buddies].filter((id) => im.simulated.has(id)) : [];
  const rate = Math.max(1, Math.min(p.rate, 100_000));
  const batch = Math.max(1, Math.min(p.batch, 10_000));
  const total = ids.length === 0 ? 0 : Math.ceil(rate * Math.max(0, Math.min(p.seconds, 600)));
  const packets = Math.ceil(total / batch);
  const intervalMs = (batch * 1000) / rate;
  let cursor = 0;
  let sent = 0;
  const tick = (): void => {
    const presences: WirePresence[] = [];
    for (let i = 0; i < batch && sent < total; i++, sent++) {
      cursor = (cursor + STRIDE) % ids.length;
      const id = ids[cursor];
      const sim = im.simulated.get(id);
      if (!sim) continue;
      sim.show = sim.show ? null : 'available';
      presences.push(
        sim.show
          ? { type: 'online', from: id, nick: sim.nick, show: sim.show, status: sim.status }
          : { type: 'offline', from: id, nick: sim.nick, show: 'unavailable' },
      );
    }
    if (presences.length > 0) im.deliverToUser(p.user, { status: 'ok', presences });
  };
  // One timer at a time, each aimed at its slot from the start, so a long storm neither piles up timers nor drifts.
  const start = im.now();
  const epoch = im.epoch;
  let n = 0;
  const next = (): void => {
    if (n >= packets || im.epoch !== epoch) return;
    const at = start + n * intervalMs;
    n++;
    im.timers.once(
      () => {
        if (im.epoch !== epoch) return;
        tick();
        next();
      },
      Math.max(0, at - im.now()),
    );
  };
  next();
  return { total, packets, intervalMs };
}
