import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import { basic, Browser, rest, startServer, until, WsClient, control } from './helpers';

let server: MockServer;
const sockets: WsClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await control(server, 'reset');
});
afterAll(() => server.close());

/** A raw GET whose path is sent exactly as given (fetch would normalise `..`). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('message server REST refusals', () => {
  it('refuses a wrong apikey, a wrong domain, or no credentials with 401', async () => {
    for (const auth of [basic('localhost', 'wrong'), basic('other.example', 'mock-apikey'), '']) {
      const r = await rest(server.imUrl, 'presences/online', { name: 'alice', nick: 'Alice' }, auth);
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({ status: 'error', message: 'authentication failed' });
    }
  });

  it('refuses what a browser page could send: any Origin, and the default key under a name rebound to this machine', async () => {
    const url = new URL(server.imUrl);
    /** A raw POST with exactly these headers (fetch would not let a test set Host). */
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const body = new URLSearchParams({ from: 'admin', to: 'alice', body: 'phish', type: 'broadcast' }).toString();
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: '/v5/messages',
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(), ...headers },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // DNS rebinding: attacker.example now resolves to 127.0.0.1, so its page is same-origin with the server and
    // may send Basic credentials without a preflight. The browser still names the host and the page's origin.
    expect(await post({ host: `attacker.example:${url.port}`, origin: `http://attacker.example:${url.port}` })).toBe(
      401,
    );
    expect(await post({ host: `attacker.example:${url.port}` })).toBe(401);
    expect(await post({ host: url.host, origin: 'http://localhost' })).toBe(401);
    // The site's own call: no Origin, a loopback name.
    expect(await post({ host: url.host })).toBe(200);
    expect(await post({ host: `localhost:${url.port}` })).toBe(200);
  });

  it('accepts v3-style domain and apikey parameters', async () => {
    const r = await rest(
      server.imUrl,
      'presences/online',
      { domain: 'localhost', apikey: 'mock-apikey', name: 'zed', nick: 'Zed' },
      '',
    );
    expect(r.status).toBe(200);
    expect(r.json<{ ticket: string }>().ticket).toMatch(/^[0-9a-f]{32,}$/);
  });

  it('answers 404 invalid ticket for unknown tickets', async () => {
    const ticket = 'a'.repeat(32);
    for (const [path, params] of [
      ['presences/offline', {}],
      ['presences/show', { show: 'away' }],
      ['messages', { to: 'bob', body: 'x' }],
      ['statuses', { to: 'bob', show: 'typing' }],
      ['rooms/lobby/join', {}],
    ] as const) {
      const r = await rest(server.imUrl, path, { ticket, ...params });
      expect(r.status, path).toBe(404);
      expect(r.json()).toEqual({ status: 'error', message: 'invalid ticket' });
    }
  });

  it('answers 400 bad request for missing parameters, oversized and malformed bodies', async () => {
    expect((await rest(server.imUrl, 'presences/online', { nick: 'no name' })).json()).toMatchObject({
      status: 'error',
      message: 'bad request',
    });
    const big = await rest(server.imUrl, 'messages', { from: 'system', to: 'bob', body: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(400);
    expect(big.json()).toMatchObject({ status: 'error', message: 'bad request' });
    const post = (body: string, type: string) =>
      fetch(`${server.imUrl}/v5/messages`, {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': type },
        body,
      });
    expect((await post('{"to": "bob", ', 'application/json')).status).toBe(400);
    expect((await post('to=bob&body=%E0%A4%A', 'application/x-www-form-urlencoded')).status).toBe(400);
    // JSON bodies are fine when well-formed.
    expect((await post(JSON.stringify({ from: 'system', to: 'bob', body: 'hi' }), 'application/json')).status).toBe(
      200,
    );
  });

  it('accepts a 10,000-buddy roster upload but nothing past the roster limit', async () => {
    const buddies = Array.from({ length: 10_000 }, (_, i) => `u${String(i + 1).padStart(5, '0')}`).join(',');
    expect((await rest(server.imUrl, 'presences/online', { name: 'big', nick: 'Big', buddies })).status).toBe(200);
    const huge = await rest(server.imUrl, 'presences/online', { name: 'x', buddies: 'y,'.repeat(1_100_000) });
    expect(huge.status).toBe(400);
  });

  it('survives garbage on the wire', async () => {
    await new Promise<void>((resolve) => {
      const s = connect(Number(new URL(server.imUrl).port), '127.0.0.1', () => s.end('NOT HTTP AT ALL\r\n\r\n'));
      s.on('data', () => {});
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    expect(
      (await fetch(`${server.imUrl}/v5/presences?ids=alice`, { headers: { authorization: basic() } })).status,
    ).toBe(200);
  });
});

describe('community site refusals', () => {
  it('answers 401 without a known user', async () => {
    const none = await fetch(`${server.siteUrl}/webim/online`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ success: false, error_msg: 'not logged in' });
    expect((await new Browser(server.siteUrl, 'mallory').get('/webim/notifications')).status).toBe(401);
  });

  it("refuses a missing ticket (400), another user's ticket (404), and an oversized or malformed body (400)", async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const bob = new Browser(server.siteUrl, 'bob');
    const bobTicket = (await bob.online()).connection.ticket;
    expect((await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'x' })).status).toBe(400);
    const stolen = await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'x', ticket: bobTicket });
    expect(stolen.status).toBe(404);
    expect(stolen.json()).toEqual({ success: false, error_msg: 'invalid ticket' });
    expect((await alice.post('/webim/setting', { data: 'x'.repeat(70 * 1024) })).status).toBe(400);
    expect((await alice.post('/webim/setting', {}, { body: 'data=%zz' })).status).toBe(400);
    expect((await alice.post('/webim/setting', {}, { contentType: 'application/json', body: '{nope' })).status).toBe(
      400,
    );
    expect((await alice.post('/webim/setting', { data: '[1,2]' })).status).toBe(400);
  });

  it('refuses a message over 5000 characters and an unknown type', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const ticket = (await alice.online()).connection.ticket;
    expect(
      (await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'x'.repeat(5001), ticket })).status,
    ).toBe(400);
    expect((await alice.post('/webim/message', { type: 'chat', to: 'bob', body: 'x'.repeat(5000), ticket })).text).toBe(
      '"ok"',
    );
    expect((await alice.post('/webim/message', { type: 'shout', to: 'bob', body: 'x', ticket })).status).toBe(400);
  });

  it("passes on the message server's refusal as an error with its message", async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const ticket = (await alice.online()).connection.ticket;
    // The message server ends the ticket behind the site's back.
    await rest(server.imUrl, 'presences/offline', { ticket });
    const r = await alice.post('/webim/status', { to: 'bob', show: 'typing', ticket });
    expect(r.status).toBe(404);
    expect(r.json()).toEqual({ success: false, error_msg: 'invalid ticket' });
  });

  it('checks CSRF on every POST, whatever the cookies: the page token, or X-Requested-With', async () => {
    const page = await fetch(`${server.siteUrl}/?user=alice`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const token = /name="csrf-token" content="([0-9a-f]{64})"/.exec(html)?.[1];
    expect(token).toBeDefined();
    // No marker cookie that a page on another port could delete to switch the check off.
    expect(page.headers.getSetCookie().some((c) => c.startsWith('webim_csrf'))).toBe(false);
    const alice = new Browser(server.siteUrl, 'alice', [], { xhr: false });
    expect((await alice.post('/webim/online')).status).toBe(403);
    // A plain form post (what a cross-site page sends) with neither proof is refused, whatever it tries.
    expect((await alice.post('/webim/clear_history', { type: 'chat', id: 'bob' })).status).toBe(403);
    expect((await alice.post('/webim/setting', { data: '{"play_sound":false}' })).status).toBe(403);
    expect((await alice.post('/webim/online', { csrf_token: '' })).status).toBe(403);
    expect((await alice.post('/webim/online', { csrf_token: 'f'.repeat(64) })).json()).toEqual({
      success: false,
      error_msg: 'invalid csrf token',
    });
    // bob's token is not alice's.
    const bobHtml = await (await fetch(`${server.siteUrl}/?user=bob`)).text();
    const bobToken = /name="csrf-token" content="([0-9a-f]{64})"/.exec(bobHtml)?.[1] ?? '';
    expect((await alice.post('/webim/online', { csrf_token: bobToken })).status).toBe(403);
    expect((await alice.post('/webim/online', { csrf_token: token ?? '' })).status).toBe(200);
    // A wrong token is wrong even beside X-Requested-With; the header alone is the proof of a token-less client.
    const xhr = new Browser(server.siteUrl, 'alice');
    expect((await xhr.post('/webim/online', { csrf_token: bobToken })).status).toBe(403);
    expect((await xhr.post('/webim/online')).status).toBe(200);
    // Reads are not checked.
    expect((await alice.get('/webim/notifications')).status).toBe(200);
  });

  it('serves no file outside its directories', async () => {
    for (const path of [
      '/../package.json',
      '/demo/../../package.json',
      '/%2e%2e/package.json',
      '/dist/..%2f..%2fpackage.json',
      '/demo/%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      const r = await rawGet(server.siteUrl, path);
      expect(r.status, path).not.toBe(200);
      expect(r.body).not.toContain('"devDependencies"');
    }
  });
});

