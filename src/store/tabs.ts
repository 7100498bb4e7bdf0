import type { ConversationKey } from '../protocol/types';
import { ensureConversation } from './conversations';
import type { Store } from './types';
import { markRead } from './unread';

/** `tab/open`: adds the tab once (at the end of the bar); `activate` also opens its window and reads it. */
export function openTab(store: Store, key: ConversationKey, activate: boolean): void {
  ensureConversation(store, key);
  if (!store.tabs.peek().includes(key)) store.tabs.value = [...store.tabs.peek(), key];
  if (activate) activateTab(store, key);
}

/** `tab/close`: removes the tab; if its window was open, all windows collapse. Unread and history stay. */
export function closeTab(store: Store, key: ConversationKey): void {
  const tabs = store.tabs.peek();
  if (tabs.includes(key)) store.tabs.value = tabs.filter((k) => k !== key);
  if (store.activeTab.peek() === key) store.activeTab.value = null;
}

/**
 * `tab/activate`: opens this tab's window (null collapses all) and clears its unread. A key without a tab gets
 * one, so the open window always has a tab.
 */
export function activateTab(store: Store, key: ConversationKey | null): void {
  if (key !== null) {
    ensureConversation(store, key);
    if (!store.tabs.peek().includes(key)) store.tabs.value = [...store.tabs.peek(), key];
    markRead(store, key);
  }
  store.activeTab.value = key;
}
