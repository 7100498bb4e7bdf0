import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Buddy } from '../../../src/protocol/types';
import { groupBuddies } from '../../../src/store';
import type { BuddyGroup } from '../../../src/store/types';
import { buildRosterRows, groupKey, type RosterRow, type RosterRows } from '../../../src/ui/panes/buddies/rows';
import { buddy } from '../../support/fake-client';

function roster(list: Buddy[]) {
  const map = new Map(list.map((b) => [b.id, signal(b)]));
  return { map, groups: groupBuddies(map) };
}

/** The rows spelled out one by one, the obvious way, to check the on-demand rows against. */
function expectedRows(groups: readonly BuddyGroup[], collapsed: ReadonlySet<string>): RosterRow[] {
  const rows: RosterRow[] = [];
  groups.forEach((group, gi) => {
    const key = groupKey(group);
    const expanded = !collapsed.has(key);
    rows.push({ kind: 'group', id: `g:${key}`, group, expanded, pos: gi + 1, size: groups.length });
    if (expanded)
      group.ids.forEach((id, i) =>
        rows.push({
          kind: 'buddy',
          id: `b:${id}`,
          buddyId: id,
          level: 2,
          pos: i + 1,
          size: group.ids.length,
          group: key,
        }),
      );
  });
  return rows;
}

const all = (rows: RosterRows) => Array.from({ length: rows.length }, (_, i) => rows.at(i));

const LIST = [
  buddy('ann', { nick: 'Ann', group: 'Friends' }),
  buddy('bob', { nick: 'Bob', group: 'Friends', presence: 'offline', show: 'unavailable' }),
  buddy('cat', { nick: 'Cátia', group: 'Friends' }),
  buddy('dan', { nick: 'Dan', group: 'Work', presence: 'offline', show: 'unavailable' }),
  buddy('eli', { nick: 'Élise' }),
  buddy('fay', { nick: 'Fay', group: 'Work' }),
  buddy('vid:7', { nick: 'Visitor 7' }),
];

describe('roster rows (produced on demand)', () => {
  it('are the group headers and their buddies, collapsed groups without buddies; indexOf finds every row', () => {
    const { map, groups } = roster(LIST);
    for (const collapsed of [
      new Set<string>(),
      new Set(['Friends']),
      new Set(['', '\u0000visitors']),
      new Set(groups.map(groupKey)),
    ]) {
      const rows = buildRosterRows(groups, map, collapsed, '');
      const expected = expectedRows(groups, collapsed);
      expect(all(rows)).toEqual(expected);
      expected.forEach((row, i) => expect(rows.indexOf(row.id)).toBe(i));
      expect(rows.at(-1)).toBeUndefined();
      expect(rows.at(rows.length)).toBeUndefined();
      expect(rows.indexOf('b:nobody')).toBe(-1);
      expect(rows.indexOf('g:Nowhere')).toBe(-1);
    }
    // A buddy inside a collapsed group has no row.
    expect(buildRosterRows(groups, map, new Set(['Friends']), '').indexOf('b:ann')).toBe(-1);
  });

  it('with a query: matching buddies only, online first (each part in roster order), flat', () => {
    const { map, groups } = roster(LIST);
    const rows = buildRosterRows(groups, map, new Set(['Friends']), 'a');
    // Collapsed groups are searched too; "Cátia" matches "a".
    expect(all(rows).map((r) => r?.id)).toEqual(['b:ann', 'b:cat', 'b:fay', 'b:dan']);
    expect(rows.at(1)).toEqual({ kind: 'buddy', id: 'b:cat', buddyId: 'cat', level: 1, pos: 2, size: 4 });
    expect(rows.indexOf('b:dan')).toBe(3);
    expect(rows.indexOf('b:bob')).toBe(-1);
    expect(rows.indexOf('g:Friends')).toBe(-1);
  });

  it('an empty roster has no rows', () => {
    const rows = buildRosterRows([], new Map(), new Set(), '');
    expect(rows.length).toBe(0);
    expect(rows.at(0)).toBeUndefined();
  });
});

describe('roster search', () => {
  it('needs every word somewhere in the nick or the id', () => {
    const { map, groups } = roster([
      buddy('u1', { nick: 'Élise Ångström' }),
      buddy('u2', { nick: 'Elias' }),
      buddy('x9', { nick: 'Zed' }),
    ]);
    const ids = (q: string) => all(buildRosterRows(groups, map, new Set(), q)).map((r) => r?.id);
    expect(ids('eli ang')).toEqual(['b:u1']);
    expect(ids('ELI')).toEqual(['b:u2', 'b:u1']);
    expect(ids('u2 eli')).toEqual(['b:u2']);
    expect(ids('eli zed')).toEqual([]);
    expect(ids('x9')).toEqual(['b:x9']);
    // Blank is no query: the grouped rows.
    expect(ids('   ')[0]).toBe('g:');
  });
});
