import { HttpError, json, type Params } from '../http';
import type { MockRequest, MockResponse, ResolvedOptions } from '../types';
import type { SiteData, SiteUser } from './data';
import type { Faults } from '../im/faults';
import type { PushPort } from './push-port';

/** What every site handler works with. */
export interface SiteContext {
  data: SiteData;
  /** The push side: the in-memory NexTalk server over REST, or the MQTT broker (broker mode). */
  im: PushPort;
  opts: ResolvedOptions;
  now(): number;
  randomHex(bytes: number): string;
  /** HMAC(server secret, uid) as hex: the CSRF token of that user's pages. */
  csrfToken(uid: string): string;
  /** Test faults (`/mock/fault`): answers to lose on the way back. */
  faults?: Pick<Faults, 'answerLost'>;
}

/** One authenticated `/webim/*` call. */
export interface SiteCall {
  user: SiteUser;
  params: Params;
  req: MockRequest;
}

export type SiteHandler = (ctx: SiteContext, call: SiteCall) => Promise<MockResponse> | MockResponse;

/**
 * A write's success: the JSON string `"ok"`, as the reference PHP plugin answers. The original client parses every
 * reply as JSON, so a bare `ok` ran its error path; our SDK accepts both.
 */
export const ok = (): MockResponse => json(200, 'ok');

export const siteError = (status: number, message: string): MockResponse =>
  json(status, { success: false, error_msg: message });

/** The `ticket` param, which must be one this site handed to the calling user. */
export function requireTicket(ctx: SiteContext, call: SiteCall): string {
  const ticket = call.params.get('ticket');
  if (!ticket) throw new HttpError(400, 'ticket required');
  if (ctx.data.tickets.get(ticket) !== call.user.id) throw new HttpError(404, 'invalid ticket');
  return ticket;
}

/** The browser's timestamp when it is a sane number (within ±10 minutes of server time), else server time. */
export function saneTimestamp(raw: string | undefined, now: number): number {
  const ts = Number(raw);
  return Number.isFinite(ts) && Math.abs(ts - now) <= 10 * 60_000 ? Math.round(ts) : now;
}

export const unique = (ids: Iterable<string>): string[] => [...new Set(ids)];

/** Room ids a browser may create (`join` of an unknown room makes a temporary one). */
export const ROOM_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
