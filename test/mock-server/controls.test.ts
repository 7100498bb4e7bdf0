import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import {
  Browser,
  control as controlRequest,
  JsonpClient,
  mockState,
  poll,
  startServer,
  until,
  WsClient,
} from './helpers';

let server: MockServer;
const open: Array<{ close(): unknown }> = [];
const track = <T extends { close(): unknown }>(c: T): T => {
  open.push(c);
  return c;
};

beforeAll(async () => {
  server = await startServer({ grace: 2_000, hold: 5_000 });
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  await control('reset');
});
afterAll(() => server.close());

async function control(
  name: string,
  params: Record<string, string | number> = {},
  json = false,
): Promise<Record<string, unknown>> {
  const r = await controlRequest(server, name, params, { json });
  expect(r.status).toBe(200);
  return r.json<Record<string, unknown>>();
}

const state = () => mockState(server);

describe('/mock controls', () => {
  it('state lists users with live tickets and their subscribers by transport, never their tickets', async () => {
    const aliceConn = (await new Browser(server.siteUrl, 'alice').online()).connection;
    track(await WsClient.connect(aliceConn));
    const bobConn = (await new Browser(server.siteUrl, 'bob').online()).connection;
    track(new JsonpClient(bobConn));
    await new Browser(server.siteUrl, 'carol').online({ show: 'away' }); // never connects
    await until('bob polling', () => server.engine.im.hub.get(bobConn.ticket)?.transport === 'jsonp');
    const listed = await state();
    expect(listed).toEqual({
      users: {
        alice: {
          show: 'available',
          subscribers: [{ id: expect.stringMatching(/^[0-9a-f]{16}$/), transport: 'websocket' }],
        },
        bob: { show: 'available', subscribers: [{ id: expect.stringMatching(/^[0-9a-f]{16}$/), transport: 'jsonp' }] },
        carol: { show: 'away', subscribers: [] },
      },
    });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(aliceConn.ticket);
    expect(text).not.toContain(bobConn.ticket);
    // Stable while the ticket lives, so tests can tell "the same connection" from "a new one".
    expect(await state()).toEqual(listed);
  });

  it('broadcast reaches every connected user through the REST push (form or JSON body)', async () => {
    const a = track(await WsClient.connect((await new Browser(server.siteUrl, 'alice').online()).connection));
    const e = track(new JsonpClient((await new Browser(server.siteUrl, 'erin').online()).connection));
    await control('broadcast', { body: 'maintenance at noon' });
    expect(await a.inbox.message('broadcast', (m) => m.body === 'maintenance at noon')).toMatchObject({
      type: 'broadcast',
      from: 'system',
      nick: 'System',
    });
    await e.inbox.message('broadcast', (m) => m.body === 'maintenance at noon');
    await control('broadcast', { body: 'from the admin', from: 'admin', nick: 'Admin' }, true);
    expect(await e.inbox.message('json broadcast', (m) => m.body === 'from the admin')).toMatchObject({
      from: 'admin',
      nick: 'Admin',
    });
  });

  it('notify adds a notification', async () => {
    await control('notify', { user: 'erin', text: 'You have a parcel', link: 'https://example.com/p' }, true);
    const list = (await new Browser(server.siteUrl, 'erin').get('/webim/notifications')).json<
      Array<{ text: string; link?: string }>
    >();
    expect(list[0]).toMatchObject({ text: 'You have a parcel', link: 'https://example.com/p' });
  });

  it('drop closes WebSockets with 1012 and answers polls, without ending tickets', async () => {
    const aliceConn = (await new Browser(server.siteUrl, 'alice').online()).connection;
    const a = await WsClient.connect(aliceConn);
    const bobConn = (await new Browser(server.siteUrl, 'bob').online()).connection;
    const pending = poll(bobConn);
    await until('poll outstanding', () => server.engine.im.hub.get(bobConn.ticket)?.conn.kind === 'poll');
    expect(await control('drop')).toMatchObject({ dropped: 2 });
    expect((await a.closed).code).toBe(1012);
    expect(await pending).toEqual({ status: 'ok' });
    // Tickets live on: the client re-subscribes and carries on.
    expect(Object.keys((await state()).users).sort()).toEqual(['alice', 'bob']);
    track(await WsClient.connect(aliceConn));
  });

  it('stall hold leaves the next poll unanswered; the client retry gets the packet', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const aliceTicket = (await alice.online()).connection.ticket;
    // bob comes online after alice, so nothing is queued for him yet.
    const bobConn = (await new Browser(server.siteUrl, 'bob').online()).connection;
    await control('stall', { count: 1, mode: 'hold' });
    const abort = new AbortController();
    const stalled = poll(bobConn, abort.signal).then(
      () => 'answered',
      () => 'aborted',
    );
    await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'kept for later', ticket: aliceTicket });
    const retry = poll(bobConn);
    // The held poll never answers; the SDK's timeout gives up on it.
    abort.abort();
    expect(await stalled).toBe('aborted');
    expect((await retry).messages?.map((m) => m.body)).toEqual(['kept for later']);
  });

  it('stall drop destroys the next poll connection', async () => {
    const bobConn = (await new Browser(server.siteUrl, 'bob').online()).connection;
    await control('stall', { count: 1, mode: 'drop' });
    await expect(poll(bobConn)).rejects.toThrow();
  });

  it('storm flips generated buddies and pushes them to that user in batches', async () => {
    const big = track(await WsClient.connect((await new Browser(server.siteUrl, 'big').online()).connection));
    const report = await control('storm', { user: 'big', rate: 400, seconds: 1, batch: 50 });
    expect(report).toMatchObject({ total: 400, packets: 8 });
    await until('all storm packets', () => big.inbox.packets.length === 8);
    expect(big.inbox.packets.every((p) => p.presences?.length === 50)).toBe(true);
    const ids = big.inbox.presences.map((p) => p.from);
    expect(new Set(ids).size).toBe(400);
    expect(ids.every((id) => /^u\d{5}$/.test(String(id)))).toBe(true);
  });

  it('flood stores messages in the history and pushes them to the receiver in packets', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const a = track(await WsClient.connect((await alice.online()).connection));
    const report = await control('flood', { from: 'bob', to: 'alice', count: 120, batch: 50 });
    expect(report).toMatchObject({ total: 120, packets: 3 });
    await until('all flood packets', () => a.inbox.packets.length === 3);
    expect(a.inbox.packets.map((p) => p.messages?.length)).toEqual([50, 50, 20]);
    expect(a.inbox.messages.map((m) => m.body)).toEqual(Array.from({ length: 120 }, (_, i) => `flood ${i + 1} of 120`));
    const page = (await (
      await alice.get('/webim/histories', { id: 'bob', type: 'chat', limit: '100' })
    ).json()) as Array<{
      body: string;
      timestamp: number;
    }>;
    const flood = page.filter((m) => m.body.startsWith('flood '));
    // The newest page (the server pages at most 100): the last 100, a millisecond apart.
    expect(flood.map((m) => m.body)).toEqual(a.inbox.messages.slice(20).map((m) => m.body));
    expect(flood.at(-1)!.timestamp - flood[0]!.timestamp).toBe(99);
    // Quiet: stored only.
    const quiet = await control('flood', { from: 'bob', to: 'alice', count: 10, quiet: 'true' });
    expect(quiet).toMatchObject({ total: 10, packets: 0 });
    // Refused for unknown users.
    expect((await controlRequest(server, 'flood', { from: 'nobody', to: 'alice' })).status).toBe(404);
  });

  it('reset ends every ticket and restores the seed', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const a = await WsClient.connect((await alice.online()).connection);
    await alice.post('/webim/setting', { data: '{"play_sound":false}' });
    await control('reset');
    expect((await a.closed).code).toBe(4404);
    expect(a.frames).toContain('{"status":"stopped"}');
    expect(await state()).toEqual({ users: {} });
    expect((await alice.online()).setting).toEqual({});
  });
});

