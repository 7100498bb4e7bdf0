import { describe, expect, it, vi } from 'vitest';
import { createApi, type ApiOptions } from '../../src/api';
import type { ProtocolError } from '../../src/protocol';
import { v3OnlineReply } from '../protocol/fixtures/v3';
import { v5OnlineReply } from '../protocol/fixtures/v5';
import { BASE, only, replyJson, replyWith, requests, useApiServer } from './support';

useApiServer();

const FORM = 'application/x-www-form-urlencoded;charset=UTF-8';
const TICKET = v5OnlineReply.connection.ticket;

function loggedIn(options: ApiOptions = {}) {
  const api = createApi({ base: BASE, ...options });
  api.ticket = TICKET;
  return api;
}

describe('online', () => {
  it('POSTs the form and returns the normalised reply; later calls carry the ticket', async () => {
    replyJson(v5OnlineReply);
    const api = createApi({ base: BASE });
    expect(api.ticket).toBeUndefined();
    const reply = await api.online({
      show: 'away',
      buddyIds: ['bob', 'carol'],
      roomIds: ['lobby'],
      strangerIds: ['erin', 'vid:1'],
    });
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe('/webim/online');
    expect(req.contentType).toBe(FORM);
    expect(req.credentials).toBe('same-origin');
    expect(req.params).toEqual({
      show: 'away',
      buddy_ids: 'bob,carol',
      room_ids: 'lobby',
      stranger_ids: 'erin,vid:1',
      chatlink_ids: 'erin,vid:1',
    });
    expect(reply.user.id).toBe('alice');
    expect(reply.buddies.map((b) => b.presence)).toEqual(['online', 'online', 'offline', 'offline']);
    expect(api.ticket).toBe(TICKET);

    replyWith(() => new Response('ok'));
    await api.presence({ show: 'dnd', status: 'busy' });
    expect(requests[1].params).toEqual({ show: 'dnd', status: 'busy', ticket: TICKET });
  });

  it('does not send an old ticket with online', async () => {
    replyJson(v3OnlineReply);
    const api = createApi({ base: BASE });
    api.ticket = 'stale';
    const reply = await api.online({});
    expect(only().params).toEqual({ buddy_ids: '', room_ids: '', stranger_ids: '', chatlink_ids: '' });
    expect(reply.histories['chat:2']).toHaveLength(2);
    expect(api.ticket).toBe(v3OnlineReply.connection.ticket);
  });

  it('reports malformed parts through onProtocolError and keeps the rest', async () => {
    replyJson({ ...v5OnlineReply, buddies: [{ id: 'bob' }, { nick: 'no id' }] });
    const seen: ProtocolError[] = [];
    const api = createApi({ base: BASE, onProtocolError: (e) => seen.push(e) });
    const reply = await api.online({});
    expect(reply.buddies.map((b) => b.id)).toEqual(['bob']);
    expect(seen.map((e) => [e.code, e.path])).toEqual([['bad_buddy', 'buddies[1].id']]);
  });
});

