import {
  createEngine,
  type Engine,
  type EngineOptions,
  type MockRequest,
  type PushSocket,
  type SetTimer,
} from '../../src/mock-server/index';
import type { WireOnlineReply, WirePacket } from '../../src/protocol/types';

/** A clock and scheduler the test moves by hand. Timers due at the same instant run in the order they were set. */
export class FakeClock {
  t = Date.UTC(2026, 0, 1);
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  readonly now = (): number => this.t;

  readonly setTimer: SetTimer = (fn, ms) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return () => {
      this.timers.delete(id);
    };
  };

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
}

/** Lets pending promise callbacks (in-process REST calls) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let counter = 0;
export function testEngine(clock: FakeClock, options: EngineOptions = {}): Engine {
  return createEngine({
    now: clock.now,
    setTimer: clock.setTimer,
    randomHex: (bytes) => (++counter).toString(16).padStart(bytes * 2, '0'),
    bigRoster: 20,
    grace: 1_000,
    hold: 500,
    pollGap: 2_000,
    keepalive: 700,
    controls: true,
    onError: (e) => {
      throw e;
    },
    ...options,
  });
}

export function request(
  method: string,
  path: string,
  params: Record<string, string> = {},
  cookie?: string,
  headers: Record<string, string> = {},
): MockRequest {
  const body = method === 'GET' ? '' : new URLSearchParams(params).toString();
  return {
    method,
    path,
    query: method === 'GET' ? new URLSearchParams(params) : new URLSearchParams(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
    body,
  };
}

/** A `/mock/<name>` control request carrying the engine's secret. */
export function controlRequest(engine: Engine, name: string, params: Record<string, string> = {}): MockRequest {
  return request('POST', `/mock/${name}`, params, undefined, { 'x-mock-secret': engine.controlsSecret ?? '' });
}

/** A `/webim/<name>` call as `uid`. */
export async function call(
  engine: Engine,
  uid: string,
  name: string,
  params: Record<string, string> = {},
  method = 'POST',
): Promise<{ status: number; body: string }> {
  // As the SDK sends a write when its page has no CSRF token: with `X-Requested-With`.
  const res = await engine.handleSite(
    request(method, `/webim/${name}`, params, `webim_uid=${uid}`, { 'x-requested-with': 'XMLHttpRequest' }),
  );
  if (!res) throw new Error(`no route for ${name}`);
  return { status: res.status, body: res.body };
}

export async function online(
  engine: Engine,
  uid: string,
  params: Record<string, string> = {},
): Promise<WireOnlineReply> {
  const res = await call(engine, uid, 'online', params);
  if (res.status !== 200) throw new Error(res.body);
  return JSON.parse(res.body) as WireOnlineReply;
}

/** A server-side socket as the engine sees it; records frames and the close. */
export class FakeSocket implements PushSocket {
  readonly frames: string[] = [];
  closed: { code: number; reason: string } | null = null;

  send(text: string): boolean {
    if (this.closed) return false;
    this.frames.push(text);
    return true;
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  get packets(): WirePacket[] {
    return this.frames.map((f) => JSON.parse(f) as WirePacket);
  }

  presences(from?: string): string[] {
    return this.packets
      .flatMap((p) => p.presences ?? [])
      .filter((p) => !from || p.from === from)
      .map((p) => p.type);
  }
}

/** Opens a socket session and subscribes it. */
export function subscribe(
  engine: Engine,
  ticket: string,
): { socket: FakeSocket; session: ReturnType<Engine['openSocket']> } {
  const socket = new FakeSocket();
  const session = engine.openSocket(socket);
  session.onText(`subscribe ${engine.options.domain} ${ticket}`);
  return { socket, session };
}
