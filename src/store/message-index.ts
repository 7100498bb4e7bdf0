import { messageContentKey } from '../protocol/keys';
import type { Message } from '../protocol/types';

/**
 * Copies of one own message whose server restamped it (no client id on one side) are matched within this window.
 */
export const OWN_RESTAMP_WINDOW_MS = 120_000;

/**
 * Lookup tables over one conversation's message list, so that finding a copy's entry never scans the list: by local
 * `id`, by `serverId`, by sender and client id, by content (the legacy identity) and — for own messages — by
 * type/receiver/body (a restamped echo). Built once per list (O(n)), then kept in step with each merge.
 */
export interface MessageIndex {
  /** The user the own-message table was built for. */
  readonly me: string;
  readonly byId: Map<string, Message>;
  readonly byServerId: Map<number, Message>;
  readonly bySender: Map<string, Message>;
  readonly byContent: Map<string, Message[]>;
  readonly ownByText: Map<string, Message[]>;
}

/** One sender's client id: a client id alone never identifies a message (another sender may reuse it). */
export const senderKey = (from: string, clientId: string): string => `${from}\n${clientId}`;
const textKey = (m: Message): string => `${m.type}\n${m.to}\n${m.body}`;

/**
 * Indexes follow the list they describe: a merge hands its index on to the new list, and a list written by anything
 * else (a snapshot restored, a cleared history) simply has none yet and gets one built on first use.
 */
const indexes = new WeakMap<readonly Message[], MessageIndex>();

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.get(key)?.push(value) ?? map.set(key, [value]);
const pull = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  const i = list?.indexOf(value) ?? -1;
  if (i < 0) return;
  if (list!.length === 1) map.delete(key);
  else list!.splice(i, 1);
};
/** Deletes `key` only while it still points at `value` (a later copy may have taken the key over). */
const drop = <K, V>(map: Map<K, V>, key: K, value: V) => map.get(key) === value && map.delete(key);

export function addToIndex(index: MessageIndex, m: Message): void {
  if (!index.byId.has(m.id)) index.byId.set(m.id, m);
  if (m.serverId !== undefined && !index.byServerId.has(m.serverId)) index.byServerId.set(m.serverId, m);
  if (m.clientId) {
    const key = senderKey(m.from, m.clientId);
    if (!index.bySender.has(key)) index.bySender.set(key, m);
  }
  push(index.byContent, messageContentKey(m), m);
  if (m.from === index.me) push(index.ownByText, textKey(m), m);
}

export function removeFromIndex(index: MessageIndex, m: Message): void {
  drop(index.byId, m.id, m);
  if (m.serverId !== undefined) drop(index.byServerId, m.serverId, m);
  if (m.clientId) drop(index.bySender, senderKey(m.from, m.clientId), m);
  pull(index.byContent, messageContentKey(m), m);
  if (m.from === index.me) pull(index.ownByText, textKey(m), m);
}

/** The index of `list` for user `me`, built when the list has none (or one built for another user). */
export function indexOf(list: readonly Message[], me: string): MessageIndex {
  let index = indexes.get(list);
  if (index?.me === me) return index;
  index = {
    me,
    byId: new Map(),
    byServerId: new Map(),
    bySender: new Map(),
    byContent: new Map(),
    ownByText: new Map(),
  };
  for (const m of list) addToIndex(index, m);
  indexes.set(list, index);
  return index;
}

/** Hands `from`'s index on to `to` (a merged copy of it). */
export function moveIndex(from: readonly Message[], to: readonly Message[], index: MessageIndex): void {
  indexes.delete(from);
  indexes.set(to, index);
}

/** Two copies that both carry a server id are one message only if the ids agree. */
const serverIdsAgree = (a: Message, b: Message): boolean =>
  a.serverId === undefined || b.serverId === undefined || a.serverId === b.serverId;

