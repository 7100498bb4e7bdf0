import type { ConversationKey, Settings, SiteNotification } from '../protocol/types';
import { setMapEntry, shallowEqual } from './collections';
import type { ConnectionStatus, Pane, Store } from './types';

/** `connection`: the push link's state (one signal; written only on change). */
export function setConnection(store: Store, status: ConnectionStatus): void {
  if (!shallowEqual(store.connection.peek(), status)) store.connection.value = status;
}

/** `draft`: the composer text of one conversation; an empty draft is forgotten. */
export function setDraft(store: Store, key: ConversationKey, text: string): void {
  setMapEntry(store.drafts, key, text === '' ? undefined : text);
}

/** `pane`: which side pane of the bar is open. */
export function setPane(store: Store, pane: Pane | null): void {
  store.pane.value = pane;
}

/** `minimize`: the whole bar folded away. */
export function setMinimized(store: Store, value: boolean): void {
  store.minimized.value = value;
}

/** `settings`: merges a patch into the user's settings. */
export function applySettings(store: Store, patch: Partial<Settings>): void {
  const next = { ...store.settings.peek(), ...patch };
  if (!shallowEqual(store.settings.peek(), next)) store.settings.value = next;
}

/** `notifications`: the site's notification list as last fetched. */
export function setNotifications(store: Store, list: readonly SiteNotification[]): void {
  store.notifications.value = list;
}

/** `notifications/seen`: everything up to `at` has been seen (never moves backwards). */
export function markNotificationsSeen(store: Store, at: number): void {
  if (at > store.notificationsSeenAt.peek()) store.notificationsSeenAt.value = at;
}
