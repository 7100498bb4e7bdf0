import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { BROADCAST_KEY, conversationKey } from '../../src/protocol/keys';
import { createStore, reduce } from '../../src/store';
import { ctx, ME, msg, packet, pending, room } from './fixtures';

const bob = conversationKey('chat', 'bob');
const lobby = conversationKey('grpchat', 'lobby');

function messagesOf(store: ReturnType<typeof createStore>, key: ReturnType<typeof conversationKey>) {
  return store.conversations.value.get(key)?.value.messages ?? [];
}

describe('messages in packets', () => {
  it('adds an incoming message to its conversation and counts it unread', () => {
    const store = createStore();
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'hi', 10)] }) }, ctx());
    expect(messagesOf(store, bob).map((m) => m.body)).toEqual(['hi']);
    expect(store.unread.value.get(bob)).toBe(1);
    expect(store.totalUnread.value).toBe(1);
  });

  it('does not count a message the user is looking at, nor an own message', () => {
    const store = createStore();
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'seen', 10)] }) }, ctx({ seen: [bob] }));
    reduce(
      store,
      { type: 'packet', packet: packet({ messages: [msg(ME, 'bob', 'mine from my other browser', 11)] }) },
      ctx(),
    );
    expect(messagesOf(store, bob)).toHaveLength(2);
    expect(store.unread.value.get(bob)).toBeUndefined();
  });

  it('applies a replayed packet once: no new entry, no second unread, no signal write', () => {
    const store = createStore();
    const p = packet({ messages: [msg('bob', ME, 'a', 10), msg('bob', ME, 'b', 11)] });
    reduce(store, { type: 'packet', packet: p }, ctx());
    const conversation = store.conversations.value.get(bob)!;
    let runs = 0;
    const stop = effect(() => {
      void conversation.value;
      runs++;
    });
    reduce(store, { type: 'packet', packet: p }, ctx());
    stop();
    expect(runs).toBe(1);
    expect(messagesOf(store, bob)).toHaveLength(2);
    expect(store.unread.value.get(bob)).toBe(2);
  });

  it('puts room messages in the room conversation; a blocked room counts nothing', () => {
    const store = createStore();
    reduce(store, { type: 'room', room: room('lobby', { blocked: true }) }, ctx());
    reduce(
      store,
      { type: 'packet', packet: packet({ messages: [msg('bob', 'lobby', 'hey all', 10, { type: 'grpchat' })] }) },
      ctx(),
    );
    expect(messagesOf(store, lobby)).toHaveLength(1);
    expect(store.unread.value.get(lobby)).toBeUndefined();
    reduce(store, { type: 'room', room: room('lobby', { blocked: false }) }, ctx());
    reduce(
      store,
      { type: 'packet', packet: packet({ messages: [msg('bob', 'lobby', 'again', 11, { type: 'grpchat' })] }) },
      ctx(),
    );
    expect(store.unread.value.get(lobby)).toBe(1);
  });

  it('collects broadcasts under BROADCAST_KEY, counted unread', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({ messages: [msg('system', '', 'maintenance at 5', 10, { type: 'broadcast' })] }),
      },
      ctx(),
    );
    expect(messagesOf(store, BROADCAST_KEY).map((m) => m.body)).toEqual(['maintenance at 5']);
    expect(store.unread.value.get(BROADCAST_KEY)).toBe(1);
  });

  it('creates a stranger entry for a non-buddy sender, and none for a buddy', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'buddies',
        buddies: [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available', incomplete: false, visitor: false }],
      },
      ctx(),
    );
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({ messages: [msg('bob', ME, 'hi', 1), msg('vid:42', ME, 'hello?', 2, { nick: 'Guest 42' })] }),
      },
      ctx(),
    );
    expect([...store.strangers.value.keys()]).toEqual(['vid:42']);
    expect(store.strangers.value.get('vid:42')!.value).toMatchObject({
      nick: 'Guest 42',
      presence: 'online',
      incomplete: true,
      visitor: true,
    });
  });

  it('opens a tab (not activated) for a new conversation when msg_auto_pop is on, and only badges when off', () => {
    const store = createStore();
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'hi', 1)] }) }, ctx());
    expect(store.tabs.value).toEqual([bob]);
    expect(store.activeTab.value).toBeNull();
    reduce(store, { type: 'settings', patch: { msg_auto_pop: false } }, ctx());
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('carol', ME, 'hi', 2)] }) }, ctx());
    expect(store.tabs.value).toEqual([bob]);
    expect(store.unread.value.get(conversationKey('chat', 'carol'))).toBe(1);
  });
});

describe('local messages', () => {
  it('message/add shows a pending own message; the pushed echo settles it with the server timestamp', () => {
    const store = createStore();
    const mine = pending('bob', 'hello', 5_000, 'k1');
    reduce(store, { type: 'message/add', key: bob, message: mine }, ctx());
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'earlier', 4_000)] }) }, ctx());
    expect(messagesOf(store, bob).map((m) => m.body)).toEqual(['earlier', 'hello']);
    const echo = msg(ME, 'bob', 'hello', 3_000, { clientId: 'k1', id: 'c:k1' });
    reduce(store, { type: 'packet', packet: packet({ messages: [echo] }) }, ctx());
    expect(messagesOf(store, bob).map((m) => [m.body, m.status, m.timestamp])).toEqual([
      ['hello', 'sent', 3_000],
      ['earlier', 'sent', 4_000],
    ]);
    expect(store.unread.value.get(bob)).toBe(1);
  });

  it('message/update settles a message and is a no-op for unknown ids or conversations', () => {
    const store = createStore();
    reduce(store, { type: 'message/add', key: bob, message: pending('bob', 'x', 1, 'k') }, ctx());
    reduce(store, { type: 'message/update', key: bob, id: 'c:k', patch: { status: 'failed' } }, ctx());
    expect(messagesOf(store, bob)[0]!.status).toBe('failed');
    reduce(store, { type: 'message/update', key: bob, id: 'c:nope', patch: { status: 'sent' } }, ctx());
    reduce(
      store,
      { type: 'message/update', key: conversationKey('chat', 'zed'), id: 'c:k', patch: { status: 'sent' } },
      ctx(),
    );
    expect(messagesOf(store, bob)[0]!.status).toBe('failed');
    expect(store.conversations.value.has(conversationKey('chat', 'zed'))).toBe(false);
  });

  it('an out-of-band incoming message/add counts as unread like a pushed one', () => {
    const store = createStore();
    reduce(store, { type: 'message/add', key: bob, message: msg('bob', ME, 'psst', 1) }, ctx());
    expect(store.unread.value.get(bob)).toBe(1);
  });
});
