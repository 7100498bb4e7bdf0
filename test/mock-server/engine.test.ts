import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/mock-server/engine/engine';
import { hmacSha256Hex } from '../../src/mock-server/engine/hmac';
import {
  call,
  controlRequest,
  FakeClock,
  FakeSocket,
  online,
  request,
  settle,
  subscribe,
  testEngine,
} from './engine-support';

const GRACE = 1_000;
const HOLD = 500;
const POLL_GAP = 2_000;

describe('engine timing (fake clock)', () => {
  it('announces offline exactly one grace period after the last socket closes', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const bob = subscribe(engine, (await online(engine, 'bob')).connection.ticket);
    const alice = subscribe(engine, (await online(engine, 'alice')).connection.ticket);
    expect(bob.socket.presences('alice')).toEqual(['online', 'grponline']);

    alice.session.onClose();
    clock.advance(GRACE - 1);
    expect(bob.socket.presences('alice')).toEqual(['online', 'grponline']);
    clock.advance(1);
    expect(bob.socket.presences('alice')).toEqual(['online', 'grponline', 'offline', 'grpoffline']);
    expect(engine.state().users.alice).toBeUndefined();
  });

  it('a re-subscribe or a second ticket within the grace period keeps the user online', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const bob = subscribe(engine, (await online(engine, 'bob')).connection.ticket);
    const ticket = (await online(engine, 'alice')).connection.ticket;
    subscribe(engine, ticket).session.onClose();
    clock.advance(GRACE - 1);
    subscribe(engine, ticket); // the same page re-subscribes
    clock.advance(10 * GRACE);
    const second = subscribe(engine, (await online(engine, 'alice')).connection.ticket);
    expect(engine.im.hub.get(ticket)).toBeDefined(); // the first ticket lives on next to the new one
    second.session.onClose();
    clock.advance(10 * GRACE);
    expect(bob.socket.presences('alice')).toEqual(['online', 'grponline']);
  });

  it('holds a poll exactly `hold` ms, then answers it empty', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const conn = (await online(engine, 'erin')).connection;
    let answer: string | undefined;
    void engine
      .handleIm(request('GET', '/v5/packets', { domain: conn.domain, ticket: conn.ticket, callback: 'cb' }))
      .then((r) => {
        answer = r.body;
      });
    clock.advance(HOLD - 1);
    await settle();
    expect(answer).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(answer).toBe('cb({"status":"ok"});');
  });

  it('counts a JSONP ticket as connected for pollGap after its last answer, then gives it the grace period', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const bob = subscribe(engine, (await online(engine, 'bob')).connection.ticket);
    const conn = (await online(engine, 'alice')).connection;
    void engine.handleIm(request('GET', '/v5/packets', { domain: conn.domain, ticket: conn.ticket, callback: 'cb' }));
    clock.advance(HOLD); // answered empty; alice's page never polls again
    expect(engine.state().users.alice.subscribers).toEqual([{ id: expect.any(String), transport: 'jsonp' }]);
    clock.advance(POLL_GAP + GRACE - 1);
    expect(bob.socket.presences('alice')).toEqual(['online', 'grponline']);
    expect(engine.state().users.alice.subscribers).toEqual([]); // past pollGap: in its grace period
    clock.advance(1);
    expect(bob.socket.presences('alice')).toContain('offline');
  });

  it('expires a ticket that never connects after pollGap + grace', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const bob = subscribe(engine, (await online(engine, 'bob')).connection.ticket);
    await online(engine, 'alice');
    clock.advance(POLL_GAP + GRACE - 1);
    expect(bob.socket.presences('alice')).not.toContain('offline');
    clock.advance(1);
    expect(bob.socket.presences('alice')).toContain('offline');
  });

  it('refresh skips the between-polls allowance of a JSONP page', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const bob = subscribe(engine, (await online(engine, 'bob')).connection.ticket);
    const ticket = (await online(engine, 'alice')).connection.ticket;
    void engine.handleIm(request('GET', '/v5/packets', { domain: 'localhost', ticket, callback: 'cb' }));
    clock.advance(HOLD); // answered; the page is between polls
    expect((await call(engine, 'alice', 'refresh', { ticket })).body).toBe('"ok"');
    clock.advance(GRACE - 1);
    expect(bob.socket.presences('alice')).not.toContain('offline');
    clock.advance(1); // well before pollGap
    expect(bob.socket.presences('alice')).toContain('offline');
  });

  it('refresh never cuts a live WebSocket short; the grace period starts when it closes', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const bob = subscribe(engine, (await online(engine, 'bob')).connection.ticket);
    const ticket = (await online(engine, 'alice')).connection.ticket;
    const alice = subscribe(engine, ticket);
    await call(engine, 'alice', 'refresh', { ticket }); // e.g. another tab sharing the ticket left
    clock.advance(10 * GRACE);
    expect(alice.socket.closed).toBeNull();
    expect(bob.socket.presences('alice')).not.toContain('offline');
    alice.session.onClose();
    clock.advance(GRACE);
    expect(bob.socket.presences('alice')).toContain('offline');
  });

  it('sends keep-alives every keepalive ms and closes sockets that never subscribe', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock, { subscribeTimeout: 3_000 });
    const { socket } = subscribe(engine, (await online(engine, 'erin')).connection.ticket);
    expect(socket.frames).toEqual(['{"status":"ok"}']);
    clock.advance(700 * 3);
    expect(socket.frames).toEqual(Array(4).fill('{"status":"ok"}'));

    const silent = subscribe(engine, 'x'); // not even a valid subscribe target
    expect(silent.socket.closed).toEqual({ code: 4404, reason: 'invalid ticket' });
    const idle = new FakeSocket();
    engine.openSocket(idle);
    clock.advance(2_999);
    expect(idle.closed).toBeNull();
    clock.advance(1);
    expect(idle.closed).toEqual({ code: 4400, reason: 'subscribe timeout' });
  });

  it('keeps at most queueLimit packets for a ticket with nothing attached, the newest ones', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock, { queueLimit: 5 });
    const erin = (await online(engine, 'erin')).connection;
    for (let i = 0; i < 8; i++) {
      await engine.handleIm({
        ...request('POST', '/v5/messages', {
          domain: 'localhost',
          apikey: 'mock-apikey',
          from: 'system',
          to: 'erin',
          body: `n${i}`,
        }),
      });
    }
    const res = await engine.handleIm(
      request('GET', '/v5/packets', { domain: erin.domain, ticket: erin.ticket, callback: 'cb' }),
    );
    const packet = JSON.parse(res.body.slice(3, -2)) as { messages: Array<{ body: string }> };
    expect(packet.messages.map((m) => m.body)).toEqual(['n3', 'n4', 'n5', 'n6', 'n7']);
  });

  it('paces a presence storm on the injected clock', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock);
    const big = subscribe(engine, (await online(engine, 'big')).connection.ticket);
    const res = await engine.handleSite(
      controlRequest(engine, 'storm', { user: 'big', rate: '10', seconds: '2', batch: '5' }),
    );
    expect(JSON.parse(res?.body ?? '')).toMatchObject({ total: 20, packets: 4, intervalMs: 500 });
    const count = (): number => big.socket.packets.filter((p) => p.presences?.length).length;
    clock.advance(0);
    expect(count()).toBe(1);
    clock.advance(499);
    expect(count()).toBe(1);
    clock.advance(1);
    expect(count()).toBe(2);
    clock.advance(1_000);
    expect(count()).toBe(4);
    clock.advance(10_000);
    expect(count()).toBe(4);
  });

  it('tickets are 128 bits of the injected randomness', async () => {
    const clock = new FakeClock();
    const engine = testEngine(clock, { randomHex: (bytes) => 'ab'.repeat(bytes) });
    expect((await online(engine, 'erin')).connection.ticket).toBe('ab'.repeat(16));
  });
});

