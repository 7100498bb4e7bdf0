import type { Signal } from '@preact/signals';
import type { Buddy } from '../../../protocol/types';
import type { BuddyGroup } from '../../../store/types';

/** A line of the roster tree: a group header or a buddy. `id` is unique across both kinds. */
export type RosterRow =
  | { kind: 'group'; id: string; group: BuddyGroup; expanded: boolean; pos: number; size: number }
  | { kind: 'buddy'; id: string; buddyId: string; level: 1 | 2; pos: number; size: number; group?: string };

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

/** Text folded for search: case-, accent- (é → e) and width-insensitive (Ｂｏｂ → bob), spaces collapsed. */
export const fold = (text: string): string =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Nick and id folded, cached per buddy object (objects are replaced on change, so never stale). */
const folded = new WeakMap<Buddy, string[]>();

/** Identifies a group across renders (visitors apart from a group that happens to be named "visitors"). */
export const groupKey = (g: BuddyGroup): string => (g.visitors ? '\0visitors' : g.name);

/**
 * The grouped roster as tree rows. Without a query: each group's header, then its buddies unless collapsed. With
 * a query: buddies whose nick or id holds every word of it, online first, without headers (collapsed groups are
 * searched too). Reads buddy signals with `peek()`: the caller re-renders when the roster changes, and rows
 * subscribe to their own buddy.
 */
export function buildRosterRows(
  groups: readonly BuddyGroup[],
  buddies: ReadonlyMap<string, Signal<Buddy>>,
  collapsed: ReadonlySet<string>,
  query: string,
): RosterRows {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length) {
    const online: string[] = [];
    const offline: string[] = [];
    for (const g of groups)
      for (const id of g.ids) {
        const b = buddies.get(id)?.peek();
        if (!b) continue;
        let f = folded.get(b);
        if (!f) folded.set(b, (f = [fold(b.nick), fold(b.id)]));
        if (words.every((w) => f.some((field) => field.includes(w))))
          (b.presence === 'online' ? online : offline).push(id);
      }
    const all = online.concat(offline);
    return {
      length: all.length,
      at: (i) =>
        all[i]
          ? { kind: 'buddy', id: 'b:' + all[i], buddyId: all[i]!, level: 1, pos: i + 1, size: all.length }
          : undefined,
      indexOf: (id) => (id[0] === 'b' ? all.indexOf(id.slice(2)) : -1),
    };
  }
  // starts[i]: index of group i's header row.
  const starts: number[] = [];
  let length = 0;
  for (const g of groups) {
    starts.push(length);
    length += collapsed.has(groupKey(g)) ? 1 : 1 + g.ids.length;
  }
  return {
    length,
    at(index) {
      if (!(index >= 0 && index < length)) return;
      // The last group starting at or before `index` (binary search: 10,000 rows, few groups, but cheap anyway).
      let lo = 0;
      let hi = groups.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= index) lo = mid;
        else hi = mid - 1;
      }
      const group = groups[lo]!;
      const key = groupKey(group);
      const offset = index - starts[lo]!;
      return offset
        ? {
            kind: 'buddy',
            id: 'b:' + group.ids[offset - 1],
            buddyId: group.ids[offset - 1]!,
            level: 2,
            pos: offset,
            size: group.ids.length,
            group: key,
          }
        : { kind: 'group', id: 'g:' + key, group, expanded: !collapsed.has(key), pos: lo + 1, size: groups.length };
    },
    indexOf(id) {
      const key = id.slice(2);
      for (let gi = 0; gi < groups.length; gi++) {
        const g = groups[gi]!;
        const k = groupKey(g);
        if (id[0] === 'g') {
          if (k === key) return starts[gi]!;
        } else if (!collapsed.has(k)) {
          const at = g.ids.indexOf(key);
          if (at >= 0) return starts[gi]! + 1 + at;
        }
      }
      return -1;
    },
  };
}
