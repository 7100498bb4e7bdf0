// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { buddy, chatKey, setBuddies, type FakeClient } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

function roster(client: FakeClient) {
  setBuddies(client.store, [
    buddy('ann', { nick: 'Ann', group: 'Friends', status: 'Reading' }),
    buddy('bob', { nick: 'Bob', group: 'Friends', presence: 'offline', show: 'unavailable' }),
    buddy('cat', { nick: 'Cátia', group: 'Friends', show: 'away' }),
    buddy('dan', { nick: 'Dan', group: 'Work', presence: 'offline', show: 'unavailable' }),
    buddy('eli', { nick: 'Élise' }),
    buddy('vid:77', { nick: 'Visitor 77' }),
  ]);
}

function openBuddies(client: FakeClient) {
  renderToolbar(client);
  fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
  return screen.getByRole('dialog', { name: 'Buddies' });
}

const rowNames = (tree: HTMLElement) =>
  within(tree)
    .getAllByRole('treeitem')
    .map((r) => r.querySelector('bdi')!.textContent);

describe('buddies pane', () => {
  it('opens as a non-modal dialog with the user header and puts focus in the search field', () => {
    const client = connectedClient();
    roster(client);
    const pane = openBuddies(client);
    expect(client.callsOf('setPane')).toEqual([['buddies']]);
    expect(pane.getAttribute('aria-modal')).toBe('false');
    expect(screen.getByRole('button', { name: /^Buddies/ }).getAttribute('aria-expanded')).toBe('true');
    expect(within(pane).getByText('Mei')).toBeTruthy();
    expect(within(pane).getByRole('button', { name: 'Status: Available' })).toBeTruthy();
    expect(within(pane).getByRole('button', { name: 'Edit status message: Hello' })).toBeTruthy();
    expect(document.activeElement).toBe(within(pane).getByRole('searchbox', { name: 'Search buddies' }));
  });

  it('lists groups with [online/total], online buddies first, visitors apart at the end', () => {
    const client = connectedClient();
    roster(client);
    const pane = openBuddies(client);
    const tree = within(pane).getByRole('tree', { name: 'Buddy list' });
    const groups = within(tree)
      .getAllByRole('treeitem')
      .filter((r) => r.hasAttribute('aria-expanded'));
    expect(groups.map((g) => g.textContent)).toEqual([
      'Buddies[1/1]1 of 1 online',
      'Friends[2/3]2 of 3 online',
      'Work[0/1]0 of 1 online',
      'Visitors[1/1]1 of 1 online',
    ]);
    expect(within(tree).getByRole('treeitem', { name: 'Friends [2/3] 2 of 3 online' }).getAttribute('aria-level')).toBe(
      '1',
    );
    const friends = within(tree)
      .getAllByRole('treeitem')
      .filter((r) => r.getAttribute('aria-level') === '2');
    expect(friends.map((r) => r.querySelector('bdi')!.textContent)).toEqual([
      'Élise',
      'Ann',
      'Cátia',
      'Bob',
      'Dan',
      'Visitor 77',
    ]);
    const ann = within(tree).getByRole('treeitem', { name: /^Ann/ });
    expect(ann.textContent).toContain('Reading');
    expect(ann.getAttribute('aria-posinset')).toBe('1');
    expect(ann.getAttribute('aria-setsize')).toBe('3');
  });

  it('collapses and expands a group from its header', () => {
    const client = connectedClient();
    roster(client);
    const pane = openBuddies(client);
    const tree = within(pane).getByRole('tree');
    const friends = within(tree).getByRole('treeitem', { name: /^Friends/ });
    fireEvent.click(friends);
    expect(
      within(tree)
        .getByRole('treeitem', { name: /^Friends/ })
        .getAttribute('aria-expanded'),
    ).toBe('false');
    expect(within(tree).queryByRole('treeitem', { name: /^Ann/ })).toBeNull();
    fireEvent.click(within(tree).getByRole('treeitem', { name: /^Friends/ }));
    expect(within(tree).getByRole('treeitem', { name: /^Ann/ })).toBeTruthy();
  });

  it('searches as you type, by nick or id, ignoring case and accents', () => {
    const client = connectedClient();
    roster(client);
    const pane = openBuddies(client);
    const search = within(pane).getByRole('searchbox', { name: 'Search buddies' });
    fireEvent.input(search, { target: { value: 'CATIA' } });
    let tree = within(pane).getByRole('tree');
    expect(rowNames(tree)).toEqual(['Cátia']);
    fireEvent.input(search, { target: { value: 'elise' } });
    tree = within(pane).getByRole('tree');
    expect(within(tree).getAllByRole('treeitem')).toHaveLength(1);
    fireEvent.input(search, { target: { value: 'da' } });
    tree = within(pane).getByRole('tree');
    expect(rowNames(tree)).toEqual(['Dan']);
    fireEvent.input(search, { target: { value: 'zzz' } });
    expect(within(pane).queryByRole('tree')).toBeNull();
    expect(within(pane).getByRole('status').textContent).toBe('No matches');
    // Esc clears the search first and leaves the pane open.
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
  });

  it('opens a chat from a row and closes the pane (not sticky)', async () => {
    const client = connectedClient();
    roster(client);
    const pane = openBuddies(client);
    const ann = within(pane).getByRole('treeitem', { name: /^Ann/ });
    ann.focus();
    fireEvent.keyDown(ann, { key: 'Enter' });
    expect(client.callsOf('openConversation')).toEqual([[chatKey('ann'), { nick: 'Ann' }]]);
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    await act(() => Promise.resolve());
    // Focus followed the conversation to its tab (or into its window), never left behind in the closed pane.
    const active = document.activeElement as HTMLElement;
    const tab = screen.getByRole('tab', { name: /^Ann/ });
    const window = screen.getByRole('dialog', { name: 'Ann' });
    expect(active === tab || window.contains(active)).toBe(true);
  });

  it('Enter on a buddy leaves the caret in the new window’s composer (keyboard users type at once)', async () => {
    const client = connectedClient();
    roster(client);
    const pane = openBuddies(client);
    const ann = within(pane).getByRole('treeitem', { name: /^Ann/ });
    ann.focus();
    fireEvent.keyDown(ann, { key: 'Enter' });
    await act(() => Promise.resolve());
    await act(() => Promise.resolve());
    const window = screen.getByRole('dialog', { name: 'Ann' });
    expect(document.activeElement).toBe(within(window).getByRole('textbox', { name: 'Message' }));
  });

  it('keeps the buddy list open beside a window and another pane when "sticky" is on', () => {
    const client = connectedClient();
    roster(client);
    client.store.settings.value = { ...client.store.settings.value, buddy_sticky: true };
    openBuddies(client);
    fireEvent.click(screen.getByRole('treeitem', { name: /^Ann/ }));
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'Ann' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'Rooms' })).toBeTruthy();
    // Another pane replaces Rooms; Buddies stays.
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.queryByRole('dialog', { name: 'Rooms' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    // Its own button (or close control) still closes it.
    fireEvent.click(screen.getByRole('button', { name: 'Close Buddies' }));
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy();
  });

  it('without "sticky", only one pane is open at a time', () => {
    const client = connectedClient();
    roster(client);
    openBuddies(client);
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Notifications' })).toBeTruthy();
  });

  it('asks the client to complete incomplete buddies once they are in view, once each', () => {
    const client = connectedClient();
    setBuddies(client.store, [
      buddy('p1', { incomplete: true, nick: 'p1' }),
      buddy('p2', { nick: 'P2' }),
      buddy('p3', { incomplete: true, nick: 'p3' }),
    ]);
    openBuddies(client);
    expect(client.callsOf('completeBuddies')).toEqual([[['p1', 'p3']]]);
    expect(screen.getByRole('treeitem', { name: /^p1/ }).textContent).toContain('Loading…');
    act(() => {
      client.store.buddies.value.get('p1')!.value = buddy('p1', { nick: 'Pia', status: 'hi' });
    });
    expect(screen.getByRole('treeitem', { name: /^Pia/ }).textContent).toContain('hi');
    expect(client.callsOf('completeBuddies')).toHaveLength(1);
  });

  it('says so when the roster is empty', () => {
    const client = connectedClient();
    const pane = openBuddies(client);
    expect(within(pane).getByRole('status').textContent).toBe('No buddies yet');
  });
});
