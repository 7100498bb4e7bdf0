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
 * Flattens the grouped roster into rows for the virtual tree. Without a query: each group's header, then its
 * buddies unless collapsed. With a query: matching buddies only (nick or id, case/accent-insensitive), online
 * first, without headers. Reads buddy signals with `peek()`: the caller re-renders on `buddyGroups` anyway, and
 * rows subscribe to their own buddy.
 */
export function buildRosterRows(
  groups: readonly BuddyGroup[],
  buddies: ReadonlyMap<string, Signal<Buddy>>,
  collapsed: ReadonlySet<string>,
  query: string,
): RosterRow[] {
  const q = foldForSearch(query);
  const rows: RosterRow[] = [];
  if (q) {
    const online: string[] = [];
    const offline: string[] = [];
    for (const g of groups) {
      for (const id of g.ids) {
        const b = buddies.get(id)?.peek();
        if (b && matchesQuery(q, searchFields(b))) (b.presence === 'online' ? online : offline).push(id);
      }
    }
    const all = online.concat(offline);
    all.forEach((id, i) => rows.push({ kind: 'buddy', id: `b:${id}`, buddyId: id, level: 1, pos: i + 1, size: all.length }));
    return rows;
  }
  groups.forEach((group, gi) => {
    const key = groupKey(group);
    const expanded = !collapsed.has(key);
    rows.push({ kind: 'group', id: `g:${key}`, group, expanded, pos: gi + 1, size: groups.length });
    if (!expanded) return;
    group.ids.forEach((id, i) =>
      rows.push({ kind: 'buddy', id: `b:${id}`, buddyId: id, level: 2, pos: i + 1, size: group.ids.length, group: key }),
    );
  });
  return rows;
}

/** Identifies a group across renders (visitors apart from a group that happens to be named "visitors"). */
export function groupKey(group: BuddyGroup): string {
  return group.visitors ? '\u0000visitors' : group.name;
}
