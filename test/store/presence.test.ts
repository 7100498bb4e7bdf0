import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import { createStore, reduce } from '../../src/store';
import { buddy, ctx, ME, onlineReply, packet, presence, room } from './fixtures';

const lobby = conversationKey('grpchat', 'lobby');

function withRoster() {
  const store = createStore();
  reduce(store, { type: 'buddies', buddies: ['bob', 'carol', 'dave'].map((id) => buddy(id)) }, ctx());
  reduce(store, { type: 'strangers', people: [buddy('erin', { presence: 'offline', show: 'unavailable' })] }, ctx());
  return store;
}

describe('buddy presence', () => {
  it('a login reads presences by own key: a buddy called constructor or toString is not online by a prototype', () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: ['constructor', 'toString', 'bob'].map((id) => buddy(id)) }, ctx());
    // A plain object, as any caller may hand in: its prototype answers for `constructor` and `toString`.
    reduce(store, { type: 'online', me: ME, reply: onlineReply({ presences: { bob: 'away' } }) }, ctx());
    const b = (id: string) => store.buddies.value.get(id)!.value;
    expect(b('constructor')).toMatchObject({ presence: 'offline', show: 'unavailable' });
    expect(b('toString')).toMatchObject({ presence: 'offline', show: 'unavailable' });
    expect(b('bob')).toMatchObject({ presence: 'online', show: 'away' });
  });

  it("a presence writes only that buddy's signal, never the roster map", () => {
    const store = withRoster();
    const runs = new Map<string, number>();
    let mapRuns = 0;
    const stops = [...store.buddies.value].map(([id, s]) =>
      effect(() => {
        void s.value;
        runs.set(id, (runs.get(id) ?? 0) + 1);
      }),
    );
    stops.push(
      effect(() => {
        void store.buddies.value;
        mapRuns++;
      }),
    );
    reduce(
      store,
      { type: 'packet', packet: packet({ presences: [presence('show', 'bob', { show: 'away' })] }) },
      ctx(),
    );
    stops.forEach((stop) => stop());
    expect(Object.fromEntries(runs)).toEqual({ bob: 2, carol: 1, dave: 1 });
    expect(mapRuns).toBe(1);
    expect(store.buddies.value.get('bob')!.value).toMatchObject({ presence: 'online', show: 'away' });
  });

  it('online/offline/show move buddies and strangers; invisible shows as offline', () => {
    const store = withRoster();
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({
          presences: [
            presence('offline', 'carol'),
            presence('show', 'dave', { show: 'invisible' }),
            presence('online', 'erin', { show: 'dnd', status: 'busy coding' }),
          ],
        }),
      },
      ctx(),
    );
    const b = (id: string) => (store.buddies.value.get(id) ?? store.strangers.value.get(id))!.value;
    expect(b('carol')).toMatchObject({ presence: 'offline', show: 'unavailable' });
    expect(b('dave')).toMatchObject({ presence: 'offline', show: 'unavailable' });
    expect(b('erin')).toMatchObject({ presence: 'online', show: 'dnd', status: 'busy coding' });
    reduce(store, { type: 'packet', packet: packet({ presences: [presence('online', 'carol')] }) }, ctx());
    expect(b('carol')).toMatchObject({ presence: 'online', show: 'available' });
  });

  it('ignores presences of unknown people; own show updates the user', () => {
    const store = withRoster();
    reduce(
      store,
      {
        type: 'online',
        me: ME,
        reply: {
          serverTime: 0,
          user: { id: ME, nick: 'A', show: 'available' },
          connection: { domain: 'd', ticket: 't' },
          buddies: [],
          rooms: [],
          newMessages: [],
          histories: {},
          presences: {},
        },
      },
      ctx(),
    );
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({
          presences: [presence('online', 'nobody'), presence('show', ME, { show: 'away', status: 'lunch' })],
        }),
      },
      ctx(),
    );
    expect(store.buddies.value.has('nobody')).toBe(false);
    expect(store.strangers.value.has('nobody')).toBe(false);
    expect(store.user.value).toMatchObject({ show: 'away', status: 'lunch' });
  });

  it('a replayed presence wakes nobody', () => {
    const store = withRoster();
    const p = packet({ presences: [presence('show', 'bob', { show: 'away' })] });
    reduce(store, { type: 'packet', packet: p }, ctx());
    let runs = 0;
    const stop = effect(() => {
      void store.buddies.value.get('bob')!.value;
      runs++;
    });
    reduce(store, { type: 'packet', packet: p }, ctx());
    stop();
    expect(runs).toBe(1);
  });
});

