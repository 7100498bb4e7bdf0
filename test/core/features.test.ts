import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryParams } from '../../src/api/types';
import { BROADCAST_KEY, conversationKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { apiError, createFakeApi, deferred, ME, onlineReply, serverMessage, settle } from './fakes';
import { createTestClient } from './harness';

const bob = conversationKey('chat', 'bob');
const lobby = conversationKey('grpchat', 'lobby');

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

/** A server holding `total` messages with bob at timestamps 1..total, answering `before`/`limit` like ours does. */
function historyServer(total: number) {
  const all: Message[] = Array.from({ length: total }, (_, i) =>
    serverMessage(i % 2 ? ME : 'bob', i % 2 ? 'bob' : ME, `h${i + 1}`, i + 1),
  );
  return async (p: HistoryParams): Promise<Message[]> => {
    const older = all.filter((m) => p.before === undefined || m.timestamp < p.before);
    return older.slice(Math.max(0, older.length - (p.limit ?? 30)));
  };
}

describe('history', () => {
  it('pages back with before = oldest loaded until a short page, then stops asking', async () => {
    const api = createFakeApi();
    api.histories.mockImplementation(historyServer(65));
    const { client, store } = await connected({ api, historyPageSize: 30 });
    expect(await client.loadHistory(bob)).toBe(true);
    expect(await client.loadHistory(bob)).toBe(true);
    expect(await client.loadHistory(bob)).toBe(false);
    expect(api.histories.mock.calls.map((c) => (c as unknown as [HistoryParams])[0])).toEqual([
      { id: 'bob', type: 'chat', limit: 30 },
      { id: 'bob', type: 'chat', limit: 30, before: 36 },
      { id: 'bob', type: 'chat', limit: 30, before: 6 },
    ]);
    const c = store.conversations.value.get(bob)!.value;
    expect(c.messages.map((m) => m.timestamp)).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    expect(c).toMatchObject({ hasMore: false, loaded: true, loading: false });
    expect(await client.loadHistory(bob)).toBe(false);
    expect(api.histories).toHaveBeenCalledTimes(3);
  });

  it('shares one request between concurrent calls for one conversation', async () => {
    const api = createFakeApi();
    const reply = deferred<Message[]>();
    api.histories.mockReturnValueOnce(reply.promise);
    const { client, store } = await connected({ api });
    const a = client.loadHistory(bob);
    const b = client.loadHistory(bob);
    expect(store.conversations.value.get(bob)!.value.loading).toBe(true);
    reply.resolve([serverMessage('bob', ME, 'only', 1)]);
    expect(await a).toBe(false);
    expect(await b).toBe(false);
    expect(api.histories).toHaveBeenCalledTimes(1);
  });

  it('stops when a server ignores `before` (nothing older comes back)', async () => {
    const api = createFakeApi();
    const page = Array.from({ length: 30 }, (_, i) => serverMessage('bob', ME, `p${i}`, 100 + i));
    api.histories.mockResolvedValue(page);
    const { client } = await connected({ api });
    expect(await client.loadHistory(bob)).toBe(true);
    expect(await client.loadHistory(bob)).toBe(false);
  });

  it('records a failure on the conversation and reports it, without rejecting', async () => {
    const api = createFakeApi();
    api.histories.mockRejectedValueOnce(apiError('timeout', 'histories'));
    const { client, store, record } = await connected({ api });
    const errors = record('error');
    await expect(client.loadHistory(lobby)).resolves.toBe(true);
    expect(store.conversations.value.get(lobby)!.value).toMatchObject({ loading: false, error: 'histories timeout' });
    expect(errors).toHaveLength(1);
    expect(api.histories).toHaveBeenLastCalledWith({ id: 'lobby', type: 'grpchat', limit: 30 });
  });

  it('has no server history for broadcasts', async () => {
    const { client, api } = await connected();
    expect(await client.loadHistory(BROADCAST_KEY)).toBe(false);
    expect(api.histories).not.toHaveBeenCalled();
  });
});

describe('typing', () => {
  it('sends typing at most once per throttle window, clear after idle, and clear after a message', async () => {
    const { client, api } = await connected({ typingThrottleMs: 3_000, typingIdleMs: 5_000 });
    const shows = () => api.status.mock.calls.map((c) => (c as unknown as [{ to: string; show: string }])[0].show);
    client.sendTyping('bob');
    vi.advanceTimersByTime(1_000);
    client.sendTyping('bob');
    vi.advanceTimersByTime(1_999);
    client.sendTyping('bob');
    expect(shows()).toEqual(['typing']);
    vi.advanceTimersByTime(1);
    client.sendTyping('bob');
    expect(shows()).toEqual(['typing', 'typing']);
    vi.advanceTimersByTime(4_999);
    expect(shows()).toEqual(['typing', 'typing']);
    vi.advanceTimersByTime(1);
    expect(shows()).toEqual(['typing', 'typing', 'clear']);

    client.sendTyping('bob');
    client.sendMessage({ to: 'bob', body: 'done' });
    await settle();
    expect(shows()).toEqual(['typing', 'typing', 'clear', 'typing', 'clear']);
    vi.advanceTimersByTime(10_000);
    expect(shows()).toHaveLength(5);
  });

  it('sends nothing while disconnected', async () => {
    const { client, api } = createTestClient();
    client.sendTyping('bob');
    expect(api.status).not.toHaveBeenCalled();
  });

  it('sweeps incoming typing indicators when they run out', async () => {
    const { transports, store } = await connected();
    transports.last.push({ statuses: [{ from: 'bob', to: ME, show: 'typing' }] });
    expect(store.typing.value.size).toBe(1);
    vi.advanceTimersByTime(9_999);
    expect(store.typing.value.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(store.typing.value.size).toBe(0);
  });
});

describe('roster and rooms', () => {
  it("re-reads the open chats' strangers every minute while connected (the fallback when nothing is pushed)", async () => {
    const { client, api, transports, store } = await connected();
    client.openConversation(conversationKey('chat', 'vid:7'), { activate: false });
    client.openConversation(bob, { activate: false });
    await vi.advanceTimersByTimeAsync(100);
    expect(store.strangers.value.has('vid:7')).toBe(true);
    api.buddies.mockClear();
    await vi.advanceTimersByTimeAsync(60_000);
    // Only the stranger: a buddy's presence is pushed anyway.
    expect(api.buddies.mock.calls).toEqual([[['vid:7']]]);
    // Nothing while the link is down.
    transports.last.drop('network');
    api.buddies.mockClear();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(api.buddies).not.toHaveBeenCalled();
  });

  it('asks nothing when no stranger chat is open, or when the re-check is off', async () => {
    const { api } = await connected();
    api.buddies.mockClear();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(api.buddies).not.toHaveBeenCalled();
    const off = await connected({ strangersRefreshMs: 0 });
    off.client.openConversation(conversationKey('chat', 'vid:8'), { activate: false });
    await vi.advanceTimersByTimeAsync(100);
    off.api.buddies.mockClear();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(off.api.buddies).not.toHaveBeenCalled();
  });

  it('completeBuddies batches ids over ~50 ms into one request', async () => {
    const { client, api, store } = await connected();
    client.completeBuddies(['x1', 'x2']);
    client.completeBuddies(['x2', 'x3']);
    expect(api.buddies).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(50);
    expect(api.buddies).toHaveBeenCalledTimes(1);
    expect(api.buddies).toHaveBeenCalledWith(['x1', 'x2', 'x3']);
    expect(store.buddies.value.get('x3')!.value.nick).toBe('X3');
  });

  it('leave is optimistic and rolled back with an error event when it fails', async () => {
    const api = createFakeApi();
    api.leave.mockRejectedValueOnce(apiError('server', 'leave'));
    const { client, store, record } = await connected({ api });
    const errors = record('error');
    await client.join('lobby');
    expect(api.join).toHaveBeenCalledWith({ id: 'lobby', nick: 'Alice' });
    const left = client.leave('lobby');
    expect(store.rooms.value.has('lobby')).toBe(false);
    await expect(left).rejects.toMatchObject({ kind: 'server' });
    expect(store.rooms.value.get('lobby')!.value.id).toBe('lobby');
    expect(errors).toHaveLength(1);
  });

  it('block and unblock are optimistic; members are fetched and stored', async () => {
    const api = createFakeApi();
    api.members.mockResolvedValueOnce([{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available' }] as never);
    api.unblock.mockRejectedValueOnce(apiError('network', 'unblock'));
    const { client, store } = await connected({ api });
    await client.join('lobby');
    await client.block('lobby');
    expect(store.rooms.value.get('lobby')!.value.blocked).toBe(true);
    await expect(client.unblock('lobby')).rejects.toBeDefined();
    expect(store.rooms.value.get('lobby')!.value.blocked).toBe(true);
    expect(await client.members('lobby')).toHaveLength(1);
    expect(store.members.value.get('lobby')).toHaveLength(1);
  });

  it('saveSettings sends the whole settings and rolls back the patch on failure', async () => {
    const api = createFakeApi();
    api.setting.mockResolvedValueOnce(undefined).mockRejectedValueOnce(apiError('server', 'setting'));
    const { client, store } = await connected({ api });
    await client.saveSettings({ play_sound: false });
    expect(api.setting).toHaveBeenLastCalledWith(expect.objectContaining({ play_sound: false, msg_auto_pop: true }));
    await expect(client.saveSettings({ buddy_sticky: true })).rejects.toBeDefined();
    expect(store.settings.value).toMatchObject({ play_sound: false, buddy_sticky: false });
  });

  it('setPresence changes the user at once, and the next login uses it', async () => {
    const { client, api, store, transports } = await connected();
    await client.setPresence('dnd', 'busy');
    expect(store.user.value).toMatchObject({ show: 'dnd', status: 'busy' });
    expect(api.presence).toHaveBeenCalledWith({ show: 'dnd', status: 'busy' });
    transports.last.drop('stopped');
    await settle();
    expect(api.online).toHaveBeenLastCalledWith(expect.objectContaining({ show: 'dnd' }));
  });

  it('clearHistory clears on the server, then locally', async () => {
    const { client, api, transports, store } = await connected();
    transports.last.push({ messages: [serverMessage('bob', ME, 'x', 1)] });
    await client.clearHistory(bob);
    expect(api.clearHistory).toHaveBeenCalledWith({ id: 'bob', type: 'chat' });
    expect(store.conversations.value.get(bob)!.value.messages).toEqual([]);
  });
});

describe('UI state', () => {
  it('opening a chat with an unknown user adds a stranger, completes it, and loads the first page', async () => {
    const { client, api, store } = await connected();
    client.openConversation(conversationKey('chat', 'vid:9'), { nick: 'Guest 9' });
    expect(store.strangers.value.get('vid:9')!.value).toMatchObject({
      nick: 'Guest 9',
      incomplete: true,
      visitor: true,
    });
    expect(store.tabs.value).toEqual([conversationKey('chat', 'vid:9')]);
    expect(store.activeTab.value).toBe(conversationKey('chat', 'vid:9'));
    expect(api.histories).toHaveBeenCalledWith({ id: 'vid:9', type: 'chat', limit: 30 });
    await vi.advanceTimersByTimeAsync(50);
    expect(api.buddies).toHaveBeenCalledWith(['vid:9']);
    // A loaded conversation is not fetched again when reopened.
    await settle();
    client.closeConversation(conversationKey('chat', 'vid:9'));
    client.openConversation(conversationKey('chat', 'vid:9'));
    expect(api.histories).toHaveBeenCalledTimes(1);
  });

  it('opening a chat with a stranger known only by id (no details yet) completes them', async () => {
    // Dave is linked on the page: the login reply reports him online, so he is a stranger known by id only.
    const { client, api, store } = await connected({
      api: createFakeApi(() => onlineReply({ presences: { dave: 'available' } })),
    });
    expect(store.strangers.value.get('dave')!.value).toMatchObject({ nick: 'dave', incomplete: true });
    client.openConversation(conversationKey('chat', 'dave'), { nick: 'Dave' });
    await vi.advanceTimersByTimeAsync(50);
    expect(api.buddies).toHaveBeenCalledWith(['dave']);
  });

  it('refreshPeople reads known strangers again (their presence is not pushed), skipping buddies and unknown ids', async () => {
    const api = createFakeApi(() => onlineReply({ presences: { dave: 'available' } }));
    const { client, store } = await connected({ api });
    client.lookupPeople(['dave']); // known already (from the login): nothing to ask
    await vi.advanceTimersByTimeAsync(50);
    expect(api.buddies).not.toHaveBeenCalled();
    // Dave went offline meanwhile; the server says so when asked again.
    api.buddies.mockImplementation(async (ids: string[]) =>
      ids.map((id) => ({
        id,
        nick: 'Dave',
        presence: 'offline' as const,
        show: 'unavailable' as const,
        incomplete: false,
        visitor: false,
      })),
    );
    client.refreshPeople(['dave', 'bob', 'nobody']);
    client.refreshPeople(['dave']);
    await vi.advanceTimersByTimeAsync(50);
    expect(api.buddies).toHaveBeenCalledTimes(1);
    expect(api.buddies).toHaveBeenCalledWith(['dave']);
    expect(store.strangers.value.get('dave')!.value).toMatchObject({ nick: 'Dave', presence: 'offline' });
    expect(store.buddies.value.has('dave')).toBe(false);
    // And again on the next refresh: asked before is no reason to skip it.
    client.refreshPeople(['dave']);
    await vi.advanceTimersByTimeAsync(50);
    expect(api.buddies).toHaveBeenCalledTimes(2);
  });

  it('a message in the open, visible window is not unread; hidden page or minimised bar counts it', async () => {
    const { client, transports, store, page } = await connected();
    client.openConversation(bob);
    transports.last.push({ messages: [serverMessage('bob', ME, 'seen', 1)] });
    expect(store.unread.value.get(bob)).toBeUndefined();
    page.setVisible(false);
    transports.last.push({ messages: [serverMessage('bob', ME, 'hidden', 2)] });
    expect(store.unread.value.get(bob)).toBe(1);
    page.setVisible(true);
    client.markRead(bob);
    client.setMinimized(true);
    transports.last.push({ messages: [serverMessage('bob', ME, 'minimised', 3)] });
    expect(store.unread.value.get(bob)).toBe(1);
  });

  it('drafts, panes, notifications seen, and every change announced as a local action', async () => {
    const { client, store, record } = createTestClient();
    const actions = record('action');
    client.setDraft(bob, 'hi');
    client.setPane('rooms');
    client.activate(null);
    store.notifications.value = [{ text: 'a', time: 7 }];
    client.markNotificationsSeen();
    expect(store.drafts.value.get(bob)).toBe('hi');
    expect(store.pane.value).toBe('rooms');
    expect(store.notificationsSeenAt.value).toBe(7);
    expect(actions.map((a) => [a.action.type, a.remote])).toEqual([
      ['draft', false],
      ['pane', false],
      ['tab/activate', false],
      ['notifications/seen', false],
    ]);
    client.applyRemote({ type: 'pane', pane: null });
    expect(actions.at(-1)).toEqual({ action: { type: 'pane', pane: null }, remote: true });
  });
});
