import { messageConversation, messageId } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import type { ReduceContext } from './actions';
import { conversation, patchConversation, person, same, setIn, stranger, upsert } from './signals';
import type { Store } from './types';
import {
  addToIndex,
  findInIndex,
  freeId,
  indexOf,
  insertionPoint,
  moveIndex,
  positionOf,
  removeFromIndex,
  senderKey,
  type MessageIndex,
} from './message-index';

export { OWN_RESTAMP_WINDOW_MS } from './message-index';

/**
 * A conversation keeps at most this many messages in memory while its reader follows the newest ones; older ones
 * page in again from the server (`loadHistory`) when the reader scrolls up.
 */
export const MESSAGE_CAP = 500;
/**
 * A reader who paged older history in keeps all of it (see {@link trimConversation}) up to this many messages, so a
 * flood while reading can neither pull the rows being read away nor grow memory without bound.
 */
export const EXPANDED_MESSAGE_CAP = 10_000;

/** Where copies come from: `push` (live server copies), `history` (server copies, never news), `local` (own). */
export type MessageSource = 'push' | 'history' | 'local';

/** A live message that entered the store (`was` absent) or changed (`was`: the entry before). */
export interface MessageChange {
  key: ConversationKey;
  message: Message;
  was?: Message;
}

/**
 * Index in `list` of the entry that is the same message as `m`, or -1 (the identity rule: {@link findInIndex}).
 * `claimed` holds entries already matched by earlier copies of one batch, so two distinct server copies never fold
 * into one local message through the fuzzy rule. O(log n): the list's index is built once and then kept current.
 */
export function findMessage(list: readonly Message[], m: Message, me: string, claimed?: ReadonlySet<string>): number {
  const e = findInIndex(indexOf(list, me), m, claimed);
  return e ? positionOf(list, e) : -1;
}

/** Puts `next` where `was` is (or inserts it), moved to its place when the timestamp changed; index kept current. */
function place(list: Message[], index: MessageIndex, was: Message | undefined, next: Message): void {
  const i = was ? positionOf(list, was) : -1;
  if (was) removeFromIndex(index, was);
  if (i >= 0 && was!.timestamp === next.timestamp) list[i] = next;
  else {
    if (i >= 0) list.splice(i, 1);
    list.splice(insertionPoint(list, next), 0, next);
  }
  addToIndex(index, next);
}

/**
 * Merges one copy into `list` in place. A server copy brings the timestamp, `sent`, its server id and its sender's
 * nick (the identity rule guarantees the same sender); a local copy never overrides what the server said. The body
 * always stays the first copy's. Returns what changed.
 */
function merge(
  list: Message[],
  index: MessageIndex,
  m: Message,
  from: MessageSource,
  claimed: Set<string>,
): [Message, Message?] | undefined {
  const server = from !== 'local';
  if (!m.id) m = { ...m, id: messageId(m) };
  const was = findInIndex(index, m, claimed);
  let next: Message;
  if (was) {
    next = { ...was };
    // A live copy (push, sync) of a message shown from history only so far: announced now.
    if (from !== 'history') delete next.unannounced;
    if (!was.clientId && m.clientId) {
      next.clientId = m.clientId;
      removeFromIndex(index, was);
      next.id = freeId(index, `c:${m.clientId}`, next);
      addToIndex(index, was);
    }
    if (server) {
      next.timestamp = m.timestamp;
      next.status = 'sent';
      if (m.nick && m.from === was.from) next.nick = m.nick;
      next.toNick ??= m.toNick;
      next.serverId ??= m.serverId;
    } else if (was.status !== 'sent') next.status = m.status;
    next.style ??= m.style;
    next.offline ??= m.offline;
  } else {
    next = server ? { ...m, status: 'sent' } : m;
    // Shown from history before any live copy announced it (a follower's page, a login's slice): still news then.
    if (from === 'history') next = { ...next, unannounced: true };
    const id = freeId(index, m.id, m);
    if (id !== m.id) next = { ...next, id };
  }
  claimed.add(next.id);
  if (was && same(was, next)) return;
  place(list, index, was, next);
  // The first live copy of a message known only from history is announced as new.
  return [next, was?.unannounced && from === 'push' ? undefined : was];
}

/**
 * Drops the oldest server copies beyond `cap` (never splitting messages that share a timestamp, so paging with
 * `before` = the oldest kept server copy's timestamp finds every dropped one again). The user's own unsent messages
 * (`pending`, `failed`) always stay, wherever they are: the outbox sends what the store holds, and nothing else has
 * them (a burst typed faster than it is sent would otherwise lose its oldest). Returns whether any went.
 */
function trim(list: Message[], index: MessageIndex, cap: number): boolean {
  let cut = list.length - cap;
  if (cut <= 0) return false;
  const stamp = list[cut - 1]!.timestamp;
  let forward = cut;
  while (forward < list.length && list[forward]!.timestamp === stamp) forward++;
  if (forward < list.length) cut = forward;
  else while (cut > 0 && list[cut]!.timestamp === stamp) cut--;
  if (cut <= 0) return false;
  const unsent: Message[] = [];
  for (const m of list.slice(0, cut))
    if (m.status === 'sent') removeFromIndex(index, m);
    else unsent.push(m);
  list.splice(0, cut, ...unsent);
  return unsent.length < cut;
}

