import { computed, effect, signal, untracked, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Buddy } from '../protocol/types';
import { createNickOrder } from './nick-order';
import type { BuddyGroup } from './types';

/** Name of the group that collects site visitors (`vid:` ids). */
export const VISITOR_GROUP = 'visitors';
/** Internal key of the visitors' group, apart from a roster group that happens to be named "visitors". */
const VISITORS_KEY = '\u0000visitors';

const collator = typeof Intl !== 'undefined' ? new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }) : null;

function compareText(a: string, b: string): number {
  return collator ? collator.compare(a, b) : a < b ? -1 : a > b ? 1 : 0;
}

const compareIds = (a: Buddy, b: Buddy) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const compareOnline = (a: Buddy, b: Buddy) => (a.presence === b.presence ? 0 : a.presence === 'online' ? -1 : 1);

/** Display order within a group: online first, then nick (locale-aware), then id — a total order. */
export function compareBuddies(a: Buddy, b: Buddy): number {
  return compareOnline(a, b) || (a.nick === b.nick ? 0 : compareText(a.nick, b.nick)) || compareIds(a, b);
}

/** Group order: the default group first, named groups by name (locale-aware), visitors last. */
function compareGroupKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (a === VISITORS_KEY || b === '') return 1;
  if (b === VISITORS_KEY || a === '') return -1;
  return compareText(a, b) || (a < b ? -1 : 1);
}

const groupKeyOf = (b: Buddy) => (b.visitor ? VISITORS_KEY : (b.group ?? ''));

/**
 * Groups the roster for display from scratch: the default group first, named groups by name, visitors last;
 * within a group online first, then nick, then id. The store keeps the same view incrementally
 * ({@link createBuddyGroups}); this is the reference it must always equal.
 */
export function groupBuddies(map: ReadonlyMap<string, Signal<Buddy>>): BuddyGroup[] {
  const groups = new Map<string, Buddy[]>();
  for (const s of map.values()) {
    const b = s.value;
    const key = groupKeyOf(b);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(b);
  }
  return [...groups.keys()].sort(compareGroupKeys).map((key) => {
    const list = groups.get(key)!.sort(compareBuddies);
    let online = 0;
    for (const b of list) if (b.presence === 'online') online++;
    return { ...groupIdentity(key), ids: list.map((b) => b.id), online, total: list.length };
  });
}

const groupIdentity = (key: string) => (key === VISITORS_KEY ? { name: VISITOR_GROUP, visitors: true } : { name: key, visitors: false });

/** One group as the index keeps it: members in display order, as placed (the values they were sorted by). */
interface GroupState {
  key: string;
  members: Buddy[];
  online: number;
  /** The snapshot handed out for the current members, or null when they changed since. */
  snapshot: BuddyGroup | null;
  /** `snapshot.ids` is `ids`: copy before changing it (copy-on-write, so a burst between reads copies once). */
  ids: string[];
  shared: boolean;
}

interface Watch {
  signal: Signal<Buddy>;
  /** The value the buddy is placed by in its group. */
  placed: Buddy;
  stop: () => void;
}

/**
 * The grouped roster, kept incrementally: each buddy's signal is watched, and a change moves that buddy alone
 * (binary search out of its old place and into its new one, counts adjusted), so a presence costs O(log n)
 * comparisons instead of a re-sort of the roster — integer comparisons, with nicks ranked once
 * ({@link createNickOrder}). Only a change of membership (the `buddies` map) adds or drops watches; many new
 * buddies at once (a login) are placed by one sort per group.
 *
 * The view is current after every batch (watches are effects); inside a batch it shows the roster as it was
 * before the batch. Unchanged groups keep their `BuddyGroup` object, so readers can skip them by identity.
 */
