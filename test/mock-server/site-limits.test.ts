import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/mock-server/index';
import { MAX_TICKETS_PER_USER } from '../../src/mock-server/engine/site/data';
import { MAX_ROOMS_PER_USER, MAX_TEMPORARY_ROOMS } from '../../src/mock-server/engine/site/rooms';
import type { WireMessage, WireOnlineReply, WireRoom, WireSyncReply } from '../../src/protocol/types';
import { call, FakeClock, online, request, testEngine } from './engine-support';

/** The site's own rules against leaks and unbounded growth (audit findings on the site server). */

const ticketOf = async (engine: Engine, uid: string): Promise<string> => (await online(engine, uid)).connection.ticket;

const body = <T>(res: { body: string }): T => JSON.parse(res.body) as T;

describe('a deleted room', () => {
  it('takes its history along: a room made again under its id starts empty, in histories and in sync', async () => {
    const engine = testEngine(new FakeClock());
    const [alice, bob, erin] = [
      await ticketOf(engine, 'alice'),
      await ticketOf(engine, 'bob'),
      await ticketOf(engine, 'erin'),
    ];
    const id = 'acquisition-plans';
    expect((await call(engine, 'alice', 'invite', { ticket: alice, id, nick: 'Secret', members: 'bob' })).status).toBe(
      200,
    );
    expect((await call(engine, 'bob', 'join', { ticket: bob, id })).status).toBe(200);
    await call(engine, 'alice', 'message', {
      ticket: alice,
      type: 'grpchat',
      to: id,
      body: 'We buy Contoso on Friday',
    });
    await call(engine, 'bob', 'message', { ticket: bob, type: 'grpchat', to: id, body: 'Keep it quiet' });
    await call(engine, 'bob', 'clear_history', { type: 'grpchat', id });
    // An outsider knows nothing of it while it lives.
    expect((await call(engine, 'erin', 'histories', { type: 'grpchat', id }, 'GET')).status).toBe(404);

    await call(engine, 'alice', 'leave', { ticket: alice, id });
    await call(engine, 'bob', 'leave', { ticket: bob, id });
    expect(engine.site.data.rooms.has(id)).toBe(false);

    const made = await call(engine, 'erin', 'join', { ticket: erin, id });
    expect(body<WireRoom>(made)).toMatchObject({ id, temporary: true, all_count: 1 });
    expect(body<WireMessage[]>(await call(engine, 'erin', 'histories', { type: 'grpchat', id }, 'GET'))).toEqual([]);
    const since = `${engine.site.data.history.generation}.0`;
    const synced = body<WireSyncReply>(await call(engine, 'erin', 'sync', { since, limit: '500' }, 'GET'));
    expect(synced.messages.filter((m) => m.to === id)).toEqual([]);
    const reply = body<WireOnlineReply>(await call(engine, 'erin', 'online', { room_ids: id }));
    expect(reply.histories?.[id]).toEqual([]);
  });
});

describe('invite', () => {
  it("keeps to the sender's offline quota for an away invitee (429), making no room when it refuses", async () => {
    const engine = testEngine(new FakeClock(), { offlineQuota: { messages: 3 } });
    const alice = await ticketOf(engine, 'alice');
    // erin has no connection: each invitation waits for her next login.
    for (let i = 0; i < 3; i++) {
      expect((await call(engine, 'alice', 'invite', { ticket: alice, members: 'erin' })).status).toBe(200);
    }
    const rooms = engine.site.data.rooms.size;
    const refused = await call(engine, 'alice', 'invite', { ticket: alice, members: 'erin' });
    expect(refused.status).toBe(429);
    expect(engine.site.data.rooms.size).toBe(rooms);
    expect(engine.site.data.offline.get('erin')).toHaveLength(3);
    // Someone online gets theirs pushed, quota or not.
    await ticketOf(engine, 'bob');
    expect((await call(engine, 'alice', 'invite', { ticket: alice, members: 'bob' })).status).toBe(200);
  });

  it('answers 404 for an invite-only room an outsider names, like for one that does not exist', async () => {
    const engine = testEngine(new FakeClock());
    const erin = await ticketOf(engine, 'erin');
    const refused = await call(engine, 'erin', 'invite', { ticket: erin, id: 'staff', members: 'alice' });
    expect(refused).toMatchObject({ status: 404, body: expect.stringContaining('no such room') });
    // A public room she is not in: she may know it exists, and is told she is not a member.
    expect((await call(engine, 'erin', 'invite', { ticket: erin, id: 'dev', members: 'alice' })).status).toBe(403);
  });
});

