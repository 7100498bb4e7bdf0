import { batch, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Buddy, PresenceUpdate, Show } from '../../src/protocol/types';
import { applyState } from '../../src/persist/state';
import { captureState } from '../../src/persist/state';
import { createStore, groupBuddies, reduce, type Store } from '../../src/store';
import { buddy, ctx, packet, presence } from './fixtures';

/** A small deterministic PRNG (mulberry32), so a failing storm can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Nicks that exercise the collator: case, accents, numbers (numeric order), duplicates (id breaks the tie).
const NICKS = [
  'Ann',
  'ann',
  'Ánn',
  'Bob',
  'bob',
  'Zoë',
  'zoe',
  'User 2',
  'User 10',
  'User 010',
  '李雷',
  '韩梅梅',
  'Ōta',
  '',
];
const GROUPS = [undefined, 'Friends', 'friends', 'Work', 'Family', 'visitors'];
const SHOWS: Show[] = ['available', 'away', 'chat', 'dnd', 'invisible', 'unavailable'];

function randomBuddy(random: () => number, id: string): Buddy {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const online = random() < 0.3;
  const group = pick(GROUPS);
  // Half from a small set (many ties), half nearly unique (so nicks are ranked in bulk, not only one by one).
  const nick = random() < 0.5 ? pick(NICKS) : `${pick(['User', 'user', 'Ünal', '王'])} ${Math.floor(random() * 500)}`;
  return buddy(id, {
    nick,
    presence: online ? 'online' : 'offline',
    show: online ? 'available' : 'unavailable',
    ...(group !== undefined ? { group } : {}),
  });
}

const ids = (store: Store) => store.buddyGroups.value.map((g) => [g.name, g.visitors, g.online, g.total, g.ids]);
const expectCurrent = (store: Store) =>
  expect(ids(store)).toEqual(
    groupBuddies(store.buddies.value).map((g) => [g.name, g.visitors, g.online, g.total, g.ids]),
  );

describe('buddyGroups (kept incrementally)', () => {
  it('equals a from-scratch grouping after random storms of presences, renames, regroupings, joins and leaves', () => {
    const random = rng(20240611);
    const store = createStore();
    const roster: Buddy[] = [];
    for (let i = 0; i < 400; i++) roster.push(randomBuddy(random, i % 40 === 0 ? `vid:${i}` : `u${i}`));
    reduce(store, { type: 'buddies', buddies: roster }, ctx());
    expectCurrent(store);
    let next = 400;
    for (let step = 0; step < 300; step++) {
      const known = [...store.buddies.peek().keys()];
      const someone = () => known[Math.floor(random() * known.length)]!;
      const r = random();
      if (r < 0.6) {
        // One packet of 1..50 presences, as the server pushes them.
        const presences: PresenceUpdate[] = [];
        for (let n = 1 + Math.floor(random() * 50); n > 0; n--) {
          const show = SHOWS[Math.floor(random() * SHOWS.length)]!;
          presences.push(
            random() < 0.4
              ? presence('offline', someone())
              : presence('online', someone(), {
                  show,
                  ...(random() < 0.1 ? { nick: NICKS[Math.floor(random() * NICKS.length)]! } : {}),
                }),
          );
        }
        reduce(store, { type: 'packet', packet: packet({ presences }) }, ctx());
      } else if (r < 0.7) {
        // Details: a regrouping or rename of known buddies, plus newcomers (sometimes many: the bulk path).
        const list: Buddy[] = [];
        for (let n = Math.floor(random() * 5); n > 0; n--) list.push({ ...randomBuddy(random, someone()) });
        for (let n = random() < 0.3 ? 40 : Math.floor(random() * 3); n > 0; n--)
          list.push(randomBuddy(random, `u${next++}`));
        reduce(store, { type: 'buddies', buddies: list }, ctx());
      } else if (r < 0.8) {
        // Someone leaves the roster (a restored state without them, as another tab would apply it).
        const state = captureState(store);
        const gone = new Set([someone(), someone()]);
        applyState(store, { ...state, buddies: state.buddies.filter((b) => !gone.has(b.id)) });
      } else if (r < 0.9) {
        // A writer outside `reduce` (tests, a site's own code): a buddy's signal written directly.
        const s = store.buddies.peek().get(someone())!;
        s.value = { ...s.peek(), presence: s.peek().presence === 'online' ? 'offline' : 'online' };
      } else {
        // A buddy's signal replaced by a new one under the same id.
        const id = someone();
        const map = new Map(store.buddies.peek());
        map.set(id, signal({ ...map.get(id)!.peek(), nick: NICKS[Math.floor(random() * NICKS.length)]! }));
        store.buddies.value = map;
      }
      expectCurrent(store);
    }
  });

  it('orders groups: default first, named groups by name, visitors last (even beside a group named "visitors")', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'buddies',
        buddies: [
          buddy('a', { group: 'Work' }),
          buddy('vid:1'),
          buddy('b', { group: 'visitors' }),
          buddy('c'),
          buddy('d', { group: 'Family' }),
        ],
      },
      ctx(),
    );
    expect(store.buddyGroups.value.map((g) => [g.name, g.visitors])).toEqual([
      ['', false],
      ['Family', false],
      ['visitors', false],
      ['Work', false],
      ['visitors', true],
    ]);
  });

  it('a presence change hands out a new snapshot for its group only; earlier snapshots never change', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'buddies',
        buddies: [buddy('a', { group: 'A' }), buddy('b', { group: 'A' }), buddy('c', { group: 'B' })],
      },
      ctx(),
    );
    const before = store.buddyGroups.value;
    const [groupA, groupB] = before;
    const idsA = [...groupA!.ids];
    reduce(store, { type: 'packet', packet: packet({ presences: [presence('offline', 'a')] }) }, ctx());
    const after = store.buddyGroups.value;
    expect(after).not.toBe(before);
    expect(after[1]).toBe(groupB);
    expect(after[0]).toMatchObject({ name: 'A', ids: ['b', 'a'], online: 1, total: 2 });
    expect(groupA).toMatchObject({ ids: idsA, online: 2, total: 2 });
    // Nothing changed: the same array.
    reduce(store, { type: 'packet', packet: packet({ presences: [presence('offline', 'a')] }) }, ctx());
    expect(store.buddyGroups.value).toBe(after);
  });

  it('is current after every batch: a packet of many presences moves them all at the batch end', () => {
    const store = createStore();
    const list = Array.from({ length: 100 }, (_, i) =>
      buddy(`u${String(i).padStart(3, '0')}`, { presence: 'offline', show: 'unavailable' }),
    );
    reduce(store, { type: 'buddies', buddies: list }, ctx());
    expect(store.buddyGroups.value[0]!.online).toBe(0);
    batch(() => {
      for (const b of list.slice(50))
        store.buddies.peek().get(b.id)!.value = { ...b, presence: 'online', show: 'available' };
    });
    expect(store.buddyGroups.value[0]).toMatchObject({ online: 50, total: 100 });
    expect(store.buddyGroups.value[0]!.ids.slice(0, 3)).toEqual(['u050', 'u051', 'u052']);
    expectCurrent(store);
  });

  it('forgets a buddy that left the roster: writes to its old signal change nothing', () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: [buddy('a'), buddy('b')] }, ctx());
    const old = store.buddies.peek().get('a')!;
    const map = new Map(store.buddies.peek());
    map.delete('a');
    store.buddies.value = map;
    expect(store.buddyGroups.value).toEqual([{ name: '', visitors: false, ids: ['b'], online: 1, total: 1 }]);
    const groups = store.buddyGroups.value;
    old.value = { ...old.peek(), group: 'Elsewhere' };
    expect(store.buddyGroups.value).toBe(groups);
  });

  it('survives a writer that changed a buddy object in place before replacing it', () => {
    const store = createStore();
    const list = Array.from({ length: 40 }, (_, i) => buddy(`u${String(i).padStart(2, '0')}`));
    reduce(store, { type: 'buddies', buddies: list }, ctx());
    const s = store.buddies.peek().get('u05')!;
    const old = s.peek() as { nick: string };
    old.nick = 'ZZZ'; // the placed value no longer sorts where it sits
    s.value = { ...s.peek(), presence: 'offline', show: 'unavailable' };
    expectCurrent(store);
    expect(store.buddyGroups.value[0]!.ids.at(-1)).toBe('u05');
  });

  it('drops a group when its last buddy leaves it', () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: [buddy('a', { group: 'Solo' }), buddy('b')] }, ctx());
    expect(store.buddyGroups.value.map((g) => g.name)).toEqual(['', 'Solo']);
    reduce(store, { type: 'buddies', buddies: [buddy('a', { group: 'Work' })] }, ctx());
    expect(store.buddyGroups.value.map((g) => g.name)).toEqual(['', 'Work']);
    store.buddies.value = new Map();
    expect(store.buddyGroups.value).toEqual([]);
  });
});
