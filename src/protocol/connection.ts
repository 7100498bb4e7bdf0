import type { ProtocolError } from './errors';
import { field, isRecord, textOf } from './read';
import type { Connection } from './types';
import { at, compact, reject } from './values';

const MAX_URL_LENGTH = 2048;

/** An http(s) URL, or a root-/protocol-relative one (resolved against the page); undefined otherwise. */
function httpUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const u = v.trim();
  if (u.length === 0 || u.length > MAX_URL_LENGTH) return undefined;
  return /^(https?:)?\/\//i.test(u) || /^\/(?!\/)/.test(u) ? u : undefined;
}

/** A WebSocket URL; an http(s) URL becomes ws(s). Relative URLs are left for the transport to resolve. */
function wsUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const u = v.trim();
  if (u.length === 0 || u.length > MAX_URL_LENGTH) return undefined;
  if (/^wss?:\/\//i.test(u) || /^\/\/?/.test(u)) return u;
  if (/^https?:\/\//i.test(u)) return u.replace(/^http/i, 'ws');
  return undefined;
}

/**
 * The connection of an online reply. The long-poll URL is `jsonpd` (v5), `jsonp` (some v5 servers) or `server` (v3),
 * first usable one wins; `websocket` is kept when it is a ws(s) URL or an http(s) URL (converted). A missing
 * ticket makes the connection unusable (null); a missing domain or push URL is reported but kept.
 */
export function normalizeConnection(raw: unknown, errors: ProtocolError[], path: string): Connection | null {
  if (!isRecord(raw)) return reject(errors, 'bad_connection', 'connection is not an object', path, raw);
  const ticket = textOf(field(raw, 'ticket'), 4096)?.trim();
  if (!ticket) return reject(errors, 'bad_connection', 'connection has no ticket', at(path, 'ticket'), field(raw, 'ticket'));
  const domain = textOf(field(raw, 'domain'), 512)?.trim() ?? '';
  if (domain === '') reject(errors, 'bad_connection', 'connection has no domain', at(path, 'domain'), field(raw, 'domain'));

  let jsonpd: string | undefined;
  for (const key of ['jsonpd', 'jsonp', 'server']) {
    const v = field(raw, key);
    if (v === undefined || v === null) continue;
    jsonpd = httpUrl(v);
    if (jsonpd !== undefined) break;
    reject(errors, 'bad_connection', 'long-poll URL is not an http(s) URL', at(path, key), v);
  }
  const rawWs = field(raw, 'websocket');
  const websocket = wsUrl(rawWs);
  if (websocket === undefined && rawWs !== undefined && rawWs !== null && rawWs !== '') {
    reject(errors, 'bad_connection', 'websocket URL is not a ws(s) or http(s) URL', at(path, 'websocket'), rawWs);
  }
  if (jsonpd === undefined && websocket === undefined) {
    reject(errors, 'bad_connection', 'connection offers no push URL', path, raw);
  }
  return compact<Connection>({ domain, ticket, jsonpd, websocket });
}
