import { signal } from '@preact/signals';
import type { Buddy, ConversationKey, Message, Room } from '../../../src/protocol/types';
import type { StoreState } from '../../../src/persist/types';
import { createStore } from '../../../src/store/store';
import type { Conversation, Store } from '../../../src/store/types';

export function buddy(id: string, extra: Partial<Buddy> = {}): Buddy {
  return {
    id,
    nick: id.toUpperCase(),
    presence: 'online',
    show: 'available',
    incomplete: false,
    visitor: false,
    ...extra,
  };
}

export function room(id: string, extra: Partial<Room> = {}): Room {
  return { id, nick: `Room ${id}`, allCount: 3, count: 1, blocked: false, temporary: false, ...extra };
}

let seq = 0;

/** A message in conversation `chat:<peer>` (or `grpchat:<peer>` when `type` says so). */
export function message(from: string, to: string, timestamp: number, extra: Partial<Message> = {}): Message {
  seq += 1;
  return {
    id: `m${seq}`,
    type: 'chat',
    from,
    to,
    nick: from,
    body: `hello ${seq}`,
    timestamp,
    status: 'sent',
    ...extra,
  };
}

export function conversation(
  key: ConversationKey,
  messages: Message[],
  extra: Partial<Conversation> = {},
): Conversation {
  return { key, messages, notices: [], hasMore: false, loading: false, loaded: true, ...extra };
}

/** A store as alice sees it mid-session: buddies, a room, two conversations, tabs, drafts, unread, settings. */
export function aliceStore(): Store {
  const store = createStore();
  store.user.value = { id: 'alice', nick: 'Alice', show: 'available', status: 'here' };
  store.buddies.value = new Map(['bob', 'carol'].map((id) => [id, signal(buddy(id))]));
  store.strangers.value = new Map([['erin', signal(buddy('erin', { presence: 'offline', show: 'unavailable' }))]]);
  store.rooms.value = new Map([['lobby', signal(room('lobby'))]]);
  store.members.value = new Map([['lobby', [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available' }]]]);
  const withBob: ConversationKey = 'chat:bob';
  const lobby: ConversationKey = 'grpchat:lobby';
  store.conversations.value = new Map([
    [
      withBob,
      signal(
        conversation(withBob, [
          message('bob', 'alice', 1000),
          message('alice', 'bob', 2000, { clientId: 'c1', status: 'pending', style: 'color:#333;' }),
        ]),
      ),
    ],
    [lobby, signal(conversation(lobby, [message('carol', 'lobby', 1500, { type: 'grpchat' })], { hasMore: true }))],
  ]);
  store.unread.value = new Map([[lobby, 1]]);
  store.tabs.value = [withBob, lobby];
  store.activeTab.value = withBob;
  store.pane.value = 'buddies';
  store.minimized.value = false;
  store.drafts.value = new Map([[withBob, 'half a sentence']]);
  store.settings.value = { ...store.settings.value, play_sound: false, locale: 'zh-CN' };
  store.notifications.value = [{ text: 'Welcome', link: 'https://forum.example/welcome', time: 500 }];
  store.notificationsSeenAt.value = 400;
  return store;
}

/** An empty state (what a fresh store captures). */
export function emptyState(): StoreState {
  return {
    user: null,
    buddies: [],
    strangers: [],
    rooms: [],
    members: [],
    conversations: [],
    unread: [],
    tabs: [],
    activeTab: null,
    pane: null,
    minimized: false,
    drafts: [],
    settings: {
      play_sound: true,
      buddy_sticky: false,
      minimize_layout: false,
      msg_auto_pop: true,
      desktop_notify: false,
    },
    notifications: [],
    notificationsSeenAt: 0,
  };
}

/** Lets queued macrotasks (IndexedDB requests, BroadcastChannel deliveries) run; setImmediate is never faked here. */
export async function drain(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits (in event-loop turns, not time) until `condition` holds; fails the test if it never does. */
export async function until(condition: () => boolean, what = 'condition', turns = 500): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}