describe('writes', () => {
  it.each([
    ['offline', (api: ReturnType<typeof loggedIn>) => api.offline(), {}],
    ['refresh', (api: ReturnType<typeof loggedIn>) => api.refresh(), {}],
    [
      'status',
      (api: ReturnType<typeof loggedIn>) => api.status({ to: 'bob', show: 'clear' }),
      { to: 'bob', show: 'clear' },
    ],
    ['presence', (api: ReturnType<typeof loggedIn>) => api.presence({ show: 'away' }), { show: 'away' }],
    [
      'setting',
      (api: ReturnType<typeof loggedIn>) => api.setting({ play_sound: false, locale: 'zh-CN' }),
      { data: '{"play_sound":false,"locale":"zh-CN"}' },
    ],
    [
      'leave',
      (api: ReturnType<typeof loggedIn>) => api.leave({ id: 'lobby', nick: 'Alice' }),
      { id: 'lobby', nick: 'Alice' },
    ],
    [
      'clear_history',
      (api: ReturnType<typeof loggedIn>) => api.clearHistory({ id: 'bob', type: 'chat' }),
      { id: 'bob', type: 'chat' },
    ],
    ['block', (api: ReturnType<typeof loggedIn>) => api.block('lobby'), { id: 'lobby' }],
    ['unblock', (api: ReturnType<typeof loggedIn>) => api.unblock('lobby'), { id: 'lobby' }],
  ])('%s: form POST with ticket and csrf', async (call, run, params) => {
    const api = loggedIn({ csrfToken: 'tok' });
    await expect(run(api)).resolves.toBeUndefined();
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe(`/webim/${call}`);
    expect(req.url.search).toBe('');
    expect(req.contentType).toBe(FORM);
    expect(req.params).toEqual({ ...params, ticket: TICKET, csrf_token: 'tok' });
  });

  it('message: type, timestamp, offline, nicks and client_id (v5)', async () => {
    const api = loggedIn({ csrfToken: 'tok' });
    await api.message({
      type: 'chat',
      to: 'bob',
      body: 'hi & bye=1 ✓',
      style: 'color:red',
      timestamp: 1700000000123,
      nick: 'Alice',
      toNick: 'Bob',
      clientId: 'c1',
      offline: true,
    });
    expect(only().params).toEqual({
      type: 'chat',
      to: 'bob',
      body: 'hi & bye=1 ✓',
      style: 'color:red',
      offline: 'true',
      timestamp: '1700000000123',
      nick: 'Alice',
      to_nick: 'Bob',
      client_id: 'c1',
      ticket: TICKET,
      csrf_token: 'tok',
    });
    expect(only().body).toContain('body=hi+%26+bye%3D1+%E2%9C%93');
  });

  it('message: a receiver online is offline=false and optional fields are left out', async () => {
    await loggedIn().message({ type: 'grpchat', to: 'lobby', body: 'x', timestamp: 1 });
    expect(only().params).toEqual({
      type: 'grpchat',
      to: 'lobby',
      body: 'x',
      offline: 'false',
      timestamp: '1',
      ticket: TICKET,
    });
  });

  it('offline forgets the ticket', async () => {
    const api = loggedIn();
    await api.offline();
    expect(api.ticket).toBeUndefined();
  });

  it('accepts JSON success replies and an empty body', async () => {
    const api = loggedIn();
    replyJson({ success: true });
    await expect(api.status({ to: 'bob', show: 'typing' })).resolves.toBeUndefined();
    replyJson({ status: 'ok' });
    await expect(api.status({ to: 'bob', show: 'typing' })).resolves.toBeUndefined();
    replyWith(() => new Response('"ok"\n'));
    await expect(api.status({ to: 'bob', show: 'typing' })).resolves.toBeUndefined();
    replyWith(() => new Response(null, { status: 204 }));
    await expect(api.status({ to: 'bob', show: 'typing' })).resolves.toBeUndefined();
  });
});

describe('csrf', () => {
  it('goes with writes only, read from a function at each call', async () => {
    const token = vi.fn().mockReturnValueOnce('one').mockReturnValueOnce('two');
    const api = loggedIn({ csrfToken: token });
    replyJson([]);
    await api.buddies(['bob']);
    replyWith(() => new Response('ok'));
    await api.block('a');
    await api.block('b');
    expect(requests.map((r) => r.params.csrf_token)).toEqual([undefined, 'one', 'two']);
    expect(token).toHaveBeenCalledTimes(2);
  });

  it('is left out when the function returns nothing or throws', async () => {
    const api = loggedIn({
      csrfToken: () => {
        throw new Error('no meta tag');
      },
    });
    await api.block('a');
    expect(only().params).toEqual({ id: 'a', ticket: TICKET });
  });

  it('without a token, writes carry X-Requested-With instead (reads and tokened writes do not)', async () => {
    replyJson([]);
    await loggedIn().buddies(['bob']);
    replyWith(() => new Response('ok'));
    await loggedIn().block('a');
    await loggedIn({ csrfToken: 'tok' }).block('b');
    expect(requests.map((r) => r.requestedWith)).toEqual([null, 'XMLHttpRequest', null]);
  });
});

