import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireMessage, WireSyncReply } from '../../src/protocol/types';
import { Browser, control, poll, startServer, WsClient } from './helpers';

// The delivery extension of the reference server: server ids, `sync`, idempotent sends, the overflow marker.

let server: MockServer;
const open: Array<{ close(): unknown }> = [];

beforeAll(async () => {
  server = await startServer({ grace: 5_000, hold: 300, queueLimit: 5 });
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  await control(server, 'reset');
});
afterAll(() => server.close());

const syncOf = async (who: Browser, since?: string | number, limit?: number): Promise<WireSyncReply> => {
  const query: Record<string, string> = {};
  if (since !== undefined) query.since = String(since);
  if (limit !== undefined) query.limit = String(limit);
  const res = await who.get('/webim/sync', query);
  expect(res.status).toBe(200);
  return res.json<WireSyncReply>();
};

async function send(who: Browser, ticket: string, fields: Record<string, string>): Promise<string> {
  return (await who.post('/webim/message', { type: 'chat', ticket, ...fields })).text;
}

describe('sync', () => {
  it("gives the login's place in the log with the online reply: what is stored after it is what sync answers", async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const login = await alice.online();
    expect(login.cursor).toBe((await syncOf(alice)).cursor);
    const ticket = (await bob.online()).connection.ticket;
    await send(bob, ticket, { to: 'alice', body: 'after the login', client_id: 'c-after' });
    const since = await syncOf(alice, login.cursor);
    expect(since.messages.map((m) => m.body)).toEqual(['after the login']);
  });

  it('answers the current cursor without `since`, then what the user may see since it, oldest first, paged', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const carol = new Browser(server.siteUrl, 'carol');
    const head = await syncOf(alice);
    expect(head).toEqual({ messages: [], cursor: expect.any(String), more: false });

    const a = (await alice.online()).connection.ticket;
    const b = (await bob.online()).connection.ticket;
    const c = (await carol.online()).connection.ticket;
    await send(bob, b, { to: 'alice', body: 'one' });
    await send(carol, c, { to: 'bob', body: 'not for alice' });
    await send(alice, a, { to: 'carol', body: 'two (own)' });
    await send(carol, c, { type: 'grpchat', to: 'lobby', body: 'three (room)' });
    await send(bob, b, { to: 'alice', body: 'four' });

    const first = await syncOf(alice, head.cursor, 2);
    expect(first.messages.map((m) => m.body)).toEqual(['one', 'two (own)']);
    expect(first.more).toBe(true);
    const rest = await syncOf(alice, first.cursor, 2);
    expect(rest.messages.map((m) => m.body)).toEqual(['three (room)', 'four']);
    const end = await syncOf(alice, rest.cursor, 2);
    expect(end).toEqual({ messages: [], cursor: rest.cursor, more: false });

    // Ids grow site-wide; each message carries its own.
    const ids = [...first.messages, ...rest.messages].map((m) => m.id as number);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(4);
    // Carol's chat to Bob was examined (the cursor moved past it) but is not Alice's to see.
    expect((await syncOf(carol, head.cursor)).messages.map((m) => m.body)).toEqual([
      'not for alice',
      'two (own)',
      'three (room)',
    ]);
  });

  it('goes on from the new seed data with a cursor from before a reset (a database that is gone)', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const old = (await syncOf(alice)).cursor;
    expect((await control(server, 'reset')).status).toBe(200);
    const b = (await bob.online()).connection.ticket;
    await send(bob, b, { to: 'alice', body: 'after the reset' });
    expect((await syncOf(alice, old)).messages.map((m) => m.body)).toEqual(['after the reset']);
  });

  it('refuses a cursor that is not one', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    expect((await alice.get('/webim/sync', { since: 'x' })).status).toBe(400);
  });

  it('pushes carry the server id that sync answers', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const head = await syncOf(alice);
    const ws = await WsClient.connect((await alice.online()).connection);
    open.push(ws);
    const b = (await bob.online()).connection.ticket;
    await send(bob, b, { to: 'alice', body: 'numbered' });
    const pushed = await ws.inbox.message('numbered', (m) => m.body === 'numbered');
    const synced = (await syncOf(alice, head.cursor)).messages[0];
    expect(pushed.id).toEqual(expect.any(Number));
    expect(synced).toMatchObject({ id: pushed.id, body: 'numbered', from: 'bob' });
  });
});

describe('idempotent sends', () => {
  it('stores and pushes a (from, client_id) once, however often it is posted', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const head = await syncOf(bob);
    const ws = await WsClient.connect((await bob.online()).connection);
    open.push(ws);
    const a = (await alice.online()).connection.ticket;
    for (let i = 0; i < 3; i++)
      expect(await send(alice, a, { to: 'bob', body: 'retried', client_id: 'k1' })).toBe('"ok"');
    // Another sender may use the same client id: scoped by sender.
    const c = (await new Browser(server.siteUrl, 'carol').online()).connection.ticket;
    await send(new Browser(server.siteUrl, 'carol'), c, { to: 'bob', body: 'same id, other sender', client_id: 'k1' });
    await ws.inbox.message('carol', (m) => m.from === 'carol');
    expect(ws.inbox.messages.filter((m: WireMessage) => m.body === 'retried')).toHaveLength(1);
    expect((await syncOf(bob, head.cursor)).messages.map((m) => m.body)).toEqual(['retried', 'same id, other sender']);
  });
});

describe('queue overflow', () => {
  it('marks the next packet instead of dropping silently', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const conn = (await alice.online()).connection;
    const b = (await bob.online()).connection.ticket;
    for (let i = 0; i < 8; i++) await send(bob, b, { to: 'alice', body: `burst ${i}` });
    const packet = await poll(conn);
    expect(packet.overflow).toBe(true);
    expect(packet.messages?.map((m) => m.body)).toEqual(['burst 3', 'burst 4', 'burst 5', 'burst 6', 'burst 7']);
    const next = await poll(conn);
    expect(next.overflow).toBeUndefined();
  });
});

describe('restart', () => {
  it('a restart over the same database and secret keeps history, ids and pages’ tokens; tickets are gone', async () => {
    const first = await startServer({ secret: 'kept' });
    const alice = new Browser(first.siteUrl, 'alice');
    const bob = new Browser(first.siteUrl, 'bob');
    const head = await syncOf(alice);
    const b = (await bob.online()).connection.ticket;
    await send(bob, b, { to: 'alice', body: 'before the restart' });
    const token = first.engine.site.csrfToken('alice');
    const database = first.engine.site.data;
    await first.close();

    const second = await startServer({ secret: 'kept', database });
    try {
      expect(second.engine.site.csrfToken('alice')).toBe(token);
      const alice2 = new Browser(second.siteUrl, 'alice');
      expect((await syncOf(alice2, head.cursor)).messages.map((m) => m.body)).toEqual(['before the restart']);
      expect(await send(new Browser(second.siteUrl, 'bob'), b, { to: 'alice', body: 'old ticket' })).toMatch(
        /invalid ticket/,
      );
    } finally {
      await second.close();
    }
    const third = await startServer({ database });
    expect(third.engine.site.csrfToken('alice')).not.toBe(token);
    await third.close();
  });
});
