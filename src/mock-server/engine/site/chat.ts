import { HttpError } from '../http';
import { normaliseShow } from '../im/model';
import { normaliseType } from '../im/router';
import type { MockResponse } from '../types';
import { ok, requireTicket, saneTimestamp, type SiteCall, type SiteContext } from './context';
import { type LogItem, logKey } from './history';

const MAX_BODY_CHARS = 5000;
const MAX_STYLE_CHARS = 500;
const MAX_CLIENT_ID_CHARS = 128;


/**
 * `POST /webim/message`: stores the message in both sides' history (which gives it its server `id`) and has the
 * message server push it, `id` included; a chat whose receiver has no connection is kept as an offline message
 * for their next login. The browser's `offline=true` is only its belief (its presence view may be stale, e.g.
 * just after a restart): trusting it would keep a message from a receiver who is online now. Idempotent per (`from`, `client_id`): a retry of
 * a send whose answer was lost is answered `ok` again, neither stored nor pushed twice.
 */
export async function message(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const { user, params } = call;
  const ticket = requireTicket(ctx, call);
  const kind = normaliseType(params.get('type'));
  if (!kind) throw new HttpError(400, 'bad message type');
  const to = params.need('to');
  const body = params.str('body');
  if (body === '') throw new HttpError(400, 'empty message');
  if (body.length > MAX_BODY_CHARS) throw new HttpError(400, `message longer than ${MAX_BODY_CHARS} characters`);
  const style = params.get('style');
  if (style && style.length > MAX_STYLE_CHARS) throw new HttpError(400, 'style too long');
  const clientId = params.get('client_id');
  if (clientId && clientId.length > MAX_CLIENT_ID_CHARS) throw new HttpError(400, 'client_id too long');
  if (ctx.data.history.findSent(user.id, clientId)) return ok();

  let toNick: string | undefined;
  if (kind === 'chat') {
    const target = ctx.data.user(to);
    if (!target) throw new HttpError(404, 'no such user');
    toNick = target.nick;
  } else if (kind === 'grpchat') {
    const room = ctx.data.rooms.get(to);
    if (!room) throw new HttpError(404, 'no such room');
    if (!room.members.has(user.id)) throw new HttpError(403, 'not a member of this room');
  }

  const key = logKey(kind, user.id, to);
  const item: LogItem = {
    type: kind,
    from: user.id,
    to,
    nick: user.nick,
    body,
    timestamp: saneTimestamp(params.get('timestamp'), ctx.now()),
  };
  if (toNick) item.to_nick = toNick;
  if (style) item.style = style;
  if (clientId) item.client_id = clientId;

  // Stored before it is pushed: the push carries the server id, and `sync` can answer it whatever happens to push.
  const stored = ctx.data.history.add(key, item);
  let offline: boolean;
  try {
    ({ offline } = await ctx.im.message({
      ticket,
      type: kind,
      to,
      body,
      nick: user.nick,
      style,
      timestamp: String(stored.timestamp),
      to_nick: toNick,
      client_id: clientId,
      id: String(stored.id),
    }));
  } catch (error) {
    // Not pushed (the message server refused the ticket, or was unreachable): the client's retry is a new send.
    ctx.data.history.remove(stored);
    throw error;
  }
  if (kind === 'chat' && offline) ctx.data.storeOffline(to, stored);
  return ok();
}

/** `POST /webim/status`: typing notifications (`typing`, `clear`; v3 servers put display text here). */
export async function status(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const show = call.params.need('show');
  if (show.length > 200) throw new HttpError(400, 'status too long');
  await ctx.im.status(ticket, call.params.need('to'), call.user.nick, show);
  return ok();
}

/** `POST /webim/presence`: the user's show and status text, remembered for their next `online`. */
export async function presence(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const show = normaliseShow(call.params.get('show'));
  if (!show) throw new HttpError(400, 'bad show');
  const status = call.params.get('status');
  if (status !== undefined && status.length > 500) throw new HttpError(400, 'status too long');
  await ctx.im.show(ticket, show, status, call.user.nick);
  call.user.show = show;
  if (status !== undefined) call.user.status = status;
  return ok();
}

/** `POST /webim/setting`: `data` is the settings object as JSON; merged into what is saved. */
export function setting(ctx: SiteContext, call: SiteCall): MockResponse {
  let data: unknown;
  try {
    data = JSON.parse(call.params.need('data'));
  } catch {
    throw new HttpError(400, 'data must be a JSON object');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new HttpError(400, 'data must be a JSON object');
  ctx.data.settings.set(call.user.id, { ...ctx.data.settings.get(call.user.id), ...(data as Record<string, unknown>) });
  return ok();
}

export async function offline(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  await ctx.im.offline(ticket);
  ctx.data.tickets.delete(ticket);
  return ok();
}

/** `POST /webim/refresh` (often a `sendBeacon`): the page is going; its grace period starts once it is disconnected. */
export async function refresh(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  await ctx.im.refresh(requireTicket(ctx, call));
  return ok();
}
