import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import { apiError, createFakeApi, ME, onlineReply, serverMessage, settle } from './fakes';
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

describe('reconnect with the same ticket', () => {
  it('follows the exponential schedule with jitter, resets on success, and never logs in again for it', async () => {
    const randoms = [0, 1, 0.5, 0.25];
    let i = 0;
    const { transports, store, api } = await connected({
      reconnect: { baseMs: 1_000, factor: 2, capMs: 3_000, jitter: 0.5 },
      random: () => randoms[i++ % randoms.length]!,
    });
    // Drop 1: delay 1000 · (1 + 0.5·(2·0 − 1)) = 500.
    transports.last.drop('network');
    expect(store.connection.value).toEqual({
      state: 'reconnecting',
      reason: 'network',
      attempt: 1,
      nextRetryAt: Date.now() + 500,
    });
    vi.advanceTimersByTime(499);
    expect(transports.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(transports.made).toHaveLength(2);
    expect(transports.last.connection?.ticket).toBe('ticket-1');
    // It fails to open: delay 2000 · (1 + 0.5) = 3000 (cap 3000).
    transports.last.drop('timeout', false);
    expect(store.connection.value).toMatchObject({
      state: 'reconnecting',
      reason: 'timeout',
      attempt: 2,
      nextRetryAt: Date.now() + 3_000,
    });
    vi.advanceTimersByTime(3_000);
    expect(transports.made).toHaveLength(3);
    transports.last.open();
    expect(store.connection.value.state).toBe('connected');
    // Reset on success: the next drop starts again at the base delay (random 0.25 → 750).
    i = 3;
    transports.last.drop('replaced');
    expect(store.connection.value).toMatchObject({ attempt: 1, nextRetryAt: Date.now() + 750 });
    vi.advanceTimersByTime(750);
    expect(transports.last.connection?.ticket).toBe('ticket-1');
    expect(api.online).toHaveBeenCalledTimes(1);
  });

  it('after three failed re-subscribes with one ticket, logs in again', async () => {
    const { transports, api } = await connected({ reconnect: [100] });
    transports.last.drop('network');
    for (let n = 0; n < 3; n++) {
      vi.advanceTimersByTime(100);
      expect(transports.last.connection?.ticket).toBe('ticket-1');
      transports.last.drop('network', false);
    }
    expect(api.online).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(api.online).toHaveBeenCalledTimes(2);
    expect(transports.last.connection?.ticket).toBe('ticket-2');
  });

  it('the browser coming back online retries at once', async () => {
    const { transports, page } = await connected({ reconnect: [60_000] });
    transports.last.drop('network');
    expect(transports.made).toHaveLength(1);
    page.setOnline(true);
    expect(transports.made).toHaveLength(2);
  });

  it('the page becoming visible retries at once; hiding it does nothing', async () => {
    const { transports, page } = await connected({ reconnect: [60_000] });
    transports.last.drop('timeout');
    page.setVisible(false);
    expect(transports.made).toHaveLength(1);
    page.setVisible(true);
    expect(transports.made).toHaveLength(2);
    // Not while an attempt is already under way.
    page.setVisible(true);
    expect(transports.made).toHaveLength(2);
  });

  it('stays `offline` without attempts while navigator.onLine is false; a link still up is kept', async () => {
    const { transports, page, store } = await connected({ reconnect: [100] });
    page.setOnline(false);
    expect(store.connection.value).toEqual({ state: 'offline', reason: 'network' });
    // Frames already on their way are not thrown away: the link closes only when it fails.
    expect(transports.last.closed).toBe(false);
    transports.last.push({ messages: [serverMessage('bob', ME, 'in flight', 5)] });
    expect(store.conversations.value.get('chat:bob')?.value.messages.map((m) => m.body)).toEqual(['in flight']);
    transports.last.drop('network');
    vi.advanceTimersByTime(60_000);
    expect(transports.made).toHaveLength(1);
    expect(store.connection.value.state).toBe('offline');
    page.setOnline(true);
    expect(transports.made).toHaveLength(2);
    expect(transports.last.connection?.ticket).toBe('ticket-1');
  });

  it('carries on with a link that outlived a short offline spell', async () => {
    const { transports, page, store } = await connected({ reconnect: [100] });
    page.setOnline(false);
    page.setOnline(true);
    expect(transports.made).toHaveLength(1);
    expect(store.connection.value).toEqual({ state: 'connected', transport: 'websocket' });
  });

  it('does not even log in while the browser is offline', async () => {
    const { client, page, api, store, transports } = createTestClient();
    page.navigator.onLine = false;
    const done = client.online();
    await settle();
    expect(store.connection.value.state).toBe('offline');
    expect(api.online).not.toHaveBeenCalled();
    page.setOnline(true);
    await done;
    expect(api.online).toHaveBeenCalledTimes(1);
    expect(transports.made).toHaveLength(1);
  });
});

describe('dead ticket', () => {
  it('logs in again by itself, keeping UI state, with no message lost or duplicated', async () => {
    let replies = 0;
    const api = createFakeApi(() =>
      onlineReply(
        ++replies === 1
          ? {}
          : // The server stored m2 while the ticket was dead, and still lists m1 as unseen.
            { newMessages: [serverMessage('bob', ME, 'm1', 10), serverMessage('bob', ME, 'm2', 20)] },
      ),
    );
    const { client, transports, store, record } = await connected({ api });
    const messages = record('message');
    const onlines = record('online');
    client.openConversation(bob, { activate: false });
    client.setDraft(bob, 'half a thought');
    transports.last.push({ messages: [serverMessage('bob', ME, 'm1', 10)] });

    transports.last.drop('stopped');
    expect(store.connection.value).toMatchObject({ state: 'reconnecting', reason: 'stopped' });
    await settle();
    expect(api.online).toHaveBeenCalledTimes(2);
    expect(api.online).toHaveBeenLastCalledWith(expect.objectContaining({ buddyIds: ['bob'] }));
    expect(transports.last.connection?.ticket).toBe('ticket-2');
    transports.last.open();
    // The new subscription replays m2 too.
    transports.last.push({ messages: [serverMessage('bob', ME, 'm2', 20)] });

    const c = store.conversations.value.get(bob)!.value;
    expect(c.messages.map((m) => m.body)).toEqual(['m1', 'm2']);
    expect(new Set(c.messages.map((m) => m.id)).size).toBe(2);
    expect(messages.map((e) => e.message.body)).toEqual(['m1', 'm2']);
    expect(store.unread.value.get(bob)).toBe(2);
    expect(store.tabs.value).toEqual([bob]);
    expect(store.drafts.value.get(bob)).toBe('half a thought');
    expect(onlines).toHaveLength(1);
    expect(store.connection.value.state).toBe('connected');
  });

  it('a `stopped` packet counts as a dead ticket', async () => {
    const { transports, api } = await connected();
    transports.last.push({ status: 'stopped' });
    await settle();
    expect(transports.made[0]!.closed).toBe(true);
    expect(api.online).toHaveBeenCalledTimes(2);
  });

  it('an invalid_ticket from any API call logs in again', async () => {
    const api = createFakeApi();
    api.histories.mockRejectedValueOnce(apiError('invalid_ticket', 'histories', 404));
    const { client } = await connected({ api });
    await client.loadHistory(bob);
    await settle();
    expect(api.online).toHaveBeenCalledTimes(2);
  });

  it('a second dead ticket before anything opened backs off instead of looping', async () => {
    const { transports, api } = await connected({ reconnect: [5_000] });
    transports.last.drop('stopped');
    await settle();
    expect(api.online).toHaveBeenCalledTimes(2);
    transports.last.drop('stopped', false);
    await settle();
    expect(api.online).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.online).toHaveBeenCalledTimes(3);
  });
});
