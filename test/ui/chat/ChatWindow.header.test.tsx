// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import {
  buddy,
  chatKey,
  createFakeClient,
  room,
  roomKey,
  setBuddies,
  setRooms,
  setUser,
  type FakeClient,
} from '../../support/fake-client';
import { renderWindow } from './render';

function setup(): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Me' });
  client.store.connection.value = { state: 'connected' };
  return client;
}

const avatarSources = (el: Element) => [...el.querySelectorAll('header img')].map((img) => img.getAttribute('src'));

describe('ChatWindow header (1:1)', () => {
  it('is a dialog named after the buddy, with presence and status text', () => {
    const client = setup();
    setBuddies(client.store, [buddy('alice', { nick: 'Alice', show: 'away', status: 'At lunch' })]);
    renderWindow(client, chatKey('alice'));
    const dialog = screen.getByRole('dialog', { name: 'Alice' });
    expect(within(dialog).getByRole('heading', { name: 'Alice' })).toBeTruthy();
    expect(within(dialog).getByText('Away')).toBeTruthy();
    expect(within(dialog).getByText(/At lunch/)).toBeTruthy();
  });

  it('names a stranger by the nick on their messages, else by id, and reads strangers from the store', () => {
    const client = setup();
    client.store.strangers.value = new Map([
      ['carol', signal(buddy('carol', { nick: 'Carol C', presence: 'offline', show: 'unavailable' }))],
    ]);
    const { unmount } = renderWindow(client, chatKey('carol'));
    expect(screen.getByRole('dialog', { name: 'Carol C' })).toBeTruthy();
    expect(screen.getAllByText('Offline').length).toBeGreaterThan(0);
    unmount();
    renderWindow(client, chatKey('zed'));
    expect(screen.getByRole('dialog', { name: 'zed' })).toBeTruthy();
  });

  it('falls back from avatar to default avatar to the toolbar default to initials', () => {
    const client = setup();
    setBuddies(client.store, [
      buddy('alice', { avatar: 'https://cdn.example/a.png', defaultAvatar: '/default-a.png' }),
    ]);
    const { container } = renderWindow(client, chatKey('alice'), { options: { defaultAvatar: '/site-default.png' } });
    expect(avatarSources(container)).toEqual(['https://cdn.example/a.png']);
    fireEvent.error(container.querySelector<HTMLElement>('header img')!);
    expect(avatarSources(container)).toEqual(['/default-a.png']);
    fireEvent.error(container.querySelector<HTMLElement>('header img')!);
    expect(avatarSources(container)).toEqual(['/site-default.png']);
    fireEvent.error(container.querySelector<HTMLElement>('header img')!);
    expect(avatarSources(container)).toEqual([]);
    expect(container.querySelector('header .webim-avatar--initials')?.textContent).toBe('A');
  });

  it('never uses a javascript: avatar', () => {
    const client = setup();
    setBuddies(client.store, [buddy('alice', { avatar: 'javascript:alert(1)' })]);
    const { container } = renderWindow(client, chatKey('alice'));
    expect(avatarSources(container)).toEqual([]);
  });

  it('closes with the close button and with Escape', async () => {
    const client = setup();
    setBuddies(client.store, [buddy('alice')]);
    const { closed } = renderWindow(client, chatKey('alice'));
    await userEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    expect(closed.count).toBe(1);
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    expect(closed.count).toBe(2);
  });

  it('offers clear history (with confirmation) but no room actions', async () => {
    const user = userEvent.setup();
    const client = setup();
    setBuddies(client.store, [buddy('alice')]);
    renderWindow(client, chatKey('alice'));
    expect(screen.queryByRole('button', { name: 'Members' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    const menu = screen.getByRole('menu', { name: 'More actions' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual(['Start a discussion…', 'Download history', 'Clear history']);
  });
});

describe('ChatWindow header (room)', () => {
  function roomSetup(over: Parameters<typeof room>[1] = {}) {
    const client = setup();
    setRooms(client.store, [room('lobby', { nick: 'Lobby', count: 2, allCount: 5, ...over })]);
    return client;
  }

  it('shows the member count', () => {
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'));
    expect(screen.getByRole('dialog', { name: 'Lobby' })).toBeTruthy();
    expect(screen.getByText('2 online · 5 members')).toBeTruthy();
  });

  it('toggles a members sidebar listing members with presence; activating one opens a 1:1 chat', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    client.replies.members = [
      { id: 'me', nick: 'Me', presence: 'online', show: 'available' },
      { id: 'dave', nick: 'Dave', presence: 'offline', show: 'unavailable' },
      { id: 'bob', nick: 'Bob', presence: 'online', show: 'available' },
    ];
    renderWindow(client, roomKey('lobby'));
    const toggle = screen.getByRole('button', { name: 'Members' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(client.callsOf('members')).toEqual([['lobby']]));
    const sidebar = screen.getByRole('complementary', { name: 'Members' });
    await waitFor(() => expect(within(sidebar).getAllByRole('listitem')).toHaveLength(3));
    const names = within(sidebar)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(names).toEqual(['Bob', 'Me (you)', 'Dave'].map((n) => expect.stringContaining(n)));
    expect(within(sidebar).queryByRole('button', { name: /Me/ })).toBeNull();
    expect(within(sidebar).getByRole('img', { name: 'Offline' })).toBeTruthy();
    await user.click(within(sidebar).getByRole('button', { name: /Bob/ }));
    expect(client.callsOf('openConversation')).toEqual([['chat:bob', { nick: 'Bob' }]]);
    await user.click(toggle);
    expect(screen.queryByRole('complementary', { name: 'Members' })).toBeNull();
  });

  it('prefers the live member list in the store and counts who is online', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    client.store.members.value = new Map([
      [
        'lobby',
        [
          { id: 'bob', nick: 'Bob', presence: 'online', show: 'available' },
          { id: 'erin', nick: 'Erin', presence: 'online', show: 'away' },
          { id: 'dave', nick: 'Dave', presence: 'offline', show: 'unavailable' },
        ],
      ],
    ]);
    renderWindow(client, roomKey('lobby'));
    expect(screen.getByText('2 online · 5 members')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Members' }));
    expect(within(screen.getByRole('complementary', { name: 'Members' })).getAllByRole('button')).toHaveLength(3);
  });

  it("shows members' away/busy as their buddy presence and our own show, which room presences do not carry", async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    setUser(client.store, { id: 'me', nick: 'Me', show: 'dnd' });
    setBuddies(client.store, [
      buddy('bob', { nick: 'Bob', show: 'available' }),
      buddy('dave', { nick: 'Dave', presence: 'offline', show: 'unavailable' }),
    ]);
    client.store.members.value = new Map([
      [
        'lobby',
        [
          { id: 'me', nick: 'Me', presence: 'online', show: 'available' },
          { id: 'bob', nick: 'Bob', presence: 'online', show: 'available' },
          // The room says Dave is online (he is, to the room) though our buddy list has not heard: the room wins.
          { id: 'dave', nick: 'Dave', presence: 'online', show: 'available' },
        ],
      ],
    ]);
    renderWindow(client, roomKey('lobby'));
    await user.click(screen.getByRole('button', { name: 'Members' }));
    const sidebar = screen.getByRole('complementary', { name: 'Members' });
    const dotOf = (name: RegExp) =>
      within(within(sidebar).getByText(name).closest('li')!).getByRole('img').getAttribute('aria-label');
    expect(dotOf(/^Me \(you\)$/)).toBe('Busy');
    expect(dotOf(/^Bob$/)).toBe('Available');
    expect(dotOf(/^Dave$/)).toBe('Available');

    // Bob sets himself away: the buddy presence reaches the sidebar without a new member list.
    client.store.buddies.value.get('bob')!.value = buddy('bob', { nick: 'Bob', show: 'away' });
    await waitFor(() => expect(dotOf(/^Bob$/)).toBe('Away'));
  });

  it('blocks and unblocks the room from the actions menu', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Block room' }));
    expect(client.callsOf('block')).toEqual([['lobby']]);
    client.store.rooms.value.get('lobby')!.value = room('lobby', { nick: 'Lobby', blocked: true });
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Unblock room' }));
    expect(client.callsOf('unblock')).toEqual([['lobby']]);
  });

  it('works the menu by keyboard and returns focus to the button', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'));
    const button = screen.getByRole('button', { name: 'More actions' });
    button.focus();
    await user.keyboard('{ArrowDown}');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Block room' }));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Leave room' }));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Block room' }));
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Clear history' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('asks before leaving; cancel does nothing, confirm leaves and closes the tab', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'));
    const menuButton = screen.getByRole('button', { name: 'More actions' });
    await user.click(menuButton);
    await user.click(screen.getByRole('menuitem', { name: 'Leave room' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Leave Lobby?' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(client.callsOf('leave')).toEqual([]);
    expect(document.activeElement).toBe(menuButton);

    await user.click(menuButton);
    await user.click(screen.getByRole('menuitem', { name: 'Leave room' }));
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    expect(client.callsOf('leave')).toEqual([['lobby']]);
    await waitFor(() => expect(client.callsOf('closeConversation')).toEqual([['grpchat:lobby']]));
  });

  it('asks before clearing history; confirming clears it', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Clear history' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Clear chat history?' });
    expect(confirm.getAttribute('aria-describedby')).toBeTruthy();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(client.callsOf('clearHistory')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Clear history' }));
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(client.callsOf('clearHistory')).toEqual([['grpchat:lobby']]);
  });

  it('keeps Tab inside the confirmation', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Clear history' }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Clear' }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
  });

  it('reports a failed action', async () => {
    const user = userEvent.setup();
    const client = roomSetup();
    client.block = async () => {
      throw new Error('server said no');
    };
    renderWindow(client, roomKey('lobby'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Block room' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That did not work. Please try again.');
  });

  it('speaks Chinese', () => {
    const client = roomSetup();
    renderWindow(client, roomKey('lobby'), { locale: 'zh-CN' });
    expect(screen.getByRole('textbox', { name: '消息' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '发送' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '成员' })).toBeTruthy();
  });
});
