import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import type { SyncReply } from '../../src/protocol/types';
import { apiError, ME, serverMessage, settle } from './fakes';
import { createTestClient } from './harness';
import { createTabBus } from './tab-fakes';

const bob = conversationKey('chat', 'bob');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Two tabs of one browser: A leads and is online; B joins as a follower. */
async function twoTabs() {
  const bus = createTabBus();
  const coordA = bus.coordinator('A', true);
  const coordB = bus.coordinator('B', false);
  const a = createTestClient({ uid: ME, tabs: true, tabCoordinator: coordA });
  await a.client.ready;
  await a.client.online();
  a.transports.last.open();
  a.client.openConversation(bob, { activate: false });
  a.client.setDraft(bob, 'draft in A');
  await settle();
  const b = createTestClient({ uid: ME, tabs: true, tabCoordinator: coordB });
  await b.client.ready;
  await settle(10);
  return { bus, a, b, coordA, coordB };
}

describe('tabs: one push connection per browser', () => {
  it("a follower gets the leader's state and session, mirrors its connection, and never connects", async () => {
    const { a, b, bus } = await twoTabs();
    expect(a.store.leader.value).toBe(true);
    expect(b.store.leader.value).toBe(false);
    expect(bus.log.some((e) => e.from === 'B' && e.message.kind === 'state-request')).toBe(true);
    expect(b.store.tabs.value).toEqual([bob]);
    expect(b.store.user.value?.id).toBe(ME);
    expect(b.store.connection.value.state).toBe('connected');
    expect(b.api.ticket).toBe('ticket-1');
    // Drafts never cross tabs.
    expect(b.store.drafts.value.has(bob)).toBe(false);
    expect(b.transports.made).toHaveLength(0);
    await b.client.online();
    expect(b.api.online).not.toHaveBeenCalled();
    expect(b.transports.made).toHaveLength(0);
  });

  it('packets reach followers as actions; follower changes reach the leader; drafts stay put', async () => {
    const { a, b } = await twoTabs();
    a.transports.last.push({ messages: [serverMessage('bob', ME, 'hello both', 1)] });
    await settle();
    expect(b.store.conversations.value.get(bob)!.value.messages.map((m) => m.body)).toEqual(['hello both']);
    b.client.openConversation(conversationKey('chat', 'carol'), { activate: false });
    b.client.setDraft(bob, 'draft in B');
    await settle();
    expect(a.store.tabs.value).toEqual([bob, conversationKey('chat', 'carol')]);
    expect(a.store.drafts.value.get(bob)).toBe('draft in A');
  });

  it('a follower posts its own messages with the shared ticket; every tab sees them settle', async () => {
    const { a, b } = await twoTabs();
    const m = b.client.sendMessage({ to: 'bob', body: 'from B' });
    await settle(10);
    expect(b.api.message).toHaveBeenCalledTimes(1);
    expect(a.api.message).not.toHaveBeenCalled();
    expect(b.api.ticket).toBe('ticket-1');
    expect(a.store.conversations.value.get(bob)!.value.messages).toEqual([
      expect.objectContaining({ id: m.id, status: 'sent' }),
    ]);
  });

  it('a follower forwards online/offline to the leader', async () => {
    const { a, b } = await twoTabs();
    await b.client.offline();
    await settle(10);
    expect(a.api.offline).toHaveBeenCalledTimes(1);
    expect(b.api.offline).not.toHaveBeenCalled();
    expect(b.store.connection.value.state).toBe('idle');
    await b.client.online();
    await settle(10);
    expect(a.api.online).toHaveBeenCalledTimes(2);
    a.transports.last.open();
    await settle();
    expect(b.api.ticket).toBe('ticket-2');
    expect(b.store.connection.value.state).toBe('connected');
  });

  it('a new leader re-subscribes with the shared session (no new online), and logs in if it is dead', async () => {
    const { a, b, coordB } = await twoTabs();
    a.client.destroy();
    coordB.setLeader(true);
    expect(b.store.leader.value).toBe(true);
    expect(b.api.online).not.toHaveBeenCalled();
    expect(b.transports.last.connection?.ticket).toBe('ticket-1');
    b.transports.last.drop('stopped', false);
    await settle();
    expect(b.api.online).toHaveBeenCalledTimes(1);
  });

  it("a joining tab takes the leader's sync cursor with its state; when it leads, it syncs on from there", async () => {
    const bus = createTabBus();
    const coordA = bus.coordinator('A', true);
    const coordB = bus.coordinator('B', false);
    const a = createTestClient({ uid: ME, tabs: true, tabCoordinator: coordA, syncIntervalMs: 0 });
    // The server's log: 7 messages stored so far; the leader's first sync takes the current cursor, "7".
    a.api.sync.mockImplementation(async ({ since }) => ({ messages: [], cursor: since ?? '7', more: false }));
    await a.client.ready;
    await a.client.online();
    a.transports.last.open();
    await settle(10);
    // The leader synced before any other tab listened: B hears the cursor only with the state it asks for.
    expect(bus.log.some((e) => e.message.kind === 'cursor')).toBe(false);
    const b = createTestClient({ uid: ME, tabs: true, tabCoordinator: coordB, syncIntervalMs: 0 });
    await b.client.ready;
    await settle(10);
    a.client.destroy();
    coordB.setLeader(true);
    b.transports.last.open();
    await settle(10);
    // Not "now", which would skip whatever the closed leader was sent and never passed on.
    expect(b.api.sync).toHaveBeenCalledWith(expect.objectContaining({ since: '7' }));
    expect(b.api.sync.mock.calls.every(([p]) => p.since === '7')).toBe(true);
  });

  it("the leader's packets reach the other tabs before the cursor that covers them", async () => {
    const bus = createTabBus();
    const a = createTestClient({ uid: ME, tabs: true, tabCoordinator: bus.coordinator('A', true), syncIntervalMs: 0 });
    let reply: SyncReply = { messages: [], cursor: '7', more: false };
    a.api.sync.mockImplementation(async () => reply);
    await a.client.ready;
    await a.client.online();
    a.transports.last.open();
    await settle(10);
    const b = createTestClient({ uid: ME, tabs: true, tabCoordinator: bus.coordinator('B', false), syncIntervalMs: 0 });
    await b.client.ready;
    await settle(10);
    const m = serverMessage('bob', ME, 'pushed, then synced', 1, { serverId: 8 });
    // A packet waiting in the leader's inbound queue (pushed in a flood), and a sync whose cursor covers it.
    reply = { messages: [m], cursor: '8', more: false };
    for (let i = 0; i < 3; i++)
      a.transports.last.push({
        messages: Array.from({ length: 300 }, (_, j) => serverMessage('carol', ME, `flood ${i}.${j}`, 2)),
      });
    a.transports.last.push({ messages: [m] });
    a.transports.last.drop('network');
    await settle(10);
    const kinds = bus.log.filter((e) => e.from === 'A').map((e) => e.message);
    const cursorAt = kinds.findIndex((k) => k.kind === 'cursor' && k.cursor === '8');
    const packetAt = kinds.findIndex(
      (k) =>
        k.kind === 'action' && k.action.type === 'packet' && k.action.packet.messages.some((x) => x.serverId === 8),
    );
    expect(cursorAt).toBeGreaterThan(-1);
    expect(packetAt).toBeGreaterThan(-1);
    expect(packetAt).toBeLessThan(cursorAt);
    expect(b.store.conversations.value.get(bob)!.value.messages.map((x) => x.body)).toContain('pushed, then synced');
  });

  it('a new leader holds nothing when the user was offline', async () => {
    const { a, b, coordB } = await twoTabs();
    await a.client.offline();
    await settle(10);
    a.client.destroy();
    coordB.setLeader(true);
    expect(b.transports.made).toHaveLength(0);
    expect(b.api.online).not.toHaveBeenCalled();
  });

  it('only the leader sends refresh on pagehide', async () => {
    const { a, b } = await twoTabs();
    b.page.window.dispatchEvent(new Event('pagehide'));
    a.page.window.dispatchEvent(new Event('pagehide'));
    expect(b.api.refresh).not.toHaveBeenCalled();
    expect(a.api.refresh).toHaveBeenCalledWith({ beacon: true });
  });

  it('a follower that meets a dead ticket asks the leader to log in again', async () => {
    const { a, b } = await twoTabs();
    b.api.histories.mockRejectedValueOnce(apiError('invalid_ticket', 'histories', 404));
    await b.client.loadHistory(conversationKey('grpchat', 'lobby'));
    await settle(10);
    expect(a.api.online).toHaveBeenCalledTimes(2);
    expect(b.api.online).not.toHaveBeenCalled();
  });
});