describe('download_history', () => {
  it('answers 404 for an invite-only room an outsider names, 403 for a public room they are not in', async () => {
    const engine = testEngine(new FakeClock());
    const download = (id: string) => call(engine, 'erin', 'download_history', { type: 'grpchat', id }, 'GET');
    expect((await download('staff')).status).toBe(404);
    expect((await download('no-such-room')).status).toBe(404);
    expect((await download('dev')).status).toBe(403);
    expect((await call(engine, 'bob', 'download_history', { type: 'grpchat', id: 'staff' }, 'GET')).status).toBe(200);
  });
});

describe('bounded per-user data', () => {
  it(`keeps at most ${MAX_TICKETS_PER_USER} tickets per user: a newer login ends the oldest`, async () => {
    const engine = testEngine(new FakeClock());
    const tickets: string[] = [];
    for (let i = 0; i < MAX_TICKETS_PER_USER + 5; i++) tickets.push(await ticketOf(engine, 'erin'));
    expect(engine.site.data.tickets.size).toBe(MAX_TICKETS_PER_USER);
    const status = (ticket: string) =>
      call(engine, 'erin', 'presence', { ticket, show: 'away' }).then((res) => res.status);
    expect(await status(tickets[0])).toBe(404);
    expect(await status(tickets[4])).toBe(404);
    expect(await status(tickets[5])).toBe(200);
    expect(await status(tickets.at(-1)!)).toBe(200);
    // The message server was told too: the ended ticket subscribes nowhere.
    expect(engine.im.hub.all().some((t) => t.id === tickets[0])).toBe(false);
    // Logging out frees a place as before.
    await call(engine, 'erin', 'offline', { ticket: tickets.at(-1)! });
    expect(engine.site.data.tickets.size).toBe(MAX_TICKETS_PER_USER - 1);
  });

  it(`lets a user be in at most ${MAX_ROOMS_PER_USER} rooms (403), and the site hold ${MAX_TEMPORARY_ROOMS} temporary ones (429)`, async () => {
    const engine = testEngine(new FakeClock());
    const erin = await ticketOf(engine, 'erin');
    for (let i = 0; i < MAX_ROOMS_PER_USER; i++) {
      expect((await call(engine, 'erin', 'join', { ticket: erin, id: `r${i}` })).status).toBe(200);
    }
    const full = await call(engine, 'erin', 'join', { ticket: erin, id: 'one-more' });
    expect(full).toMatchObject({ status: 403, body: expect.stringContaining('too many rooms') });
    expect((await call(engine, 'erin', 'join', { ticket: erin, id: 'lobby' })).status).toBe(403);
    expect((await call(engine, 'erin', 'invite', { ticket: erin, members: 'alice' })).status).toBe(403);
    expect(engine.site.data.rooms.has('one-more')).toBe(false);
    // Rejoining a room she is in is no new membership; leaving one frees a place.
    expect((await call(engine, 'erin', 'join', { ticket: erin, id: 'r0' })).status).toBe(200);
    await call(engine, 'erin', 'leave', { ticket: erin, id: 'r1' });
    expect((await call(engine, 'erin', 'join', { ticket: erin, id: 'one-more' })).status).toBe(200);

    // Site-wide: fill up with other users' temporary rooms.
    const rooms = engine.site.data.rooms;
    for (let i = 0; rooms.size < MAX_TEMPORARY_ROOMS + 3; i++) {
      const id = `other-${i}`;
      rooms.set(id, {
        id,
        nick: id,
        url: '',
        members: new Set(['bob']),
        temporary: true,
        access: 'public',
        invited: new Set(),
      });
    }
    const alice = await ticketOf(engine, 'alice');
    expect((await call(engine, 'alice', 'join', { ticket: alice, id: 'new-room' })).status).toBe(429);
    expect((await call(engine, 'alice', 'invite', { ticket: alice, members: 'bob' })).status).toBe(429);
    // Joining a room that exists makes none.
    expect((await call(engine, 'alice', 'join', { ticket: alice, id: 'other-0' })).status).toBe(200);
  });

  it('clears only conversations the user has: a known user, a room they are in, the broadcasts', async () => {
    const engine = testEngine(new FakeClock());
    const clear = (type: string, id: string) =>
      call(engine, 'erin', 'clear_history', { type, id }).then((res) => res.status);
    expect(await clear('chat', 'nobody-' + 'z'.repeat(1000))).toBe(404);
    expect(await clear('grpchat', 'no-such-room')).toBe(404);
    expect(await clear('grpchat', 'staff')).toBe(404);
    expect(await clear('grpchat', 'dev')).toBe(403);
    expect(await clear('chat', 'alice')).toBe(200);
    expect(await clear('broadcast', 'site')).toBe(200);
    expect(await call(engine, 'bob', 'clear_history', { type: 'grpchat', id: 'dev' })).toMatchObject({ status: 200 });
  });
});

