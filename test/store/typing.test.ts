import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import { createStore, reduce } from '../../src/store';
import { ctx, ME, msg, packet, room, status } from './fixtures';

const bob = conversationKey('chat', 'bob');

describe('typing', () => {
  it('shows an indicator until now + ttl (default 10 s) and refreshes it on repeat', () => {
    const store = createStore();
    reduce(
      store,
      { type: 'packet', packet: packet({ statuses: [status('bob', 'typing', { nick: 'Bob' })] }) },
      ctx({ now: 100 }),
    );
    expect(store.typing.value.get(bob)).toEqual([{ from: 'bob', nick: 'Bob', until: 10_100 }]);
    reduce(
      store,
      { type: 'packet', packet: packet({ statuses: [status('bob', 'typing')] }) },
      ctx({ now: 5_000, typingTtlMs: 3_000 }),
    );
    expect(store.typing.value.get(bob)).toEqual([{ from: 'bob', until: 8_000 }]);
  });

  it('clear removes the indicator; own typing is ignored', () => {
    const store = createStore();
    reduce(
      store,
      { type: 'packet', packet: packet({ statuses: [status('bob', 'typing'), status(ME, 'typing', { to: 'bob' })] }) },
      ctx(),
    );
    expect([...store.typing.value.keys()]).toEqual([bob]);
    reduce(store, { type: 'packet', packet: packet({ statuses: [status('bob', 'clear')] }) }, ctx());
    expect(store.typing.value.size).toBe(0);
  });

  it('typing/sweep drops expired indicators only, and writes nothing when none expired', () => {
    const store = createStore();
    reduce(store, { type: 'packet', packet: packet({ statuses: [status('bob', 'typing')] }) }, ctx({ now: 0 }));
    reduce(store, { type: 'packet', packet: packet({ statuses: [status('carol', 'typing')] }) }, ctx({ now: 5_000 }));
    const before = store.typing.value;
    reduce(store, { type: 'typing/sweep' }, ctx({ now: 9_999 }));
    expect(store.typing.value).toBe(before);
    reduce(store, { type: 'typing/sweep' }, ctx({ now: 10_000 }));
    expect([...store.typing.value.keys()]).toEqual([conversationKey('chat', 'carol')]);
  });

  it('a message from the typer clears their indicator, even in the same packet', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({ statuses: [status('bob', 'typing')], messages: [msg('bob', ME, 'done', 1)] }),
      },
      ctx(),
    );
    expect(store.typing.value.size).toBe(0);
  });

  it('shows a status addressed to a known room in the room', () => {
    const store = createStore();
    reduce(store, { type: 'room', room: room('lobby') }, ctx());
    reduce(store, { type: 'packet', packet: packet({ statuses: [status('bob', 'typing', { to: 'lobby' })] }) }, ctx());
    expect([...store.typing.value.keys()]).toEqual([conversationKey('grpchat', 'lobby')]);
  });
});