describe('room presence', () => {
  it('updates counts and adds notices to an existing room conversation; replays change nothing', () => {
    const store = createStore();
    reduce(store, { type: 'room', room: room('lobby', { count: 3, allCount: 10 }) }, ctx());
    reduce(store, { type: 'tab/open', key: lobby, activate: false }, ctx());
    const p = packet({
      presences: [presence('grponline', 'bob', { to: 'lobby', nick: 'Bob' }), presence('join', 'zed', { to: 'lobby' })],
    });
    reduce(store, { type: 'packet', packet: p }, ctx({ now: 10 }));
    expect(store.rooms.value.get('lobby')!.value).toMatchObject({ count: 5, allCount: 11 });
    const notices = () => store.conversations.value.get(lobby)!.value.notices;
    expect(notices().map((n) => [n.kind, n.who, n.nick])).toEqual([
      ['online', 'bob', 'Bob'],
      ['join', 'zed', undefined],
    ]);
    reduce(store, { type: 'packet', packet: p }, ctx({ now: 20 }));
    expect(store.rooms.value.get('lobby')!.value).toMatchObject({ count: 5, allCount: 11 });
    expect(notices()).toHaveLength(2);
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({
          presences: [presence('grpoffline', 'bob', { to: 'lobby' }), presence('leave', 'zed', { to: 'lobby' })],
        }),
      },
      ctx({ now: 30 }),
    );
    expect(store.rooms.value.get('lobby')!.value).toMatchObject({ count: 3, allCount: 10 });
    expect(notices().map((n) => n.kind)).toEqual(['online', 'join', 'offline', 'leave']);
  });

  it('keeps a loaded member list current and uses it to drop replays', () => {
    const store = createStore();
    reduce(store, { type: 'room', room: room('lobby', { count: 0, allCount: 5 }) }, ctx());
    reduce(
      store,
      {
        type: 'members',
        roomId: 'lobby',
        members: [
          { id: 'bob', nick: 'Bob', presence: 'online', show: 'available' },
          { id: 'carol', nick: 'Carol', presence: 'offline', show: 'unavailable' },
        ],
      },
      ctx(),
    );
    expect(store.rooms.value.get('lobby')!.value.count).toBe(1);
    const up = packet({ presences: [presence('grponline', 'carol', { to: 'lobby' })] });
    reduce(store, { type: 'packet', packet: up }, ctx());
    reduce(store, { type: 'packet', packet: up }, ctx());
    expect(store.rooms.value.get('lobby')!.value.count).toBe(2);
    expect(store.members.value.get('lobby')!.map((m) => [m.id, m.presence])).toEqual([
      ['bob', 'online'],
      ['carol', 'online'],
    ]);
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({
          presences: [presence('leave', 'bob', { to: 'lobby' }), presence('leave', 'bob', { to: 'lobby' })],
        }),
      },
      ctx(),
    );
    expect(store.members.value.get('lobby')!.map((m) => m.id)).toEqual(['carol']);
    expect(store.rooms.value.get('lobby')!.value).toMatchObject({ count: 1, allCount: 4 });
    // No conversation: no notice, and none is created.
    expect(store.conversations.value.has(lobby)).toBe(false);
  });

  it('ignores own room presences', () => {
    const store = createStore();
    reduce(store, { type: 'room', room: room('lobby', { count: 3 }) }, ctx());
    reduce(
      store,
      { type: 'packet', packet: packet({ presences: [presence('grponline', ME, { to: 'lobby' })] }) },
      ctx(),
    );
    expect(store.rooms.value.get('lobby')!.value.count).toBe(3);
  });
});
