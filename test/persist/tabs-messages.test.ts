import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import { captureState, channelName, createTabCoordinator, readTabMessage } from '../../src/persist';
import type { TabCoordinator, TabMessage } from '../../src/persist/types';
import { normalizeOnlineReply } from '../../src/protocol/online';
import { createStore, reduce, type Action } from '../../src/store';
import { FakeLockBroker } from './support/fake-locks';
import { aliceStore, buddy, drain, until } from './support/fixtures';

let seq = 0;
const running: TabCoordinator[] = [];
const rawChannels: BroadcastChannel[] = [];

afterEach(() => {
  for (const tab of running.splice(0)) tab.stop();
  for (const channel of rawChannels.splice(0)) channel.close();
});

function tab(domain: string, uid: string, id = `${uid}-${++seq}`, onError?: (e: unknown) => void) {
  const coordinator = createTabCoordinator({
    domain,
    uid,
    id,
    env: { locks: new FakeLockBroker().managerFor(id), window: null },
    ...(onError ? { onError } : {}),
  });
  running.push(coordinator);
  const inbox: TabMessage[] = [];
  coordinator.subscribe((m) => inbox.push(m));
  return { coordinator, inbox };
}

const sessionOf = (me: string) => ({ me, connection: { domain: 'd', ticket: `t-${me}` }, skew: 0, aliveAt: 1 });

describe('TabCoordinator messages', () => {
  it('carries messages between tabs of the same domain and user only', async () => {
    const domain = `msg-${++seq}.example`;
    const alice1 = tab(domain, 'alice');
    const alice2 = tab(domain, 'alice');
    const bob = tab(domain, 'bob');
    const aliceElsewhere = tab(`other-${domain}`, 'alice');

    const fromAlice: TabMessage = { kind: 'action', action: { type: 'tab/activate', key: 'chat:bob' } };
    alice1.coordinator.publish(fromAlice);
    await until(() => alice2.inbox.length === 1, 'alice’s other tab to receive');
    const fromBob: TabMessage = { kind: 'session', session: sessionOf('bob') };
    const bob2 = tab(domain, 'bob');
    bob.coordinator.publish(fromBob);
    await until(() => bob2.inbox.length === 1, 'bob’s other tab to receive');
    await drain();

    expect(alice2.inbox).toEqual([fromAlice]);
    expect(alice1.inbox).toEqual([]); // never to itself
    expect(bob.inbox).toEqual([]);
    expect(bob2.inbox).toEqual([fromBob]);
    expect(aliceElsewhere.inbox).toEqual([]);
  });

  it('ignores malformed messages from other scripts on the channel, and keeps working', async () => {
    const domain = `garbage-${++seq}.example`;
    const receiver = tab(domain, 'alice');
    const intruder = new BroadcastChannel(channelName(domain, 'alice'));
    rawChannels.push(intruder);
    const garbage: unknown[] = [
      'hello',
      42,
      null,
      [],
      { kind: 'action', action: { type: 'tab/open', key: 'chat:x' } }, // not in our envelope
      { tag: 'webim-tabs/1', from: 'x', kind: 'message', message: { kind: 'action', action: { type: 'rm -rf' } } },
      { tag: 'webim-tabs/1', from: 'x', kind: 'message', message: { kind: 'action', action: 'tab/open' } },
      {
        tag: 'webim-tabs/1',
        from: 'x',
        kind: 'message',
        message: { kind: 'state', to: receiver.coordinator.id, state: {} },
      },
      { tag: 'webim-tabs/1', from: 'x', kind: 'message', message: { kind: 'command', command: 'format-disk' } },
      { tag: 'webim-tabs/1', from: 'x', kind: 'message', message: { kind: 'session', session: { me: 1 } } },
      { tag: 'webim-tabs/1', from: '', kind: 'message', message: { kind: 'command', command: 'online' } },
      { tag: 'webim-tabs/1', from: 'x', kind: 'heartbeat', term: -1 },
      { tag: 'webim-tabs/1', from: 'x', kind: 'nonsense' },
    ];
    for (const item of garbage) intruder.postMessage(item);
    const valid: TabMessage = { kind: 'command', command: 'reconnect' };
    intruder.postMessage({ tag: 'webim-tabs/1', from: 'x', kind: 'message', message: valid });
    await until(() => receiver.inbox.length > 0, 'the valid message');
    await drain();
    expect(receiver.inbox).toEqual([valid]);
  });

  it('delivers a state answer only to the tab that asked', async () => {
    const domain = `state-${++seq}.example`;
    const leader = tab(domain, 'alice', 'leader');
    const asker = tab(domain, 'alice', 'asker');
    const bystander = tab(domain, 'alice', 'bystander');
    asker.coordinator.publish({ kind: 'state-request', from: 'asker' });
    await until(() => leader.inbox.length === 1, 'the leader to hear the request');
    expect(leader.inbox[0]).toEqual({ kind: 'state-request', from: 'asker' });

    const answer: TabMessage = {
      kind: 'state',
      to: 'asker',
      state: captureState(aliceStore()),
      session: sessionOf('alice'),
      connection: { state: 'connected', transport: 'websocket' },
    };
    leader.coordinator.publish(answer);
    await until(() => asker.inbox.length === 1, 'the asker to get the state');
    await drain();
    expect(asker.inbox).toEqual([answer]);
    expect(bystander.inbox.map((m) => m.kind)).toEqual(['state-request']);
  });

  it('a throwing subscriber does not stop the others; a payload that cannot be cloned is reported, not thrown', async () => {
    const domain = `robust-${++seq}.example`;
    const errors: unknown[] = [];
    const sender = tab(domain, 'alice', 'sender', (e) => errors.push(e));
    const receiver = tab(domain, 'alice', 'receiver', (e) => errors.push(e));
    receiver.coordinator.subscribe(() => {
      throw new Error('listener bug');
    });
    const late: TabMessage[] = [];
    receiver.coordinator.subscribe((m) => late.push(m));

    const bad = { kind: 'action', action: { type: 'settings', patch: { callback: () => 1 } } } as unknown as TabMessage;
    expect(() => sender.coordinator.publish(bad)).not.toThrow();
    sender.coordinator.publish({ kind: 'command', command: 'online' });
    await until(() => late.length === 1, 'the second subscriber');
    expect(receiver.inbox).toHaveLength(1);
    expect(errors.map((e) => (e as Error).name)).toEqual(['DataCloneError', 'Error']);
  });

  it('unsubscribe and stop() end delivery', async () => {
    const domain = `unsub-${++seq}.example`;
    const sender = tab(domain, 'alice');
    const receiver = tab(domain, 'alice');
    const other: TabMessage[] = [];
    const unsubscribe = receiver.coordinator.subscribe((m) => other.push(m));
    sender.coordinator.publish({ kind: 'command', command: 'online' });
    await until(() => other.length === 1, 'the first message');
    unsubscribe();
    sender.coordinator.publish({ kind: 'command', command: 'offline' });
    await until(() => receiver.inbox.length === 2, 'the second message');
    expect(other).toHaveLength(1);
    receiver.coordinator.stop();
    sender.coordinator.publish({ kind: 'command', command: 'reconnect' });
    await drain(10);
    expect(receiver.inbox).toHaveLength(2);
  });
});

