import { messageConversation, messageId } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import type { ReduceContext } from './actions';
import { conversation, patchConversation, person, same, setIn, stranger, upsert } from './signals';
import type { Store } from './types';

/**
 * A conversation's messages are ascending by timestamp, one entry per message. Two copies are one message when
 * (in this order) their ids match (`c:<clientId>`, else the content key), or their contents match at the same
 * timestamp (a pushed copy with a client id and a history copy without), or — own messages only — same
 * type/to/body within {@link OWN_RESTAMP_WINDOW_MS} with exactly one copy carrying a client id (the server restamped
 * our pending copy when it stored it).
 */
export const OWN_RESTAMP_WINDOW_MS = 120_000;

/** Where copies come from: `push` (live server copies), `history` (server copies, never news), `local` (own). */
export type MessageSource = 'push' | 'history' | 'local';

/** A live message that entered the store (`was` absent) or changed (`was`: the entry before). */
export interface MessageChange {
  key: ConversationKey;
  message: Message;
  was?: Message;
}

/** Index of the first message with `timestamp > t`: inserting there keeps arrival order among equal stamps. */
const after = (list: readonly Message[], t: number): number => {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].timestamp > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/**
 * Index of the entry that is the same message as `m`, or -1. `claimed` holds entries already matched by earlier
 * copies of one batch, so two distinct server copies never fold into one local message through the fuzzy rule.
 */
export function findMessage(list: readonly Message[], m: Message, me: string, claimed?: ReadonlySet<string>): number {
  let content = -1;
  let fuzzy = -1;
  let best = OWN_RESTAMP_WINDOW_MS;
  for (let i = list.length; i--;) {
    const e = list[i];
    if (e.id === m.id || (m.clientId && e.clientId === m.clientId)) return i;
    if (e.type !== m.type || e.from !== m.from || e.to !== m.to || e.body !== m.body) continue;
    const d = Math.abs(e.timestamp - m.timestamp);
    // Equal client ids matched above, so two of them here are two different sends.
    if (!d && !(e.clientId && m.clientId)) content = i;
    else if (m.from === me && d <= best && !e.clientId !== !m.clientId && !claimed?.has(e.id)) {
      fuzzy = i;
      best = d;
    }
  }
  return content < 0 ? fuzzy : content;
}

/** Puts `next` where `list[i]` (`was`, or nothing when inserting) is, moved to its place when the timestamp changed. */
const place = (list: Message[], i: number, was: Message | undefined, next: Message): void => {
  if (was?.timestamp === next.timestamp) list[i] = next;
  else {
    if (was) list.splice(i, 1);
    list.splice(after(list, next.timestamp), 0, next);
  }
};

/**
 * Merges one copy into `list` in place. A server copy brings the timestamp and `sent`; a local copy never overrides
 * what the server said. The client id survives from either copy and the id follows it. Returns what changed.
 */
function merge(
  list: Message[],
  m: Message,
  me: string,
  server: boolean,
  claimed: Set<string>,
): [Message, Message?] | undefined {
  if (!m.id) m = { ...m, id: messageId(m) };
  const i = findMessage(list, m, me, claimed);
  const was = list[i];
  let next = server ? { ...m, status: 'sent' as const } : m;
  if (was) {
    next = { ...was };
    const clientId = was.clientId ?? m.clientId;
    if (clientId) {
      next.clientId = clientId;
      next.id = `c:${clientId}`;
    }
    if (server) {
      next.timestamp = m.timestamp;
      next.status = 'sent';
      if (m.nick) next.nick = m.nick;
      next.toNick ??= m.toNick;
    } else if (was.status !== 'sent') next.status = m.status;
    next.style ??= m.style;
    next.offline ??= m.offline;
  }
  claimed.add(next.id);
  if (was && same(was, next)) return;
  place(list, i, was, next);
  return [next, was];
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
    const list = c.messages.slice();
    const claimed = new Set<string>();
    const changes: MessageChange[] = [];
    for (const m of group) {
      const r = merge(list, m, ctx.me, from !== 'local', claimed);
      if (r) changes.push({ key: k, message: r[0], was: r[1] });
    }
    if (changes.length) entity.value = { ...c, messages: list };
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
): void {
  applyMessages(s, messages, ctx, 'history', [], key);
  patchConversation(s, key, { hasMore, loaded: true, loading: false, error: undefined });
}

/** `message/update`: settles or corrects one message by id (or client id); moves it when restamped. */
export function updateMessage(
  s: Store,
  key: ConversationKey,
  id: string,
  patch: Partial<Message>,
  out: MessageChange[],
): void {
  const entity = s.conversations.peek().get(key);
  if (!entity) return;
  const c = entity.peek();
  const list = c.messages.slice();
  const i = list.findIndex((e) => e.id === id || (e.clientId && `c:${e.clientId}` === id));
  const was = list[i];
  const next = { ...was, ...patch };
  if (!was || same(was, next)) return;
  place(list, i, was, next);
  entity.value = { ...c, messages: list };
  out.push({ key, message: next, was });
}
