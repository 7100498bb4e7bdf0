import { ProtocolError } from '../protocol/errors';
import { parseConversationKey } from '../protocol/keys';
import { MAX_BODY_LENGTH, normalizeConnection } from '../protocol/normalize';
import { imageOf, linkOf } from '../protocol/read';
import { DEFAULT_SETTINGS, SHOWS } from '../protocol/types';
import type { ActionType } from '../store/actions';
import type { Buddy, Message, Room, RoomMember, SiteNotification, User } from '../protocol/types';
import type { ConnectionStatus } from '../store/types';
import type { SessionInfo, Snapshot, StoreState, TabMessage } from './types';
import { attempt } from './util';

/**
 * The one reader of untrusted stored or broadcast data (IndexedDB, sessionStorage, BroadcastChannel): another
 * script of the site can write any of them. A value is walked against a `Shape` and comes back as a fresh copy
 * holding only the fields the shape names, or `read` throws; callers catch once at the top (`attempt`), which also
 * covers throwing getters and hostile proxies. Our own data is never read back through here (no checks on save).
 *
 * A shape is one of:
 * - a type code: `s` string, `i` non-empty string (ids), `n` finite number, `c` count (integer ≥ 0), `b` boolean,
 *   `k` conversation key, `u` link and `g` image URL (the network normalisers' own URL rules: http(s) or relative,
 *   images also inline png/gif/jpeg/webp; never `javascript:` or `data:text/html`);
 * - any other string: the `|`-separated words the value must be one of;
 * - `[shape]`: a list of at most 100,000 items; `[keyShape, valueShape]`: a pair (maps travel as lists of pairs);
 * - an object: its fields (a name ending in `?` may be absent, and then stays absent); `record()` writes one;
 * - a function: a reader of its own (returns the value or throws).
 */
export type Shape = string | readonly Shape[] | { readonly [field: string]: Shape } | ((value: unknown) => unknown);

const TYPES: Record<string, (value: never) => unknown> = {
  s: (v) => typeof v === 'string',
  i: (v) => typeof v === 'string' && v,
  n: Number.isFinite,
  c: (v: number) => Number.isInteger(v) && v >= 0,
  b: (v) => typeof v === 'boolean',
  k: (v) => typeof v === 'string' && parseConversationKey(v),
  // The URL readers return the URL cleaned; a stored value must already be exactly that (we only store clean ones).
  u: (v) => typeof v === 'string' && linkOf(v) === v,
  g: (v) => typeof v === 'string' && imageOf(v) === v,
};

/** A checked copy of `value` (see `Shape`); throws on any mismatch. */
export function read<T>(value: unknown, shape: Shape): T {
  const v = value as any;
  const s = shape as any;
  if (typeof s === 'function') return s(v);
  if (
    typeof s === 'string'
      ? !(TYPES[s] ? TYPES[s](v as never) : s.split('|').includes(v))
      : // Lists where the shape is a list (pairs of two), records where it is a record.
        !v ||
        typeof v !== 'object' ||
        Array.isArray(v) !== Array.isArray(s) ||
        v.length > 1e5 ||
        (s[1] && v.length !== 2)
  )
    throw TypeError('invalid');
  if (typeof s === 'string') return v;
  if (Array.isArray(s)) return Array.from({ length: v.length }, (_, i) => read(v[i], s[i] ?? s[0])) as T;
  const copy: Record<string, unknown> = {};
  for (const field in s) {
    const name = field.replace('?', '');
    if (v[name] !== undefined || name === field) copy[name] = read(v[name], s[field]);
  }
  return copy as T;
}

/**
 * The fields a record shape of `T` must name: every field of `T` once, as `name?` where `T`'s field is optional.
 * A shape written `{…} satisfies FieldsOf<T>` stops compiling when `T` gains a field the shape does not read, so a
 * new field can never be dropped silently on restore (nor a stale one kept).
 */
export type FieldsOf<T> = {
  [K in keyof T as K extends string ? (undefined extends T[K] ? `${K}?` : K) : never]-?: Shape;
};

/** A record shape written as `'name:code name?:code …'` (codes as in `Shape`), plus `more` fields. */
const record = (fields: string, more?: object): Shape => ({
  ...Object.fromEntries(fields.split(' ').map((f) => f.split(':'))),
  ...more,
});

const orNull = (shape: Shape) => (v: unknown) => (v === null ? v : read(v, shape));

/** A tagged union: `kinds[value.kind]` is the shape of the rest, `common` the fields every kind has. */
export const readKind = <T>(value: unknown, kinds: Record<string, Shape>, common?: Shape): T =>
  read(value, {
    ...(common as object),
    kind: Object.keys(kinds).join('|'),
    ...(kinds[(value as { kind: string }).kind] as object),
  });

