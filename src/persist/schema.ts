import { parseConversationKey } from '../protocol/keys';
import { DEFAULT_SETTINGS, SHOWS } from '../protocol/types';
import type { ActionType } from '../store/actions';
import type { TabMessage } from './types';
import { attempt } from './util';

/**
 * The one reader of untrusted stored or broadcast data (IndexedDB, sessionStorage, BroadcastChannel): another
 * script of the site can write any of them. A value is walked against a `Shape` and comes back as a fresh copy
 * holding only the fields the shape names, or `read` throws; callers catch once at the top (`attempt`), which also
 * covers throwing getters and hostile proxies. Our own data is never read back through here (no checks on save).
 *
 * A shape is one of:
 * - a type code: `s` string, `i` non-empty string (ids), `n` finite number, `c` count (integer ≥ 0), `b` boolean,
 *   `k` conversation key;
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
const PICTURES = 'avatar?:s defaultAvatar?:s url?:s';
const STATUS = 'status?:s statusTime?:s';
const MEMBER = `id:i nick:s presence:online|offline show:${SHOW}`;
const BUDDY = record(`${MEMBER} ${STATUS} group?:s ${PICTURES} incomplete:b visitor:b`);
const MESSAGE = record(
  'id:i clientId?:s type:chat|grpchat|broadcast from:s to:s nick:s toNick?:s body:s style?:s timestamp:n status:pending|sent|failed offline?:b',
);
const SESSION = orNull(
  record('me:i skew:n aliveAt:n', { connection: record('domain:s ticket:i jsonpd?:s websocket?:s') }),
);
const SETTINGS = record('play_sound?:b buddy_sticky?:b minimize_layout?:b msg_auto_pop?:b desktop_notify?:b locale?:s');

/** `StoreState`; its field names are also the store signals `captureState`/`applyState` copy. */
export const STATE = record('minimized:b notificationsSeenAt:n', {
  user: orNull(record(`id:i nick:s show:${SHOW} ${STATUS} ${PICTURES}`)),
  buddies: [BUDDY],
  strangers: [BUDDY],
  rooms: [record(`id:i nick:s ${PICTURES} allCount:c count:c blocked:b temporary:b`)],
  members: [['i', [record(MEMBER)]]],
  conversations: [record('key:k hasMore:b loaded:b', { messages: [MESSAGE] })],
  unread: [['k', 'c']],
  tabs: ['k'],
  activeTab: orNull('k'),
  pane: orNull('buddies|rooms|notifications|settings'),
  drafts: [['k', 's']],
  // Known settings are checked; missing ones take their defaults.
  settings: (v: unknown) => ({ ...DEFAULT_SETTINGS, ...read<object>(v, SETTINGS) }),
  notifications: [record('text:s link?:s time?:n')],
  // Added with issue 16; snapshots written before it have none (optional, so they still load).
  'channels?': [['i', record('id:i nick:s url?:s')]],
  'invitations?': [record('roomId:i roomNick:s from:i nick:s timestamp:n')],
  'channelPosts?': [record('id:i channel:i from?:s nick?:s body:s link?:s timestamp:n')],
});

/** `Snapshot` in the current schema (`migrate` checks the version first). */
export const SNAPSHOT = record('version:c uid:i savedAt:n', {
  state: STATE,
  outbox: [{ key: 'k', message: MESSAGE }],
  session: SESSION,
});

/**
 * Every `Action['type']`: an action from another tab must have one of them (its payload is the reducer's to check,
 * as for any input). `ListsEveryAction` fails to compile until a new action type is listed here.
 */
const ACTION_TYPES =
  'online|packet|offline|connection|message/add|message/update|history|history/loading|history/clear|tab/open|tab/close|tab/activate|read|draft|pane|minimize|settings|self|buddies|strangers|room|room/remove|members|notifications|notifications/seen|invitation/remove|channel|typing/sweep';
type Words<S extends string> = S extends `${infer Word}|${infer Rest}` ? Word | Words<Rest> : S;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ListsEveryAction = Assert<Same<Words<typeof ACTION_TYPES>, ActionType>>;

/** `TabMessage` by kind. */
export const MESSAGES: Record<TabMessage['kind'], Shape> = {
  action: {
    action: (v) => {
      read(v, { type: ACTION_TYPES });
      return v;
    },
  },
  'state-request': record('from:i'),
  state: record('to:i', {
    state: STATE,
    session: SESSION,
    connection: record(
      'state:idle|connecting|connected|reconnecting|offline|stopped reason?:s nextRetryAt?:n attempt?:c transport?:websocket|jsonp',
    ),
  }),
  session: { session: SESSION },
  command: record('command:online|offline|reconnect'),
};

/**
 * A checked `TabMessage`, or null. `state` and `session` payloads are checked in full (fresh copies); an `action`
 * only for a known `type`.
 */
export const readTabMessage = (value: unknown): TabMessage | null => attempt(() => readKind(value, MESSAGES));
