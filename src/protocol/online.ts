import { normalizeChannel, takeEvents } from './events';
import { ProtocolError } from './errors';
import { conversationKey, messageConversation } from './keys';
import {
  normalizeBuddy,
  normalizeConnection,
  normalizeMessage,
  normalizeRoom,
  normalizeSettings,
  normalizeShow,
  normalizeUser,
  setPresence,
  sortHistory,
} from './normalize';
import {
  absent,
  fail,
  get,
  idOf,
  isArray,
  isRecord,
  keysOf,
  normalizeList,
  objectOf,
  optionalList,
  textOf,
  timestampOf,
  type Errors,
  type ItemNormalizer,
} from './read';
import type { Buddy, ConversationKey, Message, OnlineReply, Show } from './types';

/** Buddies normalised between two pauses of {@link normalizeOnlineReplyInSteps}. */
export const ROSTER_STEP = 2_000;
/** Longest buddy list read (as `normalizeList`'s default). */
const MAX_BUDDIES = 1e5;

type OnlineResult = { reply: OnlineReply; errors: ProtocolError[] };

/** The server's own words in a reply: `error_msg`, `message` or `error`, trimmed. */
export const serverMessageOf = (body: unknown): string | undefined =>
  ['error_msg', 'message', 'error'].map((k) => textOf(500, false)(get(body, k))?.trim()).find((s) => s);

/**
 * The reply to `POST /webim/online` of either generation (an object or its JSON text). Throws
 * `ProtocolError('bad_reply')` only when it is unusable as a whole: `success:false` (the message is the server's
 * `error_msg`), no usable user, or no usable connection/ticket (the message tells the deciding problem).
 * Everything else is kept where valid and reported where not:
 * - presence: the v5 `presences` map (id → show) and the v3 `buddy_online_ids` (CSV or array) are applied to the
 *   buddies (a buddy neither names, whose entry states no `presence`, is offline); the result's `presences` holds
 *   every buddy's show (`unavailable` when offline) plus any others named;
 * - `histories` `{id: [log]}` become conversation keys (`grpchat:` when the items are room messages or the id is a
 *   room and not a buddy, `broadcast:` when all are broadcasts, else `chat:`); an array is grouped by conversation;
 *   history inlined in buddies and rooms (v3 `history`) fills the gaps; every history is ascending;
 * - `server_time` defaults to the local clock; `setting` (object or JSON text) becomes `settings`.
 */
