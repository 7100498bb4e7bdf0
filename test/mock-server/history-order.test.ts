import { describe, expect, it } from 'vitest';
import { History, logKey, type LogItem } from '../../src/mock-server/engine/site/history';

// The reference server's stored times: unique per conversation (paging by `before` is exact) and growing in storing
// order, so a sender's burst stamped in one millisecond reaches every reader in the order it was sent.

const key = logKey('chat', 'alice', 'bob');
const item = (from: string, body: string, timestamp: number): LogItem => ({
  type: 'chat',
  from,
  to: from === 'alice' ? 'bob' : 'alice',
  nick: from,
  body,
  timestamp,
});

describe('stored times', () => {
  it("keep a burst's order when another sender holds the millisecond", () => {
    const history = new History();
    // Alice's message takes 564; Bob sent three in that same millisecond.
    history.add(key, item('alice', 'a-0', 564));
    const stored = ['b-0', 'b-1', 'b-2'].map((body) => history.add(key, item('bob', body, 564)));
    expect(stored.map((m) => m.timestamp)).toEqual([565, 566, 567]);
    const page = history.page('bob', key, undefined, 10).map((m) => m.body);
    expect(page).toEqual(['a-0', 'b-0', 'b-1', 'b-2']);
  });

  it("keep a burst's order when a message taken back (its push refused) frees a millisecond before it", () => {
    const history = new History();
    const refused = history.add(key, item('alice', 'a-0', 564));
    history.add(key, item('bob', 'b-0', 564));
    // Alice's ticket was dead: her message is taken back, to be stored again when her client re-sends it.
    history.remove(refused);
    history.add(key, item('bob', 'b-1', 564));
    history.add(key, item('alice', 'a-0', 564));
    expect(history.page('alice', key, undefined, 10).map((m) => m.body)).toEqual(['b-0', 'b-1', 'a-0']);
  });

  it("keep the sender's time when it is later than the conversation's last, and never go back in time", () => {
    const history = new History();
    history.add(key, item('alice', 'first', 1_000));
    expect(history.add(key, item('bob', 'later', 2_000)).timestamp).toBe(2_000);
    // Stamped earlier (a clock behind, or sent after a wait in the outbox): stored after what is already there.
    expect(history.add(key, item('alice', 'late', 1_500)).timestamp).toBe(2_001);
    // Paging by `before` finds each exactly once.
    expect(history.page('bob', key, 2_001, 10).map((m) => m.body)).toEqual(['first', 'later']);
    expect(history.page('bob', key, 2_000, 10).map((m) => m.body)).toEqual(['first']);
  });
});
