import type { WireMessage } from '../../../protocol/types';
import { basicAuth, HttpError, isLoopback, json, type Params, pathSegments, readParams } from '../http';
import { safeEqual } from '../hmac';
import { DEFAULT_APIKEY } from '../options';
import type { MockRequest, MockResponse } from '../types';
import { handlePackets } from './jsonp';
import { type ImModel, type ImUser, normaliseShow } from './model';
import { normaliseType, routeMessage, routeStatus } from './router';
import type { Ticket } from './tickets';

const OK = { status: 'ok' };

const fail = (status: number, message: string, reason?: string): MockResponse =>
  json(status, reason ? { status: 'error', message, reason } : { status: 'error', message });

/** Push URLs the message server hands out with a ticket. */
export function pushUrls(im: ImModel): { server: string; jsonpd: string; websocket: string } {
  const base = im.opts.imUrl;
  const jsonpd = `${base}/v5/packets`;
  return {
    server: im.opts.generation === 3 ? `${base}/packets` : jsonpd,
    jsonpd,
    websocket: `${base.replace(/^http/, 'ws')}/v5/wsocket`,
  };
}

/** Whether `host` (a `Host` header) names this machine, or the message server's configured host. */
function loopbackHost(im: ImModel, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const { hostname, host: named } = new URL(`http://${host}`);
    return ['localhost', '127.0.0.1', '[::1]'].includes(hostname) || named === new URL(im.opts.imUrl).host;
  } catch {
    return false;
  }
}

/**
 * The site's credentials: HTTP Basic (v5), or `domain` and `apikey` fields (v3), compared in constant time. Any
 * request that carries an `Origin` is refused: servers do not send one, and browsers send one on every POST — a
 * page that knows a (default) apikey must not push messages in anyone's name, with a simple form or with Basic
 * credentials from a name rebound to this address (DNS rebinding). The default key, which everyone knows, is good
 * only from this machine, addressed by a loopback name or the configured host.
 */
function authorised(im: ImModel, req: MockRequest, params: Params): boolean {
  if (req.headers.origin !== undefined) return false;
  // (A request without a peer address was handed over in-process: it never crossed a network.)
  if (
    im.opts.apikey === DEFAULT_APIKEY &&
    req.remoteAddress !== undefined &&
    (!isLoopback(req.remoteAddress) || !loopbackHost(im, req.headers.host))
  )
    return false;
  const basic = basicAuth(req.headers.authorization);
  const domain = basic ? basic.user : params.get('domain');
  const apikey = basic ? basic.pass : params.get('apikey');
  const bodyDomain = params.get('domain');
  if (bodyDomain !== undefined && bodyDomain !== im.opts.domain) return false;
  return domain === im.opts.domain && apikey !== undefined && safeEqual(apikey, im.opts.apikey);
}

function ticketOf(im: ImModel, params: Params): { ticket: Ticket; user: ImUser } {
  const id = params.get('ticket');
  if (!id) throw new HttpError(400, 'missing ticket');
  const ticket = im.hub.get(id);
  if (!ticket) throw new HttpError(404, 'invalid ticket');
  const user = im.userOf(ticket);
  if (!user) throw new HttpError(404, 'no client found');
  return { ticket, user };
}

const flag = (value: string | undefined): boolean => value === '1' || value === 'true';