export function normalizeOnlineReply(raw: unknown): OnlineResult {
  const steps = readOnlineReply(raw);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `normalizeOnlineReply` in steps: awaits `pause()` after the parts of a big roster (every {@link ROSTER_STEP}
 * buddies, and before the first), so a 10,000-buddy login is normalised in several short tasks instead of one long.
 */
export async function normalizeOnlineReplyInSteps(raw: unknown, pause: () => Promise<unknown>): Promise<OnlineResult> {
  const steps = readOnlineReply(raw);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}

/** The work of `normalizeOnlineReply`, yielding where a pause may go. */
function* readOnlineReply(raw: unknown): Generator<void, OnlineResult, void> {
  const errors: Errors = [];
  const rec = objectOf(raw, errors, '', 'bad_reply', Infinity);
  const success = get(rec, 'success');
  const failed = success === false || success === 'false' || success === 0;
  const user = rec && !failed && normalizeUser(get(rec, 'user'), errors, 'user');
  const connection = user && normalizeConnection(get(rec, 'connection'), errors, 'connection');
  if (!connection) {
    const { message, path, value } =
      errors.at(-1) ??
      new ProtocolError('bad_reply', serverMessageOf(rec) ?? 'online failed', 'success', get(rec, 'error_msg'));
    throw new ProtocolError('bad_reply', message, path, value);
  }
  const at = (key: string) => get(rec, key);
  // Where each buddy and room came from, for what its table does not read (inlined history, stated presence).
  const sources = new Map<object, [raw: unknown, path: string]>();
  const remember =
    <T extends object>(normalize: ItemNormalizer<T>): ItemNormalizer<T> =>
    (raw, errs, path) => {
      const value = normalize(raw, errs, path);
      if (value) sources.set(value, [raw, path]);
      return value;
    };
  const rooms = optionalList(at('rooms'), errors, 'rooms', remember(normalizeRoom), 'bad_room');
  // As `optionalList`, in steps: a big roster is most of the reply's work.
  const list = at('buddies');
  const buddies: Buddy[] = [];
  if (isArray(list)) {
    const buddy = remember(normalizeBuddy);
    const length = get(list, 'length') as number;
    for (let i = 0; i < length && i < MAX_BUDDIES; i++) {
      if (i % ROSTER_STEP === 0 && length > ROSTER_STEP) yield;
      const b = buddy(get(list, i), errors, `buddies[${i}]`);
      if (b) buddies.push(b);
    }
    if (length > MAX_BUDDIES) fail(errors, 'bad_buddy', 'buddies', length);
    if (length > ROSTER_STEP) yield;
  } else if (!absent(list)) fail(errors, 'bad_buddy', 'buddies', list);

  // The message server's view wins over the roster's. No prototype: an id such as `__proto__` is plain data.
  const presences: Record<string, Show> = Object.create(null);
  const map = at('presences');
  if (isRecord(map)) {
    for (const key of keysOf(map)) {
      const id = idOf(key);
      const show = get(map, key);
      if (id && typeof show === 'string') presences[id] = normalizeShow(show);
      else fail(errors, 'bad_reply', `presences.${key}`, show);
    }
  } else if (!absent(map)) fail(errors, 'bad_reply', 'presences', map);
  const ids = at('buddy_online_ids');
  const onlineIds =
    !absent(ids) &&
    normalizeList(
      typeof ids === 'string' ? ids.split(',') : ids,
      errors,
      'buddy_online_ids',
      (v) => idOf(v) ?? null,
      'bad_reply',
    );
  const online = new Set(onlineIds || []);
  for (const b of buddies) {
    const show =
      b.id in presences
        ? presences[b.id]
        : online.has(b.id)
          ? b.presence === 'online'
            ? b.show
            : 'available'
          : // Named by neither: offline, unless its own entry says.
            (isRecord(map) || onlineIds) && typeof get(sources.get(b)![0], 'presence') !== 'string'
            ? 'unavailable'
            : b.show;
    presences[b.id] = setPresence(b, show).show;
  }
  for (const id of online) presences[id] ??= 'available';

  const histories: Partial<Record<ConversationKey, Message[]>> = {};
  const add = (key: ConversationKey, list: Message[]) => (histories[key] = (histories[key] ?? []).concat(list));
  const messages = (v: unknown, path: string) => normalizeList(v, errors, path, normalizeMessage, 'bad_message');
  const logs = at('histories');
  if (isArray(logs)) for (const m of messages(logs, 'histories')!) add(messageConversation(m, user.id), [m]);
  else if (isRecord(logs)) {
    const roomIds = new Set(rooms.map((r) => r.id));
    const buddyIds = new Set(buddies.map((b) => b.id));
    for (const key of keysOf(logs)) {
      const id = idOf(key);
      const list = messages(get(logs, key), `histories.${key}`);
      if (!id || !list) continue;
      // v3 keys histories by bare id, and buddy and room ids may collide (the guide has buddy 2 and room "2"):
      // room messages in the list settle it; otherwise an id that is a room and not a buddy is a room.
      const room = list.some((m) => m.type === 'grpchat') || (roomIds.has(id) && !buddyIds.has(id));
      const site = !room && list.length > 0 && list.every((m) => m.type === 'broadcast');
      add(conversationKey(room ? 'grpchat' : site ? 'broadcast' : 'chat', id), list);
    }
  } else if (!absent(logs)) fail(errors, 'bad_reply', 'histories', logs);
  for (const [type, entries] of [
    ['chat', buddies],
    ['grpchat', rooms],
  ] as const) {
    for (const entry of entries) {
      const key = conversationKey(type, entry.id);
      const [source, path] = sources.get(entry)!;
      const inline = get(source, 'history');
      const list = !histories[key] && !absent(inline) && messages(inline, `${path}.history`);
      if (list && list.length) histories[key] = list;
    }
  }
  for (const key in histories) histories[key as ConversationKey] = sortHistory(histories[key as ConversationKey]!);

  const time = at('server_time');
  const serverTime = timestampOf(time);
  if (!serverTime && time != null) fail(errors, 'bad_reply', 'server_time', time);
  const setting = at('setting');
  const settings = !absent(setting) && normalizeSettings(setting, errors, 'setting');
  // Invitations sent while the user was away come among the offline messages; they are events, not text.
  const offline = takeEvents(
    optionalList(at('new_messages'), errors, 'new_messages', normalizeMessage, 'bad_message'),
    errors,
    'new_messages',
  );
  const reply: OnlineReply = {
    serverTime: serverTime ?? Date.now(),
    user,
    connection,
    buddies,
    rooms,
    newMessages: offline.messages,
    histories,
    presences,
  };
  if (settings) reply.settings = settings;
  if (offline.invitations.length) reply.invitations = offline.invitations;
  const cursor = at('cursor');
  if (!absent(cursor)) {
    const id = idOf(cursor);
    if (id === undefined) fail(errors, 'bad_reply', 'cursor', cursor);
    else reply.cursor = id;
  }
  // Absent means a server without channels: the client then keeps what it knows.
  const channels = at('channels');
  if (!absent(channels)) reply.channels = optionalList(channels, errors, 'channels', normalizeChannel, 'bad_reply');
  return { reply, errors };
}
