import { computed, signal, type Signal } from '@preact/signals';
import { DEFAULT_SETTINGS, type Buddy, type ConversationKey } from '../protocol/types';
import { createBuddyGroups } from './buddy-groups';
import type { Store } from './types';

export { groupBuddies, VISITOR_GROUP } from './buddy-groups';

/** A fresh, empty store. */
export function createStore(): Store {
  const buddies = signal<ReadonlyMap<string, Signal<Buddy>>>(new Map());
  const unread = signal<ReadonlyMap<ConversationKey, number>>(new Map());
  const notifications = signal<Store['notifications']['value']>([]);
  const notificationsSeenAt = signal(0);
  return {
    connection: signal({ state: 'idle' }),
    user: signal(null),
    buddies,
    strangers: signal(new Map()),
    // Kept incrementally: a presence moves one buddy instead of re-sorting the roster (a 10,000-buddy storm).
    buddyGroups: createBuddyGroups(buddies),
    rooms: signal(new Map()),
    members: signal(new Map()),
    conversations: signal(new Map()),
    typing: signal(new Map()),
    unread,
    totalUnread: computed(() => {
      let n = 0;
      for (const v of unread.value.values()) n += v;
      return n;
    }),
    tabs: signal([]),
    activeTab: signal(null),
    pane: signal(null),
    minimized: signal(false),
    drafts: signal(new Map()),
    settings: signal({ ...DEFAULT_SETTINGS }),
    notifications,
    notificationsSeenAt,
    notificationsUnread: computed(() => {
      const seen = notificationsSeenAt.value;
      let n = 0;
      for (const item of notifications.value) if ((item.time ?? 0) > seen) n++;
      return n;
    }),
    leader: signal(true),
  };
}
