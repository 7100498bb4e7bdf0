import { startFlood } from './flood';
import { safeEqual } from './hmac';
import { HttpError, isLoopback, json, readParams } from './http';
import type { ImModel } from './im/model';
import { startStorm } from './im/storm';
import { broadcastFromSite } from './site/broadcast';
import type { SiteContext } from './site/context';
import { inviteToRoom } from './site/guard';
import type { MockRequest, MockResponse, MockState } from './types';

export interface ControlDeps {
  im: ImModel;
  site: SiteContext;
  state(): MockState;
  reset(): void;
  /** Broker mode: closes browsers' broker connections (of `user`, or all) when the broker lets the site do it. */
  dropBroker?: (user?: string) => number;
  /** What `x-mock-secret` must say. */
  secret: string;
}

/** The header every `/mock/*` request carries: a cross-site form cannot send it, a cross-site script not unasked. */
export const CONTROLS_SECRET_HEADER = 'x-mock-secret';

/** Why a control request is refused, or null when it may run: loopback peers with the right secret only. */
export function controlsRefusal(req: MockRequest, secret: string): MockResponse | null {
  // In-process adapters (msw) know no address: the caller is the test itself.
  if (req.remoteAddress !== undefined && !isLoopback(req.remoteAddress)) {
    return json(403, { success: false, error_msg: 'test controls answer loopback only' });
  }
  if (!safeEqual(req.headers[CONTROLS_SECRET_HEADER] ?? '', secret)) {
    return json(403, { success: false, error_msg: `test controls need the ${CONTROLS_SECRET_HEADER} header` });
  }
  return null;
}

/** Closes every push connection of `user` (or of everyone) without ending tickets. */
function drop(im: ImModel, user: string | undefined): number {
  let n = 0;
  for (const ticket of im.hub.all()) {
    if (user && ticket.userId !== user) continue;
    const kind = ticket.conn.kind;
    if (kind === 'ws' || kind === 'poll') n++;
    im.hub.drop(ticket);
  }
  return n;
}

/**
 * `/mock/*`: test controls on the site origin (state, broadcast, notify, invite, drop, stall, storm, flood, reset).
 * Bodies may be JSON or forms. Served only when asked for (`--controls`), to loopback peers carrying the secret in
 * `x-mock-secret` (which is also what keeps cross-site pages out: they cannot send that header).
 */
export async function handleControls(deps: ControlDeps, req: MockRequest, name: string): Promise<MockResponse> {
  const { im, site } = deps;
  const refusal = controlsRefusal(req, deps.secret);
  if (refusal) return refusal;
  if (name === 'state') return json(200, deps.state());
  if (req.method !== 'POST') return json(405, { success: false, error_msg: 'use POST' });
  try {
    const p = readParams(req, site.opts.maxBody);
    switch (name) {
      case 'broadcast': {
        // The site speaking, as its admin tool would; the sender is named so every bar shows who it is from.
        const from = p.get('from') || 'system';
        const nick = p.get('nick') || (from === 'system' ? 'System' : from);
        await broadcastFromSite(site, { from, nick, body: p.need('body') });
        return json(200, { success: true });
      }
      case 'invite': {
        // The site (or a room's owner) invites a user to an invite-only room; joining then succeeds once.
        const user = p.need('user');
        if (!site.data.user(user)) throw new HttpError(404, 'unknown user');
        if (!inviteToRoom(site.data, p.need('room'), user)) throw new HttpError(404, 'no such room');
        return json(200, { success: true });
      }
      case 'notify': {
        const user = p.need('user');
        if (!site.data.user(user)) throw new HttpError(404, 'unknown user');
        const list = site.data.notices.get(user) ?? [];
        const link = p.get('link');
        list.unshift({ text: p.need('text'), ...(link ? { link } : {}), time: site.now() });
        site.data.notices.set(user, list);
        return json(200, { success: true });
      }
      case 'drop': {
        const user = p.get('user') || undefined;
        return json(200, { success: true, dropped: drop(im, user) + (deps.dropBroker?.(user) ?? 0) });
      }
      case 'stall': {
        const mode = p.str('mode', 'hold');
        if (mode !== 'hold' && mode !== 'drop') throw new HttpError(400, 'mode must be hold or drop');
        im.stall.count = Math.max(0, p.int('count', 1));
        im.stall.mode = mode;
        return json(200, { success: true, ...im.stall });
      }
      case 'storm': {
        const report = startStorm(im, {
          user: p.str('user', 'big'),
          rate: p.int('rate', 100),
          seconds: p.int('seconds', 10),
          batch: p.int('batch', 10),
        });
        return json(200, { success: true, ...report });
      }
      case 'flood': {
        const from = p.need('from');
        const to = p.need('to');
        if (!site.data.user(from) || !site.data.user(to)) throw new HttpError(404, 'unknown user');
        const report = startFlood(im, site, {
          from,
          to,
          count: p.int('count', 1000),
          batch: p.int('batch', 1000),
          intervalMs: p.int('interval', 0),
          quiet: p.get('quiet') === 'true',
        });
        return json(200, { success: true, ...report });
      }
      case 'reset':
        deps.reset();
        return json(200, { success: true });
      default:
        return json(404, { success: false, error_msg: 'no such control' });
    }
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { success: false, error_msg: error.message });
    if (error instanceof Error && 'status' in error && typeof error.status === 'number') {
      return json(error.status, { success: false, error_msg: error.message });
    }
    throw error;
  }
}
