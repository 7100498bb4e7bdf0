import { setPersonPresence } from './roster';
import { clearAllTyping } from './typing';
import type { Store } from './types';

/**
 * `offline`: the user logged out by choice. Conversations, tabs and unread stay; nobody's presence can be known
 * any more, so every buddy and stranger shows offline, as does the user, and typing indicators go.
 */
export function applyOffline(store: Store): void {
  for (const person of store.buddies.peek().values()) setPersonPresence(person, 'offline');
  for (const person of store.strangers.peek().values()) setPersonPresence(person, 'offline');
  const user = store.user.peek();
  if (user && user.show !== 'unavailable') store.user.value = { ...user, show: 'unavailable' };
  clearAllTyping(store);
}
