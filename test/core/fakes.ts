import { vi } from 'vitest';
import { ApiError, type ApiCall, type HistoryParams, type SendParams, type WebIMApi } from '../../src/api/types';
import { messageId } from '../../src/protocol/keys';
import type {
  Buddy,
  Connection,
  Message,
  MessageType,
  OnlineReply,
  Packet,
  RoomMember,
  Settings,
  Show,
  SiteNotification,
  SyncReply,
} from '../../src/protocol/types';
import type {
  CloseReason,
  Transport,
  TransportEventMap,
  TransportKind,
  TransportOptions,
  TransportPreference,
} from '../../src/transport/types';

/* ---------------------------------------------- transports ---------------------------------------------- */

/** A push transport driven by the test: `open()`, `push()`, `drop()`. */
export interface FakeTransport extends Transport {
  connection: Connection | null;
  closed: boolean;
  open(kind?: TransportKind): void;
  /** `auto` moved to another carrier without a new `open`. */
  switchTo(kind: TransportKind): void;
  push(packet: Partial<Packet>): void;
  error(error: TransportEventMap['error']): void;
  /** The server side ends it (emits `close`). */
  drop(reason: CloseReason, wasOpen?: boolean): void;
}

export function createFakeTransport(preference: TransportPreference = 'auto'): FakeTransport {
  const listeners = new Map<keyof TransportEventMap, Set<(v: never) => void>>();
  let state: 'idle' | 'connecting' | 'open' | 'closed' = 'idle';
  let kind: TransportKind = preference === 'jsonp' ? 'jsonp' : 'websocket';
  const emit = <E extends keyof TransportEventMap>(event: E, value: TransportEventMap[E]) => {
    for (const l of [...(listeners.get(event) ?? [])]) (l as (v: TransportEventMap[E]) => void)(value);
  };
  const t: FakeTransport = {
    connection: null,
    closed: false,
    get kind() {
      return kind;
    },
    connect(connection) {
      t.connection = connection;
      state = 'connecting';
    },
    close() {
      if (state === 'closed') return;
      const wasOpen = state === 'open';
      state = 'closed';
      t.closed = true;
      emit('close', { reason: 'client', wasOpen });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (v: never) => void);
      return () => set.delete(listener as (v: never) => void);
    },
    open(k = kind) {
      kind = k;
      state = 'open';
      emit('open', { kind });
    },
    switchTo(k) {
      kind = k;
    },
    push(packet) {
      emit('packet', { status: 'ok', messages: [], presences: [], statuses: [], ...packet });
    },
    error(error) {
      emit('error', error);
    },
    drop(reason, wasOpen = state === 'open') {
      state = 'closed';
      t.closed = true;
      emit('close', { reason, wasOpen });
    },
  };
  return t;
}

/** A transport factory that records every transport it made. */
export function fakeTransports() {
  const made: FakeTransport[] = [];
  const options: TransportOptions[] = [];
  return {
    made,
    options,
    factory: (preference: TransportPreference, o: TransportOptions): Transport => {
      const t = createFakeTransport(preference);
      made.push(t);
      options.push(o);
      return t;
    },
    get last(): FakeTransport {
      const t = made.at(-1);
      if (!t) throw new Error('no transport yet');
      return t;
    },
  };
}

/* --------------------------------------------------- API --------------------------------------------------- */

type Handler = (...args: never[]) => unknown;

/**
 * A WebIMApi whose methods are vi.fn()s: by default they succeed (online answers `reply()`), and a test can make
 * any of them fail or hang with `mockImplementationOnce`.
 */
