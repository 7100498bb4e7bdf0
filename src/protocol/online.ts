import { normalizeConnection } from './connection';
import { ProtocolError } from './errors';
import { conversationKey, messageConversation } from './keys';
import { normalizeList } from './list';
import { normalizeMessage, sortHistory } from './message';
import { normalizeBuddy, normalizeUser, withShow } from './people';
import { dict, field, idOf, isArray, isRecord, itemsOf, keysOf, MAX_LIST_ITEMS, textOf, timestampOf, type Rec } from './read';
import { normalizeRoom } from './room';
import { normalizeSettings } from './settings';
import type { Buddy, ConversationKey, Message, OnlineReply, Room, Show } from './types';
import { at, normalizeShow, reject } from './values';

type Histories = Partial<Record<ConversationKey, Message[]>>;

/**
 * The reply to `POST /webim/online` of either generation. Throws `ProtocolError('bad_reply')` only when the reply
 * is unusable as a whole: `success:false` (the message is the server's `error_msg`), no usable user, or no usable
 * connection/ticket. Everything else is kept where valid and reported where not:
 * - presence: the v5 `presences` map (id → show) and the v3 `buddy_online_ids` (CSV or array) are applied to the
 *   buddies; the result's `presences` holds every buddy's show (`unavailable` when offline) plus any others named;
 * - `histories` `{id: [log]}` become conversation keys (`grpchat:` when the id is one of the reply's rooms or the
 *   items are room messages, else `chat:`); an array is grouped by conversation; history inlined in buddies and
 *   rooms (v3 `history`) fills the gaps; every history is ascending;
 * - `server_time` defaults to the local clock; `setting` (object or JSON text) becomes `settings`.
 */
export function normalizeOnlineReply(raw: unknown): { reply: OnlineReply; errors: ProtocolError[] } {
  const errors: ProtocolError[] = [];
  const rec = replyRecord(raw);
  const success = field(rec, 'success');
  if (success === false || success === 'false' || success === 0) {
    const why = textOf(field(rec, 'error_msg'), 1000) ?? textOf(field(rec, 'message'), 1000) ?? 'online failed';
    throw new ProtocolError('bad_reply', why, 'success', field(rec, 'error_msg'));
  }
  const user = normalizeUser(field(rec, 'user'), errors, 'user');
  if (user === null) throw unusable('online reply has no usable user', errors);
  const connection = normalizeConnection(field(rec, 'connection'), errors, 'connection');
  if (connection === null) throw unusable('online reply has no usable connection', errors);

  const rooms = entries(rec, 'rooms', errors, normalizeRoom, 'bad_room');
  const buddyEntries = entries(rec, 'buddies', errors, normalizeBuddy, 'bad_buddy');
  const reported = presenceMap(rec, errors);
  const presences = reported ?? dict<Show>();
  const buddies = applyPresence(buddyEntries, presences, reported !== null, onlineIds(rec, errors));

  const histories = historiesOf(field(rec, 'histories'), errors, user.id, {
    rooms: new Set(rooms.map((r) => r.value.id)),
    buddies: new Set(buddies.map((b) => b.id)),
  });
  for (const b of buddyEntries) inlineHistory(histories, conversationKey('chat', b.value.id), b, errors);
  for (const r of rooms) inlineHistory(histories, conversationKey('grpchat', r.value.id), r, errors);

  const rawTime = field(rec, 'server_time');
  const serverTime = timestampOf(rawTime);
  if (serverTime === null && rawTime !== undefined && rawTime !== null) {
    reject(errors, 'bad_reply', 'server_time is not a timestamp', 'server_time', rawTime);
  }
  const rawSetting = field(rec, 'setting');
  const settings =
    rawSetting === undefined || rawSetting === null || rawSetting === '' ? null : normalizeSettings(rawSetting, errors, 'setting');
  const reply: OnlineReply = {
    serverTime: serverTime ?? Date.now(),
    user,
    connection,
    buddies,
    rooms: rooms.map((r) => r.value),
    newMessages: optionalList(rec, 'new_messages', errors),
    histories,
    presences,
  };
  if (settings !== null) reply.settings = settings;
  return { reply, errors };
}

function replyRecord(raw: unknown): Rec {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new ProtocolError('bad_reply', 'online reply is not JSON', '', raw.slice(0, 200));
    }
  }
  if (!isRecord(value)) throw new ProtocolError('bad_reply', 'online reply is not an object', '', value);
  return value;
}

function unusable(message: string, errors: readonly ProtocolError[]): ProtocolError {
  const last = errors[errors.length - 1];
  return new ProtocolError('bad_reply', last ? `${message}: ${last.message}` : message, last?.path ?? '', last?.value);
}

/** A valid list item with the raw object it came from and where (for inlined history). */
interface Entry<T> {
  value: T;
  raw: unknown;
  path: string;
}

/** Each valid item of an optional list. A missing list is an empty one. */
function entries<T>(
  rec: Rec,
  key: string,
  errors: ProtocolError[],
  normalize: (raw: unknown, errors: ProtocolError[], path: string) => T | null,
  code: 'bad_room' | 'bad_buddy',
): Entry<T>[] {
  const rawList = field(rec, key);
  if (rawList === undefined || rawList === null) return [];
  const list = itemsOf(rawList);
  if (list === null) {
    reject(errors, code, `${key} is not a list`, key, rawList);
    return [];
  }
  const out: Entry<T>[] = [];
  list.items.forEach((item, i) => {
    const path = at(key, i);
    const value = normalize(item, errors, path);
    if (value !== null) out.push({ value, raw: item, path });
  });
  if (list.total > list.items.length) {
    reject(errors, code, `${list.total - list.items.length} ${key} beyond the limit were dropped`, key, list.total);
  }
  return out;
}

