/**
 * Normalisers: untrusted input of either protocol generation (NextIM 3, NexTalk 5) in, the SDK's own types out.
 * Convention: `normalizeX(raw, errors, path)` returns the value, or pushes a `ProtocolError` (code, path such as
 * `messages[3].body`, offending value) and returns null for an item that cannot be used. They never throw, with
 * one documented exception: `normalizeOnlineReply` throws when the reply is unusable as a whole.
 * Each shape is a table of fields (see `readRecord`) plus the few rules a table cannot say.
 */
import { isEventBody } from './events';
import { messageId } from './keys';
import {
  absent,
  CHECKED,
  EXPECTED,
  countOf,
  cut,
  fail,
  flagOf,
  get,
  idOf,
  imageOf,
  isArray,
  isRecord,
  keysOf,
  keyword,
  linkOf,
  nameOf,
  normalizeList,
  numberOf,
  objectOf,
  pollUrlOf,
  REQUIRED,
  shape,
  socketUrlOf,
  textOf,
  timestampOf,
  type Errors,
  type Field,
  type ItemNormalizer,
  type Rec,
} from './read';
import {
  SHOWS,
  type Buddy,
  type Connection,
  type Message,
  type MessageType,
  type MqttConnection,
  type PresenceType,
  type PresenceUpdate,
  type Room,
  type RoomMember,
  type Settings,
  type Show,
  type SiteNotification,
  type TypingStatus,
  type User,
} from './types';

export { normalizeList, type ItemNormalizer } from './read';

/** Longest message body kept; longer bodies are cut and the cut is reported. */
export const MAX_BODY_LENGTH = 20_000;

// `buzy` is how the NextIM 3 guide's own buddy example spells it.
const knownShow = keyword(SHOWS, {
  online: 'available',
  xa: 'away',
  busy: 'dnd',
  buzy: 'dnd',
  hidden: 'invisible',
  offline: 'unavailable',
});

/** A show of either generation: `busy` → `dnd`, `hidden` → `invisible`, `offline` → `unavailable`; unknown → `available`. */
export const normalizeShow = (v: unknown): Show => knownShow(v) ?? 'available';

const messageType = keyword<MessageType>(['chat', 'grpchat', 'broadcast'], { unicast: 'chat', multicast: 'grpchat' });

/** `chat`/`unicast` → `chat`, `grpchat`/`multicast` → `grpchat`, `broadcast`; null for anything else. */
export const normalizeMessageType = (v: unknown): MessageType | null => messageType(v) ?? null;

/** The wire name of a message type: v3 says `unicast`/`multicast`, v5 `chat`/`grpchat`. */
export const toWireMessageType = (type: MessageType, generation: 3 | 5): string =>
  generation === 3 && type !== 'broadcast' ? (type === 'chat' ? 'unicast' : 'multicast') : type;

/**
 * Sets presence from a show (others see an invisible user as offline): online keeps the show (`available` when
 * there is none), offline is `unavailable`. With `online` given, it decides instead of the show.
 */
export function setPresence<T extends Rec | Buddy | RoomMember>(
  o: T,
  show?: unknown,
  online = show !== 'unavailable' && show !== 'invisible',
): T {
  return Object.assign(
    o,
    online
      ? { presence: 'online', show: show && show !== 'unavailable' ? show : 'available' }
      : { presence: 'offline', show: 'unavailable' },
  );
}

/** Presence from an explicit `presence` online/offline, else from a recognised show, else `fallback`. */
const withPresence = (o: Rec | null, fallback: boolean) =>
  o && setPresence(o, o.show, o.presence ? o.presence === 'online' : o.show ? undefined : fallback);

const PERSON: Field[] = [
  ['id', idOf, REQUIRED],
  // v3 sometimes names users by `name`; a nick that is missing or blank falls back to the id.
  ['nick name', nameOf],
];
// v5 `avatar`/`default_avatar`, v3 `pic_url`/`default_pic_url`; unsafe URLs are dropped.
const PICTURES: Field[] = [
  ['avatar pic_url', imageOf],
  ['default_avatar default_pic_url', imageOf],
  ['url', linkOf],
];
const STATUS: Field[] = [
  ['status', textOf()],
  ['status_time', textOf(64)],
];
const PRESENCE: Field[] = [
  ['presence', keyword(['online', 'offline'])],
  ['show', knownShow],
];

/** A person or room: a shape with an id and a nick (the id when there is none). */
const person = (
  code: 'bad_user' | 'bad_buddy' | 'bad_member' | 'bad_room',
  fields: Field[],
  defaults?: Rec,
): ItemNormalizer<Rec> => {
  const read = shape(code, [...PERSON, ...fields], defaults);
  return (raw, errors, path) => {
    const o = read(raw, errors, path);
    if (o) o.nick ??= o.id;
    return o;
  };
};

/** The logged-in user (`user` of the online reply). */
export const normalizeUser = person('bad_user', [
  ...PICTURES,
  ['show', normalizeShow],
  ...STATUS,
]) as unknown as ItemNormalizer<User>;

