// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { chatKey, roomKey } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

describe('minimised layout', () => {
  it('shrinks the bar to one chat button with the total unread count, and restores it', async () => {
    const client = connectedClient();
    client.store.tabs.value = [chatKey('ann'), roomKey('lobby')];
    client.store.unread.value = new Map([
      [chatKey('ann'), 2],
      [roomKey('lobby'), 5],
    ]);
    renderToolbar(client);
    const minimise = screen.getByRole('button', { name: 'Minimise chat' });
    minimise.focus();
    fireEvent.click(minimise);
    expect(client.callsOf('setMinimized')).toEqual([[true]]);
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Buddies/ })).toBeNull();
    const restore = screen.getByRole('button', { name: 'Restore chat 7 unread' });
    await act(() => Promise.resolve());
    expect(document.activeElement).toBe(restore);

    act(() => {
      client.store.unread.value = new Map([
        [chatKey('ann'), 3],
        [roomKey('lobby'), 5],
      ]);
    });
    expect(screen.getByRole('button', { name: 'Restore chat 8 unread' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /^Restore chat/ }));
    expect(client.store.minimized.value).toBe(false);
    expect(screen.getByRole('tablist')).toBeTruthy();
    await act(() => Promise.resolve());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Minimise chat' }));
  });

  it('starts minimised when the minimize_layout setting is on, and follows the setting when it changes', () => {
    const client = connectedClient();
    client.store.settings.value = { ...client.store.settings.value, minimize_layout: true };
    renderToolbar(client);
    expect(screen.getByRole('button', { name: 'Restore chat' })).toBeTruthy();
    // The user restores it for this page.
    fireEvent.click(screen.getByRole('button', { name: 'Restore chat' }));
    expect(screen.getByRole('button', { name: 'Minimise chat' })).toBeTruthy();
    // Turning the setting off brings nothing back that is already visible; turning it on minimises at once.
    act(() => {
      client.store.settings.value = { ...client.store.settings.value, minimize_layout: false };
    });
    expect(screen.getByRole('button', { name: 'Minimise chat' })).toBeTruthy();
    act(() => {
      client.store.settings.value = { ...client.store.settings.value, minimize_layout: true };
    });
    expect(screen.getByRole('button', { name: 'Restore chat' })).toBeTruthy();
    act(() => {
      client.store.settings.value = { ...client.store.settings.value, minimize_layout: false };
    });
    expect(screen.getByRole('button', { name: 'Minimise chat' })).toBeTruthy();
  });

  it('does not minimise a bar restored from an earlier page when the setting is off', () => {
    const client = connectedClient();
    renderToolbar(client);
    expect(client.callsOf('setMinimized')).toEqual([]);
  });
});
