import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { boundState, captureState, makeSnapshot, rosterFits } from '../../src/persist';
import type { ConversationKey } from '../../src/protocol/types';
import { createStore } from '../../src/store/store';
import { aliceStore, buddy, conversation, emptyState, message, room } from './support/fixtures';

/** 25 conversations with 300 messages each; conversation i's newest message is at time i·1000 + 299. */
function bigState() {
  const state = emptyState();
  state.user = { id: 'me', nick: 'Me', show: 'available' };
  for (let i = 0; i < 25; i++) {
    const key: ConversationKey = `chat:p${i}`;
    const messages = Array.from({ length: 300 }, (_, j) => message(`p${i}`, 'me', i * 1000 + j));
    state.conversations.push({ key, messages, hasMore: false, loaded: true });
    state.buddies.push(buddy(`p${i}`));
    state.unread.push([key, 1]);
    state.drafts.push([key, `draft ${i}`]);
  }
  state.buddies.push(buddy('nobody-talks-to-me'));
  state.rooms.push(room('quiet'));
  return state;
}

describe('boundState', () => {
  it('keeps 20 conversations of 200 messages out of 25 × 300, the newest ones', () => {
    const bounded = boundState(bigState());
    expect(bounded.conversations).toHaveLength(20);
    for (const c of bounded.conversations) {
      expect(c.messages).toHaveLength(200);
      expect(c.hasMore).toBe(true);
      const i = Number(c.key.slice('chat:p'.length));
      expect(c.messages[0]!.timestamp).toBe(i * 1000 + 100);
      expect(c.messages[199]!.timestamp).toBe(i * 1000 + 299);
    }
    const kept = bounded.conversations.map((c) => c.key);
    expect(kept).toEqual(Array.from({ length: 20 }, (_, k) => `chat:p${24 - k}`));
  });

  it('keeps open tabs first, even when they are the oldest conversations', () => {
    const state = bigState();
    state.tabs = ['chat:p0', 'chat:p1'];
    state.activeTab = 'chat:p2';
    const bounded = boundState(state);
    const kept = bounded.conversations.map((c) => c.key);
    expect(kept.slice(0, 3)).toEqual(['chat:p0', 'chat:p1', 'chat:p2']);
    expect(kept).toHaveLength(20);
    expect(kept).not.toContain('chat:p7');
    expect(kept).toContain('chat:p24');
    expect(bounded.tabs).toEqual(['chat:p0', 'chat:p1']);
  });

  it('keeps the whole roster (buddies and rooms) while it fits maxRoster', () => {
    const state = bigState();
    state.rooms.push(room('lobby'));
    const bounded = boundState(state);
    expect(bounded.buddies).toEqual(state.buddies);
    expect(bounded.rooms).toEqual(state.rooms);
    expect(rosterFits(state)).toBe(true);
    expect(rosterFits(state, { maxRoster: state.buddies.length - 1 })).toBe(false);
  });

  it('over maxRoster, limits the roster to the people and rooms the kept conversations and tabs need, plus the user', () => {
    const state = bigState();
    state.rooms.push(room('lobby'));
    state.members = [
      ['lobby', [{ id: 'x', nick: 'X', presence: 'online', show: 'available' }]],
      ['quiet', []],
    ];
    state.tabs = ['grpchat:lobby'];
    const bounded = boundState(state, { maxRoster: 10 });
    const ids = bounded.buddies.map((b) => b.id);
    // The lobby tab has no conversation yet, so the 20 newest chats (p5…p24) are kept, and their 20 people.
    expect(ids.sort()).toEqual(Array.from({ length: 20 }, (_, k) => `p${k + 5}`).sort());
    expect(ids).not.toContain('nobody-talks-to-me');
    expect(bounded.rooms.map((r) => r.id)).toEqual(['lobby']);
    expect(bounded.members.map(([id]) => id)).toEqual(['lobby']);
    expect(bounded.user?.id).toBe('me');
    expect(bounded.unread.map(([k]) => k).sort()).toEqual(bounded.conversations.map((c) => c.key).sort());
    expect(bounded.drafts).toHaveLength(20);
  });

  it('respects custom limits; a small state keeps all its conversations and its roster, strangers as needed', () => {
    const bounded = boundState(bigState(), { maxConversations: 3, maxMessages: 5 });
    expect(bounded.conversations.map((c) => c.messages.length)).toEqual([5, 5, 5]);
    const small = captureState(aliceStore());
    expect(boundState(small)).toEqual({ ...small, strangers: [] });
    // Over the roster bound only Bob (a tab) and the lobby (a tab) stay.
    expect(boundState(small, { maxRoster: 0 })).toEqual({
      ...small,
      buddies: small.buddies.filter((b) => b.id === 'bob'),
      rooms: small.rooms.filter((r) => r.id === 'lobby'),
      strangers: [],
    });
    expect(small.buddies.length).toBeGreaterThan(1);
  });

  it('does not modify its input', () => {
    const state = bigState();
    const copy = structuredClone(state);
    boundState(state);
    expect(state).toEqual(copy);
  });
});

