// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Buddy } from '../../../src/protocol/types';
import { groupBuddies } from '../../../src/store';
import { buddy, setBuddies, type FakeClient } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

// Counts renders of the tree (the whole visible list) and of each buddy row: the real components, wrapped.
const counts = vi.hoisted(() => ({ tree: 0, rows: new Map<string, number>() }));
vi.mock('../../../src/ui/panes/buddies/BuddyTree', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../../src/ui/panes/buddies/BuddyTree')>();
  return {
    ...mod,
    BuddyTree: (props: Parameters<typeof mod.BuddyTree>[0]) => {
      counts.tree++;
      return mod.BuddyTree(props);
    },
  };
});
vi.mock('../../../src/ui/panes/buddies/BuddyRow', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../../src/ui/panes/buddies/BuddyRow')>();
  return {
    ...mod,
    BuddyRow: (props: Parameters<typeof mod.BuddyRow>[0]) => {
      const id = props.buddy.peek().id;
      counts.rows.set(id, (counts.rows.get(id) ?? 0) + 1);
      return mod.BuddyRow(props);
    },
  };
});

const N = 2000;
const pad = (i: number) => String(i).padStart(4, '0');

function roster(client: FakeClient) {
  const list: Buddy[] = [];
  for (let i = 0; i < N; i++) {
    const online = i % 3 === 0;
    list.push(
      buddy(`u${pad(i)}`, {
        nick: `User ${pad(i)}`,
        group: `Group ${i % 4}`,
        presence: online ? 'online' : 'offline',
        show: online ? 'available' : 'unavailable',
      }),
    );
  }
  setBuddies(client.store, list);
}

function open(client: FakeClient) {
  renderToolbar(client);
  fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
  return within(screen.getByRole('dialog', { name: 'Buddies' })).getByRole('tree');
}

/** One presence flip, as one packet applies it: its own task, its own signal write. */
function flip(client: FakeClient, id: string) {
  act(() => {
    const s = client.store.buddies.peek().get(id)!;
    const online = s.peek().presence !== 'online';
    s.value = { ...s.peek(), presence: online ? 'online' : 'offline', show: online ? 'available' : 'unavailable' };
  });
}

const nextFrame = () =>
  act(() => {
    vi.advanceTimersByTime(20);
  });
const header = (tree: HTMLElement, name: string) =>
  within(tree).getByRole('treeitem', { name: new RegExp(`^${name} \\[`) });
const shownBuddies = (tree: HTMLElement) =>
  within(tree)
    .getAllByRole('treeitem')
    .filter((r) => r.getAttribute('aria-level') === '2')
    .map((r) => r.querySelector('bdi')!.textContent);

describe('a presence storm in the open buddy list', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout'] });
    counts.tree = 0;
    counts.rows.clear();
  });
  afterEach(() => vi.useRealTimers());

  it('updates a changed row at once, and the order and counts once per frame, however many packets came', () => {
    const client = connectedClient();
    roster(client);
    const tree = open(client);
    nextFrame();
    expect(header(tree, 'Group 0').textContent).toContain('[167/500]');
    counts.tree = 0;
    counts.rows.clear();

    // 300 packets between two frames: the first visible buddy goes offline, the rest far down the list.
    flip(client, 'u0000');
    for (let i = 1; i < 300; i++) flip(client, `u${pad(1000 + i)}`);

    // The row shows it at once, in place; the list has not re-rendered and still counts the old roster.
    const row = within(tree).getByRole('treeitem', { name: /^User 0000/ });
    expect(row.textContent).toContain('Offline');
    expect(counts.tree).toBe(0);
    expect([...counts.rows.keys()]).toEqual(['u0000']);
    expect(header(tree, 'Group 0').textContent).toContain('[167/500]');

    // The next frame renders the list once, with the roster as it is now.
    nextFrame();
    expect(counts.tree).toBe(1);
    const groups = groupBuddies(client.store.buddies.peek());
    const group0 = groups.find((g) => g.name === 'Group 0')!;
    expect(header(tree, 'Group 0').textContent).toContain(`[${group0.online}/500]`);
    expect(group0.online).not.toBe(167);
    const nicks = (ids: readonly string[]) => ids.map((id) => client.store.buddies.peek().get(id)!.peek().nick);
    const shown = shownBuddies(tree);
    expect(shown).toEqual(nicks(group0.ids.slice(0, shown.length)));
    expect(shown).not.toContain('User 0000');

    // A quiet frame renders nothing.
    nextFrame();
    expect(counts.tree).toBe(1);
  });

  it('drops a pending frame and stops listening when the list closes', () => {
    const client = connectedClient();
    roster(client);
    open(client);
    nextFrame();
    flip(client, 'u0003');
    // The frames that will re-render the list and the bar's online count.
    expect(vi.getTimerCount()).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    expect(vi.getTimerCount()).toBe(1);
    nextFrame();
    counts.tree = 0;
    flip(client, 'u0006');
    expect(vi.getTimerCount()).toBe(1);
    nextFrame();
    expect(counts.tree).toBe(0);
  });
});
