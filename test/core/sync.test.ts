import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/types';
import { DEFAULT_SYNC_INTERVAL_MS } from '../../src/core/sync';
import { takeEvents } from '../../src/protocol/events';
import { conversationKey } from '../../src/protocol/keys';
import type { Message, SyncReply } from '../../src/protocol/types';
import { createFakeApi, ME, onlineReply, serverMessage, settle, type FakeApi } from './fakes';
import { createTestClient } from './harness';

// The client's delivery guarantee on a server with the `sync` extension: whatever push lost comes back from the
// server's log since the cursor, once, in order, as news.

const bob = conversationKey('chat', 'bob');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A server log: every stored message has a growing server id; `sync` pages through it. */
function serverLog(api: FakeApi) {
  const log: Message[] = [];
  const calls: Array<string | undefined> = [];
  api.sync.mockImplementation(async ({ since, limit = 100 }): Promise<SyncReply> => {
    calls.push(since);
    if (since === undefined) return { messages: [], cursor: String(log.length), more: false };
    const rest = log.slice(Number(since));
    const page = rest.slice(0, limit);
    return { messages: page, cursor: String(Number(since) + page.length), more: rest.length > limit };
  });
  const store = (from: string, body: string, over: Partial<Message> = {}): Message => {
    const m = serverMessage(from, from === ME ? 'bob' : ME, body, 1_000 + log.length, {
      serverId: log.length + 1,
      ...over,
    });
    log.push(m);
    return m;
  };
  return { log, calls, store };
}

async function connected(over: Parameters<typeof createTestClient>[0] = {}) {
  const api = over.api ?? createFakeApi();
  const server = serverLog(api);
  const t = createTestClient({ ...over, api });
  await t.client.online();
  t.transports.last.open();
  await settle(10);
  return { ...t, server };
}

const bodies = (store: ReturnType<typeof createTestClient>['store']) =>
  (store.conversations.value.get(bob)?.value.messages ?? []).map((m) => m.body);