/**
 * Merges messages into their conversations: one working copy and one signal write per conversation. New live
 * messages from others (not copies of known ones) clear their sender's typing, make a non-buddy sender a
 * stranger, count as unread unless seen or from a blocked room, and with `msg_auto_pop` get a tab (not activated).
 */
export function applyMessages(
  s: Store,
  messages: readonly Message[],
  ctx: ReduceContext,
  from: MessageSource,
  out: MessageChange[],
  key?: ConversationKey,
): void {
  const groups = new Map<ConversationKey, Message[]>();
  for (const m of messages) {
    const k = key ?? messageConversation(m, ctx.me);
    groups.get(k)?.push(m) ?? groups.set(k, [m]);
  }
  for (const [k, group] of groups) {
    const entity = conversation(s, k);
    const c = entity.peek();
    const index = indexOf(c.messages, ctx.me);
    const list = c.messages.slice();
    const claimed = new Set<string>();
    const changes: MessageChange[] = [];
    for (const m of group) {
      const r = merge(list, index, m, from, claimed);
      if (r) changes.push({ key: k, message: r[0], was: r[1] });
    }
    if (changes.length) {
      // Live messages keep the newest ones in memory; a reader's older pages stay until they come back down.
      const trimmed = from !== 'history' && trim(list, index, c.expanded ? EXPANDED_MESSAGE_CAP : MESSAGE_CAP);
      moveIndex(c.messages, list, index);
      entity.value = { ...c, messages: list, hasMore: c.hasMore || trimmed };
    }
    if (from === 'history') continue;
    out.push(...changes);
    for (const { message: m, was } of changes) if (!was && m.from !== ctx.me) incoming(s, k, m, ctx);
  }
}

function incoming(s: Store, key: ConversationKey, m: Message, ctx: ReduceContext): void {
  stopTyping(s, key, m.from);
  if (m.type === 'chat' && !person(s, m.from)) upsert(s.strangers, [stranger(m.from, true, m.nick)]);
  if (m.type === 'grpchat' && s.rooms.peek().get(m.to)?.peek().blocked) return;
  if (!ctx.isSeen(key)) setIn(s.unread, key, (s.unread.peek().get(key) ?? 0) + 1);
  if (s.settings.peek().msg_auto_pop) addTab(s, key);
}

/** Adds a tab at the end of the bar, once (its conversation too). */
export function addTab(s: Store, key: ConversationKey): void {
  conversation(s, key);
  if (!s.tabs.peek().includes(key)) s.tabs.value = [...s.tabs.peek(), key];
}

/** Removes `from`'s typing indicator in `key` (their message arrived, or they cleared). */
export function stopTyping(s: Store, key: ConversationKey, from: string): void {
  const list = s.typing.peek().get(key);
  const rest = list?.filter((e) => e.from !== from);
  if (rest && rest.length < list!.length) setIn(s.typing, key, rest.length ? rest : undefined);
}

/** `history`: a page merges by identity (never news); the conversation is loaded and its error cleared. */
export function mergeHistory(
  s: Store,
  key: ConversationKey,
  messages: readonly Message[],
  hasMore: boolean,
  ctx: ReduceContext,
  older = false,
): void {
  applyMessages(s, messages, ctx, 'history', [], key);
  const c = conversation(s, key).peek();
  // An older page the reader asked for is kept beyond the cap until they are back at the newest messages.
  const expanded = c.expanded || (older && c.messages.length > MESSAGE_CAP) || undefined;
  patchConversation(s, key, { hasMore, loaded: true, loading: false, error: undefined, expanded });
}

/**
 * The reader is back at the newest messages (or closed the window): the conversation goes back to its newest
 * {@link MESSAGE_CAP} messages; what went is older history again.
 */
export function trimConversation(s: Store, key: ConversationKey, me: string): void {
  const entity = s.conversations.peek().get(key);
  const c = entity?.peek();
  if (!c || (!c.expanded && c.messages.length <= MESSAGE_CAP)) return;
  const index = indexOf(c.messages, me);
  const list = c.messages.slice();
  const trimmed = trim(list, index, MESSAGE_CAP);
  moveIndex(c.messages, list, index);
  entity!.value = { ...c, messages: list, hasMore: c.hasMore || trimmed, expanded: undefined };
}

/** `message/update`: settles or corrects one own message by id (or client id); moves it when restamped. */
export function updateMessage(
  s: Store,
  key: ConversationKey,
  id: string,
  patch: Partial<Message>,
  me: string,
  out: MessageChange[],
): void {
  const entity = s.conversations.peek().get(key);
  if (!entity) return;
  const c = entity.peek();
  const index = indexOf(c.messages, me);
  // Only own messages are settled (by the outbox, which names them `c:<client id>`; one may have kept another id).
  const own = id.startsWith('c:') ? index.bySender.get(senderKey(me, id.slice(2))) : undefined;
  const byId = index.byId.get(id);
  // (Entries not yet sent are own by construction: every server copy is `sent`.)
  const was = own ?? (byId && (byId.from === me || byId.status !== 'sent') ? byId : undefined);
  if (!was) return;
  const next = { ...was, ...patch };
  if (same(was, next)) return;
  const list = c.messages.slice();
  place(list, index, was, next);
  moveIndex(c.messages, list, index);
  entity.value = { ...c, messages: list };
  out.push({ key, message: next, was });
}
