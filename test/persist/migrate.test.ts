import { describe, expect, it } from 'vitest';
import { makeSnapshot, migrate, SCHEMA_VERSION, type Migration } from '../../src/persist';
import type { Snapshot } from '../../src/persist/types';
import { aliceStore } from './support/fixtures';

function snapshot(): Snapshot {
  return makeSnapshot(aliceStore(), {
    uid: 'alice',
    session: {
      me: 'alice',
      connection: { domain: 'forum', ticket: 't1', websocket: 'ws://im/ws' },
      skew: 3,
      aliveAt: 9,
    },
    now: 100,
  });
}

describe('migrate', () => {
  it('accepts a current snapshot and returns a fresh copy', () => {
    const original = snapshot();
    const read = migrate(structuredClone(original));
    expect(read).toEqual(original);
    expect(read).not.toBe(original);
    expect(SCHEMA_VERSION).toBe(1);
  });

  it('drops unknown fields instead of passing them on', () => {
    const raw = structuredClone(snapshot()) as unknown as Record<string, unknown>;
    (raw.state as Record<string, unknown>).injected = '<img onerror>';
    (raw.state as { buddies: Array<Record<string, unknown>> }).buddies[0]!.html = 'x';
    const read = migrate(raw);
    expect(read).not.toBeNull();
    expect(read!.state).not.toHaveProperty('injected');
    expect(read!.state.buddies[0]).not.toHaveProperty('html');
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'webim'],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['a function', () => 1],
  ])('returns null for garbage: %s', (_, raw) => {
    expect(migrate(raw)).toBeNull();
  });

  it('returns null for a version it cannot migrate (newer, older without a path, not a number)', () => {
    const s = snapshot();
    expect(migrate({ ...s, version: SCHEMA_VERSION + 1 })).toBeNull();
    expect(migrate({ ...s, version: 0 })).toBeNull();
    expect(migrate({ ...s, version: '1' })).toBeNull();
    expect(migrate({ ...s, version: 1.5 })).toBeNull();
  });

  it('returns null for a truncated or mistyped record', () => {
    const s = structuredClone(snapshot());
    const { state, ...withoutState } = s;
    expect(migrate(withoutState)).toBeNull();
    const { buddies: _buddies, ...truncatedState } = state;
    expect(migrate({ ...s, state: truncatedState })).toBeNull();
    expect(migrate({ ...s, state: { ...state, tabs: ['not a key'] } })).toBeNull();
    expect(migrate({ ...s, state: { ...state, unread: [['chat:bob', -1]] } })).toBeNull();
    const badMessage = structuredClone(s);
    (badMessage.state.conversations[0]!.messages[0] as unknown as Record<string, unknown>).timestamp = 'yesterday';
    expect(migrate(badMessage)).toBeNull();
    expect(migrate({ ...s, outbox: [{ key: 'chat:bob' }] })).toBeNull();
    expect(migrate({ ...s, session: { me: 'alice' } })).toBeNull();
  });

  it('returns null, never throws, when reading the value throws', () => {
    const s = snapshot();
    const trap = { ...s };
    Object.defineProperty(trap, 'state', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    expect(migrate(trap)).toBeNull();
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('proxy');
        },
      },
    );
    expect(migrate(proxy)).toBeNull();
    expect(migrate({ ...s, state: { ...s.state, buddies: proxy } })).toBeNull();
  });

  describe('with a migration table', () => {
    // A hypothetical schema 2 renamed `notificationsSeenAt` to `seenAt` and moved `session` under `login`;
    // reading it back as the current shape proves each step ran, in order.
    const toV2: Migration = (raw) => {
      const state = raw.state as Record<string, unknown>;
      const { notificationsSeenAt, ...rest } = state;
      return { ...raw, version: 2, state: { ...rest, seenAt: notificationsSeenAt }, login: raw.session };
    };
    const toV3: Migration = (raw) => {
      const state = raw.state as Record<string, unknown>;
      const { seenAt, ...rest } = state;
      const { login, ...others } = raw;
      return { ...others, version: 3, state: { ...rest, notificationsSeenAt: seenAt }, session: login };
    };

    it('runs every step from the stored version to the current one', () => {
      const v1 = structuredClone(snapshot());
      const read = migrate(v1, { version: 3, migrations: { 1: toV2, 2: toV3 } });
      expect(read).toEqual({ ...v1, version: 3 });
      expect(
        migrate(toV2(v1 as unknown as Record<string, unknown>), { version: 3, migrations: { 1: toV2, 2: toV3 } }),
      ).toEqual({ ...v1, version: 3 });
    });

    it('resets (null) when a step is missing, throws, or does not advance the version', () => {
      const v1 = structuredClone(snapshot());
      expect(migrate(v1, { version: 3, migrations: { 1: toV2 } })).toBeNull();
      const throwing: Migration = () => {
        throw new Error('bad data');
      };
      expect(migrate(v1, { version: 2, migrations: { 1: throwing } })).toBeNull();
      const stuck: Migration = (raw) => ({ ...raw });
      expect(migrate(v1, { version: 2, migrations: { 1: stuck } })).toBeNull();
      expect(
        migrate(v1, { version: 2, migrations: { 1: () => null as unknown as Record<string, unknown> } }),
      ).toBeNull();
    });
  });
});