describe('WebSocket refusals', () => {
  it('answers an unknown ticket with stopped, then closes 4404', async () => {
    const ws = await WsClient.raw(`${server.imUrl.replace('http', 'ws')}/v5/wsocket`);
    ws.socket.send(`subscribe localhost ${'b'.repeat(32)}`);
    expect(await ws.closed).toEqual({ code: 4404, reason: 'invalid ticket' });
    expect(ws.frames).toEqual(['{"status":"stopped"}']);
  });

  it('closes 4400 on a malformed subscribe or a wrong domain', async () => {
    const conn = (await new Browser(server.siteUrl, 'alice').online()).connection;
    for (const frame of ['hello', 'subscribe', `subscribe elsewhere ${conn.ticket}`]) {
      const ws = await WsClient.raw(String(conn.websocket));
      ws.socket.send(frame);
      expect((await ws.closed).code, frame).toBe(4400);
    }
  });

  it('answers ping, and a newer socket for the same ticket replaces the older (4409)', async () => {
    const conn = (await new Browser(server.siteUrl, 'alice').online()).connection;
    const first = await WsClient.connect(conn);
    expect(first.frames).toEqual(['{"status":"ok"}']);
    first.socket.send('ping');
    await until('pong', () => first.frames.length === 2);
    expect(first.frames).toEqual(['{"status":"ok"}', '{"status":"ok"}']);
    const second = await WsClient.connect(conn);
    sockets.push(second);
    expect(await first.closed).toEqual({ code: 4409, reason: 'replaced' });
  });
});