const readBuddy = person(
  'bad_buddy',
  [...PICTURES, ...PRESENCE, ...STATUS, ['group', nameOf], ['incomplete need_reload', (v) => flagOf(v) || undefined]],
  {
    incomplete: false,
  },
);

/**
 * A roster entry. Presence from `presence`, else `show`, else offline. `incomplete` (v5) or `need_reload` (v3)
 * marks entries whose details must be fetched later; `vid:` ids are visitors.
 */
export function normalizeBuddy(raw: unknown, errors: Errors, path: string): Buddy | null {
  const o = readBuddy(raw, errors, path);
  if (o) o.visitor = (o.id as string).startsWith('vid:');
  return withPresence(o, false) as Buddy | null;
}

const readMember = person('bad_member', PRESENCE);

/** A room member. Member lists list the members online, so presence defaults to online. */
export const normalizeMember = (raw: unknown, errors: Errors, path: string): RoomMember | null =>
  withPresence(readMember(raw, errors, path), true) as RoomMember | null;

/**
 * A room. Counts may be numeric strings (PHP); a bad count is reported and 0. Inlined `members` and `history` are
 * not part of the room (`normalizeOnlineReply` reads inlined history).
 */
export const normalizeRoom = person(
  'bad_room',
  [
    ...PICTURES,
    ['all_count', countOf, CHECKED],
    ['count', countOf, CHECKED],
    ['blocked', flagOf],
    ['temporary', flagOf],
  ],
  {
    allCount: 0,
    count: 0,
    blocked: false,
    temporary: false,
  },
) as unknown as ItemNormalizer<Room>;

