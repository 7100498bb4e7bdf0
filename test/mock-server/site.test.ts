import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireMember, WireMessage, WireRoom } from '../../src/protocol/types';
import { Browser, control, startServer, WsClient } from './helpers';
import { MqttClient } from './mqtt-client';
import { connectPush, type PushClient, PUSH_MODES, startServerIn } from './push-modes';

let server: MockServer;
const sockets: WsClient[] = [];

beforeAll(async () => {
  server = await startServer({ grace: 2_000 });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await control(server, 'reset');
});
afterAll(() => server.close());

async function connected(uid: string): Promise<{ browser: Browser; ws: WsClient; ticket: string }> {
  const browser = new Browser(server.siteUrl, uid);
  const conn = (await browser.online()).connection;
  const ws = await WsClient.connect(conn);
  sockets.push(ws);
  return { browser, ws, ticket: conn.ticket };
}

const history = async (b: Browser, query: Record<string, string>): Promise<WireMessage[]> =>
  (await b.get('/webim/histories', query)).json();

describe('history', () => {
  it('pages back with before/limit down to the start, ascending, without gaps or repeats', async () => {
    const { browser: alice, ticket } = await connected('alice');
    const ts = String(Date.now());
    // All with the same browser timestamp: the site keeps timestamps unique per conversation so paging is exact.
    for (let i = 0; i < 25; i++)
      await alice.post('/webim/message', { type: 'chat', to: 'bob', body: `m${i}`, ticket, timestamp: ts });

    const all: WireMessage[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await history(alice, { id: 'bob', type: 'chat', limit: '10', ...(before ? { before } : {}) });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(10);
      const stamps = page.map((m) => Number(m.timestamp));
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      all.unshift(...page);
      before = String(page[0].timestamp);
    }
    expect(all).toHaveLength(31); // 6 seeded + 25 sent
    expect(all.slice(0, 2).map((m) => m.body)).toEqual(['Hi Bob!', 'Hey Alice, how is the toolbar going?']);
    expect(all.slice(-25).map((m) => m.body)).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
    expect(new Set(all.map((m) => m.timestamp)).size).toBe(31);

    // Defaults and bounds: 30 without limit, at most 100; `history` is an alias; `ids` gives a map.
    expect(await history(alice, { id: 'bob', type: 'chat' })).toHaveLength(30);
    expect(await history(alice, { id: 'bob', type: 'unicast', limit: '500' })).toHaveLength(31);
    expect(
      ((await alice.get('/webim/history', { id: 'lobby', type: 'grpchat' })).json() as WireMessage[]).map(
        (m) => m.body,
      ),
    ).toEqual(['Morning all', 'Morning Carol', 'Stand-up in five', 'On my way']);
    const map = (await alice.get('/webim/histories', { ids: 'bob,carol', type: 'chat', limit: '2' })).json<
      Record<string, WireMessage[]>
    >();
    expect(map.bob.map((m) => m.body)).toEqual(['m23', 'm24']);
    expect(map.carol).toEqual([]);
  });

  it('clears history for the asking user only', async () => {
    const { browser: alice, ticket } = await connected('alice');
    const bob = new Browser(server.siteUrl, 'bob');
    expect((await alice.post('/webim/clear_history', { id: 'bob', type: 'chat' })).text).toBe('"ok"');
    expect(await history(alice, { id: 'bob', type: 'chat' })).toEqual([]);
    expect(await history(bob, { id: 'alice', type: 'chat' })).toHaveLength(6);
    await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'after the clear', ticket });
    expect((await history(alice, { id: 'bob', type: 'chat' })).map((m) => m.body)).toEqual(['after the clear']);
    expect(await history(bob, { id: 'alice', type: 'chat' })).toHaveLength(7);
  });
});