describe('makeSnapshot', () => {
  it('builds a bounded, versioned snapshot with only pending/failed own messages in the outbox', () => {
    const store = createStore();
    const key: ConversationKey = 'chat:bob';
    const pending = message('alice', 'bob', 3, { status: 'pending', clientId: 'p' });
    const failed = message('alice', 'bob', 2, { status: 'failed', clientId: 'f' });
    store.conversations.value = new Map([
      [
        key,
        signal(
          conversation(key, [
            message('bob', 'alice', 1, { status: 'pending' }),
            failed,
            pending,
            message('alice', 'bob', 4, { status: 'sent' }),
          ]),
        ),
      ],
    ]);
    const session = { me: 'alice', connection: { domain: 'd', ticket: 't' }, skew: 0, aliveAt: 5 };
    const snapshot = makeSnapshot(store, { uid: 'alice', session, now: 42 });
    expect(snapshot).toMatchObject({ version: 1, uid: 'alice', savedAt: 42, session });
    expect(snapshot.outbox).toEqual([
      { key, message: failed },
      { key, message: pending },
    ]);

    const explicit = makeSnapshot(store, {
      uid: 'alice',
      session: null,
      outbox: [
        { key, message: pending },
        { key, message: message('alice', 'bob', 9, { status: 'sent' }) },
      ],
    });
    expect(explicit.outbox).toEqual([{ key, message: pending }]);
  });

  it('applies the limits to the captured state', () => {
    const store = createStore();
    const key: ConversationKey = 'chat:bob';
    store.conversations.value = new Map([
      [
        key,
        signal(
          conversation(
            key,
            Array.from({ length: 10 }, (_, i) => message('bob', 'alice', i)),
          ),
        ),
      ],
    ]);
    const snapshot = makeSnapshot(store, { uid: 'alice', session: null, limits: { maxMessages: 4 } });
    expect(snapshot.state.conversations[0]!.messages.map((m) => m.timestamp)).toEqual([6, 7, 8, 9]);
  });

  it('carries the session only with the whole roster (resuming it skips the `online` that brings the roster)', () => {
    const store = aliceStore();
    const session = { me: 'alice', connection: { domain: 'd', ticket: 't' }, skew: 0, aliveAt: 5 };
    const roster = store.buddies.value.size;
    const whole = makeSnapshot(store, { uid: 'alice', session, limits: { maxRoster: roster } });
    expect(whole.session).toEqual(session);
    expect(whole.state.buddies).toHaveLength(roster);
    const cut = makeSnapshot(store, { uid: 'alice', session, limits: { maxRoster: roster - 1 } });
    expect(cut.session).toBeNull();
    expect(cut.state.buddies.length).toBeLessThan(roster);
  });
});
