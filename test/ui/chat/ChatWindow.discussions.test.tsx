// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setWindowMaximized, windowMaximized } from '../../../src/ui/chat/window-size';
import {
  buddy,
  chatKey,
  createFakeClient,
  room,
  roomKey,
  setBuddies,
  setRooms,
  setUser,
} from '../../support/fake-client';
import { renderWindow } from './render';

function setup() {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Me' });
  client.store.connection.value = { state: 'connected' };
  setBuddies(client.store, [
    buddy('bob', { nick: 'Bob' }),
    buddy('carol', { nick: 'Carol', presence: 'offline', show: 'unavailable' }),
    buddy('dave', { nick: 'Dave' }),
  ]);
  return client;
}

afterEach(() => setWindowMaximized(false));

describe('Start a discussion (from a 1:1 window)', () => {
  it('picks buddies (the window’s own ticked), names the room, invites them and opens the discussion', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, chatKey('bob'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Start a discussion…' }));
    const dialog = screen.getByRole('dialog', { name: 'Start a discussion' });
    expect(document.activeElement).toBe(within(dialog).getByRole('textbox', { name: 'Name (optional)' }));
    // Online first, then by name.
    expect(
      within(dialog)
        .getAllByRole('checkbox')
        .map((c) => c.closest('label')!.textContent),
    ).toEqual([expect.stringContaining('Bob'), expect.stringContaining('Dave'), expect.stringContaining('Carol')]);
    expect(within(dialog).getByRole('checkbox', { name: /Bob/ })).toHaveProperty('checked', true);
    await user.type(within(dialog).getByRole('textbox', { name: 'Name (optional)' }), 'Walk');
    await user.click(within(dialog).getByRole('checkbox', { name: /Carol/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Start' }));
    expect(client.callsOf('invite')).toEqual([[['bob', 'carol'], { nick: 'Walk' }]]);
    await waitFor(() => expect(client.callsOf('openConversation')).toEqual([['grpchat:discussion-1', undefined]]));
    expect(screen.queryByRole('dialog', { name: 'Start a discussion' })).toBeNull();
  });

  it('cancels with Escape, keeps Tab inside, and cannot start with nobody picked', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, chatKey('bob'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Start a discussion…' }));
    const dialog = screen.getByRole('dialog', { name: 'Start a discussion' });
    await user.click(within(dialog).getByRole('checkbox', { name: /Bob/ }));
    expect(within(dialog).getByRole('button', { name: 'Start' })).toHaveProperty('disabled', true);
    within(dialog).getByRole('button', { name: 'Cancel' }).focus();
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('textbox'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Start a discussion' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'More actions' }));
    expect(client.callsOf('invite')).toEqual([]);
  });

  it('invites more people into a room, leaving out its members, and shows a refusal', async () => {
    const user = userEvent.setup();
    const client = setup();
    setRooms(client.store, [room('d1', { nick: 'Walk', temporary: true })]);
    client.store.members.value = new Map([['d1', [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available' }]]]);
    const invite = vi.spyOn(client, 'invite').mockRejectedValueOnce(new Error('not a member of this room'));
    renderWindow(client, roomKey('d1'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Invite people…' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite people to Walk' });
    expect(within(dialog).queryByRole('checkbox', { name: /Bob/ })).toBeNull();
    await user.click(within(dialog).getByRole('checkbox', { name: /Dave/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Invite' }));
    expect(invite).toHaveBeenCalledWith(['dave'], { roomId: 'd1' });
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Could not invite: not a member of this room');
  });
});

describe('temporary rooms', () => {
  it('are marked, and leaving one warns that it goes with its last member', async () => {
    const user = userEvent.setup();
    const client = setup();
    setRooms(client.store, [room('d1', { nick: 'Walk', temporary: true })]);
    renderWindow(client, roomKey('d1'));
    expect(screen.getByText('Temporary discussion')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Leave room' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Leave Walk?' });
    expect(confirm.textContent).toContain('it disappears when its last member leaves');
  });

  it('an ordinary room is not marked', () => {
    const client = setup();
    setRooms(client.store, [room('lobby', { nick: 'Lobby' })]);
    renderWindow(client, roomKey('lobby'));
    expect(screen.queryByText('Temporary discussion')).toBeNull();
  });
});

describe('Download history', () => {
  it('asks the browser to save the server’s attachment for this conversation', async () => {
    const user = userEvent.setup();
    const client = setup();
    const clicked: Array<{ href: string; download: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href')!, download: this.getAttribute('download')! });
    });
    renderWindow(client, chatKey('bob'));
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Download history' }));
    expect(clicked).toEqual([{ href: '/webim/download_history?key=chat%3Abob', download: '' }]);
    // The helper link is gone again.
    expect(document.querySelector('a[download]')).toBeNull();
    click.mockRestore();
  });
});

describe('maximise', () => {
  it('is a toggle button in the header, remembered in storage for the next page', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, chatKey('bob'));
    const button = screen.getByRole('button', { name: 'Maximise window' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    button.focus();
    await user.keyboard('{Enter}');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(windowMaximized.value).toBe(true);
    expect(localStorage.getItem('webim:window-maximized')).toBe('1');
    await user.keyboard(' ');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(localStorage.getItem('webim:window-maximized')).toBeNull();
  });
});
