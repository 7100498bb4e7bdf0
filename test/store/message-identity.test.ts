import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { createStore, EXPANDED_MESSAGE_CAP, MESSAGE_CAP, reduce, type Action } from '../../src/store';
import { ctx, ME, msg, packet, pending } from './fixtures';

const lobby = conversationKey('grpchat', 'lobby');
const bob = conversationKey('chat', 'bob');

function conversation(key = lobby) {
  const store = createStore();
  const run = (action: Action) => reduce(store, action, ctx());
  return {
    store,
    run,
    push: (...messages: Message[]) => run({ type: 'packet', packet: packet({ messages }) }),
    history: (messages: Message[], older = false, hasMore = true) =>
      run({ type: 'history', key, messages, hasMore, older }),
    conv: () => store.conversations.value.get(key)!.value,
    list: () => store.conversations.value.get(key)!.value.messages,
  };
}

const inRoom = (from: string, body: string, timestamp: number, over: Partial<Message> = {}) =>
  msg(from, 'lobby', body, timestamp, { type: 'grpchat', nick: from.toUpperCase(), ...over });

describe('message identity is (sender, client id), never a client id alone (issue 12, finding 7)', () => {
  it('keeps Bob and Carol apart when they post with the same client_id: two messages, each with its own nick and body', () => {
    const c = conversation();
    c.push(inRoom('bob', 'hello from bob', 1_000, { clientId: 'x', id: 'c:x' }));
    const changes = c.push(inRoom('carol', 'carol pretending', 1_001, { clientId: 'x', id: 'c:x' }));
    expect(changes).toHaveLength(1);
    expect(changes[0]!.was).toBeUndefined();
    expect(c.list().map((m) => [m.from, m.nick, m.body])).toEqual([
      ['bob', 'BOB', 'hello from bob'],
      ['carol', 'CAROL', 'carol pretending'],
    ]);
    // Local ids stay unique (rows are keyed by them).
    expect(new Set(c.list().map((m) => m.id)).size).toBe(2);
    // In the other order, and in one packet, the same.
    const d = conversation();
    d.push(
      inRoom('carol', 'carol first', 1_000, { clientId: 'x', id: 'c:x' }),
      inRoom('bob', 'bob second', 1_001, { clientId: 'x', id: 'c:x' }),
    );
    expect(d.list().map((m) => [m.nick, m.body])).toEqual([
      ['CAROL', 'carol first'],
      ['BOB', 'bob second'],
    ]);
  });

  it('still merges the same sender’s copies by client id, taking the server’s nick and stamp but keeping the body', () => {
    const c = conversation();
    c.push(inRoom('bob', 'hi', 1_000, { clientId: 'x', id: 'c:x', nick: 'Bob' }));
    c.push(inRoom('bob', 'hi', 1_200, { clientId: 'x', id: 'c:x', nick: 'Bobby', serverId: 7 }));
    expect(c.list()).toHaveLength(1);
    expect(c.list()[0]).toMatchObject({ nick: 'Bobby', timestamp: 1_200, serverId: 7, body: 'hi' });
  });

  it('a server id matches only the same sender; two server ids never fold into one', () => {
    const c = conversation();
    c.push(inRoom('bob', 'real', 1_000, { serverId: 41 }));
    c.push(inRoom('carol', 'forged', 1_000, { serverId: 41 }));
    expect(c.list().map((m) => [m.from, m.body])).toEqual([
      ['bob', 'real'],
      ['carol', 'forged'],
    ]);
    // The same text at the same millisecond with another server id is another message (legacy content rule aside).
    c.push(inRoom('bob', 'real', 1_000, { serverId: 42 }));
    expect(c.list()).toHaveLength(3);
    // A replay of 41 (even restamped) is a no-op but for the stamp.
    c.push(inRoom('bob', 'real', 1_000, { serverId: 41 }));
    expect(c.list()).toHaveLength(3);
  });

  it('a history copy of Carol’s message without a client id never merges into Bob’s, even with equal text and time', () => {
    const c = conversation();
    c.push(inRoom('bob', 'same', 1_000, { clientId: 'x', id: 'c:x' }));
    c.history([inRoom('carol', 'same', 1_000)]);
    expect(c.list().map((m) => m.from)).toEqual(['bob', 'carol']);
  });

  it('an own message is settled by its client id even when another sender used the same one first', () => {
    const c = conversation(bob);
    c.push(msg('bob', ME, 'bob used k first', 500, { clientId: 'k', id: 'c:k' }));
    c.run({ type: 'message/add', key: bob, message: pending('bob', 'mine', 900, 'k') });
    expect(c.list()).toHaveLength(2);
    const mine = c.list().find((m) => m.from === ME)!;
    expect(mine.id).not.toBe('c:k');
    c.run({ type: 'message/update', key: bob, id: 'c:k', patch: { status: 'failed' } });
    // `c:k` names bob's entry locally; the outbox's update by client id must not touch it… it is not ours.
    expect(c.list().find((m) => m.from === 'bob')!.status).toBe('sent');
    c.push(msg(ME, 'bob', 'mine', 950, { clientId: 'k', id: 'c:k' }));
    expect(c.list().map((m) => [m.from, m.body, m.status])).toEqual([
      ['bob', 'bob used k first', 'sent'],
      [ME, 'mine', 'sent'],
    ]);
  });
});