describe('visitors', () => {
  const visit = (engine: Engine, cookie?: string) => engine.page(request('GET', '/', { visitor: '1' }, cookie));

  it('always lets a new visitor in: past maxVisitors the least recently seen is forgotten, with their data', async () => {
    const engine = testEngine(new FakeClock(), { maxVisitors: 3 });
    const first = visit(engine).uid!;
    const second = visit(engine).uid!;
    const third = visit(engine).uid!;
    // The first comes back (a page, then the bar's calls): now the second is the idlest.
    expect(visit(engine, `webim_uid=${first}`).uid).toBe(first);
    const ticket = (await online(engine, first)).connection.ticket;
    const secondTicket = (await online(engine, second)).connection.ticket;
    await call(engine, second, 'join', { ticket: secondTicket, id: 'visitors-corner' });
    await call(engine, second, 'message', { ticket: secondTicket, type: 'grpchat', to: 'visitors-corner', body: 'hi' });
    await call(engine, second, 'message', { ticket: secondTicket, type: 'chat', to: 'alice', body: 'hello?' });
    await call(engine, first, 'presence', { ticket, show: 'away' });
    await call(engine, third, 'buddies', { ids: 'alice' }, 'GET');

    const fourth = visit(engine);
    expect(fourth.error).toBeUndefined();
    expect(fourth.uid).toMatch(/^vid:/);
    const data = engine.site.data;
    expect(data.visitorCount).toBe(3);
    expect(data.user(second)).toBeUndefined();
    expect([first, third, fourth.uid].every((id) => data.user(id!))).toBe(true);
    // Nothing of the forgotten visitor stays: tickets, rooms they alone were in (with history), chats.
    expect(data.tickets.has(secondTicket)).toBe(false);
    expect(data.rooms.has('visitors-corner')).toBe(false);
    expect(
      data.history.page('alice', `chat:${second < 'alice' ? `${second}\nalice` : `alice\n${second}`}`, undefined, 10),
    ).toEqual([]);
    expect(data.offline.get('alice') ?? []).toEqual([]);
    expect((await call(engine, second, 'online')).status).toBe(401);

    // Many more: memory stays at the cap, each one gets in.
    for (let i = 0; i < 20; i++) expect(visit(engine).uid).toMatch(/^vid:/);
    expect(data.visitorCount).toBe(3);
    expect([...data.users.values()].filter((u) => u.visitor)).toHaveLength(3);
  });
});
