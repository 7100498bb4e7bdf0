// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { USER_ACTION_MS } from '../../../src/ui/shell-state';
import { buddy, chatKey, room, setBuddies, setRooms } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

const flush = () => act(() => Promise.resolve());

function setup() {
  const client = connectedClient();
  setBuddies(client.store, [buddy('ann', { nick: 'Ann' }), buddy('bob', { nick: 'Bob' })]);
  setRooms(client.store, [room('lobby')]);
  client.store.tabs.value = [chatKey('ann'), chatKey('bob')];
  return client;
}

describe('Esc closes the innermost thing first and focus returns to what opened it', () => {
  it('menu, then pane, then window', async () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('tab', { name: /^Bob/ }));
    expect(screen.getByRole('dialog', { name: 'Bob' })).toBeTruthy();
    const buddiesButton = screen.getByRole('button', { name: /^Buddies/ });
    buddiesButton.focus();
    fireEvent.click(buddiesButton);
    const pane = screen.getByRole('dialog', { name: 'Buddies' });
    const menuButton = within(pane).getByRole('button', { name: 'Status: Available' });
    menuButton.focus();
    fireEvent.keyDown(menuButton, { key: 'ArrowDown' });
    const item = screen.getByRole('menuitemradio', { name: 'Available' });

    fireEvent.keyDown(item, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(menuButton);
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();

    fireEvent.keyDown(menuButton, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    await flush();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Buddies/ }));
    expect(screen.getByRole('dialog', { name: 'Bob' })).toBeTruthy();

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Bob' })).toBeNull();
    expect(client.store.activeTab.value).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Bob/ }));

    // Nothing left to close: Esc is left alone for the page.
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    document.activeElement!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('Esc inside a pane closes it and focus goes back to its button', async () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    const pane = screen.getByRole('dialog', { name: 'Rooms' });
    const field = within(pane).getByRole('textbox', { name: 'Join a room by id' });
    field.focus();
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Rooms' })).toBeNull();
    await flush();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rooms' }));
  });

  it('with the sticky buddy list, the other pane closes first', async () => {
    const client = setup();
    client.store.settings.value = { ...client.store.settings.value, buddy_sticky: true };
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    const notes = screen.getByRole('dialog', { name: 'Notifications' });
    const close = within(notes).getByRole('button', { name: 'Close Notifications' });
    close.focus();
    fireEvent.keyDown(close, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Notifications' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    await flush();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Notifications' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Buddies/ }));
  });

  it("the window's own close control returns focus to its tab", () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('tab', { name: /^Ann/ }));
    const win = screen.getByRole('dialog', { name: 'Ann' });
    const closeButtons = within(win)
      .getAllByRole('button')
      .filter((b) => /close/i.test(b.getAttribute('aria-label') ?? ''));
    fireEvent.click(closeButtons[closeButtons.length - 1]!);
    expect(screen.queryByRole('dialog', { name: 'Ann' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Ann/ }));
    // The conversation stays open as a tab.
    expect(client.store.tabs.value).toContain(chatKey('ann'));
  });

  it('the pane close control returns focus to the pane button', async () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const close = screen.getByRole('button', { name: 'Close Settings' });
    close.focus();
    fireEvent.click(close);
    await flush();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Settings' }));
  });
});

