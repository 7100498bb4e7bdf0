import { describe, expect, it } from 'vitest';
import { createStore, reduce } from '../../src/store';
import { upsert } from '../../src/store/signals';
import { buddy, ctx, ME, onlineReply, room } from './fixtures';

describe('roster and rooms', () => {
  it("buddies upserts, keeping each buddy's signal; a known stranger is completed in place", () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: [buddy('bob', { incomplete: true, nick: 'bob' })] }, ctx());
    const bobSignal = store.buddies.value.get('bob');
    reduce(store, { type: 'strangers', people: [buddy('erin', { incomplete: true })] }, ctx());
    reduce(
      store,
      { type: 'buddies', buddies: [buddy('bob', { nick: 'Bob' }), buddy('erin', { nick: 'Erin' })] },
      ctx(),
    );
    expect(store.buddies.value.get('bob')).toBe(bobSignal);
    expect(bobSignal!.value).toMatchObject({ nick: 'Bob', incomplete: false });
    expect(store.buddies.value.has('erin')).toBe(false);
    expect(store.strangers.value.get('erin')!.value).toMatchObject({ nick: 'Erin', incomplete: false });
  });

  it('buddies adds any number of newcomers with one write of the roster map (a login of 10,000)', () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: [buddy('old', { nick: 'Old' })] }, ctx());
    reduce(store, { type: 'strangers', people: [buddy('erin', { incomplete: true })] }, ctx());
    const old = store.buddies.value.get('old');
    let writes = 0;
    const stop = store.buddies.subscribe(() => writes++);
    writes = 0;
    const list = Array.from({ length: 1000 }, (_, i) => buddy(`u${i}`));
    // Outside a batch, so that every write of the map would be seen.
    upsert(
      store.buddies,
      [...list, buddy('old', { nick: 'Older' }), buddy('erin', { nick: 'Erin' }), buddy('u7', { nick: 'Seven' })],
      store.strangers.peek(),
    );
    stop();
    expect(writes).toBe(1);
    expect(store.buddies.value.size).toBe(1001);
    expect(store.buddies.value.get('old')).toBe(old);
    expect(old!.value.nick).toBe('Older');
    expect(store.buddies.value.get('u7')!.value.nick).toBe('Seven');
    expect(store.strangers.value.get('erin')!.value).toMatchObject({ nick: 'Erin', incomplete: false });
    expect(store.buddyGroups.value[0]!.total).toBe(1001);
  });

  it('strangers never shadow buddies', () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: [buddy('bob')] }, ctx());
    reduce(store, { type: 'strangers', people: [buddy('bob', { nick: 'other' }), buddy('vid:1')] }, ctx());
    expect([...store.strangers.value.keys()]).toEqual(['vid:1']);
    expect(store.buddies.value.get('bob')!.value.nick).toBe('BOB');
  });

  it('buddyGroups sorts online first and visitors last', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'buddies',
        buddies: [buddy('zed'), buddy('amy', { presence: 'offline', show: 'unavailable' }), buddy('vid:9')],
      },
      ctx(),
    );
    expect(store.buddyGroups.value.map((g) => [g.name, g.ids])).toEqual([
      ['', ['zed', 'amy']],
      ['visitors', ['vid:9']],
    ]);
  });

  it('room, room/remove and members', () => {
    const store = createStore();
    reduce(store, { type: 'room', room: room('dev') }, ctx());
    reduce(
      store,
      { type: 'members', roomId: 'dev', members: [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'away' }] },
      ctx(),
    );
    expect(store.rooms.value.get('dev')!.value).toMatchObject({ count: 1, allCount: 10 });
    reduce(store, { type: 'room/remove', id: 'dev' }, ctx());
    expect(store.rooms.value.has('dev')).toBe(false);
    expect(store.members.value.has('dev')).toBe(false);
  });

  it("self changes the user's show and status", () => {
    const store = createStore();
    reduce(store, { type: 'self', show: 'away' }, ctx());
    expect(store.user.value).toBeNull();
    reduce(store, { type: 'online', me: ME, reply: onlineReply() }, ctx());
    reduce(store, { type: 'self', show: 'dnd', status: 'focus' }, ctx());
    expect(store.user.value).toMatchObject({ id: ME, show: 'dnd', status: 'focus' });
  });
});
