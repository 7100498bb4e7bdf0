import { describe, expect, it } from 'vitest';
import { conversationKey, messageContentKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { createStore, findMessage, OWN_RESTAMP_WINDOW_MS, reduce, type Action } from '../../src/store';
import { ctx, ME, msg, packet, pending } from './fixtures';

const bob = conversationKey('chat', 'bob');
const ts = (list: readonly Message[]) => list.map((m) => m.timestamp);
const bodies = (list: readonly Message[]) => list.map((m) => m.body);

/** A store and a way to apply actions to it; `list()` is bob's conversation. */
function conversationWithBob() {
  const store = createStore();
  return {
    store,
    run: (action: Action) => reduce(store, action, ctx()),
    push: (...messages: Message[]) => reduce(store, { type: 'packet', packet: packet({ messages }) }, ctx()),
    add: (message: Message) => reduce(store, { type: 'message/add', key: bob, message }, ctx()),
    history: (...messages: Message[]) => reduce(store, { type: 'history', key: bob, messages, hasMore: true }, ctx()),
    list: () => store.conversations.value.get(bob)!.value.messages,
  };
}

describe('message order', () => {
  it('keeps the list ascending and equal timestamps in arrival order, in one packet or many', () => {
    const stamps = [50, 10, 30, 30, 20, 30];
    const together = conversationWithBob();
    together.push(...stamps.map((t, i) => msg('bob', ME, `b${i}`, t)));
    const apart = conversationWithBob();
    stamps.forEach((t, i) => apart.push(msg('bob', ME, `b${i}`, t)));
    for (const c of [together, apart]) {
      expect(ts(c.list())).toEqual([10, 20, 30, 30, 30, 50]);
      expect(bodies(c.list())).toEqual(['b1', 'b4', 'b2', 'b3', 'b5', 'b0']);
    }
  });

  it('puts server copies sharing a millisecond in server order, whichever path brought which first', () => {
    // A sender stamps its own messages and a fast one stamps several in one millisecond: #2 came by push before #1
    // (a sync or a history page brings #1 later); #3 came by push; an own message not yet sent waits after them.
    const c = conversationWithBob();
    const m = (n: number) => ({ ...msg('bob', ME, `b${n}`, 30), serverId: n });
    c.push(m(2));
    c.add(pending('bob', 'mine, pending', 30, 'cid-1'));
    c.push(m(3));
    c.history(m(1));
    c.push(msg('bob', ME, 'no server id', 30));
    expect(bodies(c.list())).toEqual(['b1', 'b2', 'mine, pending', 'b3', 'no server id']);
    // Two copies sharing a millisecond, pushed in reverse order in one packet: server order too.
    const d = conversationWithBob();
    d.push(m(5), m(4));
    expect(bodies(d.list())).toEqual(['b4', 'b5']);
  });

  it('an older history page lands before what is loaded', () => {
    const c = conversationWithBob();
    c.push(msg('bob', ME, 'live', 100));
    c.history(msg('bob', ME, 'o1', 1), msg('bob', ME, 'o2', 2));
    expect(bodies(c.list())).toEqual(['o1', 'o2', 'live']);
  });
});

describe('message identity', () => {
  it('drops an exact replay without changing the list, and reports no change', () => {
    const c = conversationWithBob();
    expect(c.push(msg('bob', ME, 'hi', 10))).toEqual([
      { key: bob, message: expect.objectContaining({ body: 'hi' }), was: undefined },
    ]);
    const before = c.list();
    expect(c.push(msg('bob', ME, 'hi', 10))).toEqual([]);
    expect(c.list()).toBe(before);
  });

  it('matches a history copy without client id to a pushed copy with one by content', () => {
    const c = conversationWithBob();
    c.push(msg('bob', ME, 'hi', 10, { clientId: 'x1', id: 'c:x1' }));
    c.history(msg('bob', ME, 'hi', 10));
    expect(c.list()).toHaveLength(1);
    expect(c.list()[0]!.id).toBe('c:x1');
  });

  it('merges a pending own copy with its echo: server timestamp, status sent, moved into place', () => {
    const c = conversationWithBob();
    c.push(msg('bob', ME, 'first', 100), msg('bob', ME, 'later', 2_000));
    c.add(pending('bob', 'mine', 3_000, 'k1'));
    expect(bodies(c.list())).toEqual(['first', 'later', 'mine']);
    const changes = c.push(msg(ME, 'bob', 'mine', 1_000, { clientId: 'k1', id: 'c:k1' }));
    expect(bodies(c.list())).toEqual(['first', 'mine', 'later']);
    expect(c.list()[1]).toMatchObject({ id: 'c:k1', timestamp: 1_000, status: 'sent' });
    expect(changes).toEqual([
      { key: bob, message: c.list()[1], was: expect.objectContaining({ status: 'pending', timestamp: 3_000 }) },
    ]);
  });

  it('merges a restamped history copy (no client id) of an own message within two minutes', () => {
    const c = conversationWithBob();
    c.add(pending('bob', 'hello', 10_000, 'k1', { status: 'sent' }));
    const history = msg(ME, 'bob', 'hello', 10_000 + OWN_RESTAMP_WINDOW_MS - 1);
    c.history(history);
    expect(c.list()).toHaveLength(1);
    expect(c.list()[0]).toMatchObject({ id: 'c:k1', clientId: 'k1', timestamp: history.timestamp, status: 'sent' });
  });

  it("does not merge own copies further apart than two minutes, or other people's restamped copies", () => {
    const c = conversationWithBob();
    c.add(pending('bob', 'hello', 10_000, 'k1'));
    c.history(msg(ME, 'bob', 'hello', 10_000 + OWN_RESTAMP_WINDOW_MS + 1));
    expect(c.list()).toHaveLength(2);
    const theirs = conversationWithBob();
    theirs.push(msg('bob', ME, 'yo', 10_000, { clientId: 'b1', id: 'c:b1' }));
    theirs.history(msg('bob', ME, 'yo', 10_500));
    expect(theirs.list()).toHaveLength(2);
  });

  it('keeps two sends of the same text apart (different client ids), and folds each history copy into one of them', () => {
    const c = conversationWithBob();
    c.add(pending('bob', 'ok', 1_000, 'a'));
    c.add(pending('bob', 'ok', 1_500, 'b'));
    expect(c.list()).toHaveLength(2);
    // The same history page brings both, restamped by the server.
    c.history(msg(ME, 'bob', 'ok', 1_100), msg(ME, 'bob', 'ok', 1_120));
    expect(c.list().map((m) => [m.clientId, m.timestamp, m.status])).toEqual([
      ['a', 1_100, 'sent'],
      ['b', 1_120, 'sent'],
    ]);
    // Same body and same stamp but a different client id is still a different message.
    expect(findMessage(c.list(), msg(ME, 'bob', 'ok', 1_100, { clientId: 'c', id: 'c:c' }), ME)).toBe(-1);
    expect(findMessage(c.list(), msg(ME, 'bob', 'ok', 1_100), ME)).toBe(0);
  });

  it('picks the closest own copy for a restamped one, and leaves a copy already claimed in the batch alone', () => {
    const list = [pending('bob', 'ok', 1_000, 'a'), pending('bob', 'ok', 1_200, 'b')];
    expect(findMessage(list, msg(ME, 'bob', 'ok', 1_150), ME)).toBe(1);
    expect(findMessage(list, msg(ME, 'bob', 'ok', 1_150), ME, new Set(['c:b']))).toBe(0);
    // Someone else's message never matches fuzzily, even their own copy in their conversation.
    expect(findMessage(list, msg(ME, 'bob', 'ok', 1_150), 'bob')).toBe(-1);
  });

  it('a local copy of a message already confirmed by the server changes nothing', () => {
    const c = conversationWithBob();
    c.push(msg(ME, 'bob', 'x', 500, { clientId: 'k', id: 'c:k' }));
    expect(c.add(pending('bob', 'x', 900, 'k'))).toEqual([]);
    expect(c.list()[0]).toMatchObject({ timestamp: 500, status: 'sent' });
  });

  it('gives a message without id its derived id', () => {
    const c = conversationWithBob();
    const m = { ...msg('bob', ME, 'x', 1), id: '' };
    c.push(m);
    expect(c.list()[0]!.id).toBe(messageContentKey(m));
  });

  it('a local retry turns a failed entry back to pending, but never un-sends', () => {
    const c = conversationWithBob();
    c.add(pending('bob', 'x', 1, 'k', { status: 'failed' }));
    c.add(pending('bob', 'x', 1, 'k'));
    expect(c.list()[0]!.status).toBe('pending');
    c.push(msg(ME, 'bob', 'x', 1, { clientId: 'k', id: 'c:k' }));
    c.add(pending('bob', 'x', 1, 'k'));
    expect(c.list()[0]!.status).toBe('sent');
  });
});

describe('message/update', () => {
  it('patches by id or client id, moves the entry when its timestamp changes, and reports the change', () => {
    const c = conversationWithBob();
    c.add(pending('bob', 'a', 10, 'a'));
    c.add(pending('bob', 'b', 20, 'b'));
    const changes = c.run({ type: 'message/update', key: bob, id: 'c:a', patch: { status: 'sent', timestamp: 30 } });
    expect(bodies(c.list())).toEqual(['b', 'a']);
    expect(c.list()[1]!.status).toBe('sent');
    expect(changes).toEqual([{ key: bob, message: c.list()[1], was: expect.objectContaining({ status: 'pending' }) }]);
    const before = c.list();
    expect(c.run({ type: 'message/update', key: bob, id: 'c:a', patch: { status: 'sent' } })).toEqual([]);
    expect(c.run({ type: 'message/update', key: bob, id: 'c:zzz', patch: { status: 'sent' } })).toEqual([]);
    expect(c.list()).toBe(before);
    // Found by client id when the id is another one (a copy that kept its content key).
    c.push(msg(ME, 'bob', 'odd', 40, { clientId: 'q', id: 's:odd' }));
    c.run({ type: 'message/update', key: bob, id: 'c:q', patch: { offline: true } });
    expect(c.list().at(-1)).toMatchObject({ body: 'odd', offline: true });
  });

  it('keeps the place among equal timestamps when only the status changes', () => {
    const c = conversationWithBob();
    for (const id of ['a', 'b', 'c']) c.add(pending('bob', id, 10, id));
    c.run({ type: 'message/update', key: bob, id: 'c:a', patch: { status: 'failed' } });
    expect(bodies(c.list())).toEqual(['a', 'b', 'c']);
  });
});
