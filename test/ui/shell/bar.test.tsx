// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { BROADCAST_KEY } from '../../../src/protocol/keys';
import { buddy, chatKey, room, roomKey, setBuddies, setRooms } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

describe('bar layout', () => {
  it('is a region named Chat with the user, the pane buttons and minimise', () => {
    const client = connectedClient();
    renderToolbar(client);
    const bar = screen.getByRole('region', { name: 'Chat' });
    expect(within(bar).getByRole('button', { name: 'Your status: Available' }).getAttribute('aria-haspopup')).toBe(
      'menu',
    );
    for (const name of [/^Buddies/, /^Rooms$/, /^Notifications$/, /^Settings$/, /^Minimise chat$/]) {
      expect(within(bar).getByRole('button', { name })).toBeTruthy();
    }
  });

  it('keeps the hooks bench/ finds it by: the Buddies button and the visible online count', () => {
    // bench/lib/probes.mjs and bench/roster-storm.mjs query the shadow root with these selectors (a page script
    // cannot use roles); a markup change must update them, not silently break `npm run bench`.
    const client = connectedClient();
    setBuddies(client.store, [buddy('ann'), buddy('bob')]);
    renderToolbar(client);
    const button = screen.getByRole('button', { name: 'Buddies 2 online' });
    expect(button.matches('[data-focus-target="pane:buddies"]')).toBe(true);
    expect(button.querySelector('.webim-online-count [aria-hidden]')?.textContent).toBe('2');
  });

  it('shows how many buddies are online (visitors aside), following the roster once per frame, and notifications unread', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    const client = connectedClient();
    setBuddies(client.store, [
      buddy('ann'),
      buddy('bob', { presence: 'offline', show: 'unavailable' }),
      buddy('cat', { show: 'away' }),
      buddy('vid:1'),
    ]);
    client.store.notifications.value = [
      { text: 'one', time: 2000 },
      { text: 'two', time: 3000 },
      { text: 'old', time: 500 },
    ];
    client.store.notificationsSeenAt.value = 1000;
    renderToolbar(client);
    expect(screen.getByRole('button', { name: 'Buddies 2 online' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Notifications 2 unread' })).toBeTruthy();
    // A storm of presences: the count re-renders once, on the next frame, with the latest roster.
    act(() => {
      client.store.buddies.value.get('bob')!.value = buddy('bob');
    });
    act(() => {
      client.store.buddies.value.get('ann')!.value = buddy('ann', { presence: 'offline', show: 'unavailable' });
    });
    act(() => {
      client.store.buddies.value.get('ann')!.value = buddy('ann');
    });
    expect(screen.getByRole('button', { name: 'Buddies 2 online' })).toBeTruthy();
    expect(vi.getTimerCount()).toBe(1);
    act(() => {
      vi.advanceTimersToNextFrame();
    });
    expect(screen.getByRole('button', { name: 'Buddies 3 online' })).toBeTruthy();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });

  it('renders the site menu with http(s) and relative links only', () => {
    const client = connectedClient();
    let selected = 0;
    renderToolbar(client, {
      menu: [
        { label: 'Hot threads', href: '/forum/hot' },
        { label: 'Home', href: 'https://forum.example/', target: '_blank' },
        { label: 'Evil', href: 'javascript:alert(1)' },
        { label: 'Sneaky', href: ' java\tscript:alert(1)' },
        { label: 'Data', href: 'data:text/html,<script>alert(1)</script>' },
        { label: 'Help', onSelect: () => selected++ },
        { label: 'Unsafe but handled', href: 'javascript:void 0', onSelect: () => selected++ },
        { label: ' ', href: '/blank' },
        { label: 'Does nothing' },
      ],
    });
    const nav = screen.getByRole('navigation', { name: 'Site menu' });
    expect(within(nav).getByRole('link', { name: 'Hot threads' }).getAttribute('href')).toBe('/forum/hot');
    const home = within(nav).getByRole('link', { name: 'Home' });
    expect(home.getAttribute('target')).toBe('_blank');
    expect(home.getAttribute('rel')).toBe('noopener noreferrer');
    expect(within(nav).queryByText('Evil')).toBeNull();
    expect(within(nav).queryByText('Sneaky')).toBeNull();
    expect(within(nav).queryByText('Data')).toBeNull();
    fireEvent.click(within(nav).getByRole('button', { name: 'Help' }));
    expect(selected).toBe(1);
    // An entry with a handler stays, as a button without the unsafe link; empty labels and no-ops are dropped.
    fireEvent.click(within(nav).getByRole('button', { name: 'Unsafe but handled' }));
    expect(selected).toBe(2);
    expect(
      within(nav)
        .getAllByRole('link')
        .concat(within(nav).getAllByRole('button'))
        .map((e) => e.textContent),
    ).toEqual(['Hot threads', 'Home', 'Help', 'Unsafe but handled']);
  });
});

describe('chat tabs', () => {
  function withTabs() {
    const client = connectedClient();
    setBuddies(client.store, [buddy('ann', { nick: 'Ann' }), buddy('bob', { nick: 'Bob', show: 'away' })]);
    setRooms(client.store, [room('lobby', { nick: 'Lobby' })]);
    client.store.tabs.value = [chatKey('ann'), chatKey('bob'), roomKey('lobby'), BROADCAST_KEY];
    client.store.unread.value = new Map([[chatKey('bob'), 3]]);
    return client;
  }

  it('shows one tab per open conversation with name, presence and unread count', () => {
    const client = withTabs();
    renderToolbar(client);
    const tablist = screen.getByRole('tablist', { name: 'Open chats' });
    const tabs = within(tablist).getAllByRole('tab');
    expect(tabs.map((t) => t.getAttribute('title'))).toEqual(['Ann', 'Bob', 'Lobby', 'Site broadcast']);
    expect(within(tablist).getByRole('tab', { name: 'Bob Away 3 unread' })).toBeTruthy();
    expect(within(tablist).getByRole('tab', { name: /^Ann Available$/ })).toBeTruthy();
    expect(tabs.every((t) => t.getAttribute('aria-selected') === 'false')).toBe(true);
    // Exactly one tab is in the tab order.
    expect(tabs.filter((t) => t.tabIndex === 0)).toHaveLength(1);
  });

  it('opens the window of a tab above it, and collapses it when the tab is clicked again', () => {
    const client = withTabs();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('tab', { name: /^Bob/ }));
    expect(client.callsOf('activate')).toEqual([[chatKey('bob')]]);
    const tab = screen.getByRole('tab', { name: /^Bob/ });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    const windowId = tab.getAttribute('aria-controls')!;
    const slot = document.getElementById(windowId)!;
    expect(within(slot).getByRole('dialog', { name: 'Bob' })).toBeTruthy();
    // The unread count went with the activation.
    expect(screen.getByRole('tab', { name: 'Bob Away' })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: /^Bob/ }));
    expect(client.store.activeTab.value).toBeNull();
    expect(screen.queryByRole('dialog', { name: 'Bob' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Bob/ }));
  });

  it('closes a conversation from its close control or with Delete on the tab', () => {
    const client = withTabs();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Close chat with Lobby' }));
    expect(client.callsOf('closeConversation')).toEqual([[roomKey('lobby')]]);
    expect(screen.queryByRole('tab', { name: /^Lobby/ })).toBeNull();
    const ann = screen.getByRole('tab', { name: /^Ann/ });
    ann.focus();
    fireEvent.keyDown(ann, { key: 'Delete' });
    expect(client.store.tabs.value).toEqual([chatKey('bob'), BROADCAST_KEY]);
    // Focus moves to the neighbour, never into nowhere.
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Bob/ }));
  });

  it('names a stranger tab by nick from the store, else by id, and updates presence live', () => {
    const client = connectedClient();
    client.store.strangers.value = new Map([['zoe', signal(buddy('zoe', { nick: 'Zoë' }))]]);
    client.store.tabs.value = [chatKey('zoe'), chatKey('x42')];
    renderToolbar(client);
    expect(screen.getByRole('tab', { name: 'Zoë Available' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'x42' })).toBeTruthy();
    act(() => {
      client.store.strangers.value.get('zoe')!.value = buddy('zoe', { nick: 'Zoë', show: 'dnd' });
    });
    expect(screen.getByRole('tab', { name: 'Zoë Busy' })).toBeTruthy();
  });
});
