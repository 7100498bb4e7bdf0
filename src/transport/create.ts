import type { ProtocolError } from '../protocol/errors';
import { parsePacket } from '../protocol/packet';
import type { Connection, Packet } from '../protocol/types';
import { createEmitter } from '../util/emitter';
import { chooseCarrier, fallsBack } from './choose';
import { TransportError } from './types';
import type {
  CloseReason,
  Transport,
  TransportEnv,
  TransportEventMap,
  TransportKind,
  TransportMemory,
  TransportOptions,
  TransportPhase,
  TransportPreference,
} from './types';

export const DEFAULT_OPEN_TIMEOUT_MS = 8_000;
/** The client's ping interval on a WebSocket (the mock and NexTalk servers answer `ping`). */
export const DEFAULT_PING_INTERVAL_MS = 20_000;
/** 1.5 × the ping interval: one lost answer is tolerated, a silent link is found within half a minute. */
export const DEFAULT_WATCHDOG_MS = 30_000;
export const DEFAULT_POLL_TIMEOUT_MS = 35_000;
export const DEFAULT_PROBE_INTERVAL_MS = 60_000;
/** A first poll still out after this long, with no load error, means the subscription is live. */
export const OPEN_AFTER_MS = 1_500;
/** How long the no-op left in place of an unanswered poll's callback lives before it is deleted. */
export const STALE_CALLBACK_MS = 120_000;
/** What a JSONP callback name may look like: a plain JavaScript identifier (the server echoes it into code). */
export const CALLBACK_NAME_PATTERN = /^[A-Za-z_$][\w$]*$/;

/** The JSONP transport (the `auto` transport pauses and retires its JSONP link internally, for the handover). */
export interface JsonpTransport extends Transport {
  readonly kind: 'jsonp';
}

/** A fresh memory for `TransportOptions.memory`. */
export const createTransportMemory = (): TransportMemory => ({ websocketOpenFailures: 0 });

// A page is one JavaScript realm, so one module-level object is exactly "this page".
const pageMemory = createTransportMemory();

// One random part per page load keeps callback names unique across SDK copies and reloads cached by proxies.
const callbackPrefix = `__webim_cb_${Math.random().toString(36).slice(2, 10)}_`;
let callbackSequence = 0;

/**
 * A browser facility from the env, else the host's. An explicit `undefined` in the env means "this host has none"
 * (tests, old browsers).
 */
const hostOf = <K extends 'WebSocket' | 'document'>(env: TransportEnv, key: K): TransportEnv[K] =>
  key in env ? env[key] : (globalThis[key] as TransportEnv[K]);

/**
 * A restartable one-shot timer on the env's clock: `arm(ms)` (re)starts it, `arm()` stops it. The host's timers are
 * looked up at each call, so fake timers installed after a transport was created still apply.
 */
function timer(env: TransportEnv, fire: () => void): (ms?: number) => void {
  let id: unknown;
  return (ms) => {
    (env.clearTimeout ?? clearTimeout)(id as number);
    if (ms !== undefined) id = (env.setTimeout ?? setTimeout)(fire, ms);
  };
}

/**
 * The push transport for a preference. One machine carries all three: a WebSocket link (`subscribe <domain>
 * <ticket>` once open; the server's first frame is the ack; one packet per text frame; a watchdog) and a JSONP link
 * (one `<script async>` poll out at a time, the next one as soon as an answer arrives), of which
 * - `websocket` uses only the first and `jsonp` only the second;
 * - `auto` starts on WebSocket when the connection offers one and the host has it, falls back to JSONP when the
 *   socket fails to open, and then probes WebSocket every `probeIntervalMs`. A probe takes over once the server
 *   acks it, losing nothing: polling pauses while the probe subscribes and the outstanding poll is still delivered.
 *
 * Single use: `connect` once; then `open` (WS: acked; JSONP: first answer, or the first poll out `OPEN_AFTER_MS`
 * without failing — a server holds an idle poll ~25 s, while a refused ticket fails fast), any number of
 * `packet`/`error`, and exactly one `close`. Never reconnects: that is the core's business.
 */