export function createFakeApi(reply: () => OnlineReply = () => onlineReply()) {
  let tickets = 0;
  const api = {
    ticket: undefined as string | undefined,
    online: vi.fn(async () => {
      const r = reply();
      const connection = { ...r.connection, ticket: `ticket-${++tickets}` };
      api.ticket = connection.ticket;
      return { ...r, connection };
    }),
    offline: vi.fn(async (): Promise<void> => undefined),
    refresh: vi.fn(async (_o?: { beacon?: boolean }): Promise<void> => undefined),
    message: vi.fn(async (_p: SendParams): Promise<void> => undefined),
    status: vi.fn(async (_p: { to: string; show: 'typing' | 'clear' }): Promise<void> => undefined),
    presence: vi.fn(async (_p: { show: Show; status?: string }): Promise<void> => undefined),
    setting: vi.fn(async (_d: Partial<Settings>): Promise<void> => undefined),
    buddies: vi.fn(async (ids: string[]): Promise<Buddy[]> =>
      ids.map((id) => ({
        id,
        nick: id.toUpperCase(),
        presence: 'online',
        show: 'available',
        incomplete: false,
        visitor: false,
      })),
    ),
    rooms: vi.fn(async () => []),
    join: vi.fn(async (p: { id: string }) => ({
      id: p.id,
      nick: p.id,
      allCount: 3,
      count: 1,
      blocked: false,
      temporary: false,
    })),
    leave: vi.fn(async (_p: { id: string; nick?: string }): Promise<void> => undefined),
    members: vi.fn(async (_id: string): Promise<RoomMember[]> => []),
    histories: vi.fn(async (_p: HistoryParams): Promise<Message[]> => []),
    // A server without the `sync` extension (override per test for one that has it).
    sync: vi.fn(async (_p: { since?: string; limit?: number }): Promise<SyncReply> => {
      throw new ApiError('http', 'sync', 'sync: no such call', 404);
    }),
    clearHistory: vi.fn(async (_p: { id: string; type: MessageType }): Promise<void> => undefined),
    notifications: vi.fn(async (): Promise<SiteNotification[]> => []),
    block: vi.fn(async (_id: string): Promise<void> => undefined),
    unblock: vi.fn(async (_id: string): Promise<void> => undefined),
    invite: vi.fn(async (p: { id?: string; nick?: string; members: string[] }) => ({
      id: p.id ?? 'discussion-1',
      nick: p.nick ?? 'Discussion',
      allCount: 1,
      count: 1,
      blocked: false,
      temporary: true,
    })),
    subscribe: vi.fn(async (id: string) => ({ id, nick: id.toUpperCase() })),
    unsubscribe: vi.fn(async (_id: string): Promise<void> => undefined),
    downloadHistoryUrl: vi.fn(
      (p: { id: string; type: MessageType }) => `/webim/download_history?id=${p.id}&type=${p.type}`,
    ),
  } satisfies WebIMApi & Record<string, unknown>;
  return api;
}

export type FakeApi = ReturnType<typeof createFakeApi>;

export const apiError = (kind: ApiError['kind'], call: ApiCall = 'message', status?: number) =>
  new ApiError(kind, call, `${call} ${kind}`, status);

/** A promise the test settles by hand. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/* ------------------------------------------------ fixtures ------------------------------------------------ */

export const ME = 'alice';

export function onlineReply(over: Partial<OnlineReply> = {}): OnlineReply {
  return {
    serverTime: Date.now(),
    user: { id: ME, nick: 'Alice', show: 'available' },
    connection: {
      domain: 'localhost',
      ticket: 'unused',
      websocket: 'ws://im.test/v5/wsocket',
      jsonpd: 'http://im.test/v5/packets',
    },
    buddies: [
      { id: 'bob', nick: 'Bob', presence: 'online', show: 'available', incomplete: false, visitor: false },
      { id: 'carol', nick: 'Carol', presence: 'offline', show: 'unavailable', incomplete: false, visitor: false },
    ],
    rooms: [],
    newMessages: [],
    histories: {},
    presences: { bob: 'available' },
    ...over,
  };
}

/** A server copy of a message. */
export function serverMessage(
  from: string,
  to: string,
  body: string,
  timestamp: number,
  over: Partial<Message> = {},
): Message {
  const m: Message = { id: '', type: 'chat', from, to, nick: from, body, timestamp, status: 'sent', ...over };
  return { ...m, id: messageId(m) };
}

/** Lets pending promise callbacks run (fake timers do not run microtasks on their own). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
