import { signal, type Signal } from '@preact/signals';
import type { ClientEvent, ClientEventMap, SendOptions, WebIMClient } from '../../src/core/types';
import { conversationKey, messageConversation } from '../../src/protocol/keys';
import type {
  Buddy,
  ConversationKey,
  Message,
  Room,
  RoomMember,
  Show,
  SiteNotification,
  User,
} from '../../src/protocol/types';
import { createStore } from '../../src/store/store';
import type { Conversation, Store } from '../../src/store/types';

/** A call the UI made on the fake client. */
export interface Call {
  method: keyof WebIMClient;
  args: unknown[];
}

/**
 * A stand-in for the SDK with the real `WebIMClient` interface and a real store, for component tests.
 * UI-state methods change the store the way the real client does; network methods only record the call (and
 * resolve with what the test put in `replies`).
 */
export interface FakeClient extends WebIMClient {
  calls: Call[];
  callsOf(method: keyof WebIMClient): unknown[][];
  replies: { members?: RoomMember[]; notifications?: SiteNotification[]; loadHistory?: boolean };
  emit<E extends ClientEvent>(event: E, value: ClientEventMap[E]): void;
}

let seq = 0;

export function createFakeClient(store: Store = createStore()): FakeClient {
  const calls: Call[] = [];
  const listeners = new Map<ClientEvent, Set<(v: never) => void>>();
  const record = (method: keyof WebIMClient, args: unknown[]) => calls.push({ method, args });
  const replies: FakeClient['replies'] = {};

  const setMap = <K, V>(s: Signal<ReadonlyMap<K, V>>, k: K, v: V | undefined) => {
    const next = new Map(s.value);
    if (v === undefined) next.delete(k);
    else next.set(k, v);
    s.value = next;
  };

  const client: FakeClient = {
    store,
    calls,
    replies,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
    emit(event, value) {
      for (const l of listeners.get(event) ?? []) (l as (v: typeof value) => void)(value);
    },
    async online() {
      record('online', []);
    },
    async offline(options?: { forget?: boolean }) {
      record('offline', options ? [options] : []);
    },
    async logout() {
      record('logout', []);
    },
    async setPresence(show: Show, status?: string) {
      record('setPresence', [show, status]);
      const u = store.user.value;
      if (u) store.user.value = { ...u, show, status: status ?? u.status };
    },
    sendMessage(o: SendOptions): Message {
      record('sendMessage', [o]);
      const me = store.user.value?.id ?? 'me';
      const type = o.type ?? 'chat';
      const clientId = `fake-${++seq}`;
      const m: Message = {
        id: `c:${clientId}`,
        clientId,
        type,
        from: me,
        to: o.to,
        nick: store.user.value?.nick ?? me,
        body: o.body,
        style: o.style,
        timestamp: Date.now(),
        status: 'pending',
      };
      addMessage(store, messageConversation(m, me), m);
      return m;
    },
    retry(key, id) {
      record('retry', [key, id]);
    },
    sendTyping(to) {
      record('sendTyping', [to]);
    },
    async join(id) {
      record('join', [id]);
    },
    async leave(id) {
      record('leave', [id]);
    },
    async members(id) {
      record('members', [id]);
      return replies.members ?? [];
    },
    async loadHistory(key) {
      record('loadHistory', [key]);
      return replies.loadHistory ?? false;
    },
    async clearHistory(key) {
      record('clearHistory', [key]);
      const c = store.conversations.value.get(key);
      if (c) c.value = { ...c.value, messages: [], notices: [] };
    },
    async notifications() {
      record('notifications', []);
      return replies.notifications ?? store.notifications.value.slice();
    },
    async saveSettings(patch) {
      record('saveSettings', [patch]);
      store.settings.value = { ...store.settings.value, ...patch };
    },
    async block(id) {
      record('block', [id]);
    },
    async unblock(id) {
      record('unblock', [id]);
    },
    completeBuddies(ids) {
      record('completeBuddies', [ids]);
    },
    lookupPeople(ids) {
      record('lookupPeople', [ids]);
    },
    refreshPeople(ids) {
      record('refreshPeople', [ids]);
    },
    openConversation(key, options) {
      record('openConversation', [key, options]);
      if (!store.tabs.value.includes(key)) store.tabs.value = [...store.tabs.value, key];
      ensureConversation(store, key);
      if (options?.activate !== false) {
        store.activeTab.value = key;
        setMap(store.unread, key, undefined);
      }
    },
    closeConversation(key) {
      record('closeConversation', [key]);
      store.tabs.value = store.tabs.value.filter((k) => k !== key);
      if (store.activeTab.value === key) store.activeTab.value = null;
    },
    activate(key) {
      record('activate', [key]);
      store.activeTab.value = key;
      if (key) setMap(store.unread, key, undefined);
    },
    releaseHistory(key) {
      record('releaseHistory', [key]);
    },
    markRead(key) {
      record('markRead', [key]);
      setMap(store.unread, key, undefined);
    },
    setDraft(key, text) {
      record('setDraft', [key, text]);
      setMap(store.drafts, key, text || undefined);
    },
    setPane(pane) {
      record('setPane', [pane]);
      store.pane.value = pane;
    },
    setMinimized(value) {
      record('setMinimized', [value]);
      store.minimized.value = value;
    },
    async invite(members, options) {
      record('invite', [members, options]);
      const room = {
        id: options?.roomId ?? 'discussion-1',
        nick: options?.nick ?? 'Discussion',
        allCount: 1,
        count: 1,
        blocked: false,
        temporary: true,
      };
      setMap(store.rooms, room.id, signal(room));
      return room;
    },
    async acceptInvitation(roomId) {
      record('acceptInvitation', [roomId]);
      store.invitations.value = store.invitations.value.filter((i) => i.roomId !== roomId);
    },
    declineInvitation(roomId) {
      record('declineInvitation', [roomId]);
      store.invitations.value = store.invitations.value.filter((i) => i.roomId !== roomId);
    },
    async follow(id) {
      record('follow', [id]);
      setMap(store.channels, id, { id, nick: id });
    },
    async unfollow(id) {
      record('unfollow', [id]);
      setMap(store.channels, id, undefined);
    },
    historyDownloadUrl(key) {
      record('historyDownloadUrl', [key]);
      return key.startsWith('broadcast:') ? undefined : `/webim/download_history?key=${encodeURIComponent(key)}`;
    },
    markNotificationsSeen() {
      record('markNotificationsSeen', []);
      const times = [
        ...store.notifications.value.map((n) => n.time ?? 0),
        ...store.channelPosts.value.map((p) => p.timestamp),
      ];
      store.notificationsSeenAt.value = Math.max(store.notificationsSeenAt.value, ...times);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (v: never) => void);
      return () => set!.delete(listener as (v: never) => void);
    },
    destroy() {
      record('destroy', []);
    },
  };
  return client;
}

