import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireConnection, WirePacket } from '../../src/protocol/types';
import { Browser, jsonpUrl, parseJsonp, poll, startServer, until, WsClient, control } from './helpers';

let server: MockServer;
const open: WsClient[] = [];

beforeAll(async () => {
  // A long hold, so an early answer can only mean a takeover.
  server = await startServer({ grace: 2_000, hold: 10_000 });
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await control(server, 'reset');
});
afterAll(() => server.close());

async function pair(): Promise<{ alice: Browser; bob: Browser; conn: WireConnection; bobTicket: string }> {
  const alice = new Browser(server.siteUrl, 'alice');
  const bob = new Browser(server.siteUrl, 'bob');
  const conn = (await alice.online()).connection;
  const bobTicket = (await bob.online()).connection.ticket;
  return { alice, bob, conn, bobTicket };
}

const say = (bob: Browser, ticket: string, body: string) =>
  bob.post('/webim/message', { type: 'chat', to: 'alice', body, ticket });

/** Resolves with the packet, remembering when it settled relative to the other pending polls. */
function track(p: Promise<WirePacket>) {
  const state: { packet?: WirePacket } = {};
  void p.then((packet) => (state.packet = packet));
  return state;
}

describe('JSONP long-poll', () => {
  it('answers with everything queued, merged into one packet, with script headers', async () => {
    const { bob, conn, bobTicket } = await pair();
    await say(bob, bobTicket, 'one');
    await say(bob, bobTicket, 'two');
    await bob.post('/webim/status', { to: 'alice', show: 'typing', ticket: bobTicket });
    const r = await fetch(jsonpUrl(conn, 'webim.jsonp.cb_1'));
    expect(r.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(r.headers.get('cache-control')).toMatch(/no-cache/);
    const packet = parseJsonp(await r.text(), 'webim.jsonp.cb_1');
    expect(packet.status).toBe('ok');
    expect(packet.messages?.map((m) => m.body)).toEqual(['one', 'two']);
    expect(packet.statuses).toEqual([{ from: 'bob', to: 'alice', nick: 'Bob', show: 'typing' }]);
  });

  it('a second poll takes over: the first is answered empty at once, and nothing is lost', async () => {
    const { bob, conn, bobTicket } = await pair();
    await poll(conn); // drains bob's online presences, queued for alice
    const first = track(poll(conn));
    await until('first poll registered', () => server.engine.im.hub.get(conn.ticket)?.conn.kind === 'poll');
    const second = poll(conn);
    await until('first poll answered', () => first.packet);
    expect(first.packet).toEqual({ status: 'ok' });
    await say(bob, bobTicket, 'for the newest poll');
    expect((await second).messages?.map((m) => m.body)).toEqual(['for the newest poll']);
  });

  it('a WebSocket takes over from a poll, and packets queued in between reach the socket', async () => {
    const { bob, conn, bobTicket } = await pair();
    await poll(conn); // drains bob's online presences
    const pending = track(poll(conn));
    await until('poll registered', () => server.engine.im.hub.get(conn.ticket)?.conn.kind === 'poll');
    const ws = await WsClient.connect(conn);
    open.push(ws);
    await until('poll answered at takeover', () => pending.packet);
    expect(pending.packet).toEqual({ status: 'ok' });
    await say(bob, bobTicket, 'over the socket');
    await ws.inbox.message('socket delivery', (m) => m.body === 'over the socket');
  });

  it('a poll takes over from a WebSocket (closed with 4409) and gets what the socket could not', async () => {
    const { bob, conn, bobTicket } = await pair();
    const ws = await WsClient.connect(conn);
    const next = poll(conn);
    expect(await ws.closed).toEqual({ code: 4409, reason: 'replaced' });
    await say(bob, bobTicket, 'after the switch');
    expect((await next).messages?.map((m) => m.body)).toEqual(['after the switch']);
  });

  it('answers an unknown ticket or a wrong domain with HTTP 200 stopped', async () => {
    const { conn } = await pair();
    const unknown = await fetch(jsonpUrl({ ...conn, ticket: 'f'.repeat(32) }));
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe('cb({"status":"stopped"});');
    const wrongDomain = await fetch(jsonpUrl({ ...conn, domain: 'elsewhere' }));
    expect(await wrongDomain.text()).toBe('cb({"status":"stopped"});');
  });

  it.each(['alert(1)//', '1abc', '.x', 'a-b', 'a'.repeat(129), ''])(
    'refuses the callback %j with a 400 JSON error',
    async (callback) => {
      const { conn } = await pair();
      const url = new URL(String(conn.jsonpd));
      url.search = new URLSearchParams({ domain: conn.domain, ticket: conn.ticket, callback }).toString();
      const r = await fetch(url);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await r.json()).toMatchObject({ status: 'error' });
    },
  );

  it('accepts callback names the SDK generates', async () => {
    const { conn } = await pair();
    const dead = { ...conn, ticket: '0'.repeat(32) }; // answered at once, so each name is checked without a hold
    for (const name of ['cb', '$jsonp', '_w.cb_12', `a${'b'.repeat(127)}`]) {
      const r = await fetch(jsonpUrl(dead, name));
      expect(r.status).toBe(200);
      expect(parseJsonp(await r.text(), name)).toEqual({ status: 'stopped' });
    }
  });
});
