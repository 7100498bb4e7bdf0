import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SEND_ATTEMPTS } from '../../src/core/outbox';
import { ApiError, type SendParams } from '../../src/api/types';
import { conversationKey } from '../../src/protocol/keys';
import { MESSAGE_CAP } from '../../src/store';
import { apiError, createFakeApi, deferred, ME, onlineReply, serverMessage, settle } from './fakes';
import { createTestClient } from './harness';

const bob = conversationKey('chat', 'bob');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function connected(over: Parameters<typeof createTestClient>[0] = {}) {
  const t = createTestClient(over);
  await t.client.online();
  t.transports.last.open();
  return t;
}

const bodiesSent = (api: ReturnType<typeof createFakeApi>) =>
  api.message.mock.calls.map((c) => (c as unknown as [SendParams])[0].body);
const conversation = (store: ReturnType<typeof createTestClient>['store']) =>
  store.conversations.value.get(bob)!.value.messages;

describe('outbox', () => {
  it('sends every message of a burst longer than the in-memory cap (none trimmed away before it went)', async () => {
    const { client, api, store, transports } = await connected();
    const n = MESSAGE_CAP + 100;
    for (let i = 0; i < n; i++) client.sendMessage({ to: 'bob', body: `burst ${i}` });
    // A reply arrives meanwhile: the conversation is over its cap, and trimmed.
    transports.last.push({ messages: [serverMessage('bob', ME, 'slow down!', Date.now() + 60_000)] });
    await settle(50);
    for (let i = 0; i < 20 && api.message.mock.calls.length < n; i++) await settle(50);
    expect(bodiesSent(api)).toEqual(Array.from({ length: n }, (_, i) => `burst ${i}`));
    expect(conversation(store).filter((m) => m.status !== 'sent')).toEqual([]);
  });

  it('starts the POST before the store takes the message (its listeners and render do not hold the request back)', async () => {
    const api = createFakeApi();
    const inStoreAtPost: boolean[] = [];
    const { client, store } = await connected({ api });
    api.message.mockImplementation(async (m: SendParams) => {
      inStoreAtPost.push(
        !!store.conversations
          .peek()
          .get(bob)
          ?.peek()
          .messages.some((x) => x.body === m.body),
      );
    });
    const sent = client.sendMessage({ to: 'bob', body: 'quick' });
    // Same call: by the time it returns the message shows as pending.
    expect(conversation(store).map((m) => [m.body, m.status])).toEqual([['quick', 'pending']]);
    await settle();
    expect(inStoreAtPost).toEqual([false]);
    expect(conversation(store).find((m) => m.id === sent.id)?.status).toBe('sent');
  });

  it('shows a message at once as pending and sends strictly in order, one at a time', async () => {
    const api = createFakeApi();
    const replies = [deferred(), deferred(), deferred()];
    let n = 0;
    api.message.mockImplementation(() => replies[n++]!.promise);
    const { client, store, record } = await connected({ api });
    const statuses = record('message:status');
    const a = client.sendMessage({ to: 'bob', body: 'a' });
    client.sendMessage({ to: 'bob', body: 'b' });
    client.sendMessage({ to: 'bob', body: 'c' });
    expect(a).toMatchObject({ status: 'pending', from: ME, to: 'bob', nick: 'Alice', type: 'chat', toNick: 'Bob' });
    expect(a.clientId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.id).toBe(`c:${a.clientId}`);
    expect(conversation(store).map((m) => [m.body, m.status])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
      ['c', 'pending'],
    ]);
    expect(bodiesSent(api)).toEqual(['a']);
    replies[0]!.resolve();
    await settle();
    expect(bodiesSent(api)).toEqual(['a', 'b']);
    replies[1]!.resolve();
    await settle();
    replies[2]!.resolve();
    await settle();
    expect(bodiesSent(api)).toEqual(['a', 'b', 'c']);
    expect(conversation(store).map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    expect(statuses.map((s) => [s.message.body, s.message.status])).toEqual([
      ['a', 'sent'],
      ['b', 'sent'],
      ['c', 'sent'],
    ]);
    const params = (api.message.mock.calls[0] as unknown as [SendParams])[0];
    // The API client reads exactly these fields (and nothing else) from what it is given.
    expect(params).toMatchObject({
      type: 'chat',
      to: 'bob',
      body: 'a',
      timestamp: a.timestamp,
      nick: 'Alice',
      toNick: 'Bob',
      clientId: a.clientId,
    });
    expect(params.offline).toBeFalsy();
  });

  it('waits for a ticket, then sends in order whether or not the push link is up', async () => {
    const { client, api, transports, store } = createTestClient({ reconnect: [1_000] });
    client.sendMessage({ to: 'bob', body: 'before login' });
    expect(api.message).not.toHaveBeenCalled();
    await client.online();
    await settle();
    // Posting needs the ticket, not the push link (still connecting).
    expect(bodiesSent(api)).toEqual(['before login']);
    transports.last.open();
    transports.last.drop('network');
    client.sendMessage({ to: 'bob', body: 'one' });
    client.sendMessage({ to: 'bob', body: 'two' });
    await settle(10);
    expect(store.connection.value.state).toBe('reconnecting');
    expect(bodiesSent(api)).toEqual(['before login', 'one', 'two']);
    expect(conversation(store).map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('waits while the ticket is being replaced (dead ticket), then re-sends with the same client id, in order', async () => {
    const api = createFakeApi();
    const { client, store } = await connected({ api, reconnect: [1_000] });
    const gate = deferred<void>();
    api.message.mockImplementationOnce(async () => {
      throw apiError('invalid_ticket');
    });
    api.online.mockImplementationOnce(async () => {
      await gate.promise;
      return onlineReply();
    });
    const first = client.sendMessage({ to: 'bob', body: 'first' });
    client.sendMessage({ to: 'bob', body: 'second' });
    await settle();
    expect(bodiesSent(api)).toEqual(['first']);
    expect(api.online).toHaveBeenCalledTimes(2);
    gate.resolve();
    await settle(10);
    expect(bodiesSent(api)).toEqual(['first', 'first', 'second']);
    const calls = api.message.mock.calls as unknown as Array<[SendParams]>;
    expect(calls[1][0].clientId).toBe(first.clientId);
    expect(conversation(store).map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('marks a refused message failed with the server’s reason, in either refusal shape; retry clears it', async () => {
    const api = createFakeApi();
    api.message.mockRejectedValueOnce(
      new ApiError('server', 'message', 'message: too long', 400, 'message longer than 5000 characters'),
    );
    const { client, store } = await connected({ api });
    const m = client.sendMessage({ to: 'bob', body: 'x'.repeat(5001) });
    await settle();
    expect(conversation(store)[0]).toMatchObject({ status: 'failed', error: 'message longer than 5000 characters' });
    client.retry('chat:bob', m.id);
    await settle();
    expect(conversation(store)[0].status).toBe('sent');
    expect(conversation(store)[0].error).toBeUndefined();
  });

  it('ends every wait when the session stops: pending messages become failed with the reason', async () => {
    const api = createFakeApi();
    const { client, store, transports } = await connected({ api, reconnect: [1_000] });
    api.online.mockRejectedValue(
      new ApiError('unauthorized', 'online', 'online: invalid csrf token', 403, 'invalid csrf token'),
    );
    api.message.mockRejectedValue(apiError('invalid_ticket'));
    client.sendMessage({ to: 'bob', body: 'stuck?' });
    transports.last.drop('stopped');
    await settle(10);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(5_000);
      await settle(10);
    }
    expect(store.connection.value.state).toBe('stopped');
    expect(conversation(store)[0]).toMatchObject({
      status: 'failed',
      error: 'forbidden',
    });
  });

  it('keeps a send that failed retryably queued and retries it after the reconnect, in order', async () => {
    const api = createFakeApi();
    api.message.mockRejectedValueOnce(apiError('network'));
    const { client, transports, store, record } = await connected({ api, reconnect: [1_000] });
    const errors = record('error');
    client.sendMessage({ to: 'bob', body: 'first' });
    client.sendMessage({ to: 'bob', body: 'second' });
    await settle();
    expect(bodiesSent(api)).toEqual(['first']);
    expect(errors).toHaveLength(1);
    transports.last.drop('network');
    vi.advanceTimersByTime(1_000);
    transports.last.open();
    await settle(10);
    expect(bodiesSent(api)).toEqual(['first', 'first', 'second']);
    expect(conversation(store).map((m) => [m.body, m.status])).toEqual([
      ['first', 'sent'],
      ['second', 'sent'],
    ]);
  });

  it('a retryable failure while the link stays up is retried after a growing delay, then marked failed', async () => {
    const api = createFakeApi();
    api.message.mockRejectedValue(apiError('timeout'));
    const { client, store, record } = await connected({ api });
    const statuses = record('message:status');
    client.sendMessage({ to: 'bob', body: 'x' });
    await settle();
    for (let attempt = 1; attempt < MAX_SEND_ATTEMPTS; attempt++) {
      expect(api.message).toHaveBeenCalledTimes(attempt);
      await vi.advanceTimersByTimeAsync(1_000 * 2 ** (attempt - 1));
    }
    expect(api.message).toHaveBeenCalledTimes(MAX_SEND_ATTEMPTS);
    expect(conversation(store)[0]!.status).toBe('failed');
    expect(statuses.map((s) => s.message.status)).toEqual(['failed']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.message).toHaveBeenCalledTimes(MAX_SEND_ATTEMPTS);
  });

  it('a refused send fails at once and the queue moves on; retry() sends it again', async () => {
    const api = createFakeApi();
    api.message.mockRejectedValueOnce(apiError('server'));
    const { client, store } = await connected({ api });
    const bad = client.sendMessage({ to: 'bob', body: 'refused' });
    client.sendMessage({ to: 'bob', body: 'next' });
    await settle(10);
    expect(conversation(store).map((m) => [m.body, m.status])).toEqual([
      ['refused', 'failed'],
      ['next', 'sent'],
    ]);
    client.retry(bob, bad.id);
    expect(conversation(store)[0]!.status).toBe('pending');
    await settle();
    expect(bodiesSent(api)).toEqual(['refused', 'next', 'refused']);
    expect(conversation(store)[0]!.status).toBe('sent');
    // Retrying a message that is not failed does nothing.
    client.retry(bob, bad.id);
    await settle();
    expect(api.message).toHaveBeenCalledTimes(3);
  });

  it('merges the pushed echo of the same client id and does not send a message the server already has', async () => {
    const { client, api, transports, store } = await connected();
    const mine = client.sendMessage({ to: 'bob', body: 'from this browser' });
    await settle();
    expect(api.message).toHaveBeenCalledTimes(1);
    // The server's copy with the same client id (pushed to another tab or browser of the user) merges in; a
    // queued copy that it confirms is not sent again.
    transports.last.push({
      messages: [serverMessage(ME, 'bob', 'from this browser', 5, { clientId: mine.clientId!, id: mine.id })],
    });
    const queued = client.sendMessage({ to: 'bob', body: 'queued' });
    transports.last.push({
      messages: [serverMessage(ME, 'bob', 'queued', 6, { clientId: queued.clientId!, id: queued.id })],
    });
    await settle();
    expect(conversation(store)).toEqual([
      expect.objectContaining({ id: mine.id, status: 'sent', timestamp: 5 }),
      expect.objectContaining({ id: queued.id, status: 'sent', timestamp: 6 }),
    ]);
    expect(bodiesSent(api).filter((b) => b === 'queued').length).toBeLessThanOrEqual(1);
  });

  it('a lost answer whose message the push then confirms (its echo) lets the next one go at once, not after the delay', async () => {
    const api = createFakeApi();
    // The server stores each, but the first three answers never reach the browser.
    api.message
      .mockRejectedValueOnce(apiError('network'))
      .mockRejectedValueOnce(apiError('network'))
      .mockRejectedValueOnce(apiError('network'));
    const { client, transports, store } = await connected({ api });
    const sent = ['a', 'b', 'c', 'd'].map((body) => client.sendMessage({ to: 'bob', body }));
    for (let i = 0; i < 3; i++) {
      await settle();
      expect(bodiesSent(api)).toEqual(['a', 'b', 'c'].slice(0, i + 1));
      // The echo of the message whose answer was lost: stored, so nothing waits for a retry of it.
      const m = sent[i]!;
      transports.last.push({
        messages: [serverMessage(ME, 'bob', m.body, 10 + i, { clientId: m.clientId!, id: m.id })],
      });
    }
    await settle();
    // No timer ran: each next message went when the echo came.
    expect(bodiesSent(api)).toEqual(['a', 'b', 'c', 'd']);
    expect(conversation(store).map((m) => [m.body, m.status])).toEqual([
      ['a', 'sent'],
      ['b', 'sent'],
      ['c', 'sent'],
      ['d', 'sent'],
    ]);
  });

  it('a packet that does not confirm the waiting message leaves the delay alone', async () => {
    const api = createFakeApi();
    api.message.mockRejectedValueOnce(apiError('network'));
    const { client, transports } = await connected({ api });
    client.sendMessage({ to: 'bob', body: 'a' });
    client.sendMessage({ to: 'bob', body: 'b' });
    await settle();
    transports.last.push({ messages: [serverMessage('bob', ME, 'unrelated', 10)] });
    await settle();
    expect(bodiesSent(api)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bodiesSent(api)).toEqual(['a', 'a', 'b']);
  });

  it("marks a chat to an offline buddy as offline (store, don't push)", async () => {
    const { client, api } = await connected();
    const m = client.sendMessage({ to: 'carol', body: 'for later' });
    expect(m.offline).toBe(true);
    await settle();
    expect((api.message.mock.calls[0] as unknown as [SendParams])[0].offline).toBe(true);
  });

  it('never stamps a new message before what the conversation already shows', async () => {
    const { client, transports } = await connected();
    transports.last.push({ messages: [serverMessage('bob', ME, 'from the future', Date.now() + 10_000)] });
    const m = client.sendMessage({ to: 'bob', body: 'reply' });
    expect(m.timestamp).toBe(Date.now() + 10_000);
  });

  it('an invalid ticket keeps the message and logs in again; it goes out after that', async () => {
    const api = createFakeApi();
    api.message.mockRejectedValueOnce(apiError('invalid_ticket', 'message', 404));
    const { client, transports, store } = await connected({ api });
    client.sendMessage({ to: 'bob', body: 'x' });
    await settle(10);
    expect(api.online).toHaveBeenCalledTimes(2);
    transports.last.open();
    await settle(10);
    expect(api.message).toHaveBeenCalledTimes(2);
    expect(conversation(store)[0]!.status).toBe('sent');
  });
});
