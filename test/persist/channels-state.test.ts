import { describe, expect, it } from 'vitest';
import { applyState, captureState } from '../../src/persist';
import { read, STATE } from '../../src/persist/schema';
import type { StoreState } from '../../src/persist/types';
import { createStore } from '../../src/store/store';
import { aliceStore } from './support/fixtures';

describe('followed channels, invitations and channel posts in snapshots', () => {
  it('round-trip (a resumed page knows what it follows without a new login)', () => {
    const source = aliceStore();
    source.channels.value = new Map([['board-walks', { id: 'board-walks', nick: 'Saturday walks', url: '/walks' }]]);
    source.invitations.value = [{ roomId: 'd1', roomNick: 'Walk', from: 'bob', nick: 'Bob', timestamp: 5 }];
    source.channelPosts.value = [{ id: 'p', channel: 'board-walks', body: 'Carol: 9am', link: '/t?1', timestamp: 6 }];
    const state = read<StoreState>(JSON.parse(JSON.stringify(captureState(source))), STATE);
    const target = createStore();
    applyState(target, state);
    expect(target.channels.value.get('board-walks')?.nick).toBe('Saturday walks');
    expect(target.invitations.value).toEqual(source.invitations.value);
    expect(target.channelPosts.value).toEqual(source.channelPosts.value);
  });

  it('a snapshot written before channels existed still loads, and keeps what the tab has', () => {
    const state = captureState(aliceStore()) as unknown as Record<string, unknown>;
    delete state.channels;
    delete state.invitations;
    delete state.channelPosts;
    const old = read<StoreState>(state, STATE);
    const target = createStore();
    target.channels.value = new Map([['x', { id: 'x', nick: 'X' }]]);
    applyState(target, old);
    expect([...target.channels.value.keys()]).toEqual(['x']);
    expect(target.user.value?.id).toBe('alice');
  });

  it('refuses stored posts and invitations of the wrong shape', () => {
    const state = captureState(aliceStore()) as unknown as Record<string, unknown>;
    expect(() => read({ ...state, channelPosts: [{ id: 'p', body: 1 }] }, STATE)).toThrow();
    expect(() => read({ ...state, invitations: [{ roomId: '' }] }, STATE)).toThrow();
  });
});
