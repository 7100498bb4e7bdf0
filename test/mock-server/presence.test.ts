import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireOnlineReply } from '../../src/protocol/types';
import { Browser, control, JsonpClient, sleep, until, WsClient } from './helpers';
import { brokerUrl, MqttClient } from './mqtt-client';
import { connectPush, type PushClient, PUSH_MODES, startServerIn } from './push-modes';

const GRACE = 1_000;

// Both push implementations: the NexTalk server counts subscribers per ticket, broker mode counts connections from
// the presence topic (announcements and wills); both apply the same grace period.
describe.each(PUSH_MODES)('presence over real sockets (%s)', (mode) => {
  let server: MockServer;
  const open: Array<{ close(): unknown }> = [];
  const track = <T extends { close(): unknown }>(c: T): T => {
    open.push(c);
    return c;
  };
  const connect = (reply: WireOnlineReply) => connectPush(mode, server, reply);
  const broker = mode === 'broker';
  /** Broker mode: connections the site counts for a user. */
  const connections = (user: string) => server.engine.state().broker?.connections[user] ?? 0;

  beforeAll(async () => {
    // hold 400 → a JSONP client counts as connected for 5.4 s after its last answered poll. A grace period of 1 s
    // leaves room for a reload's round trips on a loaded machine.
    server = await startServerIn(mode, { grace: GRACE, hold: 400, subscribeTimeout: 1_000 });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
    await control(server, 'reset');
  });
  afterAll(() => server.close());

  const fromAlice = (ws: PushClient) => ws.inbox.presences.filter((p) => p.from === 'alice');

  it('a buddy sees online, show, invisible as offline, and offline only after the grace period', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const carol = new Browser(server.siteUrl, 'carol');
    const b = track(await connect(await bob.online()));
    const c = track(await connect(await carol.online()));

    const reply = await alice.online();
    expect(reply.presences).toMatchObject({ bob: 'available', carol: 'available' });
    const a = await connect(reply);
    expect(await b.inbox.presence('online', (p) => p.from === 'alice' && p.type === 'online')).toMatchObject({
      nick: 'Alice',
      show: 'available',
      status: 'Hacking on webim',
    });
    expect(await c.inbox.presence('grponline', (p) => p.type === 'grponline')).toMatchObject({
      from: 'alice',
      to: 'lobby',
    });

    await alice.post('/webim/presence', { show: 'away', status: 'lunch', ticket: reply.connection.ticket });
    expect(await b.inbox.presence('show', (p) => p.type === 'show')).toMatchObject({
      from: 'alice',
      show: 'away',
      status: 'lunch',
    });

    await alice.post('/webim/presence', { show: 'invisible', ticket: reply.connection.ticket });
    await b.inbox.presence('invisible looks offline', (p) => p.type === 'offline' && p.from === 'alice');
    const seenByBob = await bob.get('/webim/buddies', { ids: 'alice' });
    expect(seenByBob.json<Array<{ presence: string }>>()[0].presence).toBe('offline');
    await alice.post('/webim/presence', { show: 'available', ticket: reply.connection.ticket });
    await until('back online', () => fromAlice(b).filter((p) => p.type === 'online').length === 2);

    a.close();
    await sleep(GRACE / 2);
    expect(fromAlice(b).filter((p) => p.type === 'offline')).toHaveLength(1); // only the invisible one
    await until(
      'offline after grace',
      () => fromAlice(b).filter((p) => p.type === 'offline').length === 2,
      GRACE + 3000,
    );
    await c.inbox.presence('grpoffline', (p) => p.type === 'grpoffline' && p.from === 'alice', GRACE + 3000);
  });

  it('a reload within the grace period (new ticket) causes no offline/online', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const b = track(await connect(await bob.online()));
    const first = await connect(await alice.online());
    await b.inbox.presence('online', (p) => p.from === 'alice');

    first.close();
    await first.closed;
    const second = track(await connect(await alice.online()));
    // Once the old page's ticket has expired (broker mode: its will is counted and a grace period has passed),
    // anything it caused is already on its way to bob; a chat sent after that arrives behind it.
    if (broker) {
      await until('old connection gone', () => connections('alice') === 1, GRACE + 3000);
      await sleep(GRACE + 200);
    } else await until('old ticket expired', () => !server.engine.im.hub.get(first.ticketOf()), GRACE + 3000);
    await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'marker', ticket: second.ticketOf() });
    await b.inbox.message('marker', (m) => m.body === 'marker');
    expect(fromAlice(b).map((p) => p.type)).toEqual(['online', 'grponline']); // bob shares the lobby with alice
    // The new page is fully live: messages reach it.
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'still there?', ticket: b.ticketOf() });
    await second.inbox.message('after reload', (m) => m.body === 'still there?');
  });

  it.runIf(!broker)(
    'a reload within the grace period (same ticket re-subscribed) causes no offline/online and loses nothing',
    async () => {
      const alice = new Browser(server.siteUrl, 'alice');
      const bob = new Browser(server.siteUrl, 'bob');
      const b = track(await WsClient.connect((await bob.online()).connection));
      const conn = (await alice.online()).connection;
      const first = await WsClient.connect(conn);
      first.close();
      await first.closed;
      await until('grace period running', () => server.engine.im.hub.get(conn.ticket)?.graceCancel);
      await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'queued meanwhile', ticket: b.ticketOf() });
      const again = track(await WsClient.connect(conn));
      await again.inbox.message('queued', (m) => m.body === 'queued meanwhile');
      // The re-subscribe cancelled the grace period: nothing is pending that could still take alice offline.
      expect(server.engine.im.hub.get(conn.ticket)?.graceCancel).toBeNull();
      await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'marker', ticket: conn.ticket });
      await b.inbox.message('marker', (m) => m.body === 'marker');
      expect(fromAlice(b).map((p) => p.type)).toEqual(['online', 'grponline']);
    },
  );

  it.runIf(broker)(
    'a reconnect with the same ticket within the grace period is accepted and causes no offline/online',
    async () => {
      const alice = new Browser(server.siteUrl, 'alice');
      const bob = new Browser(server.siteUrl, 'bob');
      const b = track(await connect(await bob.online()));
      const reply = await alice.online();
      const first = await connect(reply);
      first.close();
      await until('will counted', () => connections('alice') === 0);
      // The broker keeps nothing for a clean session: what was pushed meanwhile comes back through the client's
      // catch-up (`sync`), not from the broker. The login itself must still be good.
      const again = track(await connect(reply));
      await sleep(GRACE + 200);
      await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'marker', ticket: reply.connection.ticket });
      await b.inbox.message('marker', (m) => m.body === 'marker');
      expect(fromAlice(b).map((p) => p.type)).toEqual(['online', 'grponline']);
      await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'still there?', ticket: b.ticketOf() });
      await again.inbox.message('after reconnect', (m) => m.body === 'still there?');
    },
  );

  it.runIf(broker)(
    'a login that never connects, and a connection gone past the grace period, end the ticket',
    async () => {
      const alice = new Browser(server.siteUrl, 'alice');
      const bob = new Browser(server.siteUrl, 'bob');
      const b = track(await connect(await bob.online()));
      const unused = await alice.online();
      await b.inbox.presence('online', (p) => p.from === 'alice' && p.type === 'online');
      await b.inbox.presence('offline', (p) => p.from === 'alice' && p.type === 'offline', GRACE + 3000);
      const late = track(await MqttClient.open(brokerUrl(unused)));
      expect(await late.login('alice', unused.connection.ticket)).toBe(4);
    },
  );

  it.runIf(!broker)(
    'refresh (as a text/plain beacon) starts the grace period at once for a JSONP page that stopped polling',
    async () => {
      const alice = new Browser(server.siteUrl, 'alice');
      const bob = new Browser(server.siteUrl, 'bob');
      const b = track(await WsClient.connect((await bob.online()).connection));
      const conn = (await alice.online()).connection;
      const a = new JsonpClient(conn);
      await b.inbox.presence('online', (p) => p.from === 'alice');
      await a.close();
      const beacon = await alice.post(
        '/webim/refresh',
        {},
        { contentType: 'text/plain;charset=UTF-8', body: `ticket=${conn.ticket}` },
      );
      expect(beacon.text).toBe('"ok"');
      // Without the beacon the JSONP ticket would count as connected for hold + 5 s before its grace period.
      expect(server.engine.im.hub.get(conn.ticket)?.graceCancel).toBeTypeOf('function');
      await b.inbox.presence('offline', (p) => p.from === 'alice' && p.type === 'offline', 4_000);
    },
  );

  it.runIf(!broker)('offline ends the ticket at once; its WebSocket hears stopped', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const b = track(await WsClient.connect((await bob.online()).connection));
    const reply: WireOnlineReply = await alice.online();
    const a = await WsClient.connect(reply.connection);
    expect((await alice.post('/webim/offline', { ticket: reply.connection.ticket })).text).toBe('"ok"');
    expect(server.engine.state().users.alice).toBeUndefined(); // gone before the reply, no grace period
    await b.inbox.presence('offline', (p) => p.from === 'alice' && p.type === 'offline');
    const closed = await a.closed;
    expect(a.frames).toContain('{"status":"stopped"}');
    expect(closed.code).toBe(4404);
  });

  it.runIf(broker)('offline ends the session at once: buddies see it, and the ticket no longer logs in', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const b = track(await connect(await bob.online()));
    const reply: WireOnlineReply = await alice.online();
    const a = track(await connect(reply));
    expect((await alice.post('/webim/offline', { ticket: reply.connection.ticket })).text).toBe('"ok"');
    await b.inbox.presence('offline', (p) => p.from === 'alice' && p.type === 'offline', 500);
    a.close();
    const again = track(await MqttClient.open(brokerUrl(reply)));
    expect(await again.login('alice', reply.connection.ticket)).toBe(4);
  });

  it('shows stranger and chatlink presence in the online reply', async () => {
    const dave = new Browser(server.siteUrl, 'dave');
    track(await connect(await dave.online()));
    const erin = new Browser(server.siteUrl, 'erin');
    const reply = await erin.online({ stranger_ids: 'dave,alice', buddy_ids: 'dave' });
    expect(reply.presences).toEqual({ dave: 'available' });
    expect(reply.buddies?.map((x) => [x.id, x.group, x.presence])).toEqual([['dave', 'stranger', 'online']]);
  });
});