/** The community server's id of a stored message (a positive integer), passed through to the push. */
function serverId(raw: string | undefined): number | undefined {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function messages(im: ImModel, params: Params): MockResponse {
  const kind = normaliseType(params.get('type'));
  if (!kind) throw new HttpError(400, 'bad type');
  const to = params.need('to');
  const body = params.get('body');
  if (body === undefined) throw new HttpError(400, 'missing body');
  let from: string;
  let nick: string;
  let sender: Ticket | undefined;
  if (params.get('ticket')) {
    const { ticket, user } = ticketOf(im, params);
    sender = ticket;
    from = user.id;
    nick = params.get('nick') || user.nick;
  } else {
    // A server push (5.2+): no ticket, the sender named by `from`.
    from = params.need('from');
    nick = params.get('nick') || from;
  }
  const ts = Number(params.get('timestamp'));
  const { offline } = routeMessage(
    im,
    {
      kind,
      from,
      to,
      nick,
      body,
      style: params.get('style'),
      timestamp: Number.isFinite(ts) && ts > 0 ? ts : im.now(),
      toNick: params.get('to_nick'),
      clientId: params.get('client_id'),
      id: serverId(params.get('id')),
    },
    sender,
  );
  // `offline` is this mock's extension: the site stores a chat for later when the receiver has no ticket.
  return json(200, { ...OK, offline });
}

function rest(im: ImModel, req: MockRequest, route: string[]): MockResponse {
  const key = `${req.method} ${route.join('/')}`;
  const rosterUpload = key === 'POST presences/online';
  const params = readParams(req, rosterUpload ? im.opts.maxRosterBody : im.opts.maxBody);
  if (!authorised(im, req, params)) return fail(401, 'authentication failed');
  switch (key) {
    case 'POST presences/online': {
      const { ticket, presences } = im.online({
        name: params.need('name'),
        nick: params.str('nick'),
        show: params.get('show'),
        status: params.get('status'),
        buddies: params.csv('buddies'),
        rooms: params.csv('rooms'),
        channels: params.csv('channels'),
      });
      return json(200, { success: true, ticket: ticket.id, ...pushUrls(im), presences });
    }
    case 'POST presences/offline':
      im.offline(ticketOf(im, params).ticket);
      return json(200, OK);
    case 'POST presences/show': {
      const { user } = ticketOf(im, params);
      const show = normaliseShow(params.get('show'));
      if (!show) throw new HttpError(400, 'bad show');
      im.setShow(user, show, params.get('status'), params.get('nick'));
      return json(200, OK);
    }
    case 'POST presences/refresh':
      // Extension: the page is being left; its grace period starts as soon as it has no connection.
      im.hub.leaving(ticketOf(im, params).ticket);
      return json(200, OK);
    case 'GET presences':
      return json(200, im.presencesOf(params.csv('ids')));
    case 'POST messages':
      return messages(im, params);
    case 'POST statuses': {
      const { user } = ticketOf(im, params);
      routeStatus(im, {
        from: user.id,
        to: params.need('to'),
        nick: params.get('nick') || user.nick,
        show: params.need('show'),
      });
      return json(200, OK);
    }
    default:
      break;
  }
  if (route[0] === 'rooms' && route.length === 3) {
    const [, room, action] = route;
    if (req.method === 'GET' && action === 'members') {
      if (params.get('ticket')) ticketOf(im, params);
      return json(200, im.roomMembers(room));
    }
    if (req.method === 'POST' && (action === 'join' || action === 'leave')) {
      const { user } = ticketOf(im, params);
      // `silent` (extension): block/unblock subscribe or unsubscribe without a membership presence.
      if (action === 'join') im.join(user, room, flag(params.get('silent')));
      else im.leave(user, room, flag(params.get('silent')));
      return json(200, OK);
    }
  }
  if (route[0] === 'channels' && route.length === 3 && req.method === 'POST') return channels(im, route, params);
  return fail(404, 'not found');
}

/**
 * Extension (forum channel push): `channels/{id}/subscribe` and `unsubscribe` with a ticket follow a channel for
 * that user; `channels/{id}/messages` (the site's own push, no ticket) hands a post to every follower as
 * `{type: "channel", to: <channel>, from, nick, body, link?, timestamp}`.
 */
function channels(im: ImModel, route: string[], params: Params): MockResponse {
  const [, channel, action] = route;
  if (action === 'subscribe' || action === 'unsubscribe') {
    const { user } = ticketOf(im, params);
    if (action === 'subscribe') im.follow(user, channel);
    else im.unfollow(user, channel);
    return json(200, OK);
  }
  if (action !== 'messages') return fail(404, 'not found');
  const from = params.need('from');
  const ts = Number(params.get('timestamp'));
  const message: WireMessage = {
    type: 'channel',
    from,
    to: channel,
    nick: params.get('nick') || from,
    body: params.need('body'),
    timestamp: Number.isFinite(ts) && ts > 0 ? ts : im.now(),
  };
  const link = params.get('link');
  if (link) message.link = link;
  const reached = im.publish(channel, { status: 'ok', messages: [message] }, params.get('except'));
  return json(200, { ...OK, reached });
}

/** Every request to the message server's origin. */
export async function handleIm(im: ImModel, req: MockRequest): Promise<MockResponse> {
  const segments = pathSegments(req.path);
  if (!segments) return fail(400, 'bad request', 'malformed path');
  if (
    (segments[0] === 'v5' && segments[1] === 'packets' && segments.length === 2) ||
    (segments[0] === 'packets' && segments.length === 1)
  ) {
    return handlePackets(im, req);
  }
  if (segments[0] !== 'v5' && segments[0] !== 'v4') return fail(404, 'not found');
  try {
    return rest(im, req, segments.slice(1));
  } catch (error) {
    if (error instanceof HttpError) {
      return error.status === 400 ? fail(400, 'bad request', error.message) : fail(error.status, error.message);
    }
    throw error;
  }
}
