import { HttpError, readParams } from '../http';
import type { MockRequest, MockResponse } from '../types';
import { notify } from './admin';
import { message, offline, presence, refresh, setting, status } from './chat';
import { type SiteContext, type SiteHandler, siteError } from './context';
import { ImError } from './im-client';
import { online } from './online';
import { csrfPasses } from './guard';
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
  notify: write(notify),
  buddies: read(buddies),
  rooms: read(rooms),
  members: read(members),
  histories: read(histories),
  history: read(histories),
  sync: read(sync),
  notifications: read(notifications),
};

/**
 * `/webim/<name>`: the community server's browser API. Order of refusals: unknown call 404, wrong method 405,
 * no known user 401, bad body 400, CSRF (a valid token or `X-Requested-With`, on every POST) 403; then the call. Message-server failures come back as
 * `{success:false, error_msg}` with the message server's status and message.
 */
export async function handleWebim(ctx: SiteContext, req: MockRequest, name: string): Promise<MockResponse> {
  const route = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (!route) return siteError(404, 'no such call');
  // Writes must be POSTs (they change state and are CSRF-checked); reads accept either.
  if (route.write ? req.method !== 'POST' : req.method !== 'GET' && req.method !== 'POST') {
    return siteError(405, 'method not allowed');
  }
  const user = identify(ctx, req);
  if (!user) return siteError(401, 'not logged in');
  try {
    const params = readParams(req, ctx.opts.maxBody);
    if (req.method === 'POST' && !csrfPasses(ctx, req, params, user.id)) return siteError(403, 'invalid csrf token');
    const answer = await route.run(ctx, { user, params, req });
    // `/mock/fault` lost-answer: done, but the browser never hears so (a connection cut on the way back).
    if (name === 'message' && ctx.faults?.answerLost(user.id)) return LOST_ANSWER;
    return answer;
  } catch (error) {
    if (error instanceof HttpError || error instanceof ImError) return siteError(error.status, error.message);
    throw error;
  }
}
