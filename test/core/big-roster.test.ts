import { describe, expect, it } from 'vitest';
import { ROSTER_APPLY_STEP } from '../../src/core/session';
import { groupBuddies } from '../../src/store/buddy-groups';
import type { Buddy } from '../../src/protocol/types';
import { createFakeApi, ME, onlineReply } from './fakes';
import { createTestClient } from './harness';

/** `n` buddies, every third online (the reply's presences say so too). */
function roster(n: number) {
  const buddies: Buddy[] = Array.from({ length: n }, (_, i) => ({
    id: `u${i}`,
    nick: `User ${i}`,
    presence: i % 3 ? 'offline' : 'online',
    show: i % 3 ? 'unavailable' : 'available',
    incomplete: false,
    visitor: false,
  }));
  const presences = Object.fromEntries(buddies.map((b) => [b.id, b.show]));
  return { buddies, presences };
}

describe('a login with a big roster', () => {
  it('puts the roster into the store a part per task, ahead of the login, with nobody taken for a stranger', async () => {
    const n = ROSTER_APPLY_STEP * 2 + 10;
    const api = createFakeApi();
    api.online.mockResolvedValue(onlineReply(roster(n)));
    const { client, store, record } = createTestClient({ api });
    const actions = record('action');
    let tasks = 0;
    // Each part in its own task: count the tasks that pass while the login is applied.
    const ticking = (async () => {
      while (!store.user.value) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        tasks++;
      }
    })();
    await client.online();
    await ticking;

    const kinds = actions.map(({ action }) => action.type).filter((t) => t === 'buddies' || t === 'online');
    expect(kinds).toEqual(['buddies', 'buddies', 'online']);
    const sizes = actions.map(({ action }) =>
      action.type === 'buddies' ? action.buddies.length : action.type === 'online' ? action.reply.buddies.length : 0,
    );
    expect(sizes.filter(Boolean)).toEqual([ROSTER_APPLY_STEP, 10, ROSTER_APPLY_STEP]);
    expect(tasks).toBeGreaterThanOrEqual(2);

    expect(store.user.value?.id).toBe(ME);
    expect(store.buddies.value.size).toBe(n);
    expect(store.strangers.value.size).toBe(0);
    expect([...store.buddies.value.values()].filter((b) => b.value.presence === 'online')).toHaveLength(
      Math.ceil(n / 3),
    );
    // The grouped list is the same as grouping the whole roster at once.
    expect(store.buddyGroups.value).toEqual(groupBuddies(store.buddies.value));
  });
});
