import { fileURLToPath } from 'node:url';
import { type MockServer, type MockServerOptions, type MockState, startMockServer } from '../../src/mock-server/index';
import type {
  WireConnection,
  WireMessage,
  WireOnlineReply,
  WirePacket,
  WirePresence,
  WireStatus,
} from '../../src/protocol/types';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Pages the tests rely on (templating, CSRF), independent of the demo site's content. */
export const FIXTURE_SITE = fileURLToPath(new URL('./fixtures/site', import.meta.url));

/** Short timings so grace and hold are observable in a fast test; every test can override them. */
export function startServer(options: MockServerOptions = {}): Promise<MockServer> {
  const staticDirs = { '/dist/': `${ROOT}dist`, '/demo/': FIXTURE_SITE, '/': FIXTURE_SITE };
  return startMockServer({
    port: 0,
    imPort: 0,
    grace: 300,
    hold: 400,
    keepalive: 60_000,
    root: ROOT,
    staticDirs,
    onError: () => {},
    // Tests ask for the test controls explicitly (they are off by default) and reach them through `control()`.
    controls: true,
    ...options,
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Re-checks `probe` until it yields a value, or fails with `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export interface Res {
  status: number;
  text: string;
  headers: Headers;
  json<T = unknown>(): T;
}

async function toRes(r: Response): Promise<Res> {
  const text = await r.text();
  return { status: r.status, text, headers: r.headers, json: <T>() => JSON.parse(text) as T };
}

/**
 * A browser logged in on the site by cookie (`webim_uid`), optionally with extra cookies. Its POSTs carry
 * `X-Requested-With` as the SDK's do when the page gives it no CSRF token; `{ xhr: false }` makes it a plain
 * form post (what a cross-site page can send).
 */
export class Browser {
  constructor(
    readonly site: string,
    readonly uid: string,
    readonly extraCookies: string[] = [],
    readonly options: { xhr?: boolean } = {},
  ) {}

  private cookie(): string {
    return [`webim_uid=${encodeURIComponent(this.uid)}`, ...this.extraCookies].join('; ');
  }

  async get(path: string, query: Record<string, string> = {}): Promise<Res> {
    const qs = new URLSearchParams(query).toString();
    return toRes(await fetch(`${this.site}${path}${qs ? `?${qs}` : ''}`, { headers: { cookie: this.cookie() } }));
  }

  async post(
    path: string,
    params: Record<string, string> = {},
    init: { contentType?: string; body?: string } = {},
  ): Promise<Res> {
    return toRes(
      await fetch(`${this.site}${path}`, {
        method: 'POST',
        headers: {
          cookie: this.cookie(),
          'content-type': init.contentType ?? 'application/x-www-form-urlencoded',
          ...(this.options.xhr === false ? {} : { 'x-requested-with': 'XMLHttpRequest' }),
        },
        body: init.body ?? new URLSearchParams(params).toString(),
      }),
    );
  }

  async online(params: Record<string, string> = {}): Promise<WireOnlineReply> {
    const res = await this.post('/webim/online', params);
    if (res.status !== 200) throw new Error(`online failed: ${res.status} ${res.text}`);
    return res.json<WireOnlineReply>();
  }
}

/** Packets a push client received, with flattened views. */
export class Inbox {
  readonly packets: WirePacket[] = [];

  get messages(): WireMessage[] {
    return this.packets.flatMap((p) => p.messages ?? []);
  }

  get presences(): WirePresence[] {
    return this.packets.flatMap((p) => p.presences ?? []);
  }

  get statuses(): WireStatus[] {
    return this.packets.flatMap((p) => p.statuses ?? []);
  }

  message(what: string, match: (m: WireMessage) => boolean, ms?: number): Promise<WireMessage> {
    return until(`message: ${what}`, () => this.messages.find(match), ms);
  }

  presence(what: string, match: (p: WirePresence) => boolean, ms?: number): Promise<WirePresence> {
    return until(`presence: ${what}`, () => this.presences.find(match), ms);
  }
}

const hasContent = (p: WirePacket): boolean => !!(p.messages?.length || p.presences?.length || p.statuses?.length);

/** A WebSocket push client speaking `subscribe <domain> <ticket>`. */
export class WsClient {
  readonly inbox = new Inbox();
  readonly frames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private ticket = '';

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (e) => {
      const text = String(e.data);
      this.frames.push(text);
      const packet = JSON.parse(text) as WirePacket;
      if (hasContent(packet)) this.inbox.packets.push(packet);
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })),
    );
  }

  /** Opens a socket without subscribing (for protocol error tests). */
  static async raw(url: string): Promise<WsClient> {
    const socket = new WebSocket(url);
    const client = new WsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('websocket failed to open')));
    });
    return client;
  }

  /** Opens, subscribes and waits for the ack frame. */
  static async connect(conn: WireConnection): Promise<WsClient> {
    const client = await WsClient.raw(String(conn.websocket));
    client.ticket = conn.ticket;
    client.socket.send(`subscribe ${conn.domain} ${conn.ticket}`);
    await until('websocket ack', () => client.frames.length > 0);
    return client;
  }

  /** The ticket this client subscribed with. */
  ticketOf(): string {
    return this.ticket;
  }

  close(): void {
    this.socket.close();
  }
}

/** Parses `cb({...});` without evaluating it. */
export function parseJsonp(text: string, callback = 'cb'): WirePacket {
  const prefix = `${callback}(`;
  if (!text.startsWith(prefix) || !text.endsWith(');')) throw new Error(`not a JSONP answer: ${text}`);
  return JSON.parse(text.slice(prefix.length, -2)) as WirePacket;
}

export function jsonpUrl(conn: WireConnection, callback = 'cb'): string {
  const q = new URLSearchParams({ domain: conn.domain, ticket: conn.ticket, callback, _: String(Date.now()) });
  return `${conn.jsonpd ?? conn.server}?${q}`;
}

/** One long-poll; `signal` aborts it. */
export async function poll(conn: WireConnection, signal?: AbortSignal): Promise<WirePacket> {
  const r = await fetch(jsonpUrl(conn), signal ? { signal } : {});
  return parseJsonp(await r.text());
}

/** A JSONP push client that keeps one poll outstanding, like the SDK's transport. */
export class JsonpClient {
  readonly inbox = new Inbox();
  stopped = false;
  private readonly abort = new AbortController();
  private readonly loop: Promise<void>;

  constructor(readonly conn: WireConnection) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let packet: WirePacket;
      try {
        packet = await poll(this.conn, this.abort.signal);
      } catch {
        return;
      }
      if (packet.status === 'stopped') {
        this.stopped = true;
        return;
      }
      if (hasContent(packet)) this.inbox.packets.push(packet);
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}

/** Basic auth header of the mock message server's default credentials. */
export function basic(domain = 'localhost', apikey = 'mock-apikey'): string {
  return `Basic ${Buffer.from(`${domain}:${apikey}`).toString('base64')}`;
}

/** A POST to the message server's REST API. */
export async function rest(im: string, path: string, params: Record<string, string>, auth = basic()): Promise<Res> {
  return toRes(
    await fetch(`${im}/v5/${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

/**
 * A request to the server's test controls (`/mock/<name>`), with the secret they need. POSTs a form (or JSON with
 * `{ json: true }`); `GET` with `{ method: 'GET' }`.
 */
export async function control(
  server: MockServer,
  name: string,
  params: Record<string, string | number> = {},
  init: { json?: boolean; method?: 'GET' | 'POST' } = {},
): Promise<Res> {
  const headers: Record<string, string> = { 'x-mock-secret': server.controlsSecret ?? '' };
  if (init.method === 'GET') return toRes(await fetch(`${server.siteUrl}/mock/${name}`, { headers }));
  headers['content-type'] = init.json ? 'application/json' : 'application/x-www-form-urlencoded';
  const body = init.json
    ? JSON.stringify(params)
    : new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return toRes(await fetch(`${server.siteUrl}/mock/${name}`, { method: 'POST', headers, body }));
}

/** `GET /mock/state` through the controls' secret. */
export async function mockState(server: MockServer): Promise<MockState> {
  const res = await control(server, 'state', {}, { method: 'GET' });
  if (res.status !== 200) throw new Error(`/mock/state: ${res.status} ${res.text}`);
  return res.json<MockState>();
}