/** A server id: a positive safe integer, as a number or a decimal string. */
const serverIdOf = (v: unknown): number | undefined => {
  const n = numberOf(v);
  return n !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

const readMessage = shape('bad_message', [
  ['type', (v) => (absent(v) ? 'chat' : messageType(v)), REQUIRED],
  ['from', idOf, REQUIRED],
  // Only a broadcast may go without a receiver.
  ['to', (v, m) => idOf(v) ?? (m.type === 'broadcast' && absent(v) ? '' : undefined), REQUIRED],
  ['body', textOf(Infinity), REQUIRED],
  ['timestamp', timestampOf, REQUIRED],
  ['client_id', idOf],
  // The server id (extension): a positive integer; anything else is not one (a legacy server's own ids are ignored).
  ['id', serverIdOf],
  ['nick', nameOf],
  ['to_nick', nameOf],
  ['style', textOf(1000, false)],
  ['offline', (v) => flagOf(v) || undefined],
]);

/**
 * A message or history log item of either generation, with status `sent`. A missing `type` is `chat`; ids become
 * strings; a numeric body is stringified; a body over `MAX_BODY_LENGTH` is cut (reported, kept); `timestamp`
 * may be ms or Unix seconds, a number or numeric string.
 */
export function normalizeMessage(raw: unknown, errors: Errors, path: string): Message | null {
  const m = readMessage(raw, errors, path) as Message | null;
  if (m) {
    if (m.body.length > MAX_BODY_LENGTH) {
      fail(errors, 'bad_message', `${path}.body`, m.body.length);
      m.body = cut(m.body, MAX_BODY_LENGTH);
    }
    m.nick ??= m.from;
    m.status = 'sent';
    // Read under the wire name `id`; the SDK's `id` is its own identity.
    const serverId = m.id as unknown as number | undefined;
    if (serverId) m.serverId = serverId;
    m.id = messageId(m);
  }
  return m;
}

/**
 * Sorts ascending by timestamp (stable: equal timestamps keep server order) and drops repeated identities and the
 * original protocol's event bodies (`webim-event:…`, e.g. an old invitation a server kept in its log: never text).
 */
export function sortHistory(messages: Message[]): Message[] {
  const seen = new Set<string>();
  return messages
    .filter((m) => !isEventBody(m.body) && !seen.has(m.id) && !!seen.add(m.id))
    .sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * History as `GET histories` returns it: an array of log items, or `{id: [logItem]}` (v3, several ids at once;
 * merged). Ascending, without repeats. null (reported) when it is neither.
 */
export function normalizeHistory(raw: unknown, errors: Errors, path: string): Message[] | null {
  const lists = isArray(raw)
    ? [[path, raw] as const]
    : isRecord(raw)
      ? keysOf(raw).map((k) => [`${path}.${k}`, get(raw, k)] as const)
      : fail(errors, 'bad_reply', path, raw);
  return (
    lists &&
    sortHistory(lists.flatMap(([p, list]) => normalizeList(list, errors, p, normalizeMessage, 'bad_reply') ?? []))
  );
}

/** Buddy presence types, then room ones (from `grponline` on), whose `to` names the room. */
const PRESENCE_TYPES: PresenceType[] = ['online', 'offline', 'show', 'grponline', 'grpoffline', 'join', 'leave'];

/**
 * A pushed presence change. Unknown types are dropped (reported: a newer server may invent some); room types
 * (`grponline`, `grpoffline`, `join`, `leave`) need the room in `to`.
 */
export const normalizePresence = shape('bad_presence', [
  ['type', keyword(PRESENCE_TYPES), REQUIRED],
  ['from', idOf, REQUIRED],
  ['to', (v, p) => idOf(v) ?? (PRESENCE_TYPES.indexOf(p.type as PresenceType) > 2 ? undefined : null), REQUIRED],
  ['nick', nameOf],
  ['show', (v) => (typeof v === 'string' && v.trim() ? normalizeShow(v) : undefined)],
  ['status', textOf()],
]) as unknown as ItemNormalizer<PresenceUpdate>;

/**
 * A pushed typing status: `typing` or `clear` (blank clears); any other text (v3 servers send display text such
 * as "xxx is typing…") means typing and is kept in `text`.
 */
export const normalizeStatus = shape('bad_status', [
  ['from', idOf, REQUIRED],
  ['to', idOf, REQUIRED],
  [
    'show',
    (v, status) => {
      if (typeof v !== 'string') return;
      const text = v.trim();
      const word = text.toLowerCase();
      if (!/^(typing|clear|)$/.test(word)) status.text = cut(text, 500);
      return /^(clear|)$/.test(word) ? 'clear' : 'typing';
    },
    REQUIRED,
  ],
  ['nick', nameOf],
]) as unknown as ItemNormalizer<TypingStatus>;

/** Trimmed text that is not blank. */
const trimmed = (max: number) => (v: unknown) => textOf(max, false)(v)?.trim();
const readMqtt = shape('bad_connection', [
  ['username', trimmed(512), REQUIRED],
  ['password', trimmed(4096), REQUIRED],
  [
    'keepalive',
    (v) => {
      const n = countOf(v);
      return n && n <= 65535 ? n : undefined;
    },
    CHECKED,
  ],
]);

/** `connection.mqtt`: usable with a login and at least one usable node URL (bad URLs are dropped, reported). */
function mqttOf(v: unknown): MqttConnection | undefined {
  const errors: Errors = [];
  const c = readMqtt(v, errors, 'connection.mqtt') as MqttConnection | null;
  const raw = get(v, 'urls');
  const urls = isArray(raw)
    ? raw
        .slice(0, 16)
        .map(socketUrlOf)
        .filter((url) => url !== undefined)
    : [];
  return c && urls.length > 0 ? { ...c, urls } : undefined;
}

const readConnection = shape(
  'bad_connection',
  [
    ['ticket', trimmed(4096), REQUIRED],
    ['domain', trimmed(512), EXPECTED],
    ['jsonpd jsonp server', pollUrlOf, CHECKED],
    ['websocket', socketUrlOf, CHECKED],
    ['mqtt', mqttOf, CHECKED],
  ],
  { domain: '' },
);

/**
 * The connection of an online reply. The long-poll URL is `jsonpd` (v5), `jsonp` (some v5 servers) or `server`
 * (v3), first usable wins; `websocket` may be ws(s) or http(s) (converted); `mqtt` (broker mode) needs a login and a
 * usable node URL. Without a ticket it is unusable
 * (null); a missing domain or push URL is reported and the connection kept.
 */
export function normalizeConnection(raw: unknown, errors: Errors, path: string): Connection | null {
  const c = readConnection(raw, errors, path) as Connection | null;
  if (c && !c.jsonpd && !c.websocket && !c.mqtt) fail(errors, 'bad_connection', path, raw);
  return c;
}

const readSettings = shape(
  'bad_reply',
  [
    ...['play_sound', 'buddy_sticky', 'minimize_layout', 'msg_auto_pop', 'desktop_notify'].map((key): Field => [
      key,
      flagOf,
      CHECKED,
    ]),
    ['locale', (v) => (typeof v === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? v : undefined), CHECKED],
  ],
  {},
  true,
);

/**
 * Saved settings: an object or its JSON text. Only known keys survive; booleans may be written the PHP way;
 * `locale` must look like a language tag. A wrong type drops that key (reported); unknown keys are ignored (other
 * clients may store their own). null (reported) when unusable.
 */
export function normalizeSettings(raw: unknown, errors: Errors, path: string): Partial<Settings> | null {
  const o = objectOf(raw, errors, path, 'bad_reply', 65536);
  return o && readSettings(o, errors, path);
}

/**
 * A site notification `{text, link?, time?}`: text required; a link that is not http(s) or relative, or a time
 * that is not a timestamp (ms or Unix seconds), is dropped (reported), not the notification.
 */
export const normalizeNotification = shape('bad_reply', [
  ['text', textOf(2000, false), REQUIRED],
  ['link', linkOf, CHECKED],
  ['time', timestampOf, CHECKED],
]) as unknown as ItemNormalizer<SiteNotification>;
