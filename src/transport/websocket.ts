import type { Connection } from '../protocol/types';
import { parsePacket } from '../protocol/packet';
import { createEmitter } from './emitter';
import { createTimer, resolveEnv } from './env';
import { TransportError } from './types';
import type { CloseReason, Transport, TransportEventMap, TransportOptions } from './types';
import { toWebSocketUrl } from './url';

export const DEFAULT_OPEN_TIMEOUT_MS = 8_000;
export const DEFAULT_WATCHDOG_MS = 70_000;

/** Close codes by which the server says the ticket is dead (log in again). */
const STOPPED_CODES: ReadonlySet<number> = new Set([4404, 4401, 1008]);
/** Close code by which the server says a newer connection took this ticket. */
const REPLACED_CODE = 4409;

type Frame = ReturnType<typeof parsePacket> | { badFrame: TransportError };

/** One frame as a packet (with its malformed parts as errors), or the reason it is no packet at all. */
function readFrame(data: unknown): Frame {
  if (typeof data !== 'string') {
    return { badFrame: new TransportError('websocket', 'bad_frame', 'Dropped a binary frame') };
  }
  const parsed = parsePacket(data);
  const unreadable = parsed.errors.find((error) => error.code === 'bad_json');
  return unreadable
    ? { badFrame: new TransportError('websocket', 'bad_frame', 'Dropped an unparseable frame', unreadable) }
    : parsed;
}

/** Internal hooks for the `auto` transport's background probe. */
export interface WebSocketHooks {
  /** The socket is open and `subscribe` was sent; the server is about to hand the ticket to this socket. */
  subscribed?: () => void;
}

/**
 * A WebSocket push transport for `connection.websocket`: sends `subscribe <domain> <ticket>` once the socket is
 * open, counts the server's first frame as the ack (`open`), then emits one packet per text frame. A silent link is
 * closed with `timeout` after `watchdogMs`; a socket that does not open and ack within `openTimeoutMs` closes with
 * `network`. Never reconnects.
 */
export function createWebSocketTransport(options: TransportOptions = {}): Transport {
  return openWebSocketTransport(options, {});
}

/** `createWebSocketTransport` with internal hooks (used by the `auto` transport). */
export function openWebSocketTransport(options: TransportOptions, hooks: WebSocketHooks): Transport {
  const env = resolveEnv(options.env);
  const openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
  const watchdogMs = options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  const events = createEmitter<TransportEventMap>();
  let state: 'idle' | 'connecting' | 'open' | 'closed' = 'idle';
  let socket: WebSocket | null = null;

  const openTimer = createTimer(env, () => fail('WebSocket did not open within the open timeout'));
  const watchdog = createTimer(env, () => finish('timeout'));

  function finish(reason: CloseReason, code?: number): void {
    if (state === 'closed') return;
    const wasOpen = state === 'open';
    state = 'closed';
    openTimer.stop();
    watchdog.stop();
    const closing = socket;
    socket = null;
    if (closing) {
      detach(closing);
      try {
        // 1000 is the only application code besides 3000–4999 a browser lets us send.
        closing.close(1000);
      } catch {
        // Already closing or never opened: nothing to release.
      }
    }
    events.emit('close', code === undefined ? { reason, wasOpen } : { reason, code, wasOpen });
  }

  /** Reports a failure as `open_failed` before the ack and `socket_error` after it, then closes with `network`. */
  function fail(message: string, cause?: unknown): void {
    if (state === 'closed') return;
    const code = state === 'open' ? 'socket_error' : 'open_failed';
    events.emit('error', new TransportError('websocket', code, message, cause));
    finish('network');
  }

  function onFrame(data: unknown): void {
    if (state === 'closed') return;
    watchdog.start(watchdogMs);
    const frame = readFrame(data);
    if (state === 'connecting') {
      openTimer.stop();
      // A dead ticket is refused with a `stopped` frame: the subscription never was live.
      if ('packet' in frame && frame.packet.status === 'stopped') return finish('stopped');
      // Any other first frame proves the server accepted `subscribe` (the mock server acks with {"status":"ok"}).
      state = 'open';
      events.emit('open', { kind: 'websocket' });
    }
    if ('badFrame' in frame) return void emitIfOpen('error', frame.badFrame);
    for (const error of frame.errors) emitIfOpen('error', error);
    emitIfOpen('packet', frame.packet);
    if (frame.packet.status === 'stopped') finish('stopped');
  }

  /** Listeners may close the transport from inside any event; nothing may follow that but the close. */
  function emitIfOpen<E extends 'error' | 'packet'>(event: E, value: TransportEventMap[E]): void {
    if (state === 'open') events.emit(event, value);
  }

  function onClose(code: number): void {
    if (state === 'closed') return;
    if (STOPPED_CODES.has(code)) finish('stopped', code);
    else if (code === REPLACED_CODE) finish('replaced', code);
    else {
      const failure = state === 'open' ? 'socket_error' : 'open_failed';
      events.emit('error', new TransportError('websocket', failure, `WebSocket closed unexpectedly (code ${code})`));
      finish('network', code);
    }
  }

  function attach(ws: WebSocket, connection: Connection): void {
    ws.onopen = () => {
      if (state !== 'connecting') return;
      try {
        ws.send(`subscribe ${connection.domain} ${connection.ticket}`);
      } catch (error) {
        fail('Could not send subscribe', error);
        return;
      }
      hooks.subscribed?.();
    };
    ws.onmessage = (event: MessageEvent) => onFrame(event.data);
    ws.onclose = (event: CloseEvent) => onClose(event.code);
    // Browsers follow `error` with `close` (code 1006); fail now in case a host does not.
    ws.onerror = (event: Event) => fail('WebSocket error', event);
  }

  function detach(ws: WebSocket): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
  }

  return {
    get kind() {
      return 'websocket' as const;
    },
    on: events.on,
    connect(connection) {
      if (state === 'closed') return;
      if (state !== 'idle') throw new Error('A transport connects only once; create a new one to reconnect');
      state = 'connecting';
      openTimer.start(openTimeoutMs);
      const base = env.document?.location?.href;
      const url = connection.websocket ? toWebSocketUrl(connection.websocket, base) : null;
      const WebSocketClass = env.WebSocket;
      if (!url || !WebSocketClass) {
        const why = !url ? `No usable WebSocket URL (${connection.websocket ?? 'none'})` : 'WebSocket is unavailable';
        // Report asynchronously: callers subscribe and connect in one go and expect events afterwards.
        void Promise.resolve().then(() => fail(why));
        return;
      }
      try {
        socket = new WebSocketClass(url);
      } catch (error) {
        void Promise.resolve().then(() => fail(`WebSocket could not be created for ${url}`, error));
        return;
      }
      attach(socket, connection);
    },
    close() {
      finish('client');
    },
  };
}