/**
 * The entry that is the same message as `m`, or undefined. Same means, in this order: the same server id from the
 * same sender; the same sender with the same client id; the same local id from the same sender; the same content at
 * the same timestamp (legacy servers: a pushed copy with a client id and a history copy without); or — own messages
 * only — same type/receiver/body within {@link OWN_RESTAMP_WINDOW_MS} with exactly one copy carrying a client id
 * (the server restamped our pending copy when it stored it), the closest one not already `claimed` in this batch.
 * Never a client id alone: another sender may post with the same one (issue 12, finding 7).
 */
export function findInIndex(index: MessageIndex, m: Message, claimed?: ReadonlySet<string>): Message | undefined {
  const bySame = (e: Message | undefined) =>
    e && e.from === m.from && e.type === m.type && serverIdsAgree(e, m) ? e : undefined;
  if (m.serverId !== undefined) {
    const e = index.byServerId.get(m.serverId);
    // The same server id from someone else is a forgery or a server bug: never the same message.
    if (e) return e.from === m.from ? e : undefined;
  }
  const found =
    (m.clientId && bySame(index.bySender.get(senderKey(m.from, m.clientId)))) || (m.id && bySame(index.byId.get(m.id)));
  if (found) return found;
  const content = index.byContent.get(messageContentKey(m));
  if (content)
    for (let i = content.length; i--;) {
      const e = content[i]!;
      // Two different client ids at the same time with the same text are two sends.
      if (!(e.clientId && m.clientId) && e.to === m.to && e.body === m.body && serverIdsAgree(e, m)) return e;
    }
  if (m.from !== index.me) return undefined;
  let best: Message | undefined;
  let bestDistance = OWN_RESTAMP_WINDOW_MS;
  for (const e of index.ownByText.get(textKey(m)) ?? []) {
    const d = Math.abs(e.timestamp - m.timestamp);
    if (!e.clientId === !m.clientId || claimed?.has(e.id) || !serverIdsAgree(e, m)) continue;
    // The closest; of two equally close, the older.
    if (d < bestDistance || (d === bestDistance && (!best || e.timestamp < best.timestamp))) {
      best = e;
      bestDistance = d;
    }
  }
  return best;
}

/** Index of the first entry with `timestamp > t`: inserting there keeps arrival order among equal stamps. */
export function after(list: readonly Message[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.timestamp > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Where `m` goes in `list`: after every entry with an earlier timestamp, and among entries with the same timestamp
 * (senders stamp their own messages, and a fast sender stamps several in one millisecond) in server order — before
 * those with a greater server id — so that the order never depends on which path (push, sync, history) brought a
 * copy first. Without a server id (an own message not yet sent), after them all.
 */
export function insertionPoint(list: readonly Message[], m: Message): number {
  let at = after(list, m.timestamp);
  if (m.serverId === undefined) return at;
  // Back through the run of equal timestamps, past entries without a server id, to the first one not after `m`
  // (in a run already in server order this stops at once: a flood appends in O(1)).
  for (let k = at - 1; k >= 0; k--) {
    const e = list[k]!;
    if (e.timestamp !== m.timestamp) break;
    if (e.serverId === undefined) continue;
    if (e.serverId <= m.serverId) break;
    at = k;
  }
  return at;
}

/** Where entry `m` sits in `list` (by binary search on its timestamp), or -1. */
export function positionOf(list: readonly Message[], m: Message): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.timestamp < m.timestamp) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length && list[i]!.timestamp === m.timestamp; i++) if (list[i] === m) return i;
  return -1;
}

/** A local id no other entry uses: `base`, else (another sender's message holds it) qualified by sender, then counted. */
export function freeId(index: MessageIndex, base: string, m: Message): string {
  if (!index.byId.has(base)) return base;
  const qualified = m.clientId && base === `c:${m.clientId}` ? `c:${m.from}:${m.clientId}` : base;
  let id = qualified;
  for (let n = 2; index.byId.has(id); n++) id = `${qualified}#${n}`;
  return id;
}