describe('sync', () => {
  it('takes the current cursor at the first login, then catches up since it after a lost link, paging', async () => {
    const { server, transports, store, record, api } = await connected({ reconnect: [1_000], syncIntervalMs: 0 });
    expect(server.calls).toEqual([undefined, '0']);
    const events = record('message');
    // The push link swallows 250 messages, then dies.
    for (let i = 0; i < 250; i++) server.store('bob', `lost ${i}`);
    transports.last.drop('network');
    await settle(20);
    // Fetched at once (POSTs and sync do not need the push link), 200 then 50.
    expect(api.sync.mock.calls.slice(2).map(([p]) => p.limit)).toEqual([200, 200]);
    expect(bodies(store)).toEqual(Array.from({ length: 250 }, (_, i) => `lost ${i}`));
    expect(events.map((e) => e.message.body)).toEqual(bodies(store));
    expect(store.unread.value.get(bob)).toBe(250);
    // Reopening syncs again: nothing new, nothing doubled.
    vi.advanceTimersByTime(1_000);
    transports.last.open();
    await settle(10);
    expect(bodies(store)).toHaveLength(250);
    expect(events).toHaveLength(250);
  });

  it("starts at the login's cursor when it has none: nothing stored between the login and the first sync slips past", async () => {
    const api = createFakeApi(() => onlineReply({ cursor: '0' }));
    const server = serverLog(api);
    const login = api.online.getMockImplementation()!;
    // Stored right after the login's reply (cursor 0), before any sync: its push never reached this page.
    api.online.mockImplementationOnce(async () => {
      const reply = await login();
      server.store('bob', 'between login and sync');
      return reply;
    });
    const t = createTestClient({ api, syncIntervalMs: 0 });
    const events = t.record('message');
    await t.client.online();
    t.transports.last.open();
    await settle(10);
    // Not "now" (which would be past the message): the login's place.
    expect(server.calls[0]).toBe('0');
    expect(bodies(t.store)).toEqual(['between login and sync']);
    expect(events).toHaveLength(1);
  });

  it('drops a copy already delivered by push (same server id), and a pushed copy already synced', async () => {
    const { server, transports, store, record, client } = await connected({ syncIntervalMs: 0 });
    const events = record('message');
    const m1 = server.store('bob', 'one');
    transports.last.push({ messages: [m1] });
    const m2 = server.store('bob', 'two');
    transports.last.push({ messages: [], overflow: true });
    await settle(10);
    // Overflow asked for a sync: m2 came from it, m1 was not announced twice.
    expect(bodies(store)).toEqual(['one', 'two']);
    transports.last.push({ messages: [{ ...m2, id: 'other-identity' }] });
    await settle(10);
    expect(bodies(store)).toEqual(['one', 'two']);
    expect(events.map((e) => e.message.body)).toEqual(['one', 'two']);
    expect(client.store.unread.value.get(bob)).toBe(2);
  });

  it('an invitation the push missed comes from sync; a synced copy of a pushed one is no news', async () => {
    const { server, transports, store, record, client, api } = await connected({ syncIntervalMs: 0 });
    const events = record('invitation');
    // The server stores an invitation as an event message with a server id; the API reads it as an invitation.
    const answer = api.sync.getMockImplementation()!;
    api.sync.mockImplementation(async (params) => {
      const reply = await answer(params);
      const { messages, invitations } = takeEvents(reply.messages, [], 'messages');
      return invitations.length ? { ...reply, messages, invitations } : reply;
    });
    const invite = (roomId: string) => {
      const stored = server.store('bob', `webim-event:invite|,|${roomId}|,|Room ${roomId}`);
      return takeEvents([stored], [], 'messages').invitations[0]!;
    };

    // Pushed, and declined before a sync (the server's overflow marker asks for one) brings its copy: the copy
    // (same server id) neither brings it back nor announces it again.
    const first = invite('discussion-a');
    expect(first.serverId).toBeGreaterThan(0);
    transports.last.push({ messages: [], invitations: [first] });
    expect(store.invitations.value.map((i) => i.roomId)).toEqual(['discussion-a']);
    client.declineInvitation('discussion-a');
    transports.last.push({ messages: [], overflow: true });
    await settle(10);
    expect(api.sync).toHaveBeenCalledTimes(3);
    expect(store.invitations.value).toEqual([]);

    // Never pushed (the link was down when it was sent): the sync brings it, as an invitation, never as text.
    invite('discussion-b');
    server.store('bob', 'plain words');
    transports.last.push({ messages: [], overflow: true });
    await settle(10);
    expect(store.invitations.value.map((i) => i.roomId)).toEqual(['discussion-b']);
    expect(events.map((i) => i.roomId)).toEqual(['discussion-a', 'discussion-b']);
    expect(bodies(store)).toEqual(['plain words']);
  });

  it('runs as a safety net while connected', async () => {
    const { server, store } = await connected();
    server.store('bob', 'silently lost');
    vi.advanceTimersByTime(DEFAULT_SYNC_INTERVAL_MS);
    await settle(10);
    expect(bodies(store)).toEqual(['silently lost']);
  });

  it('announces a message first shown from history once a live copy arrives (a follower loaded it first)', async () => {
    const { server, store, record, client, api, transports } = await connected({ syncIntervalMs: 0 });
    const events = record('message');
    const m = server.store('bob', 'raced');
    api.histories.mockResolvedValueOnce([m]);
    await client.loadHistory(bob);
    expect(bodies(store)).toEqual(['raced']);
    expect(events).toHaveLength(0);
    transports.last.push({ messages: [m] });
    expect(events.map((e) => e.message.body)).toEqual(['raced']);
    expect(store.unread.value.get(bob)).toBe(1);
  });

  it('does not re-announce or restamp own messages the page already shows', async () => {
    const { server, store, client, transports, record } = await connected({ syncIntervalMs: 0 });
    const mine = client.sendMessage({ to: 'bob', body: 'mine' });
    await settle(10);
    server.store(ME, 'mine', { clientId: mine.clientId, timestamp: mine.timestamp + 500 });
    const events = record('message');
    transports.last.drop('network');
    await settle(20);
    expect(store.conversations.value.get(bob)!.value.messages).toEqual([
      expect.objectContaining({ body: 'mine', status: 'sent', timestamp: mine.timestamp }),
    ]);
    expect(events).toHaveLength(0);
  });

  it('falls back to history watermarks on a server without sync, and stops asking', async () => {
    const api = createFakeApi();
    const t = createTestClient({ api, syncIntervalMs: 1_000 });
    await t.client.online();
    t.transports.last.open();
    await settle(10);
    expect(api.sync).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    t.transports.last.drop('network');
    await settle(10);
    expect(api.sync).toHaveBeenCalledTimes(1);
  });

  it('retries a failed sync with backoff; a dead ticket logs in again and syncs after', async () => {
    const { server, store, api, transports } = await connected({ syncIntervalMs: 0, reconnect: [5_000] });
    server.store('bob', 'later');
    api.sync.mockRejectedValueOnce(new ApiError('network', 'sync', 'sync: network'));
    api.sync.mockRejectedValueOnce(new ApiError('invalid_ticket', 'sync', 'sync: invalid ticket', 404));
    transports.last.drop('network');
    await settle(10);
    expect(bodies(store)).toEqual([]);
    vi.advanceTimersByTime(1_000);
    await settle(20);
    expect(api.online).toHaveBeenCalledTimes(2);
    expect(bodies(store)).toEqual(['later']);
  });
});
