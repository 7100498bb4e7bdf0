import { batch, signal, type Signal } from '@preact/signals';
import type { Buddy, Room } from '../protocol/types';
import type { Conversation, Store } from '../store/types';
import type { Snapshot, StoreState } from './types';

/**
 * Reads every persisted/synced signal of `store` into plain data (structured-clone and JSON safe).
 *
 * Reads with `.value`, so inside an `effect` it tracks everything it reads (an autosave effect re-runs on any
 * change); wrap it in `untracked` where that is not wanted. Not captured: `connection`, `typing`, `leader` and
 * the per-tab conversation fields (`notices`, `loading`, `error`), which describe this tab, not the user's data.
 */
export function captureState(store: Store): StoreState {
  return {
    user: store.user.value,
    buddies: values(store.buddies.value),
    strangers: values(store.strangers.value),
    rooms: values(store.rooms.value),
    members: [...store.members.value].map(([id, list]) => [id, [...list]]),
    conversations: [...store.conversations.value.values()].map((s) => {
      const c = s.value;
      return { key: c.key, messages: [...c.messages], hasMore: c.hasMore, loaded: c.loaded };
    }),
    unread: [...store.unread.value],
    tabs: [...store.tabs.value],
    activeTab: store.activeTab.value,
    pane: store.pane.value,
    minimized: store.minimized.value,
    drafts: [...store.drafts.value],
    settings: { ...store.settings.value },
    notifications: [...store.notifications.value],
    notificationsSeenAt: store.notificationsSeenAt.value,
  };
}

function values<T>(map: ReadonlyMap<string, Signal<T>>): T[] {
  return [...map.values()].map((s) => s.value);
}

/** Options for `applyState`. */
export interface ApplyOptions {
  /**
   * Keep this tab's drafts instead of taking the state's. Drafts do not sync between tabs (two tabs never fight
   * over a composer), so a follower applying the leader's state should pass `true`.
   */
  keepDrafts?: boolean;
}

/**
 * Replaces the store's data with `state` in one `batch` (components see one consistent change, never a half-applied
 * state). Collections get one signal per buddy/room/conversation, as `createStore` expects; an entity whose signal
 * already exists keeps that signal and is only written when its value actually differs, so a tab re-applying a
 * state it mostly has re-renders only what changed (no flicker). Per-tab fields (`connection`, `typing`, `leader`,
 * a conversation's `notices`/`loading`/`error`) are left as they are.
 */
export function applyState(store: Store, state: StoreState, options: ApplyOptions = {}): void {
  batch(() => {
    setIfChanged(store.user, state.user, sameShallow);
    store.buddies.value = entityMap(store.buddies.peek(), state.buddies, (b: Buddy) => b.id, sameShallow);
    store.strangers.value = entityMap(store.strangers.peek(), state.strangers, (b: Buddy) => b.id, sameShallow);
    store.rooms.value = entityMap(store.rooms.peek(), state.rooms, (r: Room) => r.id, sameShallow);
    setIfChanged(store.members, new Map(state.members), (a, b) => sameMap(a, b, sameList));
    const conversations = store.conversations.peek();
    store.conversations.value = entityMap(
      conversations,
      state.conversations.map((c) => ({ ...c, previous: conversations.get(c.key)?.peek() })),
      (c) => c.key,
      Object.is,
      toConversation,
    );
    setIfChanged(store.unread, new Map(state.unread), (a, b) => sameMap(a, b, Object.is));
    setIfChanged(store.tabs, state.tabs, sameList);
    store.activeTab.value = state.activeTab;
    store.pane.value = state.pane;
    store.minimized.value = state.minimized;
    if (!options.keepDrafts) setIfChanged(store.drafts, new Map(state.drafts), (a, b) => sameMap(a, b, Object.is));
    setIfChanged(store.settings, state.settings, sameShallow);
    setIfChanged(store.notifications, state.notifications, sameList);
    store.notificationsSeenAt.value = state.notificationsSeenAt;
  });
}

/** `applyState` of a snapshot's state (restore at boot, before any network call). */
export function applySnapshot(store: Store, snapshot: Snapshot, options?: ApplyOptions): void {
  applyState(store, snapshot.state, options);
}

type StateConversation = StoreState['conversations'][number] & { previous: Conversation | undefined };

/** The store value for a conversation from the state, keeping the old value (no re-render) when nothing changed. */
function toConversation(c: StateConversation): Conversation {
  const prev = c.previous;
  const messages = prev && sameList(prev.messages, c.messages) ? prev.messages : c.messages;
  if (prev && messages === prev.messages && prev.hasMore === c.hasMore && prev.loaded === c.loaded) return prev;
  return {
    key: c.key,
    messages,
    hasMore: c.hasMore,
    loaded: c.loaded,
    notices: prev?.notices ?? [],
    loading: prev?.loading ?? false,
    ...(prev?.error !== undefined ? { error: prev.error } : {}),
  };
}

/**
 * A new map with one signal per item. Existing signals are reused (components holding them stay subscribed) and
 * written only when the new value differs.
 */
function entityMap<K extends string, I, V>(
  current: ReadonlyMap<K, Signal<V>>,
  items: readonly I[],
  keyOf: (item: I) => K,
  same: (a: V, b: V) => boolean,
  toValue: (item: I) => V = (item) => item as unknown as V,
): Map<K, Signal<V>> {
  const next = new Map<K, Signal<V>>();
  for (const item of items) {
    const key = keyOf(item);
    const value = toValue(item);
    const existing = current.get(key);
    if (existing) {
      const old = existing.peek();
      if (old !== value && !same(old, value)) existing.value = value;
      next.set(key, existing);
    } else {
      next.set(key, signal(value));
    }
  }
  return next;
}

/** Same own enumerable keys with identical (`Object.is`) values. */
function sameShallow<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>, same: (x: V, y: V) => boolean): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k) || !same(v, b.get(k) as V)) return false;
  }
  return true;
}

/** Writes `next` unless it equals the current value (a write would re-render readers for nothing). */
function setIfChanged<T>(target: Signal<T>, next: T, same: (a: T, b: T) => boolean): void {
  if (!same(target.peek(), next)) target.value = next;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameShallow(a[i], b[i])) return false;
  return true;
}
