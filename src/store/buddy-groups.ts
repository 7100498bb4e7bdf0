import { computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Buddy } from '../protocol/types';
import { createNickOrder } from './nick-order';
import type { BuddyGroup } from './types';

/** Name of the group that collects site visitors (`vid:` ids). */
export const VISITOR_GROUP = 'visitors';
/** Internal key of the visitors' group, apart from a roster group that happens to be named "visitors". */
const VISITORS = '\0visitors';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byText = (a: string, b: string) => collator.compare(a, b);
const byId = (a: Buddy, b: Buddy) => (a.id < b.id ? -1 : +(a.id > b.id));
const byPresence = (a: Buddy, b: Buddy) => (a.presence === b.presence ? 0 : a.presence === 'online' ? -1 : 1);

/** Group order: the default group first, named groups by name (locale-aware), visitors last. */
const byGroup = (a: string, b: string) =>
  a === b ? 0 : a === VISITORS || b === '' ? 1 : b === VISITORS || a === '' ? -1 : byText(a, b) || (a < b ? -1 : 1);

const groupOf = (b: Buddy) => (b.visitor ? VISITORS : (b.group ?? ''));
const named = (key: string) =>
  key === VISITORS ? { name: VISITOR_GROUP, visitors: true } : { name: key, visitors: false };
const countOnline = (list: readonly Buddy[]) => list.filter((b) => b.presence === 'online').length;

/**
 * Groups the roster for display from scratch: the default group first, named groups by name, visitors last; within
 * a group online first, then nick (locale-aware), then id. The store keeps the same view incrementally
 * ({@link createBuddyGroups}); this is the reference it must always equal.
 */
export function groupBuddies(map: ReadonlyMap<string, Signal<Buddy>>): BuddyGroup[] {
  const groups = new Map<string, Buddy[]>();
  for (const s of map.values()) groups.get(groupOf(s.value))?.push(s.value) ?? groups.set(groupOf(s.value), [s.value]);
  return [...groups.keys()].sort(byGroup).map((key) => {
    const list = groups
      .get(key)!
      .sort((a, b) => byPresence(a, b) || (a.nick === b.nick ? 0 : byText(a.nick, b.nick)) || byId(a, b));
    return { ...named(key), ids: list.map((b) => b.id), online: countOnline(list), total: list.length };
  });
}

/** One group as the index keeps it: members in display order, as placed (the values they were sorted by). */
interface Group {
  members: Buddy[];
  /** Their ids; shared with `view` once handed out, so copied before the next change (copy-on-write). */
  ids: string[];
  online: number;
  /** The snapshot handed out for the current members, or null when they changed since. */
  view: BuddyGroup | null;
}

/**
 * The grouped roster, kept incrementally: each buddy's signal is watched, and a change moves that buddy alone
 * (binary search out of its old place and into its new one, counts adjusted), so a presence costs O(log n) integer
 * comparisons (nicks ranked once, {@link createNickOrder}) instead of a re-sort. Only a change of membership adds or
 * drops watches; many newcomers at once (a login) are placed by one sort per group. The view is current after
 * every batch; unchanged groups keep their `BuddyGroup` object, so readers can skip them by identity.
 */
