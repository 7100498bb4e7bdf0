import { HttpError, json, readParams, type Params } from './http';
import type { ImModel } from './im/model';
import { startStorm } from './im/storm';
import type { SiteContext } from './site/context';
import { logKey } from './site/history';
import type { MockRequest, MockResponse, MockState } from './types';

export interface ControlDeps {
  im: ImModel;
  site: SiteContext;
  state(): MockState;
  reset(): void;
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
 * `/mock/fault` (the chaos suite): `kind=link` `user` `mode=delay|drop` `ms` stalls or silently drops that user's
 * push frames for a while; `kind=lose-answers` `user` `count` loses the answers to their next `POST message` calls.
 */
function fault(im: ImModel, p: Params): MockResponse {
  const user = p.need('user');
  const kind = p.need('kind');
  if (kind === 'link') {
    const mode = p.str('mode', 'delay');
    if (mode !== 'delay' && mode !== 'drop') throw new HttpError(400, 'mode must be delay or drop');
    im.faults.link(user, mode, Math.min(120_000, Math.max(0, p.int('ms', 1000))));
  } else if (kind === 'lose-answers') im.faults.loseAnswers(user, Math.min(1000, Math.max(0, p.int('count', 1))));
  else throw new HttpError(400, 'kind must be link or lose-answers');
  return json(200, { success: true });
}

/**
 * `/mock/*`: test controls on the site origin (state, broadcast, notify, drop, stall, storm, reset). Bodies may
 * be JSON or forms. Not CSRF-checked: they exist only in mock mode and are for test drivers.
 */
export async function handleControls(deps: ControlDeps, req: MockRequest, name: string): Promise<MockResponse> {
  const { im, site } = deps;
  if (name === 'state') return json(200, deps.state());
  if (req.method !== 'POST') return json(405, { success: false, error_msg: 'use POST' });
  try {
    const p = readParams(req, site.opts.maxBody);
    switch (name) {
      case 'broadcast': {
        // Like a forum's admin tool: a site-wide message through the message server's REST push (no ticket).
        const from = p.get('from') || 'system';
        const nick = p.get('nick') || (from === 'system' ? 'System' : from);
        const body = p.need('body');
        // Stored first: the push carries the server id, and `sync` answers it to whoever the push missed.
        const stored = site.data.history.add(logKey('broadcast', from, 'all'), {
          type: 'broadcast',
          from,
          to: 'all',
          nick,
          body,
          timestamp: site.now(),
        });
        await site.im.message({
          type: 'broadcast',
          from,
          nick,
          to: p.get('to') || 'all',
          body,
          timestamp: String(stored.timestamp),
          id: String(stored.id),
        });
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
      case 'drop':
        return json(200, { success: true, dropped: drop(im, p.get('user') || undefined) });
      case 'stall': {
        const mode = p.str('mode', 'hold');
        if (mode !== 'hold' && mode !== 'drop' && mode !== 'lose')
          throw new HttpError(400, 'mode must be hold, drop or lose');
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
      case 'fault':
        return fault(im, p);
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