describe('in-memory cap', () => {
  const flood = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => inRoom('bob', `m${from + i}`, 10_000 + from + i));

  it('keeps the newest MESSAGE_CAP live messages and marks older history as available', () => {
    const c = conversation();
    c.history([], false, false);
    expect(c.conv().hasMore).toBe(false);
    for (let i = 0; i < 3; i++) c.push(...flood(i * 400, 400));
    expect(c.list()).toHaveLength(MESSAGE_CAP);
    expect(c.list().at(-1)!.body).toBe('m1199');
    expect(c.list()[0]!.body).toBe(`m${1200 - MESSAGE_CAP}`);
    expect(c.conv().hasMore).toBe(true);
    // The dropped ones are new again when they come back (from history: not news, no unread).
    const unread = c.store.unread.value.get(lobby);
    c.history(flood(0, 100), true);
    expect(c.list()).toHaveLength(MESSAGE_CAP + 100);
    expect(c.store.unread.value.get(lobby)).toBe(unread);
  });

  it("never drops the user's unsent messages: a burst typed faster than it is sent keeps every one", () => {
    const c = conversation(bob);
    const mine = (i: number, status: Message['status'] = 'pending') =>
      pending('bob', `mine ${i}`, 5_000 + i, `k${i}`, { status });
    c.run({ type: 'message/add', key: bob, message: mine(0, 'failed') });
    for (let i = 1; i <= MESSAGE_CAP + 100; i++) c.run({ type: 'message/add', key: bob, message: mine(i) });
    expect(c.list()).toHaveLength(MESSAGE_CAP + 101);
    // Settled, they are server copies like any other: the next trim keeps the newest, and the unsent ones.
    for (let i = 1; i <= MESSAGE_CAP + 100; i++)
      c.run({ type: 'message/update', key: bob, id: `c:k${i}`, patch: { status: 'sent' } });
    c.push(msg('bob', ME, 'a reply', 9_000));
    expect(c.list()).toHaveLength(MESSAGE_CAP + 1);
    expect(c.list()[0]).toMatchObject({ body: 'mine 0', status: 'failed' });
    expect(c.list()[1]!.body).toBe('mine 102');
    expect(c.list().at(-1)!.body).toBe('a reply');
    expect(c.conv().hasMore).toBe(true);
  });

  it('never splits messages sharing a timestamp at the cut, so paging by `before` finds every dropped one', () => {
    const c = conversation();
    const same = Array.from({ length: 10 }, (_, i) => inRoom('bob', `same${i}`, 9_999));
    c.push(...flood(0, MESSAGE_CAP - 5), ...same);
    // MESSAGE_CAP + 5 messages, the oldest ten at one stamp: cutting 5 would split them, so all ten go.
    expect(c.list().filter((m) => m.timestamp === 9_999)).toHaveLength(0);
    expect(c.list()).toHaveLength(MESSAGE_CAP - 5);
    expect(c.conv().hasMore).toBe(true);
  });

  it('keeps pages the reader loaded while they read, up to the larger cap, and trims back on history/trim', () => {
    const c = conversation();
    c.push(...flood(1_000, MESSAGE_CAP));
    c.history(flood(0, 1_000), true);
    expect(c.conv().expanded).toBe(true);
    expect(c.list()).toHaveLength(MESSAGE_CAP + 1_000);
    // New live messages do not pull the rows being read away.
    c.push(...flood(1_500, 10));
    expect(c.list()).toHaveLength(MESSAGE_CAP + 1_010);
    expect(c.list()[0]!.body).toBe('m0');
    c.run({ type: 'history/trim', key: lobby });
    expect(c.list()).toHaveLength(MESSAGE_CAP);
    expect(c.list().at(-1)!.body).toBe('m1509');
    expect(c.conv()).toMatchObject({ hasMore: true, expanded: undefined });
    // …but never beyond the larger cap.
    const d = conversation();
    d.push(...flood(0, 10));
    d.history(flood(-EXPANDED_MESSAGE_CAP, EXPANDED_MESSAGE_CAP), true);
    d.push(...flood(100, 10));
    expect(d.list()).toHaveLength(EXPANDED_MESSAGE_CAP);
  });

  it('merges into a large conversation by index: a replay of every message changes nothing', () => {
    const c = conversation();
    c.history(flood(0, 5_000), true);
    const before = c.list();
    c.history(flood(0, 5_000), true);
    expect(c.list()).toBe(before);
  });
});
