// Test doubles for the transports: a scriptable WebSocket class, a document whose <script> loads the test drives,
// and an event recorder. Nothing here talks to a network.
import type { Transport, TransportEnv, TransportEventMap } from '../../src/transport/types';

export type Recorded = { [E in keyof TransportEventMap]: [E, TransportEventMap[E]] }[keyof TransportEventMap];

/** Records every event of a transport in order. */
export function record(transport: Transport): Recorded[] {
  const log: Recorded[] = [];
  transport.on('open', (v) => log.push(['open', v]));
  transport.on('packet', (v) => log.push(['packet', v]));
  transport.on('error', (v) => log.push(['error', v]));
  transport.on('close', (v) => log.push(['close', v]));
  return log;
}

export const names = (log: Recorded[]): string[] => log.map(([name]) => name);

export const emptyPacket = { status: 'ok', messages: [], presences: [], statuses: [] } as const;

/** A wire message as a v5 server pushes it. */
export function wireMessage(body: string, from = 'bob', to = 'alice', timestamp = 1_700_000_000_000) {
  return { type: 'chat', from, to, nick: from, body, timestamp };
}

export class FakeSocket {
  readyState = 0;
  readonly sent: string[] = [];
  /** The code the client closed with, once it did. */
  clientCloseCode: number | undefined;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(
    readonly url: string,
    private readonly created: (socket: FakeSocket) => void,
  ) {
    created(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    this.sent.push(data);
  }

  close(code?: number): void {
    this.clientCloseCode = code ?? 1005;
    this.readyState = 3;
  }

  // Server side.
  serverOpen(): void {
    if (this.readyState === 3) return; // closed by the client while connecting: stays closed
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverSend(data: unknown): void {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    this.onmessage?.({ data: text } as MessageEvent);
  }

  serverSendBinary(): void {
    this.onmessage?.({ data: new ArrayBuffer(4) } as MessageEvent);
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '', wasClean: code !== 1006 } as CloseEvent);
  }

  serverError(): void {
    this.onerror?.(new Event('error'));
  }
}

/** A WebSocket class whose instances are collected in `sockets`. */
export function fakeWebSocketClass(onCreate: (socket: FakeSocket) => void = () => {}) {
  const sockets: FakeSocket[] = [];
  class FakeWebSocketClass extends FakeSocket {
    constructor(url: string) {
      super(url, (socket) => {
        sockets.push(socket);
        onCreate(socket);
      });
    }
  }
  return { WebSocket: FakeWebSocketClass as unknown as typeof WebSocket, sockets };
}

export class FakeScript {
  src = '';
  async = false;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  parent: FakeHead | null = null;

  remove(): void {
    this.parent?.removeChild(this);
  }

  /** The `callback` query parameter of `src`. */
  get callback(): string {
    return new URL(this.src).searchParams.get('callback') ?? '';
  }
}

export class FakeHead {
  readonly children: FakeScript[] = [];
  constructor(private readonly appended: (script: FakeScript) => void) {}
  appendChild(script: FakeScript): FakeScript {
    script.parent = this;
    this.children.push(script);
    this.appended(script);
    return script;
  }
  removeChild(script: FakeScript): void {
    const i = this.children.indexOf(script);
    if (i >= 0) this.children.splice(i, 1);
    script.parent = null;
  }
}

/** A document whose `<script>` elements load only when the test says so. */
export function fakeDocument(onAppend: (script: FakeScript) => void = () => {}) {
  const scripts: FakeScript[] = [];
  const head = new FakeHead((script) => {
    scripts.push(script);
    onAppend(script);
  });
  const document = {
    head,
    documentElement: head,
    location: { href: 'http://forum.example/thread/1' },
    defaultView: null,
    createElement(tag: string) {
      if (tag !== 'script') throw new Error(`unexpected element ${tag}`);
      return new FakeScript();
    },
  };
  return { document: document as unknown as Document, head, scripts };
}

/** Answers a poll the way a browser runs a JSONP reply: the callback runs, then `load` fires. */
export function answerScript(global: Record<string, unknown>, script: FakeScript, data: unknown): void {
  const callback = global[script.callback];
  if (typeof callback === 'function') callback(data);
  script.onload?.();
}

/** Everything a transport needs, faked. */
export function fakeEnv(): {
  env: TransportEnv;
  global: Record<string, unknown>;
  sockets: FakeSocket[];
  scripts: FakeScript[];
  head: FakeHead;
} {
  const { WebSocket, sockets } = fakeWebSocketClass();
  const { document, scripts, head } = fakeDocument();
  const global: Record<string, unknown> = {};
  // Microtasks at once: a test drives each answer and looks at the next poll right after it.
  return { env: { WebSocket, document, global, queueMicrotask: (fn) => fn() }, global, sockets, scripts, head };
}