/* ---------- Fixture helpers: put data straight into a store ---------- */

export function ensureConversation(store: Store, key: ConversationKey): Signal<Conversation> {
  let c = store.conversations.value.get(key);
  if (!c) {
    c = signal<Conversation>({ key, messages: [], notices: [], hasMore: true, loading: false, loaded: false });
    const next = new Map(store.conversations.value);
    next.set(key, c);
    store.conversations.value = next;
  }
  return c;
}

export function addMessage(store: Store, key: ConversationKey, m: Message): void {
  const c = ensureConversation(store, key);
  c.value = { ...c.value, messages: [...c.value.messages, m].sort((a, b) => a.timestamp - b.timestamp) };
}

export function setUser(store: Store, user: Partial<User> & { id: string }): void {
  store.user.value = { nick: user.id, show: 'available', ...user };
}

export function buddy(id: string, over: Partial<Buddy> = {}): Buddy {
  return {
    id,
    nick: id[0]!.toUpperCase() + id.slice(1),
    presence: 'online',
    show: 'available',
    incomplete: false,
    visitor: id.startsWith('vid:'),
    ...over,
  };
}

export function setBuddies(store: Store, list: Buddy[]): void {
  store.buddies.value = new Map(list.map((b) => [b.id, signal(b)]));
}

export function room(id: string, over: Partial<Room> = {}): Room {
  return {
    id,
    nick: id[0]!.toUpperCase() + id.slice(1),
    allCount: 3,
    count: 1,
    blocked: false,
    temporary: false,
    ...over,
  };
}

export function setRooms(store: Store, list: Room[]): void {
  store.rooms.value = new Map(list.map((r) => [r.id, signal(r)]));
}

export function message(from: string, to: string, body: string, over: Partial<Message> = {}): Message {
  const m: Message = {
    id: '',
    type: 'chat',
    from,
    to,
    nick: from,
    body,
    timestamp: Date.now(),
    status: 'sent',
    ...over,
  };
  return { ...m, id: m.id || `s:${m.type}|${from}|${to}|${m.timestamp}|${body}` };
}

export const chatKey = (id: string): ConversationKey => conversationKey('chat', id);
export const roomKey = (id: string): ConversationKey => conversationKey('grpchat', id);
