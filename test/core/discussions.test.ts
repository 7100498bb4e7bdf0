import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelPost, Invitation } from '../../src/protocol/types';
import { apiError, createFakeApi, ME, onlineReply, settle } from './fakes';
import { createTestClient } from './harness';

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

const invitation = (roomId: string, from = 'bob', timestamp = 1_000): Invitation => ({
  roomId,
  roomNick: `Room ${roomId}`,
  from,
  nick: from,
  timestamp,
});
const post = (id: string, timestamp: number): ChannelPost => ({
  id,
  channel: 'board-walks',
  body: `post ${id}`,
  timestamp,
});

describe('invitations', () => {
  it('keeps pushed invitations (not own ones, not to rooms we are in), raises `invitation` once, counts them unread', async () => {
    const api = createFakeApi(() =>
      onlineReply({ rooms: [{ id: 'lobby', nick: 'Lobby', allCount: 3, count: 1, blocked: false, temporary: false }] }),
    );
    const { transports, store, record } = await connected({ api });
    const events = record('invitation');
    transports.last.push({ invitations: [invitation('d1'), invitation('d2', 'alice'), invitation('lobby')] });
    transports.last.push({ invitations: [invitation('d1')] });
    expect(store.invitations.value.map((i) => i.roomId)).toEqual(['d1']);
    expect(events.map((i) => i.roomId)).toEqual(['d1']);
    expect(store.notificationsUnread.value).toBe(1);
  });

  it('accepting joins the room, opens its conversation and answers the invitation; declining forgets it', async () => {
    const api = createFakeApi();
    api.join.mockImplementation(async (p) => ({
      id: p.id,
      nick: 'Walk',
      allCount: 2,
      count: 2,
      blocked: false,
      temporary: true,
    }));
    const { client, transports, store } = await connected({ api });
    transports.last.push({ invitations: [invitation('d1'), invitation('d2')] });
    await client.acceptInvitation('d1');
    expect(api.join).toHaveBeenCalledWith({ id: 'd1', nick: 'Alice' });
    expect(store.rooms.value.get('d1')?.value.temporary).toBe(true);
    expect(store.activeTab.value).toBe('grpchat:d1');
    expect(store.invitations.value.map((i) => i.roomId)).toEqual(['d2']);
    client.declineInvitation('d2');
    expect(store.invitations.value).toEqual([]);
  });

  it('a failed join keeps the invitation and reports the error', async () => {
    const api = createFakeApi();
    api.join.mockRejectedValueOnce(apiError('server', 'join', 403));
    const { client, transports, store, record } = await connected({ api });
    const errors = record('error');
    transports.last.push({ invitations: [invitation('d1')] });
    await expect(client.acceptInvitation('d1')).rejects.toMatchObject({ kind: 'server' });
    expect(store.invitations.value).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  it('starts a discussion: invite makes the temporary room known', async () => {
    const { client, api, store } = await connected();
    const room = await client.invite(['bob', 'carol', ''], { nick: 'Plans' });
    expect(api.invite).toHaveBeenCalledWith({ id: undefined, nick: 'Plans', members: ['bob', 'carol'] });
    expect(store.rooms.value.get(room.id)?.value).toMatchObject({ nick: 'Plans', temporary: true });
  });

  it('takes invitations that waited among offline messages at login', async () => {
    const api = createFakeApi(() => onlineReply({ invitations: [invitation('d9')] }));
    const { store } = await connected({ api });
    expect(store.invitations.value.map((i) => i.roomId)).toEqual(['d9']);
  });
});

describe('channels', () => {
  it('follows optimistically, names the channel from the reply, and puts it back when refused', async () => {
    const api = createFakeApi(() => onlineReply({ channels: [{ id: 'board-walks', nick: 'Saturday walks' }] }));
    const { client, store } = await connected({ api });
    expect([...store.channels.value.keys()]).toEqual(['board-walks']);
    const following = client.follow('board-general');
    expect(store.channels.value.get('board-general')).toEqual({
      id: 'board-general',
      nick: 'board-general',
      pending: true,
    });
    await following;
    expect(store.channels.value.get('board-general')).toEqual({ id: 'board-general', nick: 'BOARD-GENERAL' });

    api.unsubscribe.mockRejectedValueOnce(apiError('network', 'unsubscribe'));
    await expect(client.unfollow('board-walks')).rejects.toMatchObject({ kind: 'network' });
    expect(store.channels.value.get('board-walks')?.nick).toBe('Saturday walks');
    api.subscribe.mockRejectedValueOnce(apiError('server', 'subscribe', 404));
    await expect(client.follow('nope')).rejects.toMatchObject({ kind: 'server' });
    expect(store.channels.value.has('nope')).toBe(false);
    await client.unfollow('board-walks');
    expect(store.channels.value.has('board-walks')).toBe(false);
  });

  it('keeps channel posts newest first without repeats, raises `channel-post` once, counts unread until seen', async () => {
    const { client, transports, store, record } = await connected();
    const events = record('channel-post');
    transports.last.push({ channelPosts: [post('a', 1_000), post('b', 2_000)] });
    transports.last.push({ channelPosts: [post('b', 2_000)] });
    // One's own post (a broker's channel topic carries it to its author too) is no news.
    transports.last.push({ channelPosts: [{ ...post('own', 3_000), from: ME }] });
    expect(store.channelPosts.value.map((p) => p.id)).toEqual(['b', 'a']);
    expect(events.map((p) => p.id)).toEqual(['a', 'b']);
    expect(store.notificationsUnread.value).toBe(2);
    client.markNotificationsSeen();
    expect(store.notificationsUnread.value).toBe(0);
    await settle();
  });

  it('a broker link follows the confirmed channels: not while a follow is pending, and no longer once unfollowed', async () => {
    const api = createFakeApi(() => onlineReply({ channels: [{ id: 'board-walks', nick: 'Saturday walks' }] }));
    const { client, transports } = await connected({ api });
    const seen: Array<readonly string[] | undefined> = [];
    const stop = transports.options.at(-1)!.watchSubscriptions!((s) => seen.push(s.channels));
    expect(seen.at(-1)).toEqual(['board-walks']);

    let confirm!: (channel: { id: string; nick: string }) => void;
    api.subscribe.mockImplementationOnce(() => new Promise((resolve) => (confirm = resolve)));
    const following = client.follow('board-general');
    // Asked for, not yet confirmed: the broker's ACL would refuse the topic now.
    expect(seen.at(-1)).toEqual(['board-walks']);
    confirm({ id: 'board-general', nick: 'General discussion' });
    await following;
    expect(seen.at(-1)).toEqual(['board-walks', 'board-general']);

    await client.unfollow('board-walks');
    expect(seen.at(-1)).toEqual(['board-general']);
    // Following again what is already followed and confirmed never drops its topic meanwhile.
    const count = seen.length;
    await client.follow('board-general');
    expect(seen.slice(count).every((channels) => channels?.includes('board-general'))).toBe(true);
    stop();
  });

  it('a login without `channels` (a server without channel support) keeps what is known', async () => {
    const { client, store } = await connected();
    await client.follow('board-x');
    await client.online();
    expect(store.channels.value.has('board-x')).toBe(true);
  });
});

describe('history download', () => {
  it('gives the URL of a conversation, none for site broadcasts', async () => {
    const { client } = await connected();
    expect(client.historyDownloadUrl('chat:bob')).toBe('/webim/download_history?id=bob&type=chat');
    expect(client.historyDownloadUrl('grpchat:lobby')).toBe('/webim/download_history?id=lobby&type=grpchat');
    expect(client.historyDownloadUrl('broadcast:site')).toBeUndefined();
  });
});
