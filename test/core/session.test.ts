import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../src/protocol/errors';
import { conversationKey } from '../../src/protocol/keys';
import { TransportError } from '../../src/transport/types';
import { apiError, createFakeApi, deferred, ME, onlineReply, serverMessage, settle } from './fakes';
import { createTestClient } from './harness';

const bob = conversationKey('chat', 'bob');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('login', () => {
  it('logs in, applies the reply, subscribes the push transport and reports each state', async () => {
    const { client, api, transports, store, record } = createTestClient();
    const states = record('connection');
    const onlines = record('online');
    const done = client.online();
    await settle();
    expect(api.online).toHaveBeenCalledWith({ show: 'available', buddyIds: [], roomIds: [] });
    await done;
    expect(store.user.value).toMatchObject({ id: ME, nick: 'Alice' });
    expect(store.buddies.value.get('bob')!.value.presence).toBe('online');
    expect(transports.made).toHaveLength(1);
    expect(transports.last.connection?.ticket).toBe('ticket-1');
    expect(store.connection.value.state).toBe('connecting');
    transports.last.open('websocket');
    expect(store.connection.value).toEqual({ state: 'connected', transport: 'websocket' });
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(onlines).toEqual([{ me: ME }]);
    expect(api.ticket).toBe('ticket-1');
  });

  it('asks for the open tabs, the chatlink users and the chosen show', async () => {
    const { client, api, transports } = createTestClient({ show: 'away', strangerIds: () => ['vid:1'] });
    client.openConversation(bob, { activate: false });
    client.openConversation(conversationKey('grpchat', 'lobby'), { activate: false });
    await client.online();
    expect(api.online).toHaveBeenLastCalledWith({
      show: 'away',
      buddyIds: ['bob'],
      roomIds: ['lobby'],
      strangerIds: ['vid:1'],
    });
    expect(transports.made).toHaveLength(1);
  });

  it('uses the server clock skew for own messages', async () => {
    const api = createFakeApi(() => onlineReply({ serverTime: Date.now() + 60_000 }));
    const { client, transports } = createTestClient({ api });
    await client.online();
    transports.last.open();
    const m = client.sendMessage({ to: 'bob', body: 'hi' });
    expect(m.timestamp).toBe(Date.now() + 60_000);
  });

  it('unauthorized ends in `stopped` and rejects online()', async () => {
    const api = createFakeApi();
    api.online.mockRejectedValueOnce(apiError('unauthorized', 'online', 401));
    const { client, store, transports, record } = createTestClient({ api });
    const errors = record('error');
    await expect(client.online()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(store.connection.value).toEqual({ state: 'stopped', reason: 'unauthorized' });
    expect(errors).toHaveLength(1);
    vi.advanceTimersByTime(120_000);
    expect(api.online).toHaveBeenCalledTimes(1);
    expect(transports.made).toHaveLength(0);
  });

  it('a retryable login failure backs off, then logs in', async () => {
    const api = createFakeApi();
    api.online.mockRejectedValueOnce(apiError('network', 'online'));
    const { client, store, transports } = createTestClient({ api, reconnect: [500] });
    const done = client.online();
    await settle();
    expect(store.connection.value).toMatchObject({ state: 'reconnecting', reason: 'network', attempt: 1 });
    await vi.advanceTimersByTimeAsync(500);
    await done;
    expect(api.online).toHaveBeenCalledTimes(2);
    transports.last.open();
    expect(store.connection.value.state).toBe('connected');
  });

  it('offline() logs out: transport closed, state idle, everyone offline, conversations kept', async () => {
    const { client, api, transports, store, record } = createTestClient();
    const offlines = record('offline');
    await client.online();
    transports.last.open();
    transports.last.push({ messages: [serverMessage('bob', ME, 'hi', 1)] });
    await client.offline();
    expect(api.offline).toHaveBeenCalledTimes(1);
    expect(transports.last.closed).toBe(true);
    expect(store.connection.value).toEqual({ state: 'idle' });
    expect(store.buddies.value.get('bob')!.value.presence).toBe('offline');
    expect(store.conversations.value.get(bob)!.value.messages).toHaveLength(1);
    expect(offlines).toHaveLength(1);
    vi.advanceTimersByTime(120_000);
    expect(transports.made).toHaveLength(1);
  });

  it('offline() during a login drops its reply; a new online() logs in afresh', async () => {
    const api = createFakeApi();
    const first = deferred<Awaited<ReturnType<typeof api.online>>>();
    api.online.mockImplementationOnce(() => first.promise);
    const { client, store, transports } = createTestClient({ api });
    const abandoned = client.online();
    await settle();
    await client.offline();
    await expect(abandoned).rejects.toMatchObject({ kind: 'aborted' });
    const again = client.online();
    first.resolve({ ...onlineReply(), connection: { ...onlineReply().connection, ticket: 'stale' } });
    await again;
    expect(api.online).toHaveBeenCalledTimes(2);
    expect(transports.made.map((t) => t.connection?.ticket)).toEqual(['ticket-1']);
    expect(store.connection.value.state).toBe('connecting');
  });

  it('destroy() stops the transport and timers without logging out', async () => {
    const { client, api, transports } = createTestClient();
    await client.online();
    transports.last.open();
    client.destroy();
    expect(transports.last.closed).toBe(true);
    expect(api.offline).not.toHaveBeenCalled();
    vi.advanceTimersByTime(120_000);
    expect(transports.made).toHaveLength(1);
  });

  it('loads notifications 1.5 s after a login', async () => {
    const api = createFakeApi();
    api.notifications.mockResolvedValue([{ text: 'new reply', time: 5 }] as never);
    const { client, store, record } = createTestClient({ api });
    const notes = record('notifications');
    await client.online();
    await vi.advanceTimersByTimeAsync(1_499);
    expect(api.notifications).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(store.notifications.value).toEqual([{ text: 'new reply', time: 5 }]);
    expect(notes).toHaveLength(1);
  });

  it('reads notifications again every notificationsRefreshMs while connected, skips a turn while reconnecting, none after offline', async () => {
    const api = createFakeApi();
    const { client, transports, store } = createTestClient({ api, notificationsRefreshMs: 60_000 });
    await client.online();
    transports.last.open();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(api.notifications).toHaveBeenCalledTimes(1);
    api.notifications.mockResolvedValue([{ text: 'a reply while you read', time: 9 }] as never);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.notifications).toHaveBeenCalledTimes(2);
    expect(store.notifications.value).toEqual([{ text: 'a reply while you read', time: 9 }]);

    // The push link is down: no call into a dead session; the next turn after it is back asks again.
    transports.last.drop('network', true);
    expect(store.connection.value.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.connection.value.state).toBe('reconnecting');
    expect(api.notifications).toHaveBeenCalledTimes(2);
    transports.last.open();
    expect(store.connection.value.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.notifications).toHaveBeenCalledTimes(3);
    await client.offline();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(api.notifications).toHaveBeenCalledTimes(3);
  });
});