describe('readTabMessage', () => {
  it('returns checked copies of valid messages and null for the rest', () => {
    const state = captureState(aliceStore());
    const message: TabMessage = { kind: 'state', to: 't', state, session: null, connection: { state: 'idle' } };
    const copy = readTabMessage(structuredClone(message));
    expect(copy).toEqual(message);
    expect(readTabMessage({ ...message, state: { ...state, tabs: 'chat:bob' } })).toBeNull();
    expect(readTabMessage({ kind: 'state-request' })).toBeNull();
    expect(readTabMessage({ kind: 'command', command: 'online' })).toEqual({ kind: 'command', command: 'online' });
  });

  it("keeps the sync cursors: the leader's in a state answer, the login's in a session", () => {
    const session = { ...sessionOf('alice'), cursor: '3.24' };
    const state: TabMessage = {
      kind: 'state',
      to: 't',
      state: captureState(aliceStore()),
      session,
      connection: { state: 'connected' },
      cursor: '3.40',
    };
    expect(readTabMessage(structuredClone(state))).toEqual(state);
    expect(readTabMessage({ kind: 'session', session })).toEqual({ kind: 'session', session });
    expect(readTabMessage({ ...state, cursor: 7 })).toBeNull();
  });

  it("carries a leader's login with user ids that name Object members (__proto__, constructor) to a follower", () => {
    const { reply } = normalizeOnlineReply({
      success: true,
      user: { id: 'alice', nick: 'Alice' },
      connection: { ticket: 't', domain: 'd', jsonpd: 'http://im/packets' },
      buddies: [
        { id: '__proto__', nick: 'Proto' },
        { id: 'toString', nick: 'Str' },
      ],
      presences: JSON.parse('{"__proto__": "away", "toString": "available"}'),
      server_time: 1,
    });
    expect(Object.keys(reply.presences).sort()).toEqual(['__proto__', 'toString']);
    const read = readTabMessage(structuredClone({ kind: 'action', action: { type: 'online', me: 'alice', reply } }));
    expect(read).not.toBeNull();
    const action = (read as { action: Extract<Action, { type: 'online' }> }).action;
    expect(Object.keys(action.reply.presences).sort()).toEqual(['__proto__', 'toString']);
    expect(Object.hasOwn(action.reply.presences, '__proto__')).toBe(true);

    // The follower already knows `constructor` (online), whom this login neither lists nor reports: offline now.
    const store = createStore();
    store.buddies.value = new Map([['constructor', signal(buddy('constructor'))]]);
    reduce(store, action, { me: 'alice', now: 1, isSeen: () => false });
    const presence = (id: string) => {
      const b = store.buddies.peek().get(id)?.peek();
      return b && { presence: b.presence, show: b.show };
    };
    expect(presence('constructor')).toEqual({ presence: 'offline', show: 'unavailable' });
    expect(presence('__proto__')).toEqual({ presence: 'online', show: 'away' });
    expect(presence('toString')).toEqual({ presence: 'online', show: 'available' });
    expect(store.strangers.peek().size).toBe(0);
  });
});
