import type { WireSyncReply } from '../../../protocol/types';
import { HttpError, json } from '../http';
import type { MockResponse } from '../types';
import type { SiteCall, SiteContext } from './context';
import { isEventKey, type LogItem } from './history';
import { wireLog } from './shapes';

export const DEFAULT_SYNC_LIMIT = 100;
export const MAX_SYNC_LIMIT = 500;

/**
 * `GET /webim/sync?since=<cursor>&limit=<n>` (an extension): every message stored after the cursor that the user
 * may see — their chats both ways, rooms they are a member of, site broadcasts, events addressed to them (an
 * invitation) — oldest first, at most `limit`
 * (default 100, max 500): `{messages, cursor, more}`. The cursor is `<database generation>.<last server id
 * examined>`; without `since` the answer is the current cursor and no messages (where a client without one
 * starts); a cursor of a database since reset (`/mock/reset` re-seeds it) goes on from the new database's seed data.
 * Cleared history stays hidden. A client pages while `more` is true.
 */
export function sync(ctx: SiteContext, call: SiteCall): MockResponse {
  const { user, params } = call;
  const history = ctx.data.history;
  const raw = params.get('since');
  const limit = Math.min(MAX_SYNC_LIMIT, Math.max(1, params.int('limit', DEFAULT_SYNC_LIMIT)));
  const head: WireSyncReply = { messages: [], cursor: `${history.generation}.${history.lastId}`, more: false };
  if (raw === undefined || raw === '') return json(200, head);
  const cursor = /^(\d{1,15})\.(\d{1,15})$/.exec(raw);
  if (!cursor) throw new HttpError(400, 'bad cursor');
  const since = Number(cursor[1]) === history.generation ? Number(cursor[2]) : history.baseline;
  const visible = (key: string, item: LogItem): boolean =>
    // An event (an invitation) is its addressee's only, not the sender's.
    isEventKey(key)
      ? item.to === user.id
      : item.type === 'broadcast' ||
        (item.type === 'chat'
          ? item.from === user.id || item.to === user.id
          : (ctx.data.rooms.get(item.to)?.members.has(user.id) ?? false));
  const page = history.since(user.id, since, limit, visible);
  const reply: WireSyncReply = {
    messages: page.items.map((item) => wireLog(item, ctx.opts.generation)),
    cursor: `${history.generation}.${page.last}`,
    more: page.more,
  };
  return json(200, reply);
}
