import { describe, expect, it } from 'vitest';
import { normalizeHistory, normalizeOnlineReply, parsePacket } from '../../src/protocol';
import { normalizeSyncReply } from '../../src/protocol/sync';

const invite = (room: string, nick: string, from = 'bob') => ({
  type: 'chat',
  from,
  to: 'alice',
  nick: 'Bob',
  body: `webim-event:invite|,|${room}|,|${nick}`,
  timestamp: 1_700_000_000_000,
});

describe('event bodies (the original protocol: webim-event:invite|,|<room>|,|<nick>)', () => {
  it('turns an invite body into an invitation, never a message', () => {
    const { packet, errors } = parsePacket({
      status: 'ok',
      messages: [invite('discussion-1', 'Walk <planning>'), { ...invite('x', 'y'), body: 'plain text' }],
    });
    expect(errors).toEqual([]);
    expect(packet.messages.map((m) => m.body)).toEqual(['plain text']);
    expect(packet.invitations).toEqual([
      { roomId: 'discussion-1', roomNick: 'Walk <planning>', from: 'bob', nick: 'Bob', timestamp: 1_700_000_000_000 },
    ]);
  });

  it('drops unknown events silently and reports an invite without a room, keeping the rest', () => {
    const { packet, errors } = parsePacket({
      messages: [
        { ...invite('r', 'n'), body: 'webim-event:newfangled|,|1' },
        { ...invite('r', 'n'), body: 'webim-event:invite|,| |,|nick' },
        { ...invite('r', 'n'), body: 'webim-event:invite' },
        invite('ok-room', ''),
      ],
    });
    expect(packet.messages).toEqual([]);
    // A missing nick names the room by its id.
    expect(packet.invitations?.map((i) => [i.roomId, i.roomNick])).toEqual([['ok-room', 'ok-room']]);
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_message', 'messages[1].body'],
      ['bad_message', 'messages[2].body'],
    ]);
  });

  it('takes invitations out of a sync reply, keeping their server id (push and sync copies share it)', () => {
    const { reply, errors } = normalizeSyncReply({
      messages: [
        { ...invite('a', 'b'), body: 'before', id: 7 },
        { ...invite('discussion-3', 'Quiz night'), id: 8 },
        { ...invite('a', 'b'), body: 'after', id: 9 },
      ],
      cursor: '1.9',
      more: false,
    });
    expect(errors).toEqual([]);
    expect(reply.messages.map((m) => [m.body, m.serverId])).toEqual([
      ['before', 7],
      ['after', 9],
    ]);
    expect(reply.invitations).toEqual([
      {
        roomId: 'discussion-3',
        roomNick: 'Quiz night',
        from: 'bob',
        nick: 'Bob',
        timestamp: 1_700_000_000_000,
        serverId: 8,
      },
    ]);
    const pushed = parsePacket({ status: 'ok', messages: [{ ...invite('discussion-3', 'Quiz night'), id: 8 }] });
    expect(pushed.packet.invitations?.[0]?.serverId).toBe(8);
    expect(
      normalizeSyncReply({ messages: [{ ...invite('a', 'b'), body: 'hi', id: 1 }], cursor: '1.1' }).reply,
    ).not.toHaveProperty('invitations');
  });

  it('takes invitations out of offline messages and event bodies out of history', () => {
    const { reply } = normalizeOnlineReply({
      success: true,
      user: { id: 'alice', nick: 'Alice' },
      connection: { domain: 'd', ticket: 't', websocket: 'ws://x/' },
      new_messages: [invite('discussion-2', 'Board games'), { ...invite('a', 'b'), body: 'hello' }],
      histories: { bob: [invite('old', 'Old'), { ...invite('a', 'b'), body: 'kept' }] },
      channels: [
        { id: 'board-walks', nick: 'Saturday walks', url: '/walks' },
        { id: 'board-x', url: 'javascript:alert(1)' },
      ],
    });
    expect(reply.newMessages.map((m) => m.body)).toEqual(['hello']);
    expect(reply.invitations?.map((i) => i.roomId)).toEqual(['discussion-2']);
    expect(reply.histories['chat:bob']?.map((m) => m.body)).toEqual(['kept']);
    // An unsafe channel URL is dropped, not the channel; a missing nick is the id.
    expect(reply.channels).toEqual([
      { id: 'board-walks', nick: 'Saturday walks', url: '/walks' },
      { id: 'board-x', nick: 'board-x' },
    ]);
    expect(normalizeHistory([invite('r', 'n')], [], 'histories')).toEqual([]);
  });

  it('leaves `channels` undefined when the server does not support channels', () => {
    const { reply } = normalizeOnlineReply({
      success: true,
      user: { id: 'alice' },
      connection: { domain: 'd', ticket: 't', websocket: 'ws://x/' },
    });
    expect(reply.channels).toBeUndefined();
    expect(reply.invitations).toBeUndefined();
  });
});

describe('channel posts (type "channel")', () => {
  it('parses posts apart from messages, with safe links only', () => {
    const post = {
      type: 'channel',
      to: 'board-walks',
      from: 'carol',
      nick: 'Carol',
      body: 'Carol: Saturday at 9',
      timestamp: 1_700_000_000_000,
    };
    const { packet, errors } = parsePacket({
      messages: [
        { ...post, link: '/demo/thread.html?post=3' },
        { ...post, body: 'evil', link: 'javascript:alert(1)' },
        { ...post, to: '' },
        { type: 'chat', from: 'bob', to: 'alice', body: 'hi', timestamp: 1_700_000_000_000 },
      ],
    });
    expect(packet.messages.map((m) => m.body)).toEqual(['hi']);
    expect(packet.channelPosts?.map((p) => [p.channel, p.body, p.link])).toEqual([
      ['board-walks', 'Carol: Saturday at 9', '/demo/thread.html?post=3'],
      ['board-walks', 'evil', undefined],
    ]);
    expect(packet.channelPosts![0]).toMatchObject({ from: 'carol', nick: 'Carol', timestamp: 1_700_000_000_000 });
    expect(packet.channelPosts![0].id).not.toBe(packet.channelPosts![1].id);
    expect(errors.map((e) => e.path)).toEqual(['messages[1].link', 'messages[2].to']);
  });
});