const SHOW = SHOWS.join('|');
const PICTURES = { 'avatar?': 'g', 'defaultAvatar?': 'g', 'url?': 'u' } as const;
const STATUS = { 'status?': 's', 'statusTime?': 's' } as const;
const MEMBER = { id: 'i', nick: 's', presence: 'online|offline', show: SHOW } satisfies FieldsOf<RoomMember>;
const BUDDY = {
  ...MEMBER,
  ...STATUS,
  'group?': 's',
  ...PICTURES,
  incomplete: 'b',
  visitor: 'b',
} satisfies FieldsOf<Buddy>;
const USER = { id: 'i', nick: 's', show: SHOW, ...STATUS, ...PICTURES } satisfies FieldsOf<User>;
/** A message body: text no longer than the network reader lets one be. */
const BODY = (v: unknown) => {
  if (typeof v !== 'string' || v.length > MAX_BODY_LENGTH) throw TypeError('invalid body');
  return v;
};
const MESSAGE = {
  id: 'i',
  'clientId?': 's',
  'serverId?': 'n',
  type: 'chat|grpchat|broadcast',
  from: 's',
  to: 's',
  nick: 's',
  'toNick?': 's',
  body: BODY,
  'style?': 's',
  timestamp: 'n',
  status: 'pending|sent|failed',
  'offline?': 'b',
  'error?': 's',
  'unannounced?': 'b',
} satisfies FieldsOf<Message>;
/** A checked copy of a stored message (the archive's records); throws when it is not one we would have stored. */
export const readMessage = (value: unknown): Message => read<Message>(value, MESSAGE);
/**
 * A stored or broadcast connection goes through the network's own reader (`normalizeConnection`): push URLs must be
 * http(s)/ws(s) or relative (a `data:` or `javascript:` long-poll URL would run as script). A field that reader
 * would drop or change makes the whole session unusable: we only ever store clean ones.
 */
const CONNECTION = (v: unknown) => {
  const errors: ProtocolError[] = [];
  const connection = normalizeConnection(v, errors, 'session.connection');
  const copy =
    connection &&
    read<Record<string, unknown>>(
      v,
      // Broker mode's login: its node URLs pass the network reader's check like the push URLs.
      record('domain:s ticket:i jsonpd?:s websocket?:s', {
        'mqtt?': record('username:i password:i keepalive?:c', { urls: ['s'] }),
      }),
    );
  const same = (key: string) => JSON.stringify(copy![key]) === JSON.stringify((connection as never)[key]);
  if (!connection || !copy || !Object.keys(copy).every(same)) throw TypeError('invalid connection');
  return copy;
};
const SESSION = orNull({
  me: 'i',
  connection: CONNECTION,
  skew: 'n',
  aliveAt: 'n',
  'cursor?': 's',
} satisfies FieldsOf<SessionInfo>);
const SETTINGS = record('play_sound?:b buddy_sticky?:b minimize_layout?:b msg_auto_pop?:b desktop_notify?:b locale?:s');
const ROOM = {
  id: 'i',
  nick: 's',
  ...PICTURES,
  allCount: 'c',
  count: 'c',
  blocked: 'b',
  temporary: 'b',
} satisfies FieldsOf<Room>;
const NOTIFICATION = { text: 's', 'link?': 'u', 'time?': 'n' } satisfies FieldsOf<SiteNotification>;
const CONNECTION_STATUS = {
  state: 'idle|connecting|connected|reconnecting|unreachable|offline|stopped',
  'reason?': 's',
  'nextRetryAt?': 'n',
  'attempt?': 'c',
  'transport?': 'websocket|jsonp|mqtt',
} satisfies FieldsOf<ConnectionStatus>;
/**
 * A map of string keys travelling as a plain object (presences, histories): each value read with `shape`. Keys are
 * user ids, so any string is data (`__proto__`, `constructor`): the copy has no prototype to answer for a missing one.
 */
const objectMap = (key: (k: string) => boolean, shape: Shape) => (v: unknown) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw TypeError('invalid map');
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(v)) {
    if (!key(k)) throw TypeError('invalid key');
    out[k] = read((v as Record<string, unknown>)[k], shape);
  }
  return out;
};

const CHANNEL = record('id:i nick:s url?:u');
const FOLLOWED_CHANNEL = record('id:i nick:s url?:u pending?:b');
const INVITATION = record('roomId:i roomNick:s from:i nick:s timestamp:n serverId?:c');
const CHANNEL_POST = record('id:i channel:i from?:s nick?:s body:s link?:u timestamp:n');

/** `StoreState`; its field names are also the store signals `captureState`/`applyState` copy. */
export const STATE = {
  minimized: 'b',
  notificationsSeenAt: 'n',
  user: orNull(USER),
  buddies: [BUDDY],
  strangers: [BUDDY],
  rooms: [ROOM],
  members: [['i', [MEMBER]]],
  conversations: [
    { key: 'k', hasMore: 'b', loaded: 'b', messages: [MESSAGE] } satisfies FieldsOf<
      StoreState['conversations'][number]
    >,
  ],
  unread: [['k', 'c']],
  tabs: ['k'],
  activeTab: orNull('k'),
  pane: orNull('buddies|rooms|notifications|settings'),
  drafts: [['k', 's']],
  // Known settings are checked; missing ones take their defaults.
  settings: (v: unknown) => ({ ...DEFAULT_SETTINGS, ...read<object>(v, SETTINGS) }),
  notifications: [NOTIFICATION],
  // Added with issue 16; snapshots written before it have none (optional, so they still load).
  'channels?': [['i', FOLLOWED_CHANNEL]],
  'invitations?': [INVITATION],
  'channelPosts?': [CHANNEL_POST],
} satisfies FieldsOf<StoreState>;

