// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buddy, chatKey, setBuddies } from '../../support/fake-client';
import { connectedClient, installResizeObserver, renderToolbar } from './render';

describe('tab strip with more tabs than fit', () => {
  let ro: ReturnType<typeof installResizeObserver>;
  beforeEach(() => {
    ro = installResizeObserver();
  });
  afterEach(() => ro.restore());

  const ids = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal'];
  function setup() {
    const client = connectedClient();
    setBuddies(
      client.store,
      ids.map((id) => buddy(id)),
    );
    client.store.tabs.value = ids.map(chatKey);
    client.store.unread.value = new Map([
      [chatKey('ann'), 1],
      [chatKey('fay'), 2],
      [chatKey('hal'), 4],
      [chatKey('gus'), 0],
    ]);
    renderToolbar(client);
    // 3 tabs of 150 px fit in 530 px once the two 40 px controls are taken off.
    act(() => ro.resize(530));
    return client;
  }
  const visibleTabs = () => screen.getAllByRole('tab').map((t) => t.getAttribute('title'));

  it('shows the tabs that fit and says how many hidden tabs have unread messages', () => {
    setup();
    expect(visibleTabs()).toEqual(['Ann', 'Bob', 'Cat']);
    const prev = screen.getByRole('button', { name: 'Previous chats' });
    expect(prev.getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'More chats, 2 with unread messages' })).toBeTruthy();
  });

  it('pages with next/prev, updating the hidden-unread counts', () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: /^More chats/ }));
    expect(visibleTabs()).toEqual(['Dan', 'Eve', 'Fay']);
    expect(screen.getByRole('button', { name: 'Previous chats, 1 with unread messages' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'More chats, 1 with unread messages' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^More chats/ }));
    expect(visibleTabs()).toEqual(['Fay', 'Gus', 'Hal']);
    expect(screen.getByRole('button', { name: 'More chats' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /^Previous chats/ }));
    expect(visibleTabs()).toEqual(['Cat', 'Dan', 'Eve']);
  });

  it('brings the active tab into view when a window opens elsewhere (e.g. from the buddy list)', () => {
    const client = setup();
    act(() => client.activate(chatKey('hal')));
    expect(visibleTabs()).toEqual(['Fay', 'Gus', 'Hal']);
    expect(screen.getByRole('tab', { name: /^Hal/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('moves between all tabs with the arrow keys, Home and End, scrolling hidden ones in', () => {
    setup();
    const tablist = screen.getByRole('tablist');
    const ann = within(tablist).getByRole('tab', { name: /^Ann/ });
    ann.focus();
    fireEvent.keyDown(ann, { key: 'ArrowLeft' });
    // Wraps around to the last tab, which scrolls into view and takes focus.
    expect(visibleTabs()).toEqual(['Fay', 'Gus', 'Hal']);
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Hal/ }));
    expect((document.activeElement as HTMLElement).tabIndex).toBe(0);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Ann/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Dan/ }));
    expect(visibleTabs()).toEqual(['Bob', 'Cat', 'Dan']);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Hal/ }));
    // Arrows move focus without opening windows; Enter (a click on the button) opens.
    fireEvent.click(document.activeElement!);
    expect(screen.getByRole('tab', { name: /^Hal/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows every tab while unmeasured, and at least one tab however narrow the strip', () => {
    const client = connectedClient();
    setBuddies(
      client.store,
      ids.map((id) => buddy(id)),
    );
    client.store.tabs.value = ids.map(chatKey);
    renderToolbar(client);
    expect(visibleTabs()).toHaveLength(8);
    expect(screen.queryByRole('button', { name: /^More chats/ })).toBeNull();
    act(() => ro.resize(100));
    expect(visibleTabs()).toEqual(['Ann']);
    act(() => ro.resize(600));
    // (600 - 2 × 40) / 150 → 3; exactly four would fit without the controls, eight do not.
    expect(visibleTabs()).toHaveLength(3);
  });

  it('keeps the last page full when tabs close at the end', () => {
    const client = setup();
    fireEvent.click(screen.getByRole('button', { name: /^More chats/ }));
    fireEvent.click(screen.getByRole('button', { name: /^More chats/ }));
    expect(visibleTabs()).toEqual(['Fay', 'Gus', 'Hal']);
    act(() => client.closeConversation(chatKey('hal')));
    expect(visibleTabs()).toEqual(['Eve', 'Fay', 'Gus']);
  });

  it('shows every tab again when the strip grows', () => {
    setup();
    act(() => ro.resize(1300));
    expect(visibleTabs()).toHaveLength(8);
    expect(screen.queryByRole('button', { name: /^More chats/ })).toBeNull();
  });
});