describe('settings, notifications, buddies', () => {
  it('persists settings and returns them with online', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    expect((await alice.online()).setting).toEqual({});
    expect(
      (await alice.post('/webim/setting', { data: JSON.stringify({ play_sound: false, buddy_sticky: true }) })).text,
    ).toBe('"ok"');
    await alice.post('/webim/setting', { data: JSON.stringify({ msg_auto_pop: false }) });
    expect((await alice.online()).setting).toEqual({ play_sound: false, buddy_sticky: true, msg_auto_pop: false });
    expect((await new Browser(server.siteUrl, 'bob').online()).setting).toEqual({});
  });

  it('lists notifications', async () => {
    const list = (await new Browser(server.siteUrl, 'alice').get('/webim/notifications')).json<
      Array<{ text: string; link?: string; time: number }>
    >();
    expect(list[0]).toMatchObject({ text: 'Bob commented on your post', link: '/demo/?post=1' });
    expect(typeof list[0].time).toBe('number');
  });

  it('answers buddies with details and presence', async () => {
    await connected('bob');
    const list = (await new Browser(server.siteUrl, 'alice').get('/webim/buddies', { ids: 'bob,dave,nobody' })).json<
      Array<Record<string, unknown>>
    >();
    expect(list.map((b) => [b.id, b.presence, b.group])).toEqual([
      ['bob', 'online', 'friend'],
      ['dave', 'offline', 'stranger'],
    ]);
    expect(list[0]).toMatchObject({
      nick: 'Bob',
      avatar: '/demo/avatars/bob.svg',
      default_avatar: '/demo/avatars/default.svg',
    });
  });

  it('gives the big user all 10,000 buddies, 30% of them online', async () => {
    const reply = await new Browser(server.siteUrl, 'big').online();
    expect(reply.buddies).toHaveLength(10_000);
    expect(reply.buddies?.[0]).toMatchObject({ id: 'u00001', group: 'Group 01' });
    expect(new Set(reply.buddies?.map((b) => b.group)).size).toBe(10);
    expect(Object.keys(reply.presences ?? {})).toHaveLength(3_000);
    expect(reply.buddies?.filter((b) => b.presence === 'online')).toHaveLength(3_000);
  });

  it('gives a visitor a vid: identity and no buddies', async () => {
    const page = await fetch(`${server.siteUrl}/?visitor=1`);
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('webim_uid='));
    const uid = decodeURIComponent(/webim_uid=([^;]+)/.exec(cookie ?? '')?.[1] ?? '');
    expect(uid).toMatch(/^vid:[0-9a-f]{16}$/);
    const again = await fetch(`${server.siteUrl}/?visitor=1`, {
      headers: { cookie: `webim_uid=${encodeURIComponent(uid)}` },
    });
    expect(again.headers.getSetCookie().find((c) => c.startsWith('webim_uid='))).toBe(cookie);
    const reply = await new Browser(server.siteUrl, uid).online();
    expect(reply.user.id).toBe(uid);
    expect(reply.buddies).toEqual([]);
    expect(reply.rooms).toEqual([]);
  });
});

