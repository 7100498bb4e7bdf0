import type { WireBuddy, WireMessage } from '../../../protocol/types';
import { HttpError, json } from '../http';
import { normaliseType } from '../im/router';
import type { MockResponse } from '../types';
import { ok, type SiteCall, type SiteContext } from './context';
import { mayReadRoom, requireRoomMember } from './guard';
import { logKey } from './history';
import { wireBuddy, wireLog } from './shapes';

/** `GET /webim/buddies?ids=`: details and presence of known users (roster group, or `stranger`). */
export async function buddies(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const roster = ctx.data.buddies.get(call.user.id);
  const ids = call.params.csv('ids').filter((id) => id !== call.user.id && ctx.data.user(id));
  const presences = ids.length > 0 ? await ctx.im.presences(ids) : {};
  const out: WireBuddy[] = [];
  for (const id of ids) {
    const user = ctx.data.user(id);
    if (user) out.push(wireBuddy(user, presences[id] ?? null, roster?.get(id) ?? 'stranger', ctx.opts.generation));
  }
  return json(200, out);
}

function kindOf(call: SiteCall): 'chat' | 'grpchat' | 'broadcast' {
  const kind = normaliseType(call.params.get('type'));
  if (!kind) throw new HttpError(400, 'bad history type');
  return kind;
}

/**
 * `GET /webim/histories` (alias `history`): `id` → ascending array of the `limit` (default 30, max 100) newest
 * items older than `before`; `ids` → `{id: [...]}`. What the user cleared stays hidden from them. A room's history
 * is for its members only: `id` of another room is a 403 (404 when hidden), in `ids` it is left out.
 */
export function histories(ctx: SiteContext, call: SiteCall): MockResponse {
  const kind = kindOf(call);
  const rawBefore = call.params.get('before');
  const before = rawBefore === undefined || rawBefore === '' ? undefined : Number(rawBefore);
  if (before !== undefined && !Number.isFinite(before)) throw new HttpError(400, 'bad before');
  const limit = Math.min(100, Math.max(1, call.params.int('limit', 30)));
  const page = (id: string): WireMessage[] =>
    ctx.data.history
      .page(call.user.id, logKey(kind, call.user.id, id), before, limit)
      .map((m) => wireLog(m, ctx.opts.generation));
  const ids = call.params.csv('ids');
  if (ids.length > 0) {
    const out: Record<string, WireMessage[]> = {};
    for (const id of ids) if (kind !== 'grpchat' || mayReadRoom(ctx.data, call.user.id, id)) out[id] = page(id);
    return json(200, out);
  }
  const id = call.params.need('id');
  if (kind === 'grpchat') requireRoomMember(ctx.data, call.user.id, id);
  return json(200, page(id));
}

/**
 * `POST /webim/clear_history`: hides the conversation so far from this user only. Only a conversation the user
 * has: a chat with a user the site knows (404 otherwise), a room they are a member of (404/403 as for its history),
 * or the site broadcasts; so the markers it keeps grow with real conversations, not with whatever ids are posted.
 */
export function clearHistory(ctx: SiteContext, call: SiteCall): MockResponse {
  const kind = kindOf(call);
  const id = call.params.need('id');
  if (kind === 'chat' && !ctx.data.user(id)) throw new HttpError(404, 'no such user');
  if (kind === 'grpchat') requireRoomMember(ctx.data, call.user.id, id);
  ctx.data.history.clear(call.user.id, logKey(kind, call.user.id, id));
  return ok();
}

export function notifications(ctx: SiteContext, call: SiteCall): MockResponse {
  return json(200, ctx.data.notices.get(call.user.id) ?? []);
}
