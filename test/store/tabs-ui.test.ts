import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import { createStore, reduce } from '../../src/store';
import { ctx, ME, msg, packet } from './fixtures';

const bob = conversationKey('chat', 'bob');
const carol = conversationKey('chat', 'carol');

describe('tabs and unread', () => {
  it('tab/open adds a tab once, creates its conversation, and activates on request', () => {
    const store = createStore();
    reduce(store, { type: 'tab/open', key: bob, activate: false }, ctx());
    reduce(store, { type: 'tab/open', key: bob, activate: false }, ctx());
    reduce(store, { type: 'tab/open', key: carol, activate: true }, ctx());
    expect(store.tabs.value).toEqual([bob, carol]);
    expect(store.activeTab.value).toBe(carol);
    expect(store.conversations.value.get(bob)!.value).toMatchObject({ loaded: false, hasMore: true, messages: [] });
  });

  it('tab/activate sets the active tab and clears its unread; null collapses', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({ messages: [msg('bob', ME, 'a', 1), msg('bob', ME, 'b', 2), msg('carol', ME, 'c', 3)] }),
      },
      ctx(),
    );
    expect(store.totalUnread.value).toBe(3);
    reduce(store, { type: 'tab/activate', key: bob }, ctx());
    expect(store.activeTab.value).toBe(bob);
    expect(store.unread.value.get(bob)).toBeUndefined();
    expect(store.totalUnread.value).toBe(1);
    reduce(store, { type: 'tab/activate', key: null }, ctx());
    expect(store.activeTab.value).toBeNull();
  });

  it('tab/activate of a conversation without a tab opens one', () => {
    const store = createStore();
    reduce(store, { type: 'tab/activate', key: bob }, ctx());
    expect(store.tabs.value).toEqual([bob]);
  });

  it('tab/close removes the tab and falls back to no active tab; other tabs stay active', () => {
    const store = createStore();
    reduce(store, { type: 'tab/open', key: bob, activate: false }, ctx());
    reduce(store, { type: 'tab/open', key: carol, activate: true }, ctx());
    reduce(store, { type: 'tab/close', key: bob }, ctx());
    expect(store.activeTab.value).toBe(carol);
    reduce(store, { type: 'tab/close', key: carol }, ctx());
    expect(store.tabs.value).toEqual([]);
    expect(store.activeTab.value).toBeNull();
  });

  it("read clears one conversation's unread", () => {
    const store = createStore();
    reduce(
      store,
      { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'a', 1), msg('carol', ME, 'c', 3)] }) },
      ctx(),
    );
    reduce(store, { type: 'read', key: bob }, ctx());
    expect([...store.unread.value]).toEqual([[carol, 1]]);
  });
});

describe('UI state actions', () => {
  it('draft sets and forgets drafts', () => {
    const store = createStore();
    reduce(store, { type: 'draft', key: bob, text: 'hel' }, ctx());
    expect(store.drafts.value.get(bob)).toBe('hel');
    reduce(store, { type: 'draft', key: bob, text: '' }, ctx());
    expect(store.drafts.value.has(bob)).toBe(false);
  });

  it('pane, minimize, settings', () => {
    const store = createStore();
    reduce(store, { type: 'pane', pane: 'rooms' }, ctx());
    reduce(store, { type: 'minimize', value: true }, ctx());
    reduce(store, { type: 'settings', patch: { play_sound: false, locale: 'zh-CN' } }, ctx());
    expect(store.pane.value).toBe('rooms');
    expect(store.minimized.value).toBe(true);
    expect(store.settings.value).toMatchObject({ play_sound: false, locale: 'zh-CN', msg_auto_pop: true });
  });

  it('notifications and notifications/seen (never backwards)', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'notifications',
        list: [
          { text: 'a', time: 10 },
          { text: 'b', time: 20 },
        ],
      },
      ctx(),
    );
    expect(store.notificationsUnread.value).toBe(2);
    reduce(store, { type: 'notifications/seen', at: 10 }, ctx());
    expect(store.notificationsUnread.value).toBe(1);
    reduce(store, { type: 'notifications/seen', at: 5 }, ctx());
    expect(store.notificationsSeenAt.value).toBe(10);
  });

  it('connection is one signal, written only on change', () => {
    const store = createStore();
    reduce(
      store,
      { type: 'connection', status: { state: 'reconnecting', attempt: 2, nextRetryAt: 99, reason: 'network' } },
      ctx(),
    );
    const first = store.connection.value;
    reduce(
      store,
      { type: 'connection', status: { state: 'reconnecting', attempt: 2, nextRetryAt: 99, reason: 'network' } },
      ctx(),
    );
    expect(store.connection.value).toBe(first);
    expect(first).toEqual({ state: 'reconnecting', attempt: 2, nextRetryAt: 99, reason: 'network' });
  });
});
