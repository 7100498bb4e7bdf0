import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeOnlineReply, ProtocolError } from '../../src/protocol';
import { normalizeOnlineReplyInSteps, ROSTER_STEP } from '../../src/protocol/online';
import { pollutingOnlineText, throwingGetters } from './fixtures/hostile';
import { v3Buddy, v3OnlineReply, v3Room } from './fixtures/v3';
import { v5OnlineReply } from './fixtures/v5';

const minimal = {
  success: true,
  user: { id: 'alice' },
  connection: { domain: 'd', ticket: 't', jsonpd: 'http://im/packets' },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('normalizeOnlineReply: v5', () => {
  const { reply, errors } = normalizeOnlineReply(v5OnlineReply);

  it('has no errors for a well-formed reply', () => {
    expect(errors).toEqual([]);
  });

  it('reads user, connection, server time', () => {
    expect(reply.user).toMatchObject({ id: 'alice', nick: 'Alice', show: 'away' });
    expect(reply.connection).toEqual({
      domain: 'localhost',
      ticket: 'c6e4b1f0a9d84e0b8c5f2f3e0d1a2b3c',
      jsonpd: 'http://im.example.com:8000/v5/packets',
      websocket: 'ws://im.example.com:8000/v5/wsocket',
    });
    expect(reply.serverTime).toBe(1700000000500);
  });

  it("reads the login's sync cursor (extension) when there is one, and reports a malformed one", () => {
    expect(reply.cursor).toBeUndefined();
    expect(normalizeOnlineReply({ ...v5OnlineReply, cursor: '3.24' }).reply.cursor).toBe('3.24');
    const bad = normalizeOnlineReply({ ...v5OnlineReply, cursor: { id: 1 } });
    expect(bad.reply.cursor).toBeUndefined();
    expect(bad.errors.map((e) => e.path)).toEqual(['cursor']);
  });

  it('applies the presences map to buddies; buddies it does not name are offline', () => {
    expect(reply.buddies.map((b) => [b.id, b.presence, b.show])).toEqual([
      ['bob', 'online', 'available'],
      ['carol', 'online', 'dnd'],
      ['dave', 'offline', 'unavailable'],
      ['vid:7f3a', 'offline', 'unavailable'],
    ]);
    expect({ ...reply.presences }).toEqual({
      bob: 'available',
      carol: 'dnd',
      stranger1: 'away',
      dave: 'unavailable',
      'vid:7f3a': 'unavailable',
    });
  });

  it('keys histories by conversation, ascending', () => {
    expect(Object.keys(reply.histories).sort()).toEqual(['chat:bob', 'grpchat:lobby']);
    expect(reply.histories['grpchat:lobby']?.[0]).toMatchObject({
      type: 'grpchat',
      timestamp: 1699999999000,
      status: 'sent',
    });
    expect(reply.histories['chat:bob']?.[0].id).toBe('c:k3j4-0001');
  });

  it('reads rooms, new messages and settings (JSON text)', () => {
    expect(reply.rooms.map((r) => [r.id, r.allCount, r.count, r.blocked])).toEqual([
      ['lobby', 12, 3, true],
      ['dev', 4, 1, false],
    ]);
    expect(reply.newMessages.map((m) => m.body)).toEqual(['Hi Alice']);
    expect(reply.settings).toEqual({ play_sound: false, msg_auto_pop: true, locale: 'zh-CN' });
  });
});

describe('normalizeOnlineReply: v3', () => {
  const { reply, errors } = normalizeOnlineReply(v3OnlineReply);

  it('has no errors for the guide example', () => {
    expect(errors).toEqual([]);
  });

  it('reads the v3 connection and rounds server_time', () => {
    expect(reply.connection).toEqual({
      domain: 'www.uchome.com',
      ticket: '8633d182-b7fe-42a3-8466-0c4134cfebf2',
      jsonpd: 'http://www.webim20.cn:8000',
    });
    expect(reply.serverTime).toBe(1246883572400);
    expect(reply.user.id).toBe('1');
  });

  it('applies buddy_online_ids (CSV with blanks) on top of stated presence', () => {
    expect(reply.buddies.map((b) => [b.id, b.presence, b.show, b.incomplete])).toEqual([
      ['2', 'online', 'dnd', false],
      ['5', 'offline', 'unavailable', true],
      ['8', 'online', 'available', false],
    ]);
    expect({ ...reply.presences }).toEqual({ 2: 'dnd', 5: 'unavailable', 8: 'available', 9: 'available' });
  });

  it('accepts buddy_online_ids as an array', () => {
    const { reply: r } = normalizeOnlineReply({ ...v3OnlineReply, buddy_online_ids: [5] });
    expect(r.buddies.map((b) => b.presence)).toEqual(['online', 'online', 'offline']);
  });

  it('tells buddy history from room history when ids collide (buddy 2, room "2")', () => {
    expect(Object.keys(reply.histories).sort()).toEqual(['chat:2', 'chat:susan']);
    expect(reply.histories['chat:2']?.map((m) => m.body)).toEqual(['first', 'second']);
    const { reply: r } = normalizeOnlineReply({
      ...v3OnlineReply,
      histories: { 2: [{ type: 'multicast', from: 'x', to: '2', body: 'room', timestamp: 1246883572400 }] },
    });
    expect(Object.keys(r.histories)).toEqual(['grpchat:2']);
  });

  it('takes a room id that is not a buddy as a room even with typeless items', () => {
    const { reply: r } = normalizeOnlineReply({
      ...minimal,
      rooms: [{ id: 'lobby' }],
      histories: { lobby: [{ from: 'x', to: 'lobby', body: 'hi', timestamp: 1700000000000 }], bob: [] },
    });
    expect(Object.keys(r.histories).sort()).toEqual(['chat:bob', 'grpchat:lobby']);
  });

  it('uses history inlined in buddies and rooms when histories lacks it', () => {
    const log = { type: 'unicast', from: 2, to: 1, body: 'inline', timestamp: 1246883572400 };
    const { reply: r, errors: e } = normalizeOnlineReply({
      ...minimal,
      buddies: [
        { ...v3Buddy, id: 3, history: [log] },
        { id: 4, history: 'bad' },
      ],
      rooms: [{ ...v3Room, id: 'r1', history: [{ ...log, type: 'multicast', to: 'r1' }] }],
    });
    expect(r.histories['chat:3']?.map((m) => m.body)).toEqual(['inline']);
    expect(r.histories['grpchat:r1']?.map((m) => m.type)).toEqual(['grpchat']);
    expect(e.map((x) => x.path)).toEqual(['buddies[1].history']);
  });

  it('groups a histories array by conversation', () => {
    const { reply: r } = normalizeOnlineReply({
      ...minimal,
      histories: [
        { type: 'chat', from: 'alice', to: 'bob', body: 'mine', timestamp: 1700000000002 },
        { type: 'chat', from: 'bob', to: 'alice', body: 'theirs', timestamp: 1700000000001 },
        { type: 'grpchat', from: 'bob', to: 'dev', body: 'room', timestamp: 1700000000003 },
      ],
    });
    expect(r.histories['chat:bob']?.map((m) => m.body)).toEqual(['theirs', 'mine']);
    expect(r.histories['grpchat:dev']).toHaveLength(1);
  });
});

describe('normalizeOnlineReply: unusable replies throw bad_reply', () => {
  it('uses error_msg of success:false', () => {
    expect(() => normalizeOnlineReply({ success: false, error_msg: 'Not logged in' })).toThrow(
      expect.objectContaining({ name: 'ProtocolError', code: 'bad_reply', message: 'Not logged in' }),
    );
  });

  it.each([
    ['no user', { ...minimal, user: undefined }],
    ['a user without id', { ...minimal, user: { nick: 'x' } }],
    ['no connection', { ...minimal, connection: undefined }],
    ['a connection without ticket', { ...minimal, connection: { domain: 'd', server: 'http://x' } }],
    ['not an object', [minimal]],
    ['null', null],
    ['text that is not JSON', '<html>Login</html>'],
  ])('throws for %s', (_, raw) => {
    let thrown: unknown;
    try {
      normalizeOnlineReply(raw);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).code).toBe('bad_reply');
  });
});

