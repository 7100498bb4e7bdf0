import { messageConversation } from '../protocol/keys';
import type { ConversationKey, TypingStatus } from '../protocol/types';
import type { ReduceContext } from './actions';
import { setMapEntry } from './collections';
import type { Store, TypingEntry } from './types';

/** How long a typing indicator lives without a refresh, unless the context says otherwise. */
export const DEFAULT_TYPING_TTL_MS = 10_000;

/**
 * The conversation a typing status belongs to. Statuses are addressed like chat messages (`to` is the user);
 * one addressed to a known room is shown in that room.
 */
export function typingConversation(store: Store, status: TypingStatus, me: string): ConversationKey {
  if (status.to !== me && store.rooms.peek().has(status.to)) return messageConversation({ type: 'grpchat', from: status.from, to: status.to }, me);
  return messageConversation({ type: 'chat', from: status.from, to: status.to }, me);
}

/** A `typing` status shows (or refreshes) an indicator for `ttl`; `clear` removes it. Own statuses are ignored. */
export function applyTyping(store: Store, status: TypingStatus, ctx: ReduceContext): void {
  if (status.from === ctx.me) return;
  const key = typingConversation(store, status, ctx.me);
  if (status.show === 'clear') {
    clearTyping(store, key, status.from);
    return;
  }
  const entry: TypingEntry = { from: status.from, until: ctx.now + (ctx.typingTtlMs ?? DEFAULT_TYPING_TTL_MS) };
  if (status.nick !== undefined) entry.nick = status.nick;
  if (status.text !== undefined) entry.text = status.text;
  const others = (store.typing.peek().get(key) ?? []).filter((e) => e.from !== status.from);
  setMapEntry(store.typing, key, [...others, entry]);
}

/** Removes `from`'s indicator in `key` (their message arrived, or they cleared). */
export function clearTyping(store: Store, key: ConversationKey, from: string): void {
  const entries = store.typing.peek().get(key);
  if (!entries || !entries.some((e) => e.from === from)) return;
  const rest = entries.filter((e) => e.from !== from);
  setMapEntry(store.typing, key, rest.length ? rest : undefined);
}

/** `typing/sweep`: drops indicators whose time is up; writes nothing when none expired. */
export function sweepTyping(store: Store, now: number): void {
  const current = store.typing.peek();
  let next: Map<ConversationKey, readonly TypingEntry[]> | null = null;
  for (const [key, entries] of current) {
    const alive = entries.filter((e) => e.until > now);
    if (alive.length === entries.length) continue;
    next ??= new Map(current);
    if (alive.length) next.set(key, alive);
    else next.delete(key);
  }
  if (next) store.typing.value = next;
}

/** Every indicator goes (the push link is gone, nobody's typing can be known). */
export function clearAllTyping(store: Store): void {
  if (store.typing.peek().size) store.typing.value = new Map();
}