describe('reads', () => {
  it('buddies: GET ids as CSV, normalised (v3 and v5 shapes)', async () => {
    replyJson([
      { id: 2, nick: 'Susan', pic_url: 'http://a/p.png', presence: 'online', show: 'busy' },
      { id: 'vid:9', avatar: '/v.png' },
      'junk',
    ]);
    const seen: ProtocolError[] = [];
    const buddies = await loggedIn({ onProtocolError: (e) => seen.push(e) }).buddies(['2', 'vid:9']);
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.url.pathname).toBe('/webim/buddies');
    expect(req.params).toEqual({ ids: '2,vid:9', ticket: TICKET });
    expect(buddies.map((b) => [b.id, b.avatar, b.presence, b.show, b.visitor])).toEqual([
      ['2', 'http://a/p.png', 'online', 'dnd', false],
      ['vid:9', '/v.png', 'offline', 'unavailable', true],
    ]);
    expect(seen.map((e) => e.path)).toEqual(['buddies[2]']);
  });

  it('buddies and rooms: nothing asked, nothing sent', async () => {
    const api = loggedIn();
    expect(await api.buddies([])).toEqual([]);
    expect(await api.rooms([])).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it('rooms: GET ids, PHP arrays with holes accepted', async () => {
    replyJson({ 0: { id: 'lobby', nick: 'Lobby', all_count: '3', count: '1' }, 2: { id: 'dev', blocked: '1' } });
    const rooms = await loggedIn().rooms(['lobby', 'dev']);
    expect(only().params).toEqual({ ids: 'lobby,dev', ticket: TICKET });
    expect(rooms.map((r) => [r.id, r.allCount, r.blocked])).toEqual([
      ['lobby', 3, false],
      ['dev', 0, true],
    ]);
  });

  it('join: POST with csrf, returns the room; a bare ok gives a room known by id', async () => {
    replyJson({ id: 'lobby', nick: 'Lobby', all_count: 12, count: 4 });
    const api = loggedIn({ csrfToken: 'tok' });
    expect(await api.join({ id: 'lobby', nick: 'Alice' })).toMatchObject({
      id: 'lobby',
      nick: 'Lobby',
      allCount: 12,
      count: 4,
    });
    expect(requests[0].params).toEqual({ id: 'lobby', nick: 'Alice', ticket: TICKET, csrf_token: 'tok' });
    replyWith(() => new Response('ok'));
    expect(await api.join({ id: 'dev' })).toEqual({
      id: 'dev',
      nick: 'dev',
      allCount: 0,
      count: 0,
      blocked: false,
      temporary: false,
    });
  });

  it('members: GET id; array or {roomId: [...]}', async () => {
    const api = loggedIn();
    replyJson([{ id: 'bob', nick: 'Bob' }]);
    expect(await api.members('lobby')).toEqual([{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available' }]);
    expect(requests[0].params).toEqual({ id: 'lobby', ticket: TICKET });
    replyJson({ 5: [{ id: 1, nick: 'Jack' }], 6: [{ id: 2 }] });
    expect((await api.members('5')).map((m) => m.id)).toEqual(['1']);
    replyJson({ 6: [{ id: 2 }] });
    expect(await api.members('5')).toEqual([]);
  });

  it('histories: GET id, wire type, before, limit; ascending, sent', async () => {
    replyJson([
      { type: 'chat', from: 'bob', to: 'alice', body: 'b', timestamp: 1700000000200 },
      { type: 'chat', from: 'alice', to: 'bob', body: 'a', timestamp: 1700000000100 },
    ]);
    const list = await loggedIn().histories({ id: 'bob', type: 'chat', before: 1700000000300, limit: 20 });
    expect(only().method).toBe('GET');
    expect(only().params).toEqual({ id: 'bob', type: 'chat', before: '1700000000300', limit: '20', ticket: TICKET });
    expect(list.map((m) => [m.body, m.status])).toEqual([
      ['a', 'sent'],
      ['b', 'sent'],
    ]);
  });

  it('histories: the v3 {id: [...]} form, and paging applied for servers that ignore it', async () => {
    const item = (body: string, timestamp: number) => ({ type: 'multicast', from: 'x', to: '5', body, timestamp });
    replyJson({
      5: [
        item('new', 1700000000900),
        item('old', 1700000000100),
        item('mid', 1700000000500),
        item('future', 1700000001000),
      ],
    });
    const list = await loggedIn().histories({ id: '5', type: 'grpchat', before: 1700000001000, limit: 2 });
    expect(list.map((m) => m.body)).toEqual(['mid', 'new']);
    expect(list.every((m) => m.type === 'grpchat')).toBe(true);
  });

  it('notifications: GET, normalised', async () => {
    replyJson([{ text: 'Bob replied', link: '/t/1', time: 1700000000 }, { link: 'no text' }]);
    const list = await loggedIn().notifications();
    expect(only().params).toEqual({ ticket: TICKET });
    expect(list).toEqual([{ text: 'Bob replied', link: '/t/1', time: 1700000000000 }]);
  });

  it('sends credentials as configured', async () => {
    replyJson([]);
    await loggedIn({ credentials: 'include' }).notifications();
    expect(only().credentials).toBe('include');
  });
});

describe('v3 output generation', () => {
  it('says unicast/multicast and offline 1/0', async () => {
    const api = loggedIn({ generation: 3 });
    await api.message({ type: 'chat', to: '2', body: 'hi', timestamp: 1246883572400, offline: true });
    await api.message({ type: 'grpchat', to: '5', body: 'all', timestamp: 1246883572401 });
    await api.clearHistory({ id: '2', type: 'chat' });
    replyJson([]);
    await api.histories({ id: '5', type: 'grpchat' });
    expect(requests.map((r) => [r.params.type, r.params.offline])).toEqual([
      ['unicast', '1'],
      ['multicast', '0'],
      ['unicast', undefined],
      ['multicast', undefined],
    ]);
  });
});