describe('arrow keys in the roster', () => {
  it('ArrowDown from the search field enters the tree; Left/Right collapse and expand groups; typing searches', () => {
    const client = setup();
    setBuddies(client.store, [
      buddy('ann', { nick: 'Ann', group: 'A' }),
      buddy('bob', { nick: 'Bob', group: 'A' }),
      buddy('cy', { nick: 'Cy', group: 'B' }),
    ]);
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    const search = screen.getByRole('searchbox', { name: 'Search buddies' });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    const groupA = screen.getByRole('treeitem', { name: /^A \[/ });
    expect(document.activeElement).toBe(groupA);
    fireEvent.keyDown(groupA, { key: 'ArrowLeft' });
    expect(screen.getByRole('treeitem', { name: /^A \[/ }).getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /^B \[/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(screen.getByRole('treeitem', { name: /^A \[/ }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /^Ann/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /^Bob/ }));
    // Only the focused row is in the tab order.
    expect(screen.getAllByRole('treeitem').filter((r) => r.tabIndex === 0)).toEqual([document.activeElement]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(screen.getByRole('treeitem', { name: /^A \[/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'c' });
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe('c');
  });
});

describe('global shortcut', () => {
  it('Alt+Shift+M focuses the bar (the open tab, else the first tab, else the user menu)', () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.keyDown(document.body, { key: 'M', code: 'KeyM', altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Ann/ }));
    act(() => client.activate(chatKey('bob')));
    (document.activeElement as HTMLElement).blur();
    // macOS reports another character with Alt held; the physical key still matches.
    fireEvent.keyDown(document.body, { key: 'Â', code: 'KeyM', altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Bob/ }));
  });

  it('focuses the user menu when there are no tabs, and the restore button when minimised', () => {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.keyDown(document, { key: 'm', code: 'KeyM', altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Your status/ }));
    act(() => client.setMinimized(true));
    fireEvent.keyDown(document, { key: 'm', code: 'KeyM', altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Restore chat' }));
  });

  it('follows options.shortcut and ignores other keys', () => {
    const client = connectedClient();
    renderToolbar(client, { shortcut: 'Ctrl+Shift+K' });
    fireEvent.keyDown(document, { key: 'm', code: 'KeyM', altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(document.body);
    fireEvent.keyDown(document, { key: 'K', code: 'KeyK', ctrlKey: true, shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Your status/ }));
  });

  const userMenu = () => screen.getByRole('button', { name: /^Your status/ });

  it('reads other spellings of the modifiers, with spaces (Cmd + /)', () => {
    renderToolbar(connectedClient(), { shortcut: 'Cmd + /' });
    fireEvent.keyDown(document, { key: '/', code: 'Slash', ctrlKey: true });
    expect(document.activeElement).toBe(document.body);
    fireEvent.keyDown(document, { key: '/', code: 'Slash', metaKey: true });
    expect(document.activeElement).toBe(userMenu());
  });

  it('matches digits by physical key, and only with exactly the modifiers named (Ctrl+1)', () => {
    renderToolbar(connectedClient(), { shortcut: 'Control+1' });
    fireEvent.keyDown(document, { key: '1', code: 'Digit1', ctrlKey: true, altKey: true });
    expect(document.activeElement).toBe(document.body);
    fireEvent.keyDown(document, { key: '!', code: 'Digit1', ctrlKey: true });
    expect(document.activeElement).toBe(userMenu());
  });

  it('a shortcut that names no key matches nothing (Alt+Shift)', () => {
    renderToolbar(connectedClient(), { shortcut: 'Alt+Shift' });
    for (const key of ['Shift', 'Alt', 'm']) fireEvent.keyDown(document, { key, altKey: true, shiftKey: true });
    expect(document.activeElement).toBe(document.body);
  });
});

describe('the composer takes the focus only when the user opened the window', () => {
  const composerOf = (name: string) =>
    within(screen.getByRole('dialog', { name })).getByRole('textbox', { name: 'Message' });

  it('not for a window restored with the page, nor one an incoming message pops up; yes for one they click open', async () => {
    const client = setup();
    // The reader is on a link of the forum page.
    const link = document.body.appendChild(document.createElement('a'));
    link.href = '/thread/1';
    link.textContent = 'Thread';
    link.focus();
    try {
      // Restored with the page: Ann's window is open again, and the focus stays on the page.
      client.store.activeTab.value = chatKey('ann');
      renderToolbar(client);
      await flush();
      expect(composerOf('Ann')).toBeTruthy();
      expect(document.activeElement).toBe(link);

      // A message from Bob pops his window up (no key or pointer of the reader's behind it): still the page's.
      act(() => client.openConversation(chatKey('bob')));
      await flush();
      expect(composerOf('Bob')).toBeTruthy();
      expect(document.activeElement).toBe(link);

      // The reader clicks Ann's tab: that window is theirs, and the caret is in it.
      fireEvent.click(screen.getByRole('tab', { name: /^Ann/ }));
      await flush();
      expect(document.activeElement).toBe(composerOf('Ann'));
    } finally {
      link.remove();
    }
  });

  it('an open that comes more than a moment after the last key or click is not theirs', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const client = setup();
      renderToolbar(client);
      const tab = screen.getByRole('tab', { name: /^Bob/ });
      fireEvent.keyDown(tab, { key: 'Shift' });
      vi.advanceTimersByTime(USER_ACTION_MS);
      act(() => client.openConversation(chatKey('ann')));
      await flush();
      expect(composerOf('Ann')).toBeTruthy();
      expect(document.activeElement).not.toBe(composerOf('Ann'));
    } finally {
      vi.useRealTimers();
    }
  });
});