export function createBuddyGroups(
  buddies: ReadonlySignal<ReadonlyMap<string, Signal<Buddy>>>,
): ReadonlySignal<readonly BuddyGroup[]> {
  const groups = new Map<string, Group>();
  const watches = new Map<string, { s: Signal<Buddy>; placed?: Buddy; stop(): void }>();
  const version = signal(0);
  const nicks = createNickOrder(byText);
  const order = (a: Buddy, b: Buddy) => byPresence(a, b) || nicks.rank(a.nick) - nicks.rank(b.nick) || byId(a, b);
  /** Groups that newcomers were appended to, unsorted (a bulk add), or null. */
  let bulk: Set<Group> | null = null;

  /** The group about to change: its view is dropped and its ids copied if handed out. */
  const touch = (key: string): Group => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { members: [], ids: [], online: 0, view: null }));
    if (g.view) {
      g.view = null;
      g.ids = g.ids.slice();
    }
    return g;
  };
  /** Where `b` is (or would go) in `g`. */
  const search = (g: Group, b: Buddy): number => {
    let lo = 0;
    let hi = g.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(g.members[mid], b) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** Where the placed value `b` is; placed values are never mutated, unless a writer did it in place. */
  const indexOf = (g: Group, b: Buddy): number => {
    const at = search(g, b);
    return g.members[at] === b ? at : g.members.indexOf(b);
  };
  const insert = (b: Buddy) => {
    const g = touch(groupOf(b));
    if (b.presence === 'online') g.online++;
    if (bulk) {
      bulk.add(g);
      return g.members.push(b);
    }
    const at = search(g, b);
    g.members.splice(at, 0, b);
    g.ids.splice(at, 0, b.id);
  };
  const remove = (b: Buddy) => {
    const key = groupOf(b);
    const g = touch(key);
    if (b.presence === 'online') g.online--;
    const at = indexOf(g, b);
    g.members.splice(at, 1);
    g.ids.splice(at, 1);
    if (!g.members.length) groups.delete(key);
  };
  /**
   * A buddy changed within its group (a presence): shift only the entries between its old and new place, several
   * times cheaper than removing and inserting (each of those shifts the whole tail of both arrays).
   */
  const move = (from: Buddy, to: Buddy) => {
    const g = touch(groupOf(from));
    g.online += +(to.presence === 'online') - +(from.presence === 'online');
    const { members, ids } = g;
    const i = indexOf(g, from);
    let j = search(g, to);
    if (j > i) j--; // its place once the old entry is gone
    for (let k = i; k < j; k++) {
      members[k] = members[k + 1];
      ids[k] = ids[k + 1];
    }
    for (let k = i; k > j; k--) {
      members[k] = members[k - 1];
      ids[k] = ids[k - 1];
    }
    members[j] = to;
    ids[j] = to.id;
  };
  // peek: an effect that read `version` would re-run on every change (and the roster has 10,000 of them).
  const changed = () => (version.value = version.peek() + 1);

  const watch = (id: string, s: Signal<Buddy>) => {
    const w = { s, placed: undefined as Buddy | undefined, stop: () => {} };
    watches.set(id, w);
    w.stop = effect(() => {
      const b = s.value;
      const was = w.placed;
      if (b === was) return;
      w.placed = b;
      if (!was) insert(b);
      else {
        if (groupOf(b) === groupOf(was)) move(was, b);
        else {
          remove(was);
          insert(b);
        }
        changed();
      }
    });
  };

  effect(() => {
    const map = buddies.value;
    let dirty = false;
    for (const [id, w] of watches) {
      if (map.get(id) === w.s) continue;
      w.stop();
      watches.delete(id);
      remove(w.placed!);
      dirty = true;
    }
    const added = [...map].filter(([id]) => !watches.has(id));
    if (added.length) {
      dirty = true;
      // Many newcomers (a login): rank their nicks together, append them all, then sort each group they joined once.
      if (added.length > 16) {
        bulk = new Set();
        nicks.addAll(added.map(([, s]) => s.peek().nick));
      }
      for (const [id, s] of added) watch(id, s);
      for (const g of bulk ?? []) {
        g.members.sort(order);
        g.ids = g.members.map((b) => b.id);
      }
      bulk = null;
    }
    if (dirty) changed();
  });

  let keys: string[] = [];
  let last: readonly BuddyGroup[] = [];
  return computed(() => {
    void version.value; // the index changed: re-read it
    if (keys.length !== groups.size || keys.some((k) => !groups.has(k))) keys = [...groups.keys()].sort(byGroup);
    const next = keys.map((key) => {
      const g = groups.get(key)!;
      return (g.view ??= { ...named(key), ids: g.ids, online: g.online, total: g.members.length });
    });
    return next.length === last.length && next.every((g, i) => g === last[i]) ? last : (last = next);
  });
}
