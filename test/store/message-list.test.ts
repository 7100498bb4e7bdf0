import { describe, expect, it } from 'vitest';
import { messageContentKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import {
  findMessageIndex,
  lowerBound,
  mergeCopies,
  mergeMessageInto,
  OWN_RESTAMP_WINDOW_MS,
  patchMessageIn,
  upperBound,
} from '../../src/store/message-list';
import { ME, msg, pending } from './fixtures';

const ts = (list: readonly Message[]) => list.map((m) => m.timestamp);
const bodies = (list: readonly Message[]) => list.map((m) => m.body);

describe('binary search bounds', () => {
  const list = [10, 20, 20, 20, 30].map((t, i) => msg('bob', ME, `m${i}`, t));
  it('lowerBound finds the first entry at or after t', () => {
    expect(lowerBound(list, 5)).toBe(0);
    expect(lowerBound(list, 20)).toBe(1);
    expect(lowerBound(list, 25)).toBe(4);
    expect(lowerBound(list, 99)).toBe(5);
  });
  it('upperBound finds the first entry after t', () => {
    expect(upperBound(list, 20)).toBe(4);
    expect(upperBound(list, 9)).toBe(0);
    expect(upperBound(list, 30)).toBe(5);
  });
});

describe('mergeMessageInto', () => {
  it('keeps the list ascending and equal timestamps in arrival order', () => {
    const list: Message[] = [];
    for (const [i, t] of [50, 10, 30, 30, 20, 30].entries()) mergeMessageInto(list, msg('bob', ME, `b${i}`, t), ME, 'server');
    expect(ts(list)).toEqual([10, 20, 30, 30, 30, 50]);
    expect(bodies(list)).toEqual(['b1', 'b4', 'b2', 'b3', 'b5', 'b0']);
  });

  it('drops an exact replay without changing the list', () => {
    const list: Message[] = [];
    mergeMessageInto(list, msg('bob', ME, 'hi', 10), ME, 'server');
    const before = list[0];
    const outcome = mergeMessageInto(list, msg('bob', ME, 'hi', 10), ME, 'server');
    expect(outcome).toMatchObject({ inserted: false, changed: false });
    expect(list).toHaveLength(1);
    expect(list[0]).toBe(before);
  });

  it('matches a history copy without client id to a pushed copy with one by content key', () => {
    const list: Message[] = [];
    mergeMessageInto(list, msg('bob', ME, 'hi', 10, { clientId: 'x1', id: 'c:x1' }), ME, 'server');
    const outcome = mergeMessageInto(list, msg('bob', ME, 'hi', 10), ME, 'server');
    expect(outcome.inserted).toBe(false);
    expect(list).toHaveLength(1);
    expect(list[0]!.id).toBe('c:x1');
  });

  it('merges a pending own copy with its echo: server timestamp, status sent, moved into place', () => {
    const list: Message[] = [msg('bob', ME, 'first', 100), msg('bob', ME, 'later', 2_000)];
    mergeMessageInto(list, pending('bob', 'mine', 3_000, 'k1'), ME, 'local');
    expect(bodies(list)).toEqual(['first', 'later', 'mine']);
    const echo = msg(ME, 'bob', 'mine', 1_000, { clientId: 'k1', id: 'c:k1' });
    const outcome = mergeMessageInto(list, echo, ME, 'server');
    expect(outcome).toMatchObject({ inserted: false, changed: true });
    expect(bodies(list)).toEqual(['first', 'mine', 'later']);
    expect(list[1]).toMatchObject({ id: 'c:k1', timestamp: 1_000, status: 'sent' });
  });

  it('merges a restamped history copy (no client id) of an own message within two minutes', () => {
    const list: Message[] = [pending('bob', 'hello', 10_000, 'k1', { status: 'sent' })];
    const history = msg(ME, 'bob', 'hello', 10_000 + OWN_RESTAMP_WINDOW_MS - 1);
    mergeMessageInto(list, history, ME, 'server');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 'c:k1', clientId: 'k1', timestamp: history.timestamp, status: 'sent' });
  });

  it('does not merge own copies further apart than two minutes, or other people\'s restamped copies', () => {
    const list: Message[] = [pending('bob', 'hello', 10_000, 'k1')];
    mergeMessageInto(list, msg(ME, 'bob', 'hello', 10_000 + OWN_RESTAMP_WINDOW_MS + 1), ME, 'server');
    expect(list).toHaveLength(2);
    const theirs: Message[] = [msg('bob', ME, 'yo', 10_000, { clientId: 'b1', id: 'c:b1' })];
    mergeMessageInto(theirs, msg('bob', ME, 'yo', 10_500), ME, 'server');
    expect(theirs).toHaveLength(2);
  });

  it('keeps two sends of the same text apart (different client ids), and folds each history copy into one of them', () => {
    const list: Message[] = [];
    mergeMessageInto(list, pending('bob', 'ok', 1_000, 'a'), ME, 'local');
    mergeMessageInto(list, pending('bob', 'ok', 1_500, 'b'), ME, 'local');
    expect(list).toHaveLength(2);
    // The same history page brings both, restamped by the server.
    const claimed = new Set<string>();
    mergeMessageInto(list, msg(ME, 'bob', 'ok', 1_100), ME, 'server', claimed);
    mergeMessageInto(list, msg(ME, 'bob', 'ok', 1_120), ME, 'server', claimed);
    expect(list).toHaveLength(2);
    expect(list.map((m) => [m.clientId, m.timestamp])).toEqual([
      ['a', 1_100],
      ['b', 1_120],
    ]);
    // Same body and same stamp but a different client id is still a different message.
    const other = msg(ME, 'bob', 'ok', 1_100, { clientId: 'c', id: 'c:c' });
    expect(findMessageIndex(list, other, ME)).toBe(-1);
  });

  it('a local copy of a message already confirmed by the server changes nothing', () => {
    const list: Message[] = [msg(ME, 'bob', 'x', 500, { clientId: 'k', id: 'c:k' })];
    const outcome = mergeMessageInto(list, pending('bob', 'x', 900, 'k'), ME, 'local');
    expect(outcome.changed).toBe(false);
    expect(list[0]).toMatchObject({ timestamp: 500, status: 'sent' });
  });

  it('gives a message without id its derived id', () => {
    const list: Message[] = [];
    const m = { ...msg('bob', ME, 'x', 1), id: '' };
    mergeMessageInto(list, m, ME, 'server');
    expect(list[0]!.id).toBe(messageContentKey(m));
  });
});

