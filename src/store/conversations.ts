import { signal, type Signal } from '@preact/signals';
import type { ConversationKey } from '../protocol/types';
import { setEntity } from './collections';
import type { Conversation, Notice, Store } from './types';

/** At most this many notices are kept per conversation (they are chatter, not history). */
export const MAX_NOTICES = 50;

/** A conversation that has never been loaded. */
export function emptyConversation(key: ConversationKey): Conversation {
  return { key, messages: [], notices: [], hasMore: true, loading: false, loaded: false };
}

/** The conversation's signal, created (and added to the map) when missing. */
export function ensureConversation(store: Store, key: ConversationKey): Signal<Conversation> {
  const existing = store.conversations.peek().get(key);
  if (existing) return existing;
  const created = signal(emptyConversation(key));
  const next = new Map(store.conversations.peek());
  next.set(key, created);
  store.conversations.value = next;
  return created;
}

/** Applies `update` to an existing or new conversation; writes its signal only when something changed. */
export function updateConversation(store: Store, key: ConversationKey, update: (c: Conversation) => Conversation): Conversation {
  const entity = ensureConversation(store, key);
  const next = update(entity.peek());
  setEntity(entity, next);
  return next;
}

/** Appends a notice to an existing conversation (notices never create one). Returns whether it was added. */
export function addNotice(store: Store, key: ConversationKey, notice: Notice): boolean {
  const entity = store.conversations.peek().get(key);
  if (!entity) return false;
  const c = entity.peek();
  const notices = [...c.notices, notice];
  entity.value = { ...c, notices: notices.length > MAX_NOTICES ? notices.slice(-MAX_NOTICES) : notices };
  return true;
}

/** The last notice about `who` in a conversation, if any (used to recognise replayed room presences). */
export function lastNoticeAbout(store: Store, key: ConversationKey, who: string): Notice | undefined {
  const notices = store.conversations.peek().get(key)?.peek().notices;
  if (!notices) return undefined;
  for (let i = notices.length - 1; i >= 0; i--) if (notices[i]!.who === who) return notices[i];
  return undefined;
}
