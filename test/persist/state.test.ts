import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { applySnapshot, applyState, captureState, makeSnapshot } from '../../src/persist';
import { createStore } from '../../src/store/store';
import { aliceStore, buddy, emptyState } from './support/fixtures';

describe('captureState / applyState', () => {
  it('round-trips every persisted signal into a fresh store', () => {
    const source = aliceStore();
    const state = captureState(source);
    const target = createStore();
    applyState(target, state);

    expect(captureState(target)).toEqual(state);
    expect(target.user.value).toEqual(source.user.value);
    expect(target.buddies.value.get('bob')?.value).toEqual(source.buddies.value.get('bob')?.value);
    expect(target.conversations.value.get('chat:bob')?.value.messages).toEqual(
      source.conversations.value.get('chat:bob')?.value.messages,
    );
    expect(target.conversations.value.get('grpchat:lobby')?.value.hasMore).toBe(true);
    expect(target.totalUnread.value).toBe(1);
    expect(target.drafts.value.get('chat:bob')).toBe('half a sentence');
    expect(target.settings.value.locale).toBe('zh-CN');
    expect(target.buddyGroups.value[0]?.ids).toEqual(['bob', 'carol']);
  });

  it('is plain data that survives structured clone and JSON', () => {
    const state = captureState(aliceStore());
    expect(structuredClone(state)).toEqual(state);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('gives each buddy, room and conversation its own signal', () => {
    const target = createStore();
    applyState(target, captureState(aliceStore()));
    const bob = target.buddies.value.get('bob');
    const carol = target.buddies.value.get('carol');
    expect(bob).toBeDefined();
    expect(bob).not.toBe(carol);
    let bobRenders = 0;
    let carolRenders = 0;
    const stopBob = effect(() => void (bobRenders += bob!.value ? 1 : 0));
    const stopCarol = effect(() => void (carolRenders += carol!.value ? 1 : 0));
    bob!.value = { ...bob!.value, presence: 'offline', show: 'unavailable' };
    expect([bobRenders, carolRenders]).toEqual([2, 1]);
    stopBob();
    stopCarol();
  });

  it('re-applying a state keeps existing signals and wakes only what changed', () => {
    const store = aliceStore();
    const state = captureState(store);
    const bobSignal = store.buddies.value.get('bob')!;
    const conversationSignal = store.conversations.value.get('chat:bob')!;
    let bobRuns = 0;
    let conversationRuns = 0;
    let tabsRuns = 0;
    const stops = [
      effect(() => void (bobRuns += bobSignal.value ? 1 : 0)),
      effect(() => void (conversationRuns += conversationSignal.value ? 1 : 0)),
      effect(() => void (tabsRuns += store.tabs.value.length >= 0 ? 1 : 0)),
    ];
    const clone = structuredClone(state);
    clone.buddies = clone.buddies.map((b) =>
      b.id === 'carol' ? { ...b, presence: 'offline', show: 'unavailable' } : b,
    );
    applyState(store, clone);

    expect(store.buddies.value.get('bob')).toBe(bobSignal);
    expect(store.conversations.value.get('chat:bob')).toBe(conversationSignal);
    expect(store.buddies.value.get('carol')?.value.presence).toBe('offline');
    expect([bobRuns, conversationRuns, tabsRuns]).toEqual([1, 1, 1]);
    for (const stop of stops) stop();
  });

  it('sets everything in one batch: an observer never sees a half-applied state', () => {
    const store = createStore();
    const seen: Array<[number, number]> = [];
    const stop = effect(() => {
      seen.push([store.tabs.value.length, store.conversations.value.size]);
    });
    applyState(store, captureState(aliceStore()));
    expect(seen).toEqual([
      [0, 0],
      [2, 2],
    ]);
    stop();
  });

  it('keeps per-tab fields (connection, typing, leader, notices) and, on request, drafts', () => {
    const store = aliceStore();
    store.connection.value = { state: 'connected', transport: 'websocket' };
    store.leader.value = false;
    const withNotice = store.conversations.value.get('chat:bob')!;
    withNotice.value = {
      ...withNotice.value,
      notices: [{ id: 'n1', kind: 'online', who: 'bob', timestamp: 3 }],
    };
    const incoming = captureState(aliceStore());
    incoming.drafts = [['chat:bob', 'from the leader']];
    incoming.conversations[0]!.messages = [...incoming.conversations[0]!.messages];
    incoming.conversations[0]!.loaded = false;
    applyState(store, incoming, { keepDrafts: true });

    expect(store.connection.value.state).toBe('connected');
    expect(store.leader.value).toBe(false);
    expect(store.drafts.value.get('chat:bob')).toBe('half a sentence');
    expect(store.conversations.value.get('chat:bob')?.value.notices).toHaveLength(1);
    expect(store.conversations.value.get('chat:bob')?.value.loaded).toBe(false);

    applyState(store, incoming);
    expect(store.drafts.value.get('chat:bob')).toBe('from the leader');
  });

  it('replaces the data wholesale: what the state does not have is gone', () => {
    const store = aliceStore();
    const state = emptyState();
    state.buddies = [buddy('dave')];
    applyState(store, state);
    expect([...store.buddies.value.keys()]).toEqual(['dave']);
    expect(store.conversations.value.size).toBe(0);
    expect(store.tabs.value).toEqual([]);
    expect(store.user.value).toBeNull();
  });

  it('applySnapshot applies the snapshot state', () => {
    const source = aliceStore();
    const snapshot = makeSnapshot(source, { uid: 'alice', session: null, now: 10 });
    const target = createStore();
    applySnapshot(target, snapshot);
    expect(captureState(target)).toEqual(snapshot.state);
    expect(target.activeTab.value).toBe('chat:bob');
  });

  it('captureState tracks what it reads (an autosave effect re-runs on changes)', () => {
    const store = aliceStore();
    let runs = 0;
    const stop = effect(() => {
      captureState(store);
      runs++;
    });
    store.buddies.value.get('bob')!.value = buddy('bob', { status: 'busy' });
    store.minimized.value = true;
    expect(runs).toBe(3);
    stop();
  });
});