describe('mergeCopies', () => {
  it('a failed local retry settles a failed entry back to pending, but never un-sends', () => {
    const failed = pending('bob', 'x', 1, 'k', { status: 'failed' });
    expect(mergeCopies(failed, { ...failed, status: 'pending' }, 'local').status).toBe('pending');
    const sent = { ...failed, status: 'sent' as const };
    expect(mergeCopies(sent, { ...failed, status: 'pending' }, 'local')).toBe(sent);
  });
});

describe('patchMessageIn', () => {
  it('patches by id or client id and moves the entry when its timestamp changes', () => {
    const list: Message[] = [pending('bob', 'a', 10, 'a'), pending('bob', 'b', 20, 'b')];
    expect(patchMessageIn(list, 'c:a', { status: 'sent', timestamp: 30 })).toBe(true);
    expect(bodies(list)).toEqual(['b', 'a']);
    expect(list[1]!.status).toBe('sent');
    expect(patchMessageIn(list, 'c:a', { status: 'sent' })).toBe(false);
    expect(patchMessageIn(list, 'c:zzz', { status: 'sent' })).toBe(false);
  });

  it('keeps the place among equal timestamps when only the status changes', () => {
    const list: Message[] = [pending('bob', 'a', 10, 'a'), pending('bob', 'b', 10, 'b'), pending('bob', 'c', 10, 'c')];
    patchMessageIn(list, 'c:a', { status: 'failed' });
    expect(bodies(list)).toEqual(['a', 'b', 'c']);
  });
});