function optionalList(rec: Rec, key: string, errors: ProtocolError[]): Message[] {
  const raw = field(rec, key);
  if (raw === undefined || raw === null) return [];
  return normalizeList(raw, errors, key, normalizeMessage, 'bad_message') ?? [];
}

/** v5: `presences: {id: show}`; null when absent or unusable. Prototype-free, so `__proto__` is a plain id. */
function presenceMap(rec: Rec, errors: ProtocolError[]): Record<string, Show> | null {
  const raw = field(rec, 'presences');
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) return reject(errors, 'bad_reply', 'presences is not a map of id to show', 'presences', raw);
  const out = dict<Show>();
  for (const key of keysOf(raw)) {
    const id = idOf(key);
    const show = field(raw, key);
    if (id === null || typeof show !== 'string') reject(errors, 'bad_reply', 'presence entry is not id → show', at('presences', key), show);
    else out[id] = normalizeShow(show);
  }
  return out;
}

/** v3: `buddy_online_ids` as CSV or an array of ids; null when absent. */
function onlineIds(rec: Rec, errors: ProtocolError[]): Set<string> | null {
  const raw = field(rec, 'buddy_online_ids');
  if (raw === undefined || raw === null) return null;
  const list = typeof raw === 'string' ? raw.split(',', MAX_LIST_ITEMS) : itemsOf(raw)?.items;
  if (list === undefined) {
    reject(errors, 'bad_reply', 'buddy_online_ids is neither CSV nor a list', 'buddy_online_ids', raw);
    return null;
  }
  const ids = new Set<string>();
  for (const item of list) {
    const id = idOf(item);
    if (id !== null) ids.add(id);
  }
  return ids;
}

/**
 * The message server's view wins over the roster's: a buddy in the `presences` map takes that show, one in
 * `buddy_online_ids` is online. When either source exists, a buddy it does not name and whose entry states no
 * `presence` of its own is offline. The map ends up describing every buddy.
 */
function applyPresence(
  list: readonly Entry<Buddy>[],
  presences: Record<string, Show>,
  mapReported: boolean,
  online: Set<string> | null,
): Buddy[] {
  const authoritative = mapReported || online !== null;
  const buddies = list.map(({ value: b, raw }) => {
    if (b.id in presences) return withShow(b, presences[b.id]);
    if (online?.has(b.id)) return withShow(b, b.presence === 'online' ? b.show : 'available');
    const stated = isRecord(raw) && typeof field(raw, 'presence') === 'string';
    return authoritative && !stated ? withShow(b, 'unavailable') : b;
  });
  for (const b of buddies) presences[b.id] = b.presence === 'online' ? b.show : 'unavailable';
  for (const id of online ?? []) if (!(id in presences)) presences[id] = 'available';
  return buddies;
}

/**
 * v3 keys histories by bare id, and buddy and room ids may collide (the guide's own examples have buddy 2 and
 * room "2"). Room messages in the list settle it; otherwise an id that is a room and not a buddy is a room.
 */
function historiesOf(
  raw: unknown,
  errors: ProtocolError[],
  me: string,
  known: { rooms: ReadonlySet<string>; buddies: ReadonlySet<string> },
): Histories {
  const out: Histories = {};
  if (raw === undefined || raw === null) return out;
  if (isArray(raw)) {
    for (const m of normalizeList(raw, errors, 'histories', normalizeMessage, 'bad_message') ?? []) {
      add(out, messageConversation(m, me), [m]);
    }
  } else if (isRecord(raw)) {
    for (const key of keysOf(raw)) {
      const id = idOf(key);
      const list = normalizeList(field(raw, key), errors, at('histories', key), normalizeMessage, 'bad_message');
      if (id === null || list === null) continue;
      const room = list.some((m) => m.type === 'grpchat') || (known.rooms.has(id) && !known.buddies.has(id));
      const site = !room && list.length > 0 && list.every((m) => m.type === 'broadcast');
      add(out, conversationKey(room ? 'grpchat' : site ? 'broadcast' : 'chat', id), list);
    }
  } else {
    reject(errors, 'bad_reply', 'histories is neither a map nor a list', 'histories', raw);
  }
  for (const key of Object.keys(out) as ConversationKey[]) out[key] = sortHistory(out[key] ?? []);
  return out;
}

function add(out: Histories, key: ConversationKey, list: readonly Message[]): void {
  const existing = out[key];
  if (existing) for (const m of list) existing.push(m);
  else out[key] = [...list];
}

/** v3 buddies and rooms may carry their `history`; it is used when `histories` has none for that conversation. */
function inlineHistory(out: Histories, key: ConversationKey, entry: Entry<unknown>, errors: ProtocolError[]): void {
  if (out[key] || !isRecord(entry.raw)) return;
  const history = field(entry.raw, 'history');
  if (history === undefined || history === null) return;
  const list = normalizeList(history, errors, at(entry.path, 'history'), normalizeMessage, 'bad_message');
  if (list !== null && list.length > 0) out[key] = sortHistory(list);
}
