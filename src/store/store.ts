import { computed, signal } from '@preact/signals';
import { DEFAULT_SETTINGS } from '../protocol/types';
import { createBuddyGroups } from './buddy-groups';
import type { Store } from './types';

export { groupBuddies, VISITOR_GROUP } from './buddy-groups';

/** A fresh, empty store. */
export function createStore(): Store {
  const map = () => signal(new Map());
  const buddies = map();
  const unread = map();
  const notifications = signal<Store['notifications']['value']>([]);
  const notificationsSeenAt = signal(0);
  const invitations = signal<Store['invitations']['value']>([]);
  const channelPosts = signal<Store['channelPosts']['value']>([]);
  return {
    connection: signal({ state: 'idle' }),
    user: signal(null),
    buddies,
    strangers: map(),
    // Kept incrementally: a presence moves one buddy instead of re-sorting the roster (a 10,000-buddy storm).
    buddyGroups: createBuddyGroups(buddies),
    rooms: map(),
    members: map(),
    conversations: map(),
    typing: map(),
    unread,
    totalUnread: computed(() => [...unread.value.values()].reduce((n, v) => n + v, 0)),
    tabs: signal([]),
    activeTab: signal(null),
    pane: signal(null),
    minimized: signal(false),
    drafts: map(),
    settings: signal({ ...DEFAULT_SETTINGS }),
    notifications,
    notificationsSeenAt,
    notificationsUnread: computed(
      () =>
        notifications.value.filter((n) => (n.time ?? 0) > notificationsSeenAt.value).length +
        channelPosts.value.filter((p) => p.timestamp > notificationsSeenAt.value).length +
        invitations.value.length,
    ),
    invitations,
    channels: map(),
    channelPosts,
    leader: signal(true),
  };
}
