import { messageContentKey, messageId } from '../protocol/keys';
import type { Message } from '../protocol/types';

/**
 * A conversation's message list: ascending by timestamp, at most one entry per message identity.
 *
 * Two copies are the same message when (in this order):
 * 1. their ids match (`c:<clientId>` for copies that carry a client id, else the content key);
 * 2. their content keys match (a pushed copy with `client_id` and a history copy without it);
 * 3. for own messages only: same type/from/to/body, timestamps within {@link OWN_RESTAMP_WINDOW_MS}, and exactly
 *    one of the two carries a client id — the server restamped our pending copy when it stored it.
 */

/** How far a server may move the timestamp of an own message and the copies still count as one. */
export const OWN_RESTAMP_WINDOW_MS = 2 * 60_000;

/** Where a copy comes from: `server` copies (push, history, login) carry the authoritative timestamp. */
export type MessageSource = 'server' | 'local';

/** Index of the first message with `timestamp >= t`. */
export function lowerBound(list: readonly Message[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first message with `timestamp > t`: inserting there keeps arrival order among equal stamps. */
export function upperBound(list: readonly Message[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.timestamp <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two copies that both carry client ids are different sends unless the ids are equal. */
function clientIdsConflict(a: Message, b: Message): boolean {
  return a.clientId !== undefined && b.clientId !== undefined && a.clientId !== b.clientId;
}

/**
 * Index of the entry in `list` that is the same message as `m`, or -1.
 * `claimed` holds ids already matched by earlier copies of the same batch, so that two distinct server copies
 * never fold into one local message through the fuzzy rule.
 */
export function findMessageIndex(list: readonly Message[], m: Message, me: string, claimed?: ReadonlySet<string>): number {
  const id = m.id || messageId(m);
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    if (e.id === id || (m.clientId !== undefined && e.clientId === m.clientId)) return i;
  }
  const contentKey = messageContentKey(m);
  for (let i = lowerBound(list, m.timestamp); i < list.length && list[i]!.timestamp === m.timestamp; i++) {
    const e = list[i]!;
    if (!clientIdsConflict(e, m) && messageContentKey(e) === contentKey) return i;
  }
  if (m.from !== me) return -1;
  let best = -1;
  let bestDelta = Infinity;
  const end = m.timestamp + OWN_RESTAMP_WINDOW_MS;
  for (let i = lowerBound(list, m.timestamp - OWN_RESTAMP_WINDOW_MS); i < list.length && list[i]!.timestamp <= end; i++) {
    const e = list[i]!;
    if (e.from !== me || e.type !== m.type || e.to !== m.to || e.body !== m.body) continue;
    if ((e.clientId === undefined) === (m.clientId === undefined)) continue;
    if (claimed?.has(e.id)) continue;
    const delta = Math.abs(e.timestamp - m.timestamp);
    if (delta < bestDelta) {
      best = i;
      bestDelta = delta;
    }
  }
  return best;
}

/**
 * One message from two copies. A server copy brings the authoritative timestamp and settles the status to
 * `sent`; a local copy never overrides what the server said. The client id survives from either copy, and the
 * id follows it (so `message/update` by `c:<clientId>` keeps finding the entry). Returns `existing` itself when
 * nothing changes.
 */
export function mergeCopies(existing: Message, incoming: Message, source: MessageSource): Message {
  const clientId = existing.clientId ?? incoming.clientId;
  const merged: Message = { ...existing };
  if (clientId !== undefined) {
    merged.clientId = clientId;
    merged.id = `c:${clientId}`;
  }
  if (source === 'server') {
    merged.timestamp = incoming.timestamp;
    merged.status = 'sent';
    if (incoming.nick) merged.nick = incoming.nick;
    if (merged.toNick === undefined && incoming.toNick !== undefined) merged.toNick = incoming.toNick;
  } else if (existing.status !== 'sent' && incoming.status !== existing.status) {
    merged.status = incoming.status;
  }
  if (merged.style === undefined && incoming.style !== undefined) merged.style = incoming.style;
  if (merged.offline === undefined && incoming.offline !== undefined) merged.offline = incoming.offline;
  return sameMessage(existing, merged) ? existing : merged;
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.id === b.id &&
    a.clientId === b.clientId &&
    a.timestamp === b.timestamp &&
    a.status === b.status &&
    a.nick === b.nick &&
    a.toNick === b.toNick &&
    a.style === b.style &&
    a.offline === b.offline
  );
}

export interface MergeOutcome {
  /** The entry now in the list for this message. */
  message: Message;
  /** A new entry was added (not a copy of one already there). */
  inserted: boolean;
  /** The list changed (insert, or an entry was updated/moved). */
  changed: boolean;
}

/**
 * Merges one copy into `list` **in place** (callers pass a working copy): inserts at its place by binary search,
 * or folds it into the entry it duplicates and moves that entry if its timestamp changed.
 */
export function mergeMessageInto(
  list: Message[],
  incoming: Message,
  me: string,
  source: MessageSource,
  claimed: Set<string> = new Set(),
): MergeOutcome {
  const m = incoming.id ? incoming : { ...incoming, id: messageId(incoming) };
  const i = findMessageIndex(list, m, me, claimed);
  if (i < 0) {
    const added: Message = source === 'server' && m.status !== 'sent' ? { ...m, status: 'sent' } : m;
    list.splice(upperBound(list, added.timestamp), 0, added);
    claimed.add(added.id);
    return { message: added, inserted: true, changed: true };
  }
  const existing = list[i]!;
  const merged = mergeCopies(existing, m, source);
  claimed.add(merged.id);
  if (merged === existing) return { message: existing, inserted: false, changed: false };
  if (merged.timestamp === existing.timestamp) {
    list[i] = merged;
  } else {
    list.splice(i, 1);
    list.splice(upperBound(list, merged.timestamp), 0, merged);
  }
  return { message: merged, inserted: false, changed: true };
}

/**
 * Applies a patch **in place** to the entry with this id (or client id); moves it when its timestamp changed.
 * Returns whether the list changed.
 */
export function patchMessageIn(
  list: Message[],
  id: string,
  patch: Partial<Pick<Message, 'status' | 'timestamp' | 'offline'>>,
): boolean {
  const i = list.findIndex((e) => e.id === id || (e.clientId !== undefined && `c:${e.clientId}` === id));
  if (i < 0) return false;
  const existing = list[i]!;
  const next: Message = { ...existing, ...patch };
  if (sameMessage(existing, next)) return false;
  if (next.timestamp === existing.timestamp) {
    list[i] = next;
  } else {
    list.splice(i, 1);
    list.splice(upperBound(list, next.timestamp), 0, next);
  }
  return true;
}