describe('normalizeOnlineReply: partial damage', () => {
  it('accepts JSON text and defaults server time to now', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_750_000_000_000);
    const { reply, errors } = normalizeOnlineReply(JSON.stringify(minimal));
    expect(reply.serverTime).toBe(1_750_000_000_000);
    expect(reply.buddies).toEqual([]);
    expect(reply.rooms).toEqual([]);
    expect(reply.newMessages).toEqual([]);
    expect(reply.histories).toEqual({});
    expect(reply.settings).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('keeps every valid part and reports the rest', () => {
    const { reply, errors } = normalizeOnlineReply({
      ...minimal,
      server_time: 'noon',
      buddies: [{ id: 'bob' }, { nick: 'no id' }, 'x'],
      rooms: { 0: { id: 'r' } },
      presences: { bob: 'available', carol: 7 },
      buddy_online_ids: 12,
      new_messages: [{ from: 'bob', to: 'alice', body: 'ok', timestamp: 1700000000000 }, { from: 'bob' }],
      histories: { bob: 'none' },
      setting: '{broken',
    });
    expect(reply.buddies.map((b) => [b.id, b.presence])).toEqual([['bob', 'online']]);
    expect(reply.rooms).toEqual([]);
    expect(reply.newMessages.map((m) => m.body)).toEqual(['ok']);
    expect(reply.settings).toBeUndefined();
    expect(errors.map((e) => e.path)).toEqual([
      'rooms',
      'buddies[1].id',
      'buddies[2]',
      'presences.carol',
      'buddy_online_ids',
      'histories.bob',
      'server_time',
      'setting',
      'new_messages[1].to',
    ]);
  });

  it('survives hostile getters on optional parts', () => {
    const raw = throwingGetters({ ...minimal }, ['buddies', 'rooms', 'histories', 'presences', 'setting']);
    const { reply } = normalizeOnlineReply(raw);
    expect(reply.user.id).toBe('alice');
  });

  it('treats prototype-sensitive ids as plain data', () => {
    const { reply } = normalizeOnlineReply(pollutingOnlineText);
    expect(Object.getPrototypeOf(reply.presences)).toBeNull();
    expect(reply.presences['__proto__']).toBe('available');
    expect(reply.presences['constructor']).toBe('away');
    expect(reply.presences['hasOwnProperty']).toBe('dnd');
    expect(reply.presences['toString']).toBeUndefined();
    expect(reply.buddies).toEqual([
      expect.objectContaining({ id: '__proto__', presence: 'online', show: 'available' }),
    ]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});

describe('normalizeOnlineReply: absurd sizes', () => {
  it('reads at most 100,000 buddies of a sparse array of 2^32-1 and reports the rest', () => {
    const buddies: unknown[] = [];
    buddies.length = 2 ** 32 - 1;
    buddies[0] = { id: 'bob' };
    const { reply, errors } = normalizeOnlineReply({ ...minimal, buddies });
    expect(reply.buddies.map((b) => b.id)).toEqual(['bob']);
    expect(errors.at(-1)).toMatchObject({ code: 'bad_buddy', path: 'buddies', value: 2 ** 32 - 1 });
    expect(errors).toHaveLength(99_999 + 1);
  });
});

describe('normalizeOnlineReplyInSteps', () => {
  /** A v5 reply with `n` buddies, a third of them online, one of them malformed. */
  const big = (n: number) => {
    const raw = structuredClone(v5OnlineReply) as Record<string, unknown>;
    const buddies = Array.from({ length: n }, (_, i) => ({ id: `u${i}`, nick: `User ${i}`, presence: 'offline' }));
    buddies[n - 1] = { nick: 'no id' } as never;
    raw.buddies = buddies;
    raw.presences = Object.fromEntries(buddies.filter((_, i) => i % 3 === 0).map((b) => [b.id, 'available']));
    return raw;
  };

  it('gives what normalizeOnlineReply gives, pausing before and after each step of a big roster', async () => {
    const raw = big(ROSTER_STEP * 2 + 5);
    let pauses = 0;
    const stepped = await normalizeOnlineReplyInSteps(raw, async () => void pauses++);
    expect(stepped).toEqual(normalizeOnlineReply(raw));
    expect(stepped.reply.buddies).toHaveLength(ROSTER_STEP * 2 + 4);
    expect(stepped.errors.map((e) => e.path)).toEqual([`buddies[${ROSTER_STEP * 2 + 4}].id`]);
    expect(pauses).toBe(4);
  });

  it('does not pause for a small roster', async () => {
    let pauses = 0;
    const stepped = await normalizeOnlineReplyInSteps(v5OnlineReply, async () => void pauses++);
    expect(stepped).toEqual(normalizeOnlineReply(v5OnlineReply));
    expect(pauses).toBe(0);
  });
});
