// The transports against the project's mock backend (community site + message server on real sockets).
// The file runs in node (real fetch and WebSocket, which the mock server needs too); JSONP runs its <script>s in a
// happy-dom Window of its own, handed to the transport as `env.document`.
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMockServer } from '../../src/mock-server';
import type { MockServer } from '../../src/mock-server';
import { normalizeOnlineReply } from '../../src/protocol/online';
import type { Connection, Packet } from '../../src/protocol/types';
import {
  createAutoTransport,
  createJsonpTransport,
  createTransportMemory,
  createWebSocketTransport,
} from '../../src/transport/create';
import type { Transport, TransportEnv } from '../../src/transport/types';

let server: MockServer;
let page: Window;
/** The forum page JSONP runs in: its document gets the scripts, its window the callbacks. */
let pageEnv: TransportEnv;

beforeAll(async () => {
  // A short hold so an idle poll comes back quickly; everything else as deployed.
  server = await startMockServer({ port: 0, imPort: 0, hold: 2_000 });
  page = new Window({
    url: `${server.siteUrl}/`,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  pageEnv = { document: page.document as unknown as Document };
});

afterAll(async () => {
  await page?.happyDOM.close();
  await server?.close();
});

/** POSTs a form to the site as the user named by the `webim_uid` cookie; resolves with the body text. */
async function sitePost(path: string, uid: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${server.siteUrl}/webim/${path}`, {
    method: 'POST',
    headers: {
      cookie: `webim_uid=${uid}`,
      'content-type': 'application/x-www-form-urlencoded',
      // No page token here: the header a cross-site form cannot send is what passes the CSRF check.
      'x-requested-with': 'XMLHttpRequest',
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${text}`);
  return text;
}

async function online(uid: string): Promise<Connection> {
  const { reply, errors } = normalizeOnlineReply(JSON.parse(await sitePost('online', uid, { show: 'available' })));
  expect(errors).toEqual([]);
  return reply.connection;
}

function send(from: Connection, fromUid: string, to: string, body: string): Promise<string> {
  return sitePost('message', fromUid, {
    ticket: from.ticket,
    type: 'chat',
    to,
    body,
    timestamp: String(Date.now()),
  });
}

/** Collects every message body a transport delivers. */
function bodiesOf(transport: Transport): string[] {
  const bodies: string[] = [];
  transport.on('packet', (packet: Packet) => bodies.push(...packet.messages.map((m) => m.body)));
  return bodies;
}

function opened(transport: Transport): Promise<void> {
  return new Promise((resolve, reject) => {
    transport.on('open', () => resolve());
    transport.on('close', (c) => reject(new Error(`closed before open: ${c.reason}`)));
  });
}

describe('transports against the mock server', () => {
  let alice: Connection;
  let bob: Connection;

  beforeAll(async () => {
    alice = await online('alice');
    bob = await online('bob');
  });

  it('the online reply offers both push URLs', () => {
    expect(alice.websocket).toMatch(/^(ws|http)s?:\/\//);
    expect(alice.jsonpd).toMatch(/^https?:\/\//);
    expect(alice.ticket).not.toBe(bob.ticket);
  });

  it("WebSocket: bob → alice arrives on alice's socket", async () => {
    const transport = createWebSocketTransport();
    const bodies = bodiesOf(transport);
    transport.connect(alice);
    await opened(transport);
    expect(transport.kind).toBe('websocket');
    expect(await send(bob, 'bob', 'alice', 'hello over websocket')).toBe('"ok"');
    await vi.waitFor(() => expect(bodies).toContain('hello over websocket'), { timeout: 5_000 });
    transport.close();
  });

  it("JSONP (happy-dom scripts): bob → alice arrives on alice's long poll", async () => {
    const transport = createJsonpTransport({ env: pageEnv });
    const bodies = bodiesOf(transport);
    const closes: string[] = [];
    transport.on('close', (c) => closes.push(c.reason));
    transport.connect(alice);
    await opened(transport); // the first answer: queued presence or an empty hold expiry
    expect(await send(bob, 'bob', 'alice', 'hello over jsonp')).toBe('"ok"');
    await vi.waitFor(() => expect(bodies).toContain('hello over jsonp'), { timeout: 8_000 });
    expect(closes).toEqual([]);
    expect(page.document.head.querySelectorAll('script')).toHaveLength(1); // just the poll in flight
    transport.close();
  });

  it.each([
    ['WebSocket', () => createWebSocketTransport()],
    ['JSONP', () => createJsonpTransport({ env: pageEnv })],
  ])('%s: an unknown ticket closes with stopped', async (_, create) => {
    const transport = create();
    const events: string[] = [];
    transport.on('open', () => events.push('open'));
    const closed = new Promise((resolve) => transport.on('close', resolve));
    transport.connect({ ...alice, ticket: 'no-such-ticket' });
    expect(await closed).toEqual({ reason: 'stopped', wasOpen: false });
    expect(events).toEqual([]);
  });

  it('auto: starts on JSONP, switches to WebSocket by a probe, and loses nothing on the way', async () => {
    const carol = await online('carol');
    const transport = createAutoTransport({
      env: pageEnv,
      probeIntervalMs: 1_000,
      memory: { ...createTransportMemory(), websocketOpenFailures: 2 },
    });
    const bodies = bodiesOf(transport);
    const closes: string[] = [];
    transport.on('close', (c) => closes.push(c.reason));
    transport.connect(alice);
    expect(transport.kind).toBe('jsonp');
    const sent: string[] = [];
    let sentOverWebSocket = 0;
    // Keep carol talking across the switch: before, during and after the probe.
    for (let i = 0; sentOverWebSocket < 3; i++) {
      expect(i, 'the probe never took over').toBeLessThan(100);
      const carrier = transport.kind;
      const body = `carol ${i} (${carrier})`;
      sent.push(body);
      expect(await send(carol, 'carol', 'alice', body)).toBe('"ok"');
      if (carrier === 'websocket') sentOverWebSocket++;
      else await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(sent.filter((body) => body.endsWith('(jsonp)')).length).toBeGreaterThan(0);
    expect(transport.kind).toBe('websocket');
    await vi.waitFor(() => expect(new Set(bodies)).toEqual(new Set(sent)), { timeout: 8_000 });
    expect(closes).toEqual([]);
    transport.close();
  });
});
