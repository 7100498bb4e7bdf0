import { HttpError, readParams } from '../http';
import type { MockRequest, MockResponse } from '../types';
import { notify } from './admin';
import { subscribe, unsubscribe } from './channels';
import { message, offline, presence, refresh, setting, status } from './chat';
import { type SiteContext, type SiteHandler, siteError } from './context';
import { ImError } from './im-client';
import { online } from './online';
import { downloadHistory } from './download';
import { csrfPasses } from './guard';
import { invite } from './invite';
import { identify } from './pages';
import { buddies, clearHistory, histories, notifications } from './queries';
import { block, join, leave, members, rooms, unblock } from './rooms';
import { sync } from './sync';

interface Route {
  write: boolean;
  run: SiteHandler;
}

const write = (run: SiteHandler): Route => ({ write: true, run });
const LOST_ANSWER: MockResponse = { status: 0, headers: {}, body: '', destroy: true };
const read = (run: SiteHandler): Route => ({ write: false, run });

const ROUTES: Record<string, Route> = {
  online: write(online),
  offline: write(offline),
  refresh: write(refresh),
  message: write(message),
  status: write(status),
  presence: write(presence),
  setting: write(setting),
  join: write(join),
  leave: write(leave),
  clear_history: write(clearHistory),
  block: write(block),
  unblock: write(unblock),
  invite: write(invite),
  subscribe: write(subscribe),
  unsubscribe: write(unsubscribe),
  download_history: read(downloadHistory),
  notify: write(notify),
  buddies: read(buddies),
  rooms: read(rooms),
  members: read(members),
  histories: read(histories),
  history: read(histories),
  sync: read(sync),
  notifications: read(notifications),
};

/** A JSONP callback name: identifiers joined by dots (`jQuery123_456`, `webim.cb1`), nothing that could be code. */
const CALLBACK = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * `/webim/<name>`: the community server's browser API. Order of refusals: unknown call 404, wrong method 405,
 * bad callback 400, no known user 401, bad body 400, CSRF (a valid token or `X-Requested-With`, on every POST
 * and every GET write) 403; then the call. Message-server failures come back as `{success:false, error_msg}` with
 * the message server's status and message.
 *
 * JSONP API mode (the original client with `jsonp: true`): with a `callback` parameter the reply, success or
 * refusal, is `callback(<json>);` as `application/javascript` with status 200 (a script tag cannot read a status;
 * the original reads `success`/`error_msg`), and writes may come as GET when they pass the same CSRF check (a
 * script tag cannot send headers, so a JSONP client's writes must carry the page's token). A JSONP read goes only
 * to a page of this site or one with the token: any page can include the script, and the cookie goes with it.
 */
export async function handleWebim(ctx: SiteContext, req: MockRequest, name: string): Promise<MockResponse> {
  const callback = req.query.get('callback');
  if (callback === null) return answer(ctx, req, name);
  if (callback.length > 128 || !CALLBACK.test(callback)) return siteError(400, 'bad callback');
  const reply = await answer(ctx, req, name, true);
  if (!(reply.headers['content-type'] ?? '').startsWith('application/json')) return reply;
  return {
    ...reply,
    status: 200,
    headers: {
      ...reply.headers,
      'content-type': 'application/javascript; charset=utf-8',
      'x-content-type-options': 'nosniff',
    },
    // `/**/` keeps a callback name from being read as anything before it (the Flash-era "Rosetta" attacks).
    body: `/**/${callback}(${reply.body});`,
  };
}

/**
 * Whether the request comes from a page of this site: the browser says so (`Sec-Fetch-Site: same-origin`), or —
 * from a browser that does not send that header — its `Referer` is on this host. Neither header can be set by a
 * page's script.
 */
function sameOrigin(ctx: SiteContext, req: MockRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const referer = req.headers.referer;
  if (!referer) return false;
  try {
    const from = new URL(referer);
    return from.host === req.headers.host || from.origin === new URL(ctx.opts.siteUrl).origin;
  } catch {
    return false;
  }
}

async function answer(ctx: SiteContext, req: MockRequest, name: string, jsonp = false): Promise<MockResponse> {
  const route = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (!route) return siteError(404, 'no such call');
  // Writes are POSTs (they change state and are CSRF-checked), or GETs in JSONP API mode; reads accept either.
  const getWrite = route.write && req.method === 'GET';
  if (route.write ? req.method !== 'POST' && !getWrite : req.method !== 'GET' && req.method !== 'POST') {
    return siteError(405, 'method not allowed');
  }
  const user = identify(ctx, req);
  if (!user) return siteError(401, 'not logged in');
  try {
    const params = readParams(req, ctx.opts.maxBody);
    if ((req.method === 'POST' || getWrite) && !csrfPasses(ctx, req, params, user.id))
      return siteError(403, 'invalid csrf token');
    // A JSONP read is a script any page may include, with the user's cookie: only this site's own pages, or a page
    // that holds the user's token, may have what it reads.
    if (jsonp && !route.write && !sameOrigin(ctx, req) && !csrfPasses(ctx, req, params, user.id))
      return siteError(403, 'invalid csrf token');
    const answer = await route.run(ctx, { user, params, req });
    // `/mock/fault` lost-answer: done, but the browser never hears so (a connection cut on the way back).
    if (name === 'message' && ctx.faults?.answerLost(user.id)) return LOST_ANSWER;
    return answer;
  } catch (error) {
    if (error instanceof HttpError || error instanceof ImError) return siteError(error.status, error.message);
    throw error;
  }
}