export function createBuddyGroups(buddies: ReadonlySignal<ReadonlyMap<string, Signal<Buddy>>>): ReadonlySignal<readonly BuddyGroup[]> {
  const groups = new Map<string, GroupState>();
  const watches = new Map<string, Watch>();
  const version = signal(0);
  const nicks = createNickOrder(compareText);
  /** `compareBuddies` order, by nick rank. */
  const order = (a: Buddy, b: Buddy) => compareOnline(a, b) || nicks.rank(a.nick) - nicks.rank(b.nick) || compareIds(a, b);
  let bulk: Set<GroupState> | null = null;

  const groupFor = (key: string): GroupState => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, members: [], online: 0, snapshot: null, ids: [], shared: false }));
    return g;
  };
  const touch = (g: GroupState) => {
    g.snapshot = null;
    if (g.shared) {
      g.ids = g.ids.slice();
      g.shared = false;
    }
  };
  /** Index of `b` in `g` (or where it would go): members are sorted by `compareBuddies`. */
  const search = (g: GroupState, b: Buddy): number => {
    let lo = 0;
    let hi = g.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(g.members[mid]!, b) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const insert = (b: Buddy) => {
    const g = groupFor(groupKeyOf(b));
    touch(g);
    if (b.presence === 'online') g.online++;
    if (bulk) {
      g.members.push(b);
      bulk.add(g);
      return;
    }
    const at = search(g, b);
    g.members.splice(at, 0, b);
    g.ids.splice(at, 0, b.id);
  };
  /** Where the placed value `b` is in `g`. */
  const indexOf = (g: GroupState, b: Buddy): number => {
    const at = search(g, b);
    // Placed values are immutable, so the search finds `b`; a writer that mutated one in place would defeat it.
    return g.members[at] === b ? at : g.members.indexOf(b);
  };
  const remove = (b: Buddy) => {
    const g = groups.get(groupKeyOf(b))!;
    touch(g);
    if (b.presence === 'online') g.online--;
    const at = indexOf(g, b);
    g.members.splice(at, 1);
    g.ids.splice(at, 1);
    if (!g.members.length) groups.delete(g.key);
  };
  /**
   * A buddy changed within its group (a presence): shift only the entries between its old and new place, which is
   * several times cheaper than removing and inserting (each of those shifts the whole tail of both arrays).
   */
  const move = (from: Buddy, to: Buddy) => {
    const g = groups.get(groupKeyOf(from))!;
    touch(g);
    g.online += (to.presence === 'online' ? 1 : 0) - (from.presence === 'online' ? 1 : 0);
    const i = indexOf(g, from);
    let j = search(g, to);
    if (j > i) j--; // its place once the old entry is gone
    const { members, ids } = g;
    for (let k = i; k < j; k++) (members[k] = members[k + 1]!), (ids[k] = ids[k + 1]!);
    for (let k = i; k > j; k--) (members[k] = members[k - 1]!), (ids[k] = ids[k - 1]!);
    members[j] = to;
    ids[j] = to.id;
  };
  const changed = () => {
    version.value = version.peek() + 1;
  };

  const watch = (id: string, s: Signal<Buddy>) => {
    const w: Watch = { signal: s, placed: s.peek(), stop: () => undefined };
    watches.set(id, w);
    let first = true;
    w.stop = effect(() => {
      const b = s.value;
      if (first) {
        first = false;
        w.placed = b;
        untracked(() => insert(b));
        return;
      }
      if (b === w.placed) return;
      untracked(() => {
        if (groupKeyOf(b) === groupKeyOf(w.placed)) move(w.placed, b);
        else {
          remove(w.placed);
          insert(b);
        }
        w.placed = b;
        changed();
      });
    });
  };

  const sync = (map: ReadonlyMap<string, Signal<Buddy>>) => {
    let dirty = false;
    for (const [id, w] of watches) {
      if (map.get(id) === w.signal) continue;
      w.stop();
      watches.delete(id);
      remove(w.placed);
      dirty = true;
    }
    const added: Array<[string, Signal<Buddy>]> = [];
    for (const [id, s] of map) if (!watches.has(id)) added.push([id, s]);
    if (added.length) {
      dirty = true;
      // Many newcomers (a login): rank their nicks together, append them all, then sort each group they joined once.
      bulk = added.length > 16 ? new Set() : null;
      if (bulk) nicks.addAll(added.map(([, s]) => s.peek().nick));
      for (const [id, s] of added) watch(id, s);
      if (bulk) {
        for (const g of bulk) {
          g.members.sort(order);
          g.ids = g.members.map((b) => b.id);
          g.shared = false;
        }
        bulk = null;
      }
    }
    if (dirty) changed();
  };

  effect(() => {
    const map = buddies.value;
    untracked(() => sync(map));
  });

  let keys: string[] = [];
  let last: readonly BuddyGroup[] = [];
  return computed(() => {
    void version.value; // the index changed: re-read it
    if (keys.length !== groups.size || keys.some((k) => !groups.has(k))) keys = [...groups.keys()].sort(compareGroupKeys);
    let same = keys.length === last.length;
    const next = keys.map((key, i) => {
      const g = groups.get(key)!;
      if (!g.snapshot) {
        g.shared = true;
        g.snapshot = { ...groupIdentity(key), ids: g.ids, online: g.online, total: g.members.length };
      }
      if (last[i] !== g.snapshot) same = false;
      return g.snapshot;
    });
    if (!same) last = next;
    return last;
  });
}
