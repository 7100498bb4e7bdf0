// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NARROW_QUERY } from '../../../src/ui/shell-state';
import { buddy, chatKey, setBuddies } from '../../support/fake-client';
import { connectedClient, installResizeObserver, renderToolbar } from './render';

/** Phones: panes and windows are full-screen, so they replace each other, and the window (on top) closes first. */
describe('on a phone', () => {
  let ro: ReturnType<typeof installResizeObserver>;
  let coarse = false;
  beforeEach(() => {
    coarse = false;
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query === NARROW_QUERY || (coarse && query === '(pointer: coarse)'),
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }));
    ro = installResizeObserver();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    ro.restore();
  });

  function setup() {
    const client = connectedClient();
    setBuddies(client.store, [buddy('ann', { nick: 'Ann' }), buddy('bob', { nick: 'Bob' })]);
    client.store.tabs.value = [chatKey('ann'), chatKey('bob')];
    return client;
  }

  it('opening a pane collapses the open window, and opening a window closes the pane', () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('tab', { name: /^Ann/ }));
    expect(screen.getByRole('dialog', { name: 'Ann' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    expect(screen.getByRole('dialog', { name: 'Rooms' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Ann' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: /^Bob/ }));
    expect(screen.getByRole('dialog', { name: 'Bob' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Rooms' })).toBeNull();
  });

  it('with the sticky buddy list under a window, Esc closes the window (on top) first', async () => {
    const client = setup();
    client.store.settings.value = { ...client.store.settings.value, buddy_sticky: true };
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    fireEvent.click(screen.getByRole('treeitem', { name: /^Ann/ }));
    expect(screen.getByRole('dialog', { name: 'Ann' })).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('tab', { name: /^Ann/ }), { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Ann' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Buddies' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
  });

  it('pane headers have a back control that returns to the bar', async () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const back = screen.getByRole('button', { name: 'Close Settings' });
    // The back arrow icon (path of Icon "back") instead of a cross.
    expect(back.querySelector('path')!.getAttribute('d')).toMatch(/^M19 12H5/);
    back.focus();
    fireEvent.click(back);
    await act(() => Promise.resolve());
    expect(screen.queryByRole('dialog', { name: 'Settings' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Settings' }));
  });

  it('on a touch screen a pane takes focus itself, not its search field (no on-screen keyboard pops up)', () => {
    coarse = true;
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    const pane = screen.getByRole('dialog', { name: 'Buddies' });
    expect(document.activeElement).toBe(pane);
    // Esc from there still closes it.
    fireEvent.keyDown(pane, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    expect(document.activeElement).toBe(screen.getByRole('dialog', { name: 'Rooms' }));
  });

  it('site menu entries fold into one menu', () => {
    const client = setup();
    renderToolbar(client, {
      menu: [
        { label: 'Hot threads', href: '/hot' },
        { label: 'Evil', href: 'javascript:alert(1)' },
      ],
    });
    expect(screen.queryByRole('navigation', { name: 'Site menu' })).toBeNull();
    const button = screen.getByRole('button', { name: 'Site menu' });
    fireEvent.click(button);
    const menu = screen.getByRole('menu', { name: 'Site menu' });
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Hot threads']);
    expect(items[0]!.getAttribute('href')).toBe('/hot');
  });

  it('tabs are avatar-sized, so more of them fit', () => {
    const client = connectedClient();
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
    setBuddies(
      client.store,
      ids.map((id) => buddy(id)),
    );
    client.store.tabs.value = ids.map(chatKey);
    renderToolbar(client);
    // 52 px tabs: (300 - 2 × 40) / 52 → 4 fit.
    act(() => ro.resize(300));
    expect(screen.getAllByRole('tab')).toHaveLength(4);
  });
});