describe('/mock/fault and /mock/stall lose (the chaos suite)', () => {
  const sendTo = async (from: Browser, ticket: string, body: string) =>
    (await from.post('/webim/message', { type: 'chat', to: 'alice', body, ticket })).text;

  it('a half-open link loses frames silently; a stalled one delivers them late, in order', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const a = track(await WsClient.connect((await alice.online()).connection));
    const b = (await bob.online()).connection.ticket;
    // Windows long enough for a loaded machine's POST round trips to land inside them.
    await control('fault', { kind: 'link', user: 'alice', mode: 'drop', ms: 1_500 });
    await sendTo(bob, b, 'into the void');
    await new Promise((r) => setTimeout(r, 1_600));
    await control('fault', { kind: 'link', user: 'alice', mode: 'delay', ms: 1_500 });
    await sendTo(bob, b, 'late 1');
    await sendTo(bob, b, 'late 2');
    expect(a.inbox.messages.map((m) => m.body)).toEqual([]);
    await a.inbox.message('late 2', (m) => m.body === 'late 2');
    expect(a.inbox.messages.map((m) => m.body)).toEqual(['late 1', 'late 2']);
  });

  it('lose-answers: the message is stored and pushed, the sender hears nothing', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const a = track(await WsClient.connect((await alice.online()).connection));
    const b = (await bob.online()).connection.ticket;
    await control('fault', { kind: 'lose-answers', user: 'bob', count: 1 });
    await expect(sendTo(bob, b, 'answer lost')).rejects.toThrow();
    expect(await sendTo(bob, b, 'answered')).toBe('"ok"');
    await a.inbox.message('answered', (m) => m.body === 'answered');
    expect(a.inbox.messages.map((m) => m.body)).toEqual(['answer lost', 'answered']);
  });

  it('stall lose: the poll takes the queue and its answer is lost on the way', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const conn = (await alice.online()).connection;
    const b = (await bob.online()).connection.ticket;
    await sendTo(bob, b, 'taken');
    await control('stall', { count: 1, mode: 'lose' });
    await expect(poll(conn)).rejects.toThrow();
    await sendTo(bob, b, 'next');
    expect((await poll(conn)).messages?.map((m) => m.body)).toEqual(['next']);
  });

  it('refuses unknown faults', async () => {
    expect((await controlRequest(server, 'fault', { kind: 'meteor', user: 'alice' })).status).toBe(400);
  });
});