describe('hmac', () => {
  it('matches node:crypto for short, long, and non-ASCII keys and data', () => {
    const cases: Array<[string, string]> = [
      ['secret', 'alice'],
      ['', ''],
      ['k'.repeat(100), 'x'.repeat(1000)],
      ['ключ', 'данные'],
      ['a'.repeat(64), 'b'.repeat(55)],
      ['z', 'y'.repeat(56)],
    ];
    for (const [key, data] of cases)
      expect(hmacSha256Hex(key, data)).toBe(createHmac('sha256', key).update(data).digest('hex'));
  });
});

describe('csrf tokens', () => {
  it("are the HMAC of the user's id under the engine's secret, computed once, past the cache's bound too", () => {
    const secret = 'csrf-test-secret';
    const engine = createEngine({ secret });
    const expected = (uid: string) => createHmac('sha256', secret).update(uid).digest('hex');
    expect(engine.site.csrfToken('alice')).toBe(expected('alice'));
    expect(engine.site.csrfToken('alice')).toBe(expected('alice'));
    expect(engine.site.csrfToken('bob')).not.toBe(engine.site.csrfToken('alice'));
    // More users than the cache keeps: it starts over, and every answer stays right.
    for (let i = 0; i < 10_005; i++) engine.site.csrfToken(`u${i}`);
    for (const uid of ['alice', 'u0', 'u9999', 'u10004']) expect(engine.site.csrfToken(uid)).toBe(expected(uid));
    engine.close();
  });
});
