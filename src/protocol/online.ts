import { ProtocolError, type ProtocolErrorCode } from './errors';
import { conversationKey, messageConversation } from './keys';
import {
  normalizeBuddy, normalizeConnection, normalizeMessage, normalizeRoom, normalizeSettings, normalizeShow, normalizeUser,
  reachable, setPresence, sortHistory,
} from './normalize';
import {
  absent, dict, fail, get, idOf, isArray, isRecord, keysOf, normalizeList, objectOf, textOf, timestampOf, type Errors,
  type ItemNormalizer, type Rec,
} from './read';
import type { Buddy, ConversationKey, Message, OnlineReply, Show } from './types';

/** The server's own words in a reply: `error_msg`, `message` or `error`, trimmed. */
export const serverMessageOf = (body: unknown): string | undefined =>
  isRecord(body) ? ['error_msg', 'message', 'error'].map((k) => textOf(500, false)(get(body, k))?.trim()).find((s) => s) : undefined;

/** A `bad_reply` for an unusable reply, telling the last (deciding) problem. */
const unusable = ({ message, path, value }: ProtocolError): ProtocolError => new ProtocolError('bad_reply', message, path, value);

/**
 * The reply to `POST /webim/online` of either generation (an object or its JSON text). Throws
 * `ProtocolError('bad_reply')` only when it is unusable as a whole: `success:false` (the message is the server's
 * `error_msg`), no usable user, or no usable connection/ticket. Everything else is kept where valid and reported
 * where not:
 * - presence: the v5 `presences` map (id → show) and the v3 `buddy_online_ids` (CSV or array) are applied to the
 *   buddies (a buddy neither names, whose entry states no `presence`, is offline); the result's `presences` holds
 *   every buddy's show (`unavailable` when offline) plus any others named;
 * - `histories` `{id: [log]}` become conversation keys (`grpchat:` when the items are room messages or the id is a
 *   room and not a buddy, `broadcast:` when all are broadcasts, else `chat:`); an array is grouped by conversation;
 *   history inlined in buddies and rooms (v3 `history`) fills the gaps; every history is ascending;
 * - `server_time` defaults to the local clock; `setting` (object or JSON text) becomes `settings`.
 */
export function normalizeOnlineReply(raw: unknown): { reply: OnlineReply; errors: ProtocolError[] } {
  const errors: Errors = [];
  const rec = objectOf(raw, errors, '', 'bad_reply', Infinity);
  if (!rec) throw unusable(errors[0]);
  const success = get(rec, 'success');
  if (success === false || success === 'false' || success === 0) {
    throw new ProtocolError('bad_reply', serverMessageOf(rec) ?? 'online failed', 'success', get(rec, 'error_msg'));
  }
  const user = normalizeUser(get(rec, 'user'), errors, 'user');
  const connection = user && normalizeConnection(get(rec, 'connection'), errors, 'connection');
  if (!connection) throw unusable(errors.at(-1)!);

  /** Buddies and rooms with the raw entry each came from, for their inlined history and stated presence. */
  const entries: [raw: unknown, path: string, type: 'chat' | 'grpchat', value: { id: string }][] = [];
  const listAt = <T>(key: string, item: ItemNormalizer<T>, code: ProtocolErrorCode, type?: 'chat' | 'grpchat'): T[] => {
    const v = get(rec, key);
    const remember: ItemNormalizer<T> = (raw, errs, path) => {
      const value = item(raw, errs, path);
      if (value && type) entries.push([raw, path, type, value as unknown as { id: string }]);
      return value;
    };
    return (!absent(v) && normalizeList(v, errors, key, remember, code)) || [];
  };
  const rooms = listAt('rooms', normalizeRoom, 'bad_room', 'grpchat');
  const buddies = listAt('buddies', normalizeBuddy, 'bad_buddy', 'chat');

  // The message server's view wins over the roster's.
  const presences = dict<Show>();
  const map = get(rec, 'presences');
  if (isRecord(map)) {
    for (const key of keysOf(map)) {
      const id = idOf(key);
      const show = get(map, key);
      if (id && typeof show == 'string') presences[id] = normalizeShow(show);
      else fail(errors, 'bad_reply', `presences.${key}`, show);
    }
  } else if (!absent(map)) fail(errors, 'bad_reply', 'presences', map);
  const ids = get(rec, 'buddy_online_ids');
  const onlineIds =
    absent(ids) ? null : normalizeList(typeof ids == 'string' ? ids.split(',') : ids, errors, 'buddy_online_ids', (v) => idOf(v) ?? null, 'bad_reply');
  const online = onlineIds && new Set(onlineIds);
  for (const [raw, , type, b] of entries) {
    if (type == 'grpchat') continue;
    const buddy = b as Buddy;
    const show: Show | undefined =
      buddy.id in presences
        ? presences[buddy.id]
        : online?.has(buddy.id)
          ? buddy.presence == 'online' ? buddy.show : 'available'
          : (isRecord(map) || online) && typeof get(raw, 'presence') != 'string'
            ? 'unavailable'
            : undefined;
    if (show) setPresence(buddy, reachable(show), show);
    presences[buddy.id] = buddy.show;
  }
  for (const id of onlineIds ?? []) presences[id] ??= 'available';

  const histories: Partial<Record<ConversationKey, Message[]>> = {};
  const add = (key: ConversationKey, list: Message[]) => (histories[key] = (histories[key] ?? []).concat(list));
  const messages = (v: unknown, path: string) => normalizeList(v, errors, path, normalizeMessage, 'bad_message');
  const logs = get(rec, 'histories');
  if (isArray(logs)) for (const m of messages(logs, 'histories')!) add(messageConversation(m, user.id), [m]);
  else if (isRecord(logs)) {
    // v3 keys histories by bare id, and buddy and room ids may collide (the guide has buddy 2 and room "2"):
    // room messages in the list settle it; otherwise an id that is a room and not a buddy is a room.
    const roomIds = new Set(rooms.map((r) => r.id));
    const buddyIds = new Set(buddies.map((b) => b.id));
    for (const key of keysOf(logs)) {
      const id = idOf(key);
      const list = messages(get(logs, key), `histories.${key}`);
      if (!id || !list) continue;
      const room = list.some((m) => m.type == 'grpchat') || (roomIds.has(id) && !buddyIds.has(id));
      const site = !room && list.length > 0 && list.every((m) => m.type == 'broadcast');
      add(conversationKey(room ? 'grpchat' : site ? 'broadcast' : 'chat', id), list);
    }
  } else if (!absent(logs)) fail(errors, 'bad_reply', 'histories', logs);
  for (const [raw, path, type, { id }] of entries) {
    const key = conversationKey(type, id);
    const inline = get(raw, 'history');
    const list = !histories[key] && !absent(inline) && messages(inline, `${path}.history`);
    if (list && list.length) histories[key] = list;
  }
  for (const key in histories) histories[key as ConversationKey] = sortHistory(histories[key as ConversationKey]!);

  const time = get(rec, 'server_time');
  const serverTime = timestampOf(time);
  if (!serverTime && time != null) fail(errors, 'bad_reply', 'server_time', time);
  const setting = get(rec, 'setting');
  const settings = !absent(setting) && normalizeSettings(setting, errors, 'setting');
  const reply: OnlineReply = {
    serverTime: serverTime ?? Date.now(),
    user,
    connection,
    buddies,
    rooms,
    newMessages: listAt('new_messages', normalizeMessage, 'bad_message'),
    histories,
    presences,
  };
  if (settings) reply.settings = settings;
  return { reply, errors };
}
