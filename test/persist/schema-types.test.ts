import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/protocol/types';
import { type FieldsOf, read, SNAPSHOT } from '../../src/persist/schema';

/**
 * The persisted schema is tied to the TypeScript types (`satisfies FieldsOf<T>`): `npm run typecheck` fails when a
 * type gains a field its shape does not read. The `@ts-expect-error` lines below are that check, checked: if
 * FieldsOf stopped catching a missing or extra field, they would be unused and the type-check would fail.
 */
describe('FieldsOf', () => {
  it('demands every field of the type, optional ones as name?', () => {
    const complete = {
      id: 'i',
      'clientId?': 's',
      'serverId?': 'n',
      type: 'chat|grpchat|broadcast',
      from: 's',
      to: 's',
      nick: 's',
      'toNick?': 's',
      body: 's',
      'style?': 's',
      timestamp: 'n',
      status: 'pending|sent|failed',
      'offline?': 'b',
      'error?': 's',
      'unannounced?': 'b',
    } satisfies FieldsOf<Message>;
    const { timestamp: _, ...missing } = complete;
    // @ts-expect-error -- `timestamp` is missing: a field the type has and the shape would drop
    void (missing satisfies FieldsOf<Message>);
    // @ts-expect-error -- `clientId` is optional in Message, so the shape must say `clientId?`
    const wrongOptional = { ...complete, clientId: 's' } satisfies FieldsOf<Message>;
    expect([complete, missing, wrongOptional]).toHaveLength(3);
    expect(_).toBe('n');
  });

  it('the snapshot shape still reads a snapshot, fields the types do not name dropped', () => {
    const state = {
      user: null,
      buddies: [],
      strangers: [],
      rooms: [],
      members: [],
      conversations: [],
      unread: [],
      tabs: [],
      activeTab: null,
      pane: null,
      minimized: false,
      drafts: [],
      settings: {},
      notifications: [],
      notificationsSeenAt: 0,
      extra: 'dropped',
    };
    const read_ = read<{ state: Record<string, unknown> }>(
      { version: 3, uid: 'alice', savedAt: 1, state, outbox: [], session: null },
      SNAPSHOT,
    );
    expect(Object.keys(read_.state).sort()).toEqual(
      Object.keys(state)
        .filter((k) => k !== 'extra')
        .sort(),
    );
  });
});
