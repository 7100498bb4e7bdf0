import { computed, signal, type Signal } from '@preact/signals';
import { DEFAULT_SETTINGS, type Buddy, type ConversationKey } from '../protocol/types';
import type { BuddyGroup, Store } from './types';

/** Name of the group that collects site visitors (`vid:` ids). */
export const VISITOR_GROUP = 'visitors';

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
    buddyGroups: computed(() => groupBuddies(buddies.value)),
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

const collator = typeof Intl !== 'undefined' ? new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }) : null;

function compareBuddies(a: Buddy, b: Buddy): number {
  if (a.presence !== b.presence) return a.presence === 'online' ? -1 : 1;
  const byNick = collator ? collator.compare(a.nick, b.nick) : a.nick < b.nick ? -1 : a.nick > b.nick ? 1 : 0;
  return byNick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Groups the roster for display: named groups in first-seen order of their names (sorted), the default group
 * first, visitors last. Reads every buddy signal, so it recomputes on any presence change; it is lazy, so a
 * burst of changes costs one recomputation per read (one per rendered frame).
 */
export function groupBuddies(map: ReadonlyMap<string, Signal<Buddy>>): BuddyGroup[] {
  const groups = new Map<string, Buddy[]>();
  const visitors: Buddy[] = [];
  for (const s of map.values()) {
    const b = s.value;
    if (b.visitor) {
      visitors.push(b);
      continue;
    }
    const name = b.group ?? '';
    let list = groups.get(name);
    if (!list) groups.set(name, (list = []));
    list.push(b);
  }
  const names = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : collator ? collator.compare(a, b) : a < b ? -1 : 1));
  const result: BuddyGroup[] = names.map((name) => toGroup(name, false, groups.get(name)!));
  if (visitors.length) result.push(toGroup(VISITOR_GROUP, true, visitors));
  return result;
}

function toGroup(name: string, visitors: boolean, list: Buddy[]): BuddyGroup {
  list.sort(compareBuddies);
  let online = 0;
  for (const b of list) if (b.presence === 'online') online++;
  return { name, visitors, ids: list.map((b) => b.id), online, total: list.length };
}
