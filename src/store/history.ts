import type { ConversationKey, Message } from '../protocol/types';
import type { ReduceContext } from './actions';
import { setEntity } from './collections';
import { ensureConversation } from './conversations';
import { applyMessages } from './messages';
import type { Store } from './types';
import { markRead } from './unread';

/**
 * `history`: a page of server history. Each item merges by identity (so a page that overlaps what push already
 * delivered adds nothing twice, and pending local copies settle); an `older` page lands before the loaded ones
 * by its timestamps. History is never news: no unread, no auto-pop.
 */
export function mergeHistory(
  store: Store,
  key: ConversationKey,
  messages: readonly Message[],
  hasMore: boolean,
  ctx: ReduceContext,
): void {
  if (messages.length) applyMessages(store, messages, ctx, { source: 'server', key, live: false });
  const entity = ensureConversation(store, key);
  const c = entity.peek();
  const next = { ...c, hasMore, loaded: true, loading: false };
  delete next.error;
  setEntity(entity, next);
}

/** `history/loading`: a page request started, or ended with an error. */
export function setHistoryLoading(store: Store, key: ConversationKey, loading: boolean, error?: string): void {
  const entity = ensureConversation(store, key);
  const next = { ...entity.peek(), loading };
  if (error !== undefined) next.error = error;
  else delete next.error;
  setEntity(entity, next);
}

/** `history/clear`: the user cleared this conversation's history on the server; nothing older remains. */
export function clearHistory(store: Store, key: ConversationKey): void {
  const entity = ensureConversation(store, key);
  setEntity(entity, { ...entity.peek(), messages: [], notices: [], hasMore: false, loaded: true });
  markRead(store, key);
}
