import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireOnlineReply } from '../../src/protocol/types';
import { Browser, control, JsonpClient, until } from './helpers';
import { connectPush, PUSH_MODES, startServerIn } from './push-modes';

// Both push implementations behind the site's push port: the same protocol, two ways of pushing. Where broker mode
// differs by design (a subscriber of a user or room topic hears its own messages too; the client de-duplicates),
// the test says so.
describe.each(PUSH_MODES)('chat over real sockets (%s)', (mode) => {
  let server: MockServer;
  const open: Array<{ close(): unknown }> = [];
  const track = <T extends { close(): unknown }>(c: T): T => {
    open.push(c);
    return c;
  };
  const connect = async (reply: WireOnlineReply) => track(await connectPush(mode, server, reply));
  const broker = mode === 'broker';

  beforeAll(async () => {
    server = await startServerIn(mode, { grace: 5_000, hold: 2_000 });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
    await control(server, 'reset');
  });
  afterAll(() => server.close());

  it('alice and bob chat in both directions', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const a = await connect(await alice.online());
    const b = await connect(await bob.online());

    expect(
      (await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'hello bob', ticket: a.ticketOf() })).text,
    ).toBe('"ok"');
    const got = await b.inbox.message('hello bob', (m) => m.body === 'hello bob');
    expect(got).toMatchObject({ type: 'chat', from: 'alice', to: 'bob', nick: 'Alice' });

    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'hi alice', ticket: b.ticketOf() });
    expect(await a.inbox.message('hi alice', (m) => m.body === 'hi alice')).toMatchObject({ from: 'bob', to: 'alice' });
    // The sender's only ticket does not get its own message back (it would have arrived before bob's reply); over
    // a broker it does, on its user topic, with the sender's client id for the SDK to recognise.
    expect(a.inbox.messages.some((m) => m.body === 'hello bob')).toBe(broker);
  });

  it.runIf(mode === 'nextalk')('alice and bob chat over JSONP long-polls in both directions', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const aConn = (await alice.online()).connection;
    const bConn = (await bob.online()).connection;
    const a = track(new JsonpClient(aConn));
    const b = track(new JsonpClient(bConn));

    await alice.post('/webim/message', {
      type: 'chat',
      to: 'bob',
      body: 'via jsonp',
      ticket: aConn.ticket,
      style: 'color:#f00;',
    });
    expect(await b.inbox.message('via jsonp', (m) => m.body === 'via jsonp')).toMatchObject({
      from: 'alice',
      style: 'color:#f00;',
    });
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'back via jsonp', ticket: bConn.ticket });
    expect(await a.inbox.message('back', (m) => m.body === 'back via jsonp')).toMatchObject({ from: 'bob' });
  });

  it("copies a chat to the sender's other tickets with its client_id, not to the sending one", async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const tab1 = await connect(await alice.online());
    const tab2 = await connect(await alice.online());
    const b = await connect(await bob.online());

    await alice.post('/webim/message', {
      type: 'chat',
      to: 'bob',
      body: 'synced',
      client_id: 'c-42',
      ticket: tab1.ticketOf(),
      timestamp: String(Date.now()),
    });
    expect(await tab2.inbox.message('copy', (m) => m.body === 'synced')).toMatchObject({
      client_id: 'c-42',
      from: 'alice',
      to: 'bob',
    });
    expect(await b.inbox.message('delivery', (m) => m.body === 'synced')).toMatchObject({ client_id: 'c-42' });
    // A later message reaches tab1 behind anything routed to it before.
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'marker', ticket: b.ticketOf() });
    await tab1.inbox.message('marker', (m) => m.body === 'marker');
    expect(tab1.inbox.messages.map((m) => m.body)).toEqual(broker ? ['synced', 'marker'] : ['marker']);
  });

  it('stores a message to an offline user and hands it over once at their next online', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const ticket = (await alice.online()).connection.ticket;
    // carol has never come online: the message server reports her offline, so the site stores it.
    await alice.post('/webim/message', { type: 'chat', to: 'carol', body: 'while you were out', ticket });
    // With offline=true the site stores without asking the message server.
    await alice.post('/webim/message', {
      type: 'chat',
      to: 'carol',
      body: 'explicitly offline',
      ticket,
      offline: 'true',
    });

    const carol = new Browser(server.siteUrl, 'carol');
    const first = await carol.online();
    expect(first.new_messages?.map((m) => m.body)).toEqual(['while you were out', 'explicitly offline']);
    expect(first.new_messages?.[0]).toMatchObject({ from: 'alice', to: 'carol', type: 'chat' });
    // The sender's conversation comes with its history and details.
    expect(first.histories?.alice?.map((m) => m.body)).toContain('explicitly offline');
    expect(first.buddies?.find((b) => b.id === 'alice')?.presence).toBe('online');
    const second = await carol.online();
    expect(second.new_messages).toEqual([]);
  });

  it('delivers a room message to the other members, not to the sender or non-members', async () => {
    const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((u) => new Browser(server.siteUrl, u));
    const a = await connect(await alice.online());
    const b = await connect(await bob.online());
    const c = await connect(await carol.online());
    const d = await connect(await dave.online());

    await alice.post('/webim/message', { type: 'grpchat', to: 'lobby', body: 'hello lobby', ticket: a.ticketOf() });
    expect(await b.inbox.message('bob gets it', (m) => m.body === 'hello lobby')).toMatchObject({
      type: 'grpchat',
      from: 'alice',
      to: 'lobby',
    });
    await c.inbox.message('carol gets it', (m) => m.body === 'hello lobby');
    // Markers from bob arrive behind anything wrongly routed to alice (the sender) or dave (not a member).
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'marker', ticket: b.ticketOf() });
    await bob.post('/webim/message', { type: 'chat', to: 'dave', body: 'marker', ticket: b.ticketOf() });
    await a.inbox.message('marker', (m) => m.body === 'marker');
    await d.inbox.message('marker', (m) => m.body === 'marker');
    expect(a.inbox.messages.map((m) => m.body)).toEqual(broker ? ['hello lobby', 'marker'] : ['marker']);
    expect(d.inbox.messages.map((m) => m.body)).toEqual(['marker']);
    // dave is not in the lobby and may not post there.
    expect(
      (await dave.post('/webim/message', { type: 'grpchat', to: 'lobby', body: 'x', ticket: d.ticketOf() })).status,
    ).toBe(403);
  });

  it("sends typing notifications to the receiver's tickets", async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const a = await connect(await alice.online());
    const b = await connect(await bob.online());
    expect((await alice.post('/webim/status', { to: 'bob', show: 'typing', ticket: a.ticketOf() })).text).toBe('"ok"');
    const status = await until('typing', () => b.inbox.statuses.find((s) => s.show === 'typing'));
    expect(status).toMatchObject({ from: 'alice', to: 'bob', nick: 'Alice' });
  });

  it('refuses a broadcast from a plain user: nothing is pushed or stored', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const erin = new Browser(server.siteUrl, 'erin');
    const a = await connect(await alice.online());
    const e = await connect(await erin.online());
    const refused = await alice.post('/webim/message', {
      type: 'broadcast',
      to: 'all',
      body: 'hear ye',
      ticket: a.ticketOf(),
    });
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({ success: false, error_msg: 'only the site may broadcast' });
    expect((await erin.get('/webim/histories', { type: 'broadcast', id: 'all' })).json()).toEqual([]);
    expect(e.inbox.messages).toEqual([]);
  });

  it("broadcasts an administrator's message to everyone, named as theirs", async () => {
    const admin = new Browser(server.siteUrl, 'admin');
    const erin = new Browser(server.siteUrl, 'erin');
    const e = await connect(await erin.online());
    // No ticket needed: the site speaks, as its admin tool would.
    expect((await admin.post('/webim/message', { type: 'broadcast', to: 'all', body: 'hear ye' })).text).toBe('"ok"');
    expect(await e.inbox.message('broadcast', (m) => m.body === 'hear ye')).toMatchObject({
      type: 'broadcast',
      from: 'admin',
      nick: 'Riverside Admin',
    });
    expect((await erin.get('/webim/histories', { type: 'broadcast', id: 'all' })).json()).toMatchObject([
      { from: 'admin', body: 'hear ye' },
    ]);
  });
});