export function createTransport(
  preference: Exclude<TransportPreference, 'mqtt'>,
  options: TransportOptions = {},
): Transport {
  const env = options.env ?? {};
  const memory = options.memory ?? pageMemory;
  const probeInterval = options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  const document = hostOf(env, 'document')!;
  const WebSocketClass = hostOf(env, 'WebSocket');
  // JSONP answers run as scripts of the window that owns the document, so callbacks belong on that window.
  const global = (env.global ?? document?.defaultView ?? globalThis) as Record<string, unknown>;
  const events = createEmitter<TransportEventMap>();
  let phase: TransportPhase = 'idle';
  /** The link carrying packets: its fate is ours. */
  let kind: TransportKind = preference === 'jsonp' ? 'jsonp' : 'websocket';
  let connection: Connection;
  /** The live WebSocket (the first attempt or a probe) and whether the server acked it. */
  let socket: WebSocket | undefined;
  let acked = false;
  /**
   * The JSONP link: alive; paused while a probe subscribes; retiring after a probe took over (its last poll is still
   * delivered); and the outstanding poll with its callback's name.
   */
  let polling = false;
  let paused = false;
  let retiring = false;
  let script: HTMLScriptElement | undefined;
  let callback: string;

  // Listeners may close the transport from inside any event: nothing but that close may follow.
  const emit = <E extends 'packet' | 'error'>(event: E, value: TransportEventMap[E]) =>
    phase !== 'closed' && events.emit(event, value);

  function open(): void {
    if (phase !== 'connecting') return;
    phase = 'open';
    events.emit('open', { kind });
  }

  function finish(reason: CloseReason, code?: number): void {
    if (phase === 'closed') return;
    const wasOpen = phase === 'open';
    phase = 'closed';
    probeTimer();
    stopSocket();
    stopPolling();
    events.emit('close', { reason, code, wasOpen });
  }

  /**
   * What a link received: its malformed parts as errors, then the packet (none for a frame dropped whole). A
   * refused ticket ends everything.
   */
  function receive(link: TransportKind, packet: Packet | null, errors: (ProtocolError | TransportError)[]): void {
    const stopped = packet?.status === 'stopped';
    // A JSONP link is open with the transport (it carries from the start, or after a socket that never opened).
    if (link === 'jsonp' ? phase === 'connecting' : !acked) {
      // The first answer refuses the ticket: the subscription never was live (nor would JSONP's be, for a probe).
      if (stopped) return finish('stopped');
      if (link === 'websocket') {
        acked = true;
        memory.websocketOpenFailures = 0;
        if (kind === 'jsonp') {
          // A probe takes over; the JSONP link retires.
          kind = 'websocket';
          retiring = true;
          poll();
        }
      }
      open();
    }
    for (const error of errors) emit('error', error);
    if (!packet) return;
    emit('packet', packet);
    if (stopped) finish('stopped');
  }

  /** A link failed: reported when it is the carrier (a probe's failures are not ours; JSONP's always are). */
  function fail(link: TransportKind, code: TransportError['code'], message: string, closeCode?: number): void {
    if (link === kind || link === 'jsonp') emit('error', new TransportError(link, code, message));
    end(link, code === 'poll_timeout' ? 'timeout' : 'network', closeCode);
  }

  /** A link ended. The carrier's end is ours, except a first socket that never opened: `auto` falls back. */
  function end(link: TransportKind, reason: CloseReason, code?: number): void {
    if (phase === 'closed') return;
    if (link === 'jsonp') stopPolling();
    else stopSocket();
    if (reason === 'stopped' || (link === kind && !fallsBack(preference, link, reason, acked)))
      return finish(reason, code);
    // Not the carrier: the retiring JSONP link, whose end is not ours, or a failed probe (or a first socket).
    if (link === 'jsonp') return;
    if (reason === 'network') memory.websocketOpenFailures++;
    if (polling) {
      paused = false;
      poll();
      probeTimer(probeInterval);
    } else startPolling(true);
  }

  function openSocket(): void {
    acked = false;
    socketTimer(options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS);
    try {
      // http(s) becomes ws(s); a relative URL is resolved against the page. No URL, another scheme, no WebSocket
      // class, or a constructor refusing the URL: all fail alike.
      const { protocol, href } = new URL(connection.websocket!, document?.location?.href);
      if (!connection.websocket || !/^(http|ws)s?:$/.test(protocol)) throw protocol;
      const ws = (socket = new WebSocketClass!(href.replace(/^http/, 'ws')));
      ws.onopen = () => {
        ws.send(`subscribe ${connection.domain} ${connection.ticket}`);
        // A probe: the server is about to hand the ticket over, so no new poll may compete with the socket.
        if (kind === 'jsonp') paused = true;
      };
      ws.onmessage = ({ data }: MessageEvent) => {
        if (ws !== socket) return;
        lastFrameAt = (env.now ?? Date.now)();
        // The watchdog counts from the last frame: armed by the first one, it re-arms itself for what is left when it
        // fires early, so a frame costs no timer of its own.
        if (!acked) {
          socketTimer(watchdogMs);
          if (pingEvery > 0) pingTimer(pingEvery);
        }
        // A binary frame reads as unparseable text: both are dropped whole, with an error.
        const { packet, errors } = parsePacket(typeof data === 'string' ? data : '\0');
        if (errors[0]?.code !== 'bad_json') receive('websocket', packet, errors);
        else receive('websocket', null, [new TransportError('websocket', 'bad_frame', 'bad frame', errors[0])]);
      };
      // The server's way of saying that a newer connection took the ticket, or that the ticket is dead.
      ws.onclose = ({ code }: CloseEvent) =>
        ws === socket &&
        (code === 4409
          ? end('websocket', 'replaced', code)
          : [4404, 4401, 1008].includes(code)
            ? end('websocket', 'stopped', code)
            : socketFailed(`closed ${code}`, code));
      // Browsers follow `error` with `close` (code 1006); fail now in case a host does not.
      ws.onerror = () => ws === socket && socketFailed('socket error');
    } catch {
      // Report asynchronously: callers subscribe and connect in one go and expect events afterwards.
      queueMicrotask(() => socketFailed('no websocket'));
    }
  }

  /** Reported as `open_failed` before the ack and `socket_error` after it. */
  const socketFailed = (message: string, code?: number) =>
    fail('websocket', acked ? 'socket_error' : 'open_failed', message, code);

  // One timer per socket: the open timeout until the first frame, then the watchdog, counting from the last frame.
  const watchdogMs = options.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  let lastFrameAt = 0;
  const socketTimer = timer(env, () => {
    if (!acked) return socketFailed('open timeout');
    const now = (env.now ?? Date.now)();
    const quiet = now - lastFrameAt;
    if (quiet >= watchdogMs) return end('websocket', 'timeout');
    // A clock set back hides how long it has been quiet: the count starts again from now.
    if (quiet < 0) lastFrameAt = now;
    socketTimer(watchdogMs - Math.max(quiet, 0));
  });

  // Pings keep answers coming on an idle link, so the watchdog can tell a silent link from a quiet one.
  const pingEvery = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  const pingTimer = timer(env, () => {
    if (!socket || !acked) return;
    try {
      socket.send('ping');
    } catch {
      // A socket that cannot send is closing: its close event ends the link.
    }
    pingTimer(pingEvery);
  });

  function stopSocket(): void {
    const closing = socket;
    // Forgotten first: a host may fire `error`/`close` from inside `close()`.
    socket = undefined;
    socketTimer();
    pingTimer();
    // 1000 is the only code below 3000 a page may send.
    closing?.close(1000);
  }

  function startPolling(probing: boolean): void {
    kind = 'jsonp';
    polling = true;
    if (!connection.jsonpd || !document) return queueMicrotask(() => fail('jsonp', 'open_failed', 'no jsonp'));
    // Opens unless the first poll fails (or refuses the ticket) first; a no-op once open or closed.
    timer(env, open)(OPEN_AFTER_MS);
    poll();
    if (probing) probeTimer(probeInterval);
  }

  /** Starts the next poll unless one is out, polling is paused or over; a retiring link ends instead. */
  function poll(): void {
    if (script || !polling) return;
    if (retiring) return end('jsonp', 'client');
    if (paused) return;
    const name = (callback = callbackPrefix + ++callbackSequence);
    if (!CALLBACK_NAME_PATTERN.test(name)) throw new Error('bad callback');
    const current = (script = document.createElement('script'));
    current.async = true;
    // The parameters go after the URL's own query, before its fragment.
    current.src = connection.jsonpd!.replace(
      /^[^#]*/,
      (head) =>
        head +
        (head.includes('?') ? '&' : '?') +
        new URLSearchParams({
          domain: connection.domain,
          ticket: connection.ticket,
          callback: name,
          _: '' + (env.now ?? Date.now)(),
        }),
    );
    // A script that loads without calling back (an error page, a proxy's reply) is a failed poll too.
    current.onload = current.onerror = () => current === script && fail('jsonp', 'script_error', 'poll failed');
    global[name] = (data: unknown) => {
      if (current !== script) return;
      endPoll(true);
      const { packet, errors } = parsePacket(data);
      // The next poll starts once this answer's work is done, the render it queued included: starting a request
      // costs the page about a millisecond, and the packet's text should be on screen first. The server keeps what
      // comes meanwhile for that poll.
      try {
        receive('jsonp', packet, errors);
      } finally {
        (env.queueMicrotask ?? queueMicrotask)(poll);
      }
    };
    pollTimer(options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS);
    (document.head ?? document.documentElement).appendChild(current);
  }

  const pollTimer = timer(env, () => fail('jsonp', 'poll_timeout', 'poll timeout'));

  /** Ends the outstanding poll: the element goes; the callback too, or is defused when an answer may still come. */
  function endPoll(answered: boolean): void {
    const name = callback;
    script!.remove();
    script = undefined;
    pollTimer();
    if (answered) delete global[name];
    else {
      // A late answer finds a function that only hands its packet on (the server took it off its queue for us),
      // never stale transport code (names are never reused).
      const late = options.onLatePacket;
      global[name] = (data: unknown) => {
        delete global[name];
        const { packet } = parsePacket(data);
        if (late && packet.status === 'ok' && packet.messages.length) late(packet);
      };
      timer(env, () => delete global[name])(STALE_CALLBACK_MS);
    }
  }

  function stopPolling(): void {
    polling = false;
    if (script) endPoll(false);
  }

  const probeTimer = timer(env, openSocket);

  return {
    get kind() {
      return kind;
    },
    on: events.on,
    connect(next) {
      if (phase !== 'idle') {
        if (phase !== 'closed') throw new Error('connects only once');
        return;
      }
      phase = 'connecting';
      connection = next;
      // The broker is `selectTransport`'s choice, made before this transport exists: not offered here.
      const { carrier, probe } = chooseCarrier({
        preference,
        offers: { websocket: !!next.websocket, mqtt: false },
        hasWebSocket: !!WebSocketClass,
        websocketOpenFailures: memory.websocketOpenFailures,
      });
      if (carrier === 'websocket') openSocket();
      else startPolling(probe);
    },
    close: () => finish('client'),
  };
}

/** `websocket`: the WebSocket link alone (no fallback). */
export const createWebSocketTransport = (options?: TransportOptions): Transport =>
  createTransport('websocket', options);

/** `jsonp`: the JSONP link alone, with the controls of a handover. */
export const createJsonpTransport = (options?: TransportOptions): JsonpTransport =>
  createTransport('jsonp', options) as JsonpTransport;

/** `auto`: WebSocket with JSONP fallback and background re-probing. */
export const createAutoTransport = (options?: TransportOptions): Transport => createTransport('auto', options);
