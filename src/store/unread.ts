import type { ConversationKey } from '../protocol/types';
import type { ReduceContext } from './actions';
import { setMapEntry } from './collections';
import type { Store } from './types';

/** Counts one more unread message in `key`, unless the user is looking at it right now. */
export function bumpUnread(store: Store, key: ConversationKey, ctx: ReduceContext): void {
  if (ctx.isSeen(key)) return;
  setMapEntry(store.unread, key, (store.unread.peek().get(key) ?? 0) + 1);
}

/** `read`: the user has seen everything in `key`. */
export function markRead(store: Store, key: ConversationKey): void {
  setMapEntry(store.unread, key, undefined);
}
