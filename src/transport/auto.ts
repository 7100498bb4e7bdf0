import type { Connection } from '../protocol/types';
import { createEmitter } from './emitter';
import { createTimer, resolveEnv } from './env';
import { createJsonpTransport } from './jsonp';
import type { JsonpTransport } from './jsonp';
import type {
  CloseReason,
  Transport,
  TransportEventMap,
  TransportKind,
  TransportMemory,
  TransportOptions,
} from './types';
import { openWebSocketTransport } from './websocket';

export const DEFAULT_PROBE_INTERVAL_MS = 60_000;

/** After this many WebSocket failures to open in a row, `auto` starts on JSONP (and keeps probing). */
export const WEBSOCKET_FAILURES_BEFORE_JSONP_FIRST = 2;

/** A fresh memory for `TransportOptions.memory`. */
export function createTransportMemory(): TransportMemory {
  return { websocketOpenFailures: 0 };
}

// A page is one JavaScript realm, so one module-level object is exactly "this page".
const pageMemory = createTransportMemory();

/**
 * WebSocket when the connection offers one and the host has it; JSONP when the socket fails to open, with a
 * WebSocket probe every `probeIntervalMs` that takes over once the server acks it. The handover keeps every packet:
 * the JSONP transport stops polling while the probe subscribes and its outstanding poll is still delivered.
 * Emits one `open`; `kind` follows the carrier. Once a carrier closes, so does this transport (reconnect is the
 * core's business).
 */
export function createAutoTransport(options: TransportOptions = {}): Transport {
  const env = resolveEnv(options.env);
  const memory = options.memory ?? pageMemory;
  const probeIntervalMs = options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  const events = createEmitter<TransportEventMap>();
  let state: 'idle' | 'connecting' | 'open' | 'closed' = 'idle';
  let kind: TransportKind = 'websocket';
  let connection: Connection | null = null;
  /** The transport whose packets and whose fate are ours. */
  let carrier: Transport | null = null;
  /** A JSONP transport handing over to WebSocket: its last poll still counts, its close does not. */
  let retiring: Transport | null = null;
  /** The JSONP transport while it is the carrier (the one a probe would take over from). */
  let polling: JsonpTransport | null = null;
  let probe: Transport | null = null;
  const probeTimer = createTimer(env, startProbe);

  const speaksForUs = (t: Transport): boolean => state !== 'closed' && (t === carrier || t === retiring);

  function forward(t: Transport): void {
    t.on('packet', (packet) => {
      if (speaksForUs(t)) events.emit('packet', packet);
    });
    t.on('error', (error) => {
      if (speaksForUs(t)) events.emit('error', error);
    });
  }

  function markOpen(): void {
    if (state !== 'connecting') return;
    state = 'open';
    events.emit('open', { kind });
  }

  function finish(reason: CloseReason, code?: number): void {
    if (state === 'closed') return;
    const wasOpen = state === 'open';
    state = 'closed';
    probeTimer.stop();
    for (const t of [carrier, retiring, probe]) t?.close();
    carrier = retiring = polling = probe = null;
    events.emit('close', code === undefined ? { reason, wasOpen } : { reason, code, wasOpen });
  }

  function startWebSocket(): void {
    const ws = openWebSocketTransport(options, {});
    carrier = ws;
    kind = 'websocket';
    forward(ws);
    ws.on('open', () => {
      if (carrier !== ws) return;
      memory.websocketOpenFailures = 0;
      markOpen();
    });
    ws.on('close', ({ reason, code, wasOpen }) => {
      if (carrier !== ws || state === 'closed') return;
      if (!wasOpen && reason === 'network') {
        memory.websocketOpenFailures++;
        startJsonp(true);
      } else finish(reason, code);
    });
    if (connection) ws.connect(connection);
  }

  function startJsonp(probing: boolean): void {
    const jsonp = createJsonpTransport(options);
    carrier = polling = jsonp;
    kind = 'jsonp';
    forward(jsonp);
    jsonp.on('open', () => {
      if (carrier === jsonp) markOpen();
    });
    jsonp.on('close', ({ reason, code }) => {
      if (carrier === jsonp) finish(reason, code);
      else if (retiring === jsonp) retiring = null;
    });
    if (connection) jsonp.connect(connection);
    if (probing && state !== 'closed') probeTimer.start(probeIntervalMs);
  }

  function startProbe(): void {
    const handover = polling;
    if (state === 'closed' || !connection || !handover || carrier !== handover) return;
    // Polling pauses while the server hands the ticket to the probe, so no new poll competes with the socket.
    const socket = openWebSocketTransport(options, { subscribed: () => handover.pause() });
    probe = socket;
    forward(socket);
    socket.on('open', () => {
      if (probe !== socket || carrier !== handover) return;
      memory.websocketOpenFailures = 0;
      probe = null;
      carrier = socket;
      kind = 'websocket';
      polling = null;
      retiring = handover;
      handover.retire();
      markOpen();
    });
    socket.on('close', ({ reason, code, wasOpen }) => {
      if (carrier === socket) {
        finish(reason, code);
        return;
      }
      if (probe !== socket) return;
      probe = null;
      if (state === 'closed' || carrier !== handover) return;
      // The server refused the ticket itself: JSONP would only learn the same on its next answer.
      if (reason === 'stopped') return finish(reason, code);
      if (!wasOpen && reason === 'network') memory.websocketOpenFailures++;
      handover.resume();
      probeTimer.start(probeIntervalMs);
    });
    socket.connect(connection);
  }

  return {
    get kind() {
      return kind;
    },
    on: events.on,
    connect(next) {
      if (state === 'closed') return;
      if (state !== 'idle') throw new Error('A transport connects only once; create a new one to reconnect');
      state = 'connecting';
      connection = next;
      const websocketOffered = Boolean(next.websocket) && env.WebSocket !== undefined;
      if (!websocketOffered) startJsonp(false);
      else if (memory.websocketOpenFailures >= WEBSOCKET_FAILURES_BEFORE_JSONP_FIRST) startJsonp(true);
      else startWebSocket();
    },
    close() {
      finish('client');
    },
  };
}
