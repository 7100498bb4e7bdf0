// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { currentPresenceChoice } from '../../../src/ui/menu/PresenceMenu';
import { connectedClient, renderToolbar } from './render';

const flush = () => act(() => Promise.resolve());

describe('presence menu (bar)', () => {
  it('is a menu button: opens with ArrowDown on the current choice, arrows move, Esc closes and returns focus', () => {
    const client = connectedClient();
    renderToolbar(client);
    const button = screen.getByRole('button', { name: 'Your status: Available' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.focus();
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const menu = screen.getByRole('menu', { name: 'Change your status' });
    expect(button.getAttribute('aria-controls')).toBe(menu.id);
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((i) => i.textContent)).toEqual(['Available', 'Away', 'Busy', 'Invisible', 'Offline']);
    expect(items.map((i) => i.getAttribute('aria-checked'))).toEqual(['true', 'false', 'false', 'false', 'false']);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(items[1]!, { key: 'ArrowUp' });
    fireEvent.keyDown(items[0]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[4]);
    fireEvent.keyDown(items[4]!, { key: 'Home' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(items[0]!, { key: 'End' });
    expect(document.activeElement).toBe(items[4]);
    fireEvent.keyDown(items[4]!, { key: 'b' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(items[2]!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(client.callsOf('setPresence')).toEqual([]);
  });

  it('sets away with the current status text', async () => {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Your status: Available' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Away' }));
    await flush();
    expect(client.callsOf('setPresence')).toEqual([['away', 'Hello']]);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('button', { name: 'Your status: Away' })).toBeTruthy();
  });

  it('goes offline through client.offline(), and back through client.online()', async () => {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Your status/ }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Offline' }));
    await flush();
    expect(client.callsOf('offline')).toHaveLength(1);
    // What the store does on `offline` (see store/offline.ts): the user shows unavailable.
    act(() => {
      client.store.user.value = { ...client.store.user.value!, show: 'unavailable' };
    });
    const button = screen.getByRole('button', { name: 'Your status: Offline' });
    fireEvent.click(button);
    expect(screen.getByRole('menuitemradio', { name: 'Offline' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Available' }));
    await flush();
    expect(client.callsOf('online')).toHaveLength(1);
    expect(client.callsOf('setPresence')).toEqual([]);
  });

  it('from offline, another show logs in first and then sets it', async () => {
    const client = connectedClient();
    client.store.user.value = { ...client.store.user.value!, show: 'unavailable' };
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Your status: Offline' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Busy' }));
    await flush();
    expect(client.calls.map((c) => c.method)).toEqual(['online', 'setPresence']);
    expect(client.callsOf('setPresence')).toEqual([['dnd', 'Hello']]);
  });

  it('maps the store to the checked entry', () => {
    expect(currentPresenceChoice(null, { state: 'connected' })).toBe('offline');
    const user = { id: 'me', nick: 'Me', show: 'chat' as const };
    expect(currentPresenceChoice(user, { state: 'connected' })).toBe('available');
    expect(currentPresenceChoice({ ...user, show: 'invisible' }, { state: 'connected' })).toBe('invisible');
    expect(currentPresenceChoice({ ...user, show: 'away' }, { state: 'stopped' })).toBe('offline');
    expect(currentPresenceChoice({ ...user, show: 'away' }, { state: 'reconnecting' })).toBe('away');
  });

  it('Tab closes the menu from the button, so focus moves on from there', () => {
    const client = connectedClient();
    renderToolbar(client);
    const button = screen.getByRole('button', { name: /^Your status/ });
    fireEvent.click(button);
    fireEvent.keyDown(screen.getByRole('menuitemradio', { name: 'Available' }), { key: 'Tab' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('closes on a click outside', () => {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Your status/ }));
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('status text', () => {
  function openPane() {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    return { client, pane: screen.getByRole('dialog', { name: 'Buddies' }) };
  }

  it('edits on click; Enter saves through setPresence(show, text)', async () => {
    const { client, pane } = openPane();
    fireEvent.click(within(pane).getByRole('button', { name: 'Edit status message: Hello' }));
    const input = within(pane).getByRole('textbox', { name: 'Status message' });
    expect(document.activeElement).toBe(input);
    expect((input as HTMLInputElement).value).toBe('Hello');
    fireEvent.input(input, { target: { value: '  Out for lunch ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await flush();
    expect(client.callsOf('setPresence')).toEqual([['available', 'Out for lunch']]);
    expect(within(pane).queryByRole('textbox', { name: 'Status message' })).toBeNull();
    expect(document.activeElement).toBe(
      within(pane).getByRole('button', { name: 'Edit status message: Out for lunch' }),
    );
  });

  it('Esc cancels the edit (and only the edit: the pane stays open)', async () => {
    const { client, pane } = openPane();
    fireEvent.click(within(pane).getByRole('button', { name: /^Edit status message/ }));
    const input = within(pane).getByRole('textbox', { name: 'Status message' });
    fireEvent.input(input, { target: { value: 'nope' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    fireEvent.blur(input);
    await flush();
    expect(client.callsOf('setPresence')).toEqual([]);
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    expect(within(pane).getByRole('button', { name: 'Edit status message: Hello' })).toBeTruthy();
  });

  it('offers to set a message when there is none; the presence menu in the pane works too', async () => {
    const client = connectedClient();
    client.store.user.value = { ...client.store.user.value!, status: undefined };
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    const pane = screen.getByRole('dialog', { name: 'Buddies' });
    expect(within(pane).getByRole('button', { name: 'Set a status message' })).toBeTruthy();
    fireEvent.click(within(pane).getByRole('button', { name: 'Status: Available' }));
    fireEvent.click(within(pane).getByRole('menuitemradio', { name: 'Invisible' }));
    await flush();
    expect(client.callsOf('setPresence')).toEqual([['invisible', undefined]]);
    // Esc in the menu closes the menu, not the pane.
    fireEvent.click(within(pane).getByRole('button', { name: 'Status: Invisible' }));
    fireEvent.keyDown(within(pane).getByRole('menuitemradio', { name: 'Invisible' }), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
  });
});
