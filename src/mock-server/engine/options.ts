import type { EngineOptions, ResolvedOptions, SetTimer } from './types';

const positive = (value: number | undefined, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;

/** The documented default apikey: known to everyone, so the message server takes it from loopback peers only. */
export const DEFAULT_APIKEY = 'mock-apikey';

export function resolveOptions(o: EngineOptions): ResolvedOptions {
  const hold = positive(o.hold, 25_000);
  return {
    domain: o.domain ?? 'localhost',
    apikey: o.apikey ?? DEFAULT_APIKEY,
    siteUrl: (o.siteUrl ?? 'http://localhost:8080').replace(/\/+$/, ''),
    imUrl: (o.imUrl ?? 'http://localhost:8081').replace(/\/+$/, ''),
    grace: positive(o.grace, 8_000),
    hold,
    keepalive: Math.max(1, positive(o.keepalive, 20_000)),
    pollGap: positive(o.pollGap, hold + 5_000),
    subscribeTimeout: positive(o.subscribeTimeout, 10_000),
    generation: o.generation === 3 ? 3 : 5,
    controls: o.controls === true || (o.controlsSecret !== undefined && o.controls !== false),
    queueLimit: Math.max(1, positive(o.queueLimit, 1000)),
    offlineQuota: {
      messages: Math.max(1, positive(o.offlineQuota?.messages, 50)),
      characters: Math.max(1, positive(o.offlineQuota?.characters, 50_000)),
    },
    maxVisitors: Math.max(1, positive(o.maxVisitors, 10_000)),
    maxBody: positive(o.maxBody, 64 * 1024),
    maxRosterBody: positive(o.maxRosterBody, 2 * 1024 * 1024),
    bigRoster: Math.floor(positive(o.bigRoster, 10_000)),
  };
}

export const defaultSetTimer: SetTimer = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

/** Web Crypto's generator: present in browsers and Node ≥ 19 as a global, no import needed. */
export function webRandomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}