// Room membership pushes through both push implementations (broker mode: the room's topic).
describe.each(PUSH_MODES)('rooms (%s)', (mode) => {
  let server: MockServer;
  const clients: PushClient[] = [];
  beforeAll(async () => {
    server = await startServerIn(mode, { grace: 2_000 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await control(server, 'reset');
  });
  afterAll(() => server.close());

  async function connected(uid: string): Promise<{ browser: Browser; ws: PushClient; ticket: string }> {
    const browser = new Browser(server.siteUrl, uid);
    const reply = await browser.online();
    const ws = await connectPush(mode, server, reply);
    clients.push(ws);
    return { browser, ws, ticket: reply.connection.ticket };
  }

  it('lists members with presence, joins (with a join presence) and leaves', async () => {
    const { ws: aliceWs } = await connected('alice');
    const { browser: erin, ticket } = await connected('erin');
    // Not a member yet: the public lobby's members are not erin's to list.
    expect((await erin.get('/webim/members', { id: 'lobby' })).status).toBe(403);
    const joined = (await erin.post('/webim/join', { id: 'lobby', ticket })).json<WireRoom>();
    expect(joined).toMatchObject({ id: 'lobby', nick: 'Lobby', all_count: 4, count: 2, blocked: false });
    expect(await aliceWs.inbox.presence('join', (p) => p.type === 'join')).toMatchObject({ from: 'erin', to: 'lobby' });
    const members = (await erin.get('/webim/members', { id: 'lobby' })).json<WireMember[]>();
    expect(members.map((m) => [m.id, m.presence])).toEqual([
      ['alice', 'online'],
      ['bob', 'offline'],
      ['carol', 'offline'],
      ['erin', 'online'],
    ]);
    // `ids` leaves out rooms erin is not in (dev is bob's and dave's).
    const map = (await erin.get('/webim/members', { ids: 'lobby,dev' })).json<Record<string, WireMember[]>>();
    expect(map.lobby.map((m) => m.id)).toContain('erin');
    expect(map.dev).toBeUndefined();
    expect((await erin.post('/webim/leave', { id: 'lobby', ticket })).text).toBe('"ok"');
    expect(await aliceWs.inbox.presence('leave', (p) => p.type === 'leave')).toMatchObject({
      from: 'erin',
      to: 'lobby',
    });
    const temp = (await erin.post('/webim/join', { id: 'party', nick: 'Party', ticket })).json<WireRoom>();
    expect(temp).toMatchObject({ id: 'party', nick: 'Party', temporary: true, all_count: 1 });
  });

  it('block stops room pushes and shows blocked:true; unblock restores them', async () => {
    const { browser: alice, ws: aliceWs, ticket } = await connected('alice');
    const { browser: bob, ticket: bobTicket } = await connected('bob');
    const { ws: carolWs } = await connected('carol');
    expect((await alice.post('/webim/block', { id: 'lobby', ticket })).text).toBe('"ok"');
    expect((await alice.get('/webim/rooms', { ids: 'lobby' })).json<WireRoom[]>()[0]).toMatchObject({
      id: 'lobby',
      blocked: true,
    });
    await bob.post('/webim/message', { type: 'grpchat', to: 'lobby', body: 'while blocked', ticket: bobTicket });
    await carolWs.inbox.message('carol still gets it', (m) => m.body === 'while blocked');
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'marker', ticket: bobTicket });
    await aliceWs.inbox.message('marker', (m) => m.body === 'marker');
    // Broker mode: the site revoked alice's room subscription when she blocked it, whatever her client does.
    expect(aliceWs.inbox.messages.map((m) => m.body)).toEqual(['marker']);
    // A later online keeps the room blocked.
    expect((await alice.online()).rooms?.find((r) => r.id === 'lobby')?.blocked).toBe(true);

    expect((await alice.post('/webim/unblock', { id: 'lobby', ticket })).text).toBe('"ok"');
    // A browser subscribes the room again once its store shows it unblocked.
    if (aliceWs instanceof MqttClient) expect(await aliceWs.subscribe('/domain/localhost/gid/lobby')).toEqual([1]);
    await bob.post('/webim/message', { type: 'grpchat', to: 'lobby', body: 'after unblock', ticket: bobTicket });
    await aliceWs.inbox.message('after unblock', (m) => m.body === 'after unblock');
  });
});

describe('pages and assets', () => {
  it('serves the demo page templated for the user, with avatars as SVG', async () => {
    for (const path of ['/?user=bob', '/demo/?user=bob', '/demo/index.html?user=bob']) {
      const r = await fetch(`${server.siteUrl}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await r.text();
      expect(html).toContain('content="bob"');
      expect(html).toContain(`content="${server.imUrl}"`);
      expect(html).not.toContain('{{');
    }
    const svg = await fetch(`${server.siteUrl}/demo/avatars/alice.svg`);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/<svg[^>]*>.*>A<\/text><\/svg>$/);
    expect((await fetch(`${server.siteUrl}/?user=mallory`)).status).toBe(404);
    expect((await fetch(`${server.siteUrl}/no-such-file.txt`)).status).toBe(404);
  });
});
