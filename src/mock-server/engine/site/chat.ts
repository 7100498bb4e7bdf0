import { HttpError, parseJsonInput } from '../http';
import { normaliseShow } from '../im/model';
import { normaliseType } from '../im/router';
import type { MockResponse } from '../types';
import { broadcastFromSite } from './broadcast';
import { ok, requireTicket, saneTimestamp, type SiteCall, type SiteContext } from './context';
import { mayBroadcast, requireRoomMember } from './guard';
import { type LogItem, logKey } from './history';
import { EVENT_PREFIX, inviteByMessage } from './invite';

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
  const kind = normaliseType(params.get('type'));
  if (!kind) throw new HttpError(400, 'bad message type');
  const body = params.str('body');
  if (body === '') throw new HttpError(400, 'empty message');
  if (body.length > MAX_BODY_CHARS) throw new HttpError(400, `message longer than ${MAX_BODY_CHARS} characters`);
  if (kind === 'broadcast') {
    // Only the site broadcasts: its administrators, never a plain user (who would speak to everyone unnamed).
    if (!mayBroadcast(user)) throw new HttpError(403, 'only the site may broadcast');
    await broadcastFromSite(ctx, { from: user.id, nick: user.nick, body });
    return ok();
  }
  const ticket = requireTicket(ctx, call);
  const to = params.need('to');
  if (body.startsWith(EVENT_PREFIX)) {
    await inviteByMessage(ctx, call, kind, to, body);
    return ok();
  }
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
    // Members only; an invite-only room is a 404 to outsiders, as if it did not exist.
    requireRoomMember(ctx.data, user.id, to);
  }
  if (kind === 'chat') await checkOfflineQuota(ctx, user.id, to, body);

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

/**
 * One sender may not fill a receiver's offline inbox without bound (it is all handed over in one `online` reply):
 * past `offlineQuota` waiting messages (or characters) from this sender, a message the receiver cannot get now
 * is refused with 429. Presence is asked only then, so the common case costs nothing.
 */
export async function checkOfflineQuota(ctx: SiteContext, from: string, to: string, body: string): Promise<void> {
  const quota = ctx.opts.offlineQuota;
  const waiting = ctx.data.offlineFrom(to, from);
  if (waiting.messages < quota.messages && waiting.characters + body.length <= quota.characters) return;
  // The browser's `offline` flag is not trusted here either: only the message server knows.
  if ((await ctx.im.presences([to]))[to]) return;
  throw new HttpError(429, 'too many offline messages for this user; wait until they have read them');
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

const MAX_SETTINGS_KEYS = 64;
const MAX_SETTING_KEY_CHARS = 64;
const MAX_SETTING_VALUE_CHARS = 1000;
const MAX_SETTINGS_CHARS = 8 * 1024;

/**
 * `POST /webim/setting`: `data` is the settings object as JSON; merged into what is saved. Settings come back in
 * every `online` reply, so they are bounded: flat values only (boolean, number, short string, null to delete),
 * at most 64 keys and 8 KiB in all; anything else is a 400 and nothing is saved.
 */
export function setting(ctx: SiteContext, call: SiteCall): MockResponse {
  const data = parseJsonInput(call.params.need('data'), 'data must be a JSON object');
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new HttpError(400, 'data must be a JSON object');
  const merged: Record<string, unknown> = { ...ctx.data.settings.get(call.user.id) };
  for (const [key, value] of Object.entries(data)) {
    if (key.length === 0 || key.length > MAX_SETTING_KEY_CHARS || key === '__proto__')
      throw new HttpError(400, 'bad setting name');
    if (value === null) delete merged[key];
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) merged[key] = value;
    else if (typeof value === 'string' && value.length <= MAX_SETTING_VALUE_CHARS) merged[key] = value;
    else throw new HttpError(400, `setting ${key} must be a boolean, number or short text`);
  }
  if (Object.keys(merged).length > MAX_SETTINGS_KEYS) throw new HttpError(400, 'too many settings');
  if (JSON.stringify(merged).length > MAX_SETTINGS_CHARS) throw new HttpError(400, 'settings too large');
  ctx.data.settings.set(call.user.id, merged);
  return ok();
}

export async function offline(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  await ctx.im.offline(ticket);
  ctx.data.dropTicket(ticket);
  return ok();
}

/** `POST /webim/refresh` (often a `sendBeacon`): the page is going; its grace period starts once it is disconnected. */
export async function refresh(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  await ctx.im.refresh(requireTicket(ctx, call));
  return ok();
}
