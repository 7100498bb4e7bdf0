import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/mock-server/index';
import { createMswHandlers } from '../../src/mock-server/msw';
import type { WireOnlineReply, WirePacket } from '../../src/protocol/types';
import { jsonpUrl, parseJsonp, until } from './helpers';

// The same engine, in-process: no port is opened; msw answers fetch() and WebSocket.
const engine = createEngine({ grace: 1_000, hold: 300, bigRoster: 20, controls: true, onError: () => {} });
const mock = setupServer(...createMswHandlers(engine));
const SITE = 'http://localhost';

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => engine.reset());
afterAll(() => {
  mock.close();
  engine.close();
});

const post = (uid: string, name: string, params: Record<string, string> = {}) =>
  fetch(`${SITE}/webim/${name}`, {
    method: 'POST',
    headers: {
      cookie: `webim_uid=${uid}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-requested-with': 'XMLHttpRequest',
    },
    body: new URLSearchParams(params).toString(),
  });

const online = async (uid: string, params: Record<string, string> = {}): Promise<WireOnlineReply> =>
  (await post(uid, 'online', params)).json() as Promise<WireOnlineReply>;

describe('msw handlers over the same engine', () => {
  it('answers /webim/online and routes a chat to a JSONP poll', async () => {
    const bob = await online('bob');
    expect(bob.success).toBe(true);
    expect(bob.connection.jsonpd).toBe(`${engine.options.imUrl}/v5/packets`);
    const alice = await online('alice', { buddy_ids: 'bob' });
    expect(alice.presences).toMatchObject({ bob: 'available' });
    expect(alice.histories?.bob).toHaveLength(6);

    const first = parseJsonp(await (await fetch(jsonpUrl(bob.connection))).text()); // alice's online presences
    expect(first.presences?.map((p) => p.type)).toEqual(['online', 'grponline']);
    const next = fetch(jsonpUrl(bob.connection)).then(async (r) => parseJsonp(await r.text()));
    expect(
      await (
        await post('alice', 'message', { type: 'chat', to: 'bob', body: 'via msw', ticket: alice.connection.ticket })
      ).text(),
    ).toBe('"ok"');
    expect((await next).messages?.[0]).toMatchObject({ from: 'alice', body: 'via msw' });
  });

  it('refuses like the real server: 401 without a user, 400 bad callback, stopped for a dead ticket', async () => {
    expect((await fetch(`${SITE}/webim/online`, { method: 'POST' })).status).toBe(401);
    const bob = await online('bob');
    expect((await fetch(jsonpUrl(bob.connection, 'alert(1)'))).status).toBe(400);
    expect(await (await fetch(jsonpUrl({ ...bob.connection, ticket: 'dead' }))).text()).toBe(
      'cb({"status":"stopped"});',
    );
    const rest = await fetch(`${engine.options.imUrl}/v5/presences/offline`, {
      method: 'POST',
      body: new URLSearchParams({ domain: 'localhost', apikey: 'nope', ticket: 'x' }),
    });
    expect(rest.status).toBe(401);
  });

  it('serves the WebSocket endpoint through ws.link()', async () => {
    const bob = await online('bob');
    const alice = await online('alice');
    const socket = new WebSocket(String(bob.connection.websocket));
    const frames: WirePacket[] = [];
    socket.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data)) as WirePacket));
    await new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()));
    socket.send(`subscribe ${bob.connection.domain} ${bob.connection.ticket}`);
    await until('ack and queued presences', () => frames.length >= 2);
    expect(frames[0]).toEqual({ status: 'ok' });
    await post('alice', 'message', { type: 'chat', to: 'bob', body: 'over ws.link', ticket: alice.connection.ticket });
    await until('message frame', () => frames.some((f) => f.messages?.[0]?.body === 'over ws.link'));
    expect(engine.state().users.bob.subscribers).toEqual([{ id: expect.any(String), transport: 'websocket' }]);

    const closed = new Promise<number>((resolve) => socket.addEventListener('close', (e) => resolve(e.code)));
    await fetch(`${SITE}/mock/drop`, { method: 'POST', headers: { 'x-mock-secret': engine.controlsSecret ?? '' } });
    expect(await closed).toBe(1012);
  });

  it('acts as defaultUser when a request has no cookie', async () => {
    const scoped = setupServer(...createMswHandlers(engine, { defaultUser: 'carol', siteOrigin: 'http://shop.test' }));
    mock.close();
    scoped.listen({ onUnhandledRequest: 'error' });
    try {
      const r = await fetch('http://shop.test/webim/notifications');
      expect(await r.json()).toEqual([expect.objectContaining({ text: 'Alice sent you a friend request' })]);
    } finally {
      scoped.close();
      mock.listen({ onUnhandledRequest: 'error' });
    }
  });
});
