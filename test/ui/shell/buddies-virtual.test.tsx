// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Buddy } from '../../../src/protocol/types';
import { ROW_HEIGHT } from '../../../src/ui/panes/buddies/BuddyTree';
import { buddy, chatKey, setBuddies, type FakeClient } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

// Counts renders of each buddy row: the real component, wrapped.
const renders = vi.hoisted(() => new Map<string, number>());
vi.mock('../../../src/ui/panes/buddies/BuddyRow', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../../src/ui/panes/buddies/BuddyRow')>();
  return {
    ...mod,
    BuddyRow: (props: Parameters<typeof mod.BuddyRow>[0]) => {
      const id = props.buddy.peek().id;
      renders.set(id, (renders.get(id) ?? 0) + 1);
      return mod.BuddyRow(props);
    },
  };
});

const N = 10_000;
const pad = (i: number) => String(i).padStart(5, '0');

function bigRoster(client: FakeClient) {
  const list: Buddy[] = [];
  for (let i = 0; i < N; i++) {
    list.push(
      buddy(`u${pad(i)}`, {
        nick: `User ${pad(i)}`,
        presence: i % 3 === 0 ? 'online' : 'offline',
        show: i % 3 === 0 ? 'available' : 'unavailable',
      }),
    );
  }
  setBuddies(client.store, list);
}

function open(client: FakeClient) {
  renderToolbar(client);
  fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
  const pane = screen.getByRole('dialog', { name: 'Buddies' });
  return { pane, tree: within(pane).getByRole('tree') };
}

const shownIds = (tree: HTMLElement) =>
  within(tree)
    .getAllByRole('treeitem')
    .filter((r) => r.getAttribute('aria-level') === '2')
    .map((r) => r.querySelector('bdi')!.textContent);

describe('virtualised roster of 10,000 buddies', () => {
  it('renders only a window of rows, with a spacer the height of the whole list', () => {
    const client = connectedClient();
    bigRoster(client);
    const { tree } = open(client);
    const rows = within(tree).getAllByRole('treeitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    // One group header + 10,000 buddies, each one fixed-height row.
    expect(tree.style.height).toBe(`${(N + 1) * ROW_HEIGHT}px`);
    const online = Math.ceil(N / 3);
    expect(
      within(tree).getByRole('treeitem', { name: `Buddies [${online}/${N}] ${online} of ${N} online` }),
    ).toBeTruthy();
    // Online first: the first rows are online buddies.
    expect(shownIds(tree).slice(0, 3)).toEqual(['User 00000', 'User 00003', 'User 00006']);
    expect(renders.size).toBeLessThan(40);
  });

  it('moves the window when the list scrolls', () => {
    const client = connectedClient();
    bigRoster(client);
    const { tree } = open(client);
    const scroller = tree.parentElement!;
    scroller.scrollTop = 5000 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    const names = shownIds(tree);
    expect(names.length).toBeLessThan(40);
    // Row 5000 (the group header is row 0) is buddy index 4999 in display order: online ones come first.
    const online = Math.ceil(N / 3);
    const offlineIndex = 4999 - online;
    const expected = `User ${pad(Math.floor(offlineIndex / 2) * 3 + (offlineIndex % 2) + 1)}`;
    expect(names).toContain(expected);
  });

  it("a presence change re-renders only that buddy's row", () => {
    const client = connectedClient();
    bigRoster(client);
    const { tree } = open(client);
    const target = 'u00003';
    expect(within(tree).getByRole('treeitem', { name: /^User 00003/ })).toBeTruthy();
    renders.clear();
    act(() => {
      const sig = client.store.buddies.value.get(target)!;
      sig.value = { ...sig.value, show: 'away', status: 'brb' };
    });
    expect(within(tree).getByRole('treeitem', { name: /^User 00003/ }).textContent).toContain('brb');
    expect([...renders.entries()]).toEqual([[target, 1]]);
  });

  it("unread news of a chat badges that buddy's row, re-rendering only it", () => {
    const client = connectedClient();
    bigRoster(client);
    const { tree } = open(client);
    renders.clear();
    act(() => {
      client.store.unread.value = new Map([
        [chatKey('u00003'), 2],
        [chatKey('u06000'), 1],
      ]);
    });
    expect(
      within(tree)
        .getByRole('treeitem', { name: /^User 00003/ })
        .querySelector('.webim-badge')
        ?.getAttribute('aria-label'),
    ).toBe('2 unread');
    expect(
      within(tree)
        .getByRole('treeitem', { name: /^User 00006/ })
        .querySelector('.webim-badge'),
    ).toBeNull();
    expect([...renders.entries()]).toEqual([['u00003', 1]]);
  });

  it('a presence storm off screen re-renders no row; on screen, only the rows that changed', () => {
    const client = connectedClient();
    bigRoster(client);
    open(client);
    renders.clear();
    act(() => {
      // 300 status changes far down the list, and two in view.
      for (let i = 6000; i < 6300; i++) {
        const sig = client.store.buddies.value.get(`u${pad(i)}`)!;
        sig.value = { ...sig.value, status: `status ${i}` };
      }
      for (const id of ['u00000', 'u00006']) {
        const sig = client.store.buddies.value.get(id)!;
        sig.value = { ...sig.value, show: 'dnd' };
      }
    });
    expect(new Set(renders.keys())).toEqual(new Set(['u00000', 'u00006']));
  });

  it('keyboard: End jumps to the last buddy (scrolling it into the window), Home back, PageDown by a page', () => {
    const client = connectedClient();
    bigRoster(client);
    const { tree } = open(client);
    const first = within(tree).getByRole('treeitem', { name: /^Buddies/ });
    first.focus();
    fireEvent.keyDown(first, { key: 'End' });
    const last = document.activeElement as HTMLElement;
    expect(last.getAttribute('role')).toBe('treeitem');
    // The last row in display order is the last offline buddy.
    expect(last.querySelector('bdi')!.textContent).toBe('User 09998');
    expect(last.tabIndex).toBe(0);
    expect(within(tree).getAllByRole('treeitem').length).toBeLessThan(40);
    fireEvent.keyDown(last, { key: 'Home' });
    expect(document.activeElement).toBe(within(tree).getByRole('treeitem', { name: /^Buddies/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect((document.activeElement as HTMLElement).querySelector('bdi')!.textContent).toBe('User 00000');
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    const afterPage = (document.activeElement as HTMLElement).getAttribute('data-i');
    expect(Number(afterPage)).toBeGreaterThan(5);
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    expect((document.activeElement as HTMLElement).getAttribute('data-i')).toBe('1');
  });
});