/** `Snapshot` in the current schema (`migrate` checks the version first). */
export const SNAPSHOT = {
  version: 'c',
  uid: 'i',
  savedAt: 'n',
  'cursor?': 's',
  state: STATE,
  outbox: [{ key: 'k', message: MESSAGE } satisfies FieldsOf<Snapshot['outbox'][number]>],
  session: SESSION,
} satisfies FieldsOf<Snapshot>;

/**
 * Every `Action['type']`: an action from another tab must have one of them (its payload is the reducer's to check,
 * as for any input). `ListsEveryAction` fails to compile until a new action type is listed here.
 */
const ACTION_TYPES =
  'online|packet|offline|connection|message/add|message/update|history|history/loading|history/clear|history/trim|tab/open|tab/close|tab/activate|read|draft|pane|minimize|settings|self|buddies|strangers|room|room/remove|members|notifications|notifications/seen|invitation/remove|channel|typing/sweep';
type Words<S extends string> = S extends `${infer Word}|${infer Rest}` ? Word | Words<Rest> : S;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ListsEveryAction = Assert<Same<Words<typeof ACTION_TYPES>, ActionType>>;

const PRESENCE = record(
  `type:online|offline|show|grponline|grpoffline|join|leave from:i nick?:s show?:${SHOW} status?:s to?:s`,
);
const TYPING = record('from:i to:i nick?:s show:typing|clear text?:s');
const KEYED = { key: 'k' };

/**
 * Every action's payload, as strictly as the network's readers would have it: an action from another tab (any
 * same-origin script can post on our channel) reaches the reducer only as a checked copy of these fields.
 */
export const ACTIONS: Record<ActionType, Shape> = {
  online: {
    me: 'i',
    reply: record('serverTime:n', {
      user: USER,
      connection: CONNECTION,
      buddies: [BUDDY],
      rooms: [ROOM],
      newMessages: [MESSAGE],
      histories: objectMap((k) => !!parseConversationKey(k), [MESSAGE]),
      presences: objectMap((k) => k !== '', SHOW),
      'settings?': SETTINGS,
      'invitations?': [INVITATION],
      'channels?': [CHANNEL],
    }),
  },
  packet: {
    packet: record('status:ok|stopped', {
      messages: [MESSAGE],
      presences: [PRESENCE],
      statuses: [TYPING],
      'invitations?': [INVITATION],
      'channelPosts?': [CHANNEL_POST],
    }),
  },
  offline: {},
  connection: { status: CONNECTION_STATUS },
  'message/add': { ...KEYED, message: MESSAGE },
  'message/update': { ...KEYED, id: 'i', patch: record('status?:pending|sent|failed timestamp?:n offline?:b') },
  history: { ...KEYED, messages: [MESSAGE], hasMore: 'b', 'older?': 'b' },
  'history/loading': record('key:k loading:b error?:s'),
  'history/clear': KEYED,
  'history/trim': KEYED,
  'tab/open': record('key:k activate:b'),
  'tab/close': KEYED,
  'tab/activate': { key: orNull('k') },
  read: KEYED,
  draft: record('key:k text:s'),
  pane: { pane: orNull('buddies|rooms|notifications|settings') },
  minimize: { value: 'b' },
  settings: { patch: SETTINGS },
  self: record(`show:${SHOW} status?:s`),
  buddies: { buddies: [BUDDY] },
  strangers: { people: [BUDDY] },
  room: { room: ROOM },
  'room/remove': { id: 'i' },
  members: { roomId: 'i', members: [MEMBER] },
  notifications: { list: [NOTIFICATION] },
  'notifications/seen': { at: 'n' },
  'invitation/remove': { roomId: 'i' },
  channel: { channel: CHANNEL, followed: 'b', 'pending?': 'b' },
  'typing/sweep': {},
};

/** An action from another tab: a known type with a payload of the right shape (a checked copy), or a throw. */
const readAction = (v: unknown) => {
  const type = read<string>((v as { type?: unknown } | null)?.type, ACTION_TYPES);
  return { ...read<object>(v, ACTIONS[type as ActionType]), type };
};

/** `TabMessage` by kind. */
export const MESSAGES: Record<TabMessage['kind'], Shape> = {
  action: { action: readAction },
  'state-request': record('from:i'),
  state: record('to:i cursor?:s', {
    state: STATE,
    session: SESSION,
    connection: CONNECTION_STATUS,
  }),
  session: { session: SESSION },
  cursor: record('cursor:s'),
  command: record('command:online|offline|reconnect|forget'),
};

/** A checked `TabMessage` (a fresh copy, every payload checked in full, actions by `ACTIONS`), or null. */
export const readTabMessage = (value: unknown): TabMessage | null => attempt(() => readKind(value, MESSAGES));
