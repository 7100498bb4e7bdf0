// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { room, roomKey, setRooms } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

const flush = () => act(() => Promise.resolve());

function openRooms() {
  const client = connectedClient();
  setRooms(client.store, [
    room('lobby', { nick: 'Lobby', count: 4, allCount: 12 }),
    room('dev', { nick: 'Dev talk', count: 0, allCount: 3, blocked: true }),
  ]);
  renderToolbar(client);
  fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
  return { client, pane: screen.getByRole('dialog', { name: 'Rooms' }) };
}

describe('rooms pane', () => {
  it("lists the user's rooms by name with [online/all] and a blocked marker", () => {
    const { pane } = openRooms();
    const list = within(pane).getByRole('list', { name: 'Your rooms' });
    const buttons = within(list).getAllByRole('button');
    expect(buttons.map((b) => b.querySelector('bdi')!.textContent)).toEqual(['Dev talk', 'Lobby']);
    expect(within(list).getByRole('button', { name: 'Lobby 4 of 12 online' }).textContent).toContain('[4/12]');
    expect(within(list).getByRole('button', { name: 'Dev talk 0 of 3 online Blocked' })).toBeTruthy();
  });

  it("shows a room's unread count on its row", () => {
    const client = connectedClient();
    setRooms(client.store, [room('lobby', { nick: 'Lobby', count: 4, allCount: 12 })]);
    client.store.unread.value = new Map([[roomKey('lobby'), 3]]);
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    const list = within(screen.getByRole('dialog', { name: 'Rooms' })).getByRole('list', { name: 'Your rooms' });
    expect(within(list).getByRole('button', { name: 'Lobby 4 of 12 online 3 unread' })).toBeTruthy();
  });

  it('opens a room the user is in without joining, and closes the pane', () => {
    const { client, pane } = openRooms();
    fireEvent.click(within(pane).getByRole('button', { name: /^Lobby/ }));
    expect(client.callsOf('join')).toEqual([]);
    expect(client.callsOf('openConversation')).toEqual([[roomKey('lobby'), undefined]]);
    expect(screen.queryByRole('dialog', { name: 'Rooms' })).toBeNull();
    expect(screen.getByRole('tab', { name: /^Lobby/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('joins another room by id, then opens it', async () => {
    const { client, pane } = openRooms();
    const field = within(pane).getByRole('textbox', { name: 'Join a room by id' });
    const join = within(pane).getByRole('button', { name: 'Join' }) as HTMLButtonElement;
    expect(join.disabled).toBe(true);
    fireEvent.input(field, { target: { value: ' games ' } });
    fireEvent.click(join);
    await flush();
    expect(client.callsOf('join')).toEqual([['games']]);
    expect(client.callsOf('openConversation')).toEqual([[roomKey('games'), undefined]]);
  });

  it('the join field opens a room the user is already in without joining again', async () => {
    const { client, pane } = openRooms();
    fireEvent.input(within(pane).getByRole('textbox', { name: 'Join a room by id' }), { target: { value: 'lobby' } });
    fireEvent.submit(within(pane).getByRole('textbox', { name: 'Join a room by id' }).closest('form')!);
    await flush();
    expect(client.callsOf('join')).toEqual([]);
    expect(client.callsOf('openConversation')).toEqual([[roomKey('lobby'), undefined]]);
  });

  it('reports a failed join and keeps the pane open', async () => {
    const { client, pane } = openRooms();
    client.join = async () => {
      throw new Error('no such room');
    };
    fireEvent.input(within(pane).getByRole('textbox', { name: 'Join a room by id' }), { target: { value: 'ghost' } });
    fireEvent.click(within(pane).getByRole('button', { name: 'Join' }));
    await flush();
    await flush();
    expect(within(pane).getByRole('alert').textContent).toBe('Could not join “ghost”: no such room');
    expect(within(pane).getByRole('textbox', { name: 'Join a room by id' }).getAttribute('aria-invalid')).toBe('true');
    expect(client.callsOf('openConversation')).toEqual([]);
  });

  it('has an empty state', () => {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    expect(screen.getByText('You are not in any room yet.')).toBeTruthy();
  });
});
