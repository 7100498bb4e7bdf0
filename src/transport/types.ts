import type { Connection, Packet } from '../protocol/types';
import type { ProtocolError } from '../protocol/errors';

export type TransportKind = 'websocket' | 'jsonp' | 'mqtt';

/**
 * Which push transport to use. `auto`: MQTT when the online reply offers a broker (broker mode), else WebSocket
 * when offered and available, JSONP when it fails to open. `mqtt` forces the broker.
 */
export type TransportPreference = 'auto' | TransportKind;

/**
 * Where one transport object is in its single life: `connect` moves it from `idle` to `connecting`, the first acked
 * subscription (or answered poll) to `open`, and its one `close` event to `closed`, for good.
 */
export type TransportPhase = 'idle' | 'connecting' | 'open' | 'closed';

/**
 * Why a transport closed.
 * - `stopped`: the server said the ticket is dead (`status:"stopped"`, WS close 4404/4401/1008): log in again.
 * - `replaced`: the server handed this ticket to a newer connection (WS close 4409).
 * - `network`: the socket failed or closed unexpectedly, or a poll's script failed to load.
 * - `timeout`: nothing arrived within the watchdog/poll timeout.
 * - `client`: `close()` was called.
 */
export type CloseReason = 'stopped' | 'replaced' | 'network' | 'timeout' | 'client';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportKind,
    readonly code:
      | 'open_failed'
      | 'script_error'
      | 'poll_timeout'
      | 'socket_error'
      | 'bad_frame'
      | 'protocol'
      | 'refused'
      | 'subscribe_refused',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export interface TransportEventMap {
  /** The subscription is live (WS: server acked `subscribe` or sent a frame; JSONP: first poll answered). */
  open: { kind: TransportKind };
  /** A validated packet (keep-alive frames arrive as empty packets: they prove the link is alive). */
  packet: Packet;
  /** Something went wrong but the transport may still be usable (e.g. a malformed part of a packet). */
  error: TransportError | ProtocolError;
  /** The transport is finished; it will not emit again. Reconnect is decided above, not here. */
  close: { reason: CloseReason; code?: number; wasOpen: boolean };
}

export type TransportEvent = keyof TransportEventMap;
export type Listener<T> = (value: T) => void;

/**
 * One push connection to the message server. A transport object is single-use: `connect` once, then it emits
 * `open`, any number of `packet`/`error`, and exactly one `close`. Implementations: `createWebSocketTransport`,
 * `createJsonpTransport`, and `createAutoTransport` (WebSocket with JSONP fallback and background re-probing).
 */
export interface Transport {
  /** The kind currently carrying packets (for `auto`, changes when it falls back or switches back). */
  readonly kind: TransportKind;
  connect(connection: Connection): void;
  /** Closes without emitting anything further except `close` with reason `client`. Idempotent. */
  close(): void;
  on<E extends TransportEvent>(event: E, listener: Listener<TransportEventMap[E]>): () => void;
}

/** Browser facilities the transports use; injectable for tests. Defaults come from `globalThis`. */
export interface TransportEnv {
  WebSocket?: typeof WebSocket;
  document?: Document;
  /** The object JSONP callbacks are installed on (default `window`/`globalThis`). */
  global?: Record<string, unknown>;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  /** Runs `fn` after the current task's other microtasks (tests may pass one that runs it at once). */
  queueMicrotask?: (fn: () => void) => void;
  now?: () => number;
}

export interface TransportOptions {
  env?: TransportEnv;
  /** JSONP: client-side timeout of one poll; a little above the server's hold. Default 35 000 ms. */
  pollTimeoutMs?: number;
  /** WebSocket: silence longer than this (no frame, no keep-alive, no answer to a ping) means the link is dead.
   * Default 30 000 ms: 1.5 × the ping interval. */
  watchdogMs?: number;
  /** WebSocket: send `ping` this often once subscribed (the server answers `{"status":"ok"}`). Default 20 000 ms. */
  pingIntervalMs?: number;
  /**
   * JSONP: a poll given up on (timed out, or the transport closed) may still be answered; the server took what it
   * carries off its queue, so its packet comes here instead of being dropped.
   */
  onLatePacket?: (packet: Packet) => void;
  /** WebSocket: how long opening + subscribe ack may take before it counts as failed. Default 8 000 ms. */
  openTimeoutMs?: number;
  /** auto: after falling back to JSONP, probe WebSocket again this often. Default 60 000 ms. */
  probeIntervalMs?: number;
  /**
   * auto: what this page learned about WebSocket across connections (pass the same object to every transport of
   * a page; `createTransportMemory()`). Default: one object shared by the whole page.
   */
  memory?: TransportMemory;
  /**
   * Broker mode: who connects and which rooms and channels it follows. Called once when the MQTT link connects
   * (with the listener), then again on every change (join, leave, follow); returns the unsubscribe. The NexTalk
   * transports ignore it (their server knows the rooms).
   */
  watchSubscriptions?: (listener: (subscriptions: Subscriptions) => void) => () => void;
}

/** The topics an MQTT link must hold (besides the site broadcast): the user's own, its rooms and channels. */
export interface Subscriptions {
  user: string;
  rooms: readonly string[];
  channels?: readonly string[];
}

/** What the `auto` transport remembers between connections of one page. */
export interface TransportMemory {
  /** WebSocket attempts in a row that failed to open (reset when one opens); from 2 on, `auto` starts on JSONP. */
  websocketOpenFailures: number;
  /** MQTT: the index into `connection.mqtt.urls` to try next (advanced when a node fails). */
  mqttNode?: number;
}