describe('incoming packets', () => {
  it('applies packets and raises message/presence/status events', async () => {
    const { client, transports, store, record } = createTestClient();
    const messages = record('message');
    const presences = record('presence');
    const statuses = record('status');
    await client.online();
    transports.last.open();
    transports.last.push({
      messages: [serverMessage('bob', ME, 'hello', 10)],
      presences: [{ type: 'show', from: 'bob', show: 'away' }],
      statuses: [{ from: 'carol', to: ME, show: 'typing' }],
    });
    expect(store.conversations.value.get(bob)!.value.messages.map((m) => m.body)).toEqual(['hello']);
    expect(messages).toEqual([{ key: bob, message: expect.objectContaining({ body: 'hello' }), incoming: true }]);
    expect(presences).toHaveLength(1);
    expect(statuses).toHaveLength(1);
    // The same packet again (a replay after a reconnect) raises no message event and adds nothing.
    transports.last.push({ messages: [serverMessage('bob', ME, 'hello', 10)] });
    expect(messages).toHaveLength(1);
    expect(store.unread.value.get(bob)).toBe(1);
  });

  it('reports a malformed packet part through `error`, never throws, keeps the link', async () => {
    const { client, transports, store, record } = createTestClient();
    const errors = record('error');
    await client.online();
    transports.last.open();
    const bad = new ProtocolError('bad_message', 'message without body', 'messages[0].body', {});
    expect(() => transports.last.error(bad)).not.toThrow();
    expect(() => transports.last.error(new TransportError('websocket', 'bad_frame', 'not JSON'))).not.toThrow();
    expect(errors).toEqual([bad, expect.any(TransportError)]);
    expect(store.connection.value.state).toBe('connected');
  });

  it('follows the auto transport when it switches carrier', async () => {
    const { client, transports, store } = createTestClient();
    await client.online();
    transports.last.open('jsonp');
    expect(store.connection.value.transport).toBe('jsonp');
    transports.last.switchTo('websocket');
    transports.last.push({});
    expect(store.connection.value).toEqual({ state: 'connected', transport: 'websocket' });
  });
});
