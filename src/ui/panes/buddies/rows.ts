import type { Signal } from '@preact/signals';
import type { Buddy } from '../../../protocol/types';
import type { BuddyGroup } from '../../../store/types';
import { foldForSearch, matchesQuery } from '../../util/search-text';

/** A line of the roster tree: a group header or a buddy. `id` is unique across both kinds. */
export type RosterRow =
  | { kind: 'group'; id: string; group: BuddyGroup; expanded: boolean; pos: number; size: number }
  | { kind: 'buddy'; id: string; buddyId: string; level: 1 | 2; pos: number; size: number; group?: string };

const folded = new WeakMap<Buddy, readonly string[]>();

/** Nick and id folded for search, cached per buddy object (objects are replaced on change, so no staleness). */
function searchFields(b: Buddy): readonly string[] {
  let f = folded.get(b);
  if (!f) folded.set(b, (f = [foldForSearch(b.nick), foldForSearch(b.id)]));
  return f;
}

/**
 * The lines of the roster tree, produced on demand: the virtual tree asks only for the rows in its window, so a
 * 10,000-buddy roster costs a few objects per render, not 10,000.
 */
export interface RosterRows {
  readonly length: number;
  at(index: number): RosterRow | undefined;
  /** Index of the row with this `id`, or -1. */
  indexOf(id: string): number;
}

/**
 * The grouped roster as tree rows. Without a query: each group's header, then its buddies unless collapsed
 * (computed per index from the groups' id lists). With a query: matching buddies only (nick or id,
 * case/accent-insensitive), online first, without headers. Reads buddy signals with `peek()`: the caller
 * re-renders when the roster changes, and rows subscribe to their own buddy.
 */
export function buildRosterRows(
  groups: readonly BuddyGroup[],
  buddies: ReadonlyMap<string, Signal<Buddy>>,
  collapsed: ReadonlySet<string>,
  query: string,
): RosterRows {
  const q = foldForSearch(query);
  return q ? searchRows(groups, buddies, q) : groupedRows(groups, collapsed);
}

function searchRows(groups: readonly BuddyGroup[], buddies: ReadonlyMap<string, Signal<Buddy>>, q: string): RosterRows {
  const online: string[] = [];
  const offline: string[] = [];
  for (const g of groups) {
    for (const id of g.ids) {
      const b = buddies.get(id)?.peek();
      if (b && matchesQuery(q, searchFields(b))) (b.presence === 'online' ? online : offline).push(id);
    }
  }
  const all = online.concat(offline);
  return {
    length: all.length,
    at: (i) => (i >= 0 && i < all.length ? { kind: 'buddy', id: `b:${all[i]}`, buddyId: all[i]!, level: 1, pos: i + 1, size: all.length } : undefined),
    indexOf: (id) => (id.startsWith('b:') ? all.indexOf(id.slice(2)) : -1),
  };
}

function groupedRows(groups: readonly BuddyGroup[], collapsed: ReadonlySet<string>): RosterRows {
  // starts[i]: index of group i's header row.
  const starts: number[] = [];
  const expanded: boolean[] = [];
  let length = 0;
  for (const g of groups) {
    const open = !collapsed.has(groupKey(g));
    starts.push(length);
    expanded.push(open);
    length += 1 + (open ? g.ids.length : 0);
  }
  const groupAt = (index: number): number => {
    let lo = 0;
    let hi = groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    length,
    at(index) {
      if (index < 0 || index >= length) return undefined;
      const gi = groupAt(index);
      const group = groups[gi]!;
      const key = groupKey(group);
      const offset = index - starts[gi]!;
      if (offset === 0) return { kind: 'group', id: `g:${key}`, group, expanded: expanded[gi]!, pos: gi + 1, size: groups.length };
      const buddyId = group.ids[offset - 1]!;
      return { kind: 'buddy', id: `b:${buddyId}`, buddyId, level: 2, pos: offset, size: group.ids.length, group: key };
    },
    indexOf(id) {
      const key = id.slice(2);
      const header = id.startsWith('g:');
      for (let gi = 0; gi < groups.length; gi++) {
        if (header) {
          if (groupKey(groups[gi]!) === key) return starts[gi]!;
        } else if (expanded[gi]) {
          const at = groups[gi]!.ids.indexOf(key);
          if (at >= 0) return starts[gi]! + 1 + at;
        }
      }
      return -1;
    },
  };
}

/** Identifies a group across renders (visitors apart from a group that happens to be named "visitors"). */
export function groupKey(group: BuddyGroup): string {
  return group.visitors ? '\u0000visitors' : group.name;
}
