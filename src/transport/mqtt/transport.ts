import { parsePacket } from '../../protocol/packet';
import { broadcastTopic, channelTopic, presenceTopic, roomTopic, userTopic } from '../../protocol/topics';
import type { Connection } from '../../protocol/types';
import { createEmitter } from '../../util/emitter';
import { TransportError } from '../types';
import type {
  CloseReason,
  Subscriptions,
  Transport,
  TransportEventMap,
  TransportMemory,
  TransportOptions,
} from '../types';
import {
  createPacketReader,
  encodeConnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  encodeUnsubscribe,
  type Bytes,
  type IncomingPacket,
} from './codec';

/** Seconds between PINGREQs unless the connection says otherwise (background tabs fire timers once a minute). */
export const DEFAULT_KEEPALIVE_SECONDS = 60;
/** Opening the socket, CONNECT and the first SUBACK must fit in this. */
export const DEFAULT_MQTT_OPEN_TIMEOUT_MS = 8_000;
/** CONNACK codes that refuse the login itself (bad user name or password, not authorised): the ticket is dead. */
const REFUSED_LOGIN = [4, 5];

/** The phases of one MQTT link. */
type Phase = 'idle' | 'opening' | 'connecting' | 'subscribing' | 'open' | 'closed';

/** 23 characters at most (spec 3.1.3.1: every broker must accept that); random, so two tabs never collide. */
function newClientId(): string {
  const bytes: ArrayLike<number> =
    globalThis.crypto?.getRandomValues?.(new Uint8Array(18)) ??
    Array.from({ length: 18 }, () => Math.floor(Math.random() * 256));
  return 'webim' + Array.from(bytes, (byte) => (byte % 36).toString(36)).join('');
}

// A page is one JavaScript realm, so one module-level object is exactly "this page" (which node to try next).
const pageMemory: TransportMemory = { websocketOpenFailures: 0 };

/**
 * The broker-mode push transport: MQTT 3.1.1 over WebSocket (subprotocol `mqtt`) to one node of
 * `connection.mqtt.urls` (the page remembers which; a node that fails hands over to the next for the next attempt,
 * the backoff between attempts being the core's). It logs in with the ticket, leaves a will on its presence topic,
 * announces itself there, subscribes the user, broadcast, room and channel topics (following joins and leaves), and
 * turns every PUBLISH into a packet. `open` follows the first SUBACK; a refused CONNECT — a CONNACK code, or the
 * socket closed after CONNECT without any CONNACK, as RabbitMQ does (1002) — closes with `stopped` (log in again).
 * Keep-alive: a PINGREQ every `keepalive` seconds; one still unanswered at the next means the link is dead.
 * It never sends DISCONNECT: closing the socket lets the broker publish the will, which is how the site learns.
 */
export function createMqttTransport(options: TransportOptions = {}): Transport {
  const env = options.env ?? {};
  const memory = options.memory ?? pageMemory;
  const events = createEmitter<TransportEventMap>();
  const setTimer = env.setTimeout ?? setTimeout;
  const clearTimer = env.clearTimeout ?? clearTimeout;
  const reader = createPacketReader();
  const clientId = newClientId();
  let phase: Phase = 'idle';
  let socket: WebSocket | undefined;
  let timer: unknown;
  let awaitingPong = false;
  let packetId = 0;
  let initialSubscribe = 0;
  /** Topics subscribed (or asked for) on this link, and the ones wanted now. */
  let held = new Set<string>();
  let wanted = new Set<string>();
  /** SUBSCRIBE packet id → its topics, until the SUBACK says which the broker granted. */
  const asked = new Map<number, string[]>();
  let stopWatching = (): void => {};
  let connection: Connection;
  /** The user id, from the first subscriptions: it names the presence topic. */
  let user = '';

  const nextPacketId = () => (packetId = (packetId % 0xffff) + 1);
  const send = (bytes: Bytes) => socket?.send(bytes);
  const arm = (ms: number | undefined, fire?: () => void) => {
    clearTimer(timer as number);
    if (ms !== undefined) timer = setTimer(fire!, ms);
  };
  const error = (code: TransportError['code'], message: string, cause?: unknown): void => {
    if (phase !== 'closed') events.emit('error', new TransportError('mqtt', code, message, cause));
  };

  function finish(reason: CloseReason, code?: number): void {
    if (phase === 'closed') return;
    const wasOpen = phase === 'open';
    // A node that failed us goes to the back of the line; a refused ticket says nothing about the node.
    if (reason === 'network' || reason === 'timeout') memory.mqttNode = (memory.mqttNode ?? 0) + 1;
    phase = 'closed';
    arm(undefined);
    stopWatching();
    const closing = socket;
    socket = undefined;
    closing?.close(1000);
    events.emit('close', { reason, code, wasOpen });
  }

  /** Subscribes what is wanted and not held, unsubscribes what is held and no longer wanted. */
  function follow(): void {
    if (phase !== 'subscribing' && phase !== 'open') return;
    const added = [...wanted].filter((topic) => !held.has(topic));
    const removed = [...held].filter((topic) => !wanted.has(topic));
    held = new Set(wanted);
    if (added.length) {
      const id = nextPacketId();
      asked.set(id, added);
      send(
        encodeSubscribe(
          id,
          added.map((topic) => ({ topic, qos: 1 })),
        ),
      );
    }
    if (removed.length) send(encodeUnsubscribe(nextPacketId(), removed));
  }

  function wantedTopics({ user, rooms, channels = [] }: Subscriptions): Set<string> {
    const { domain } = connection;
    return new Set([
      userTopic(domain, user),
      broadcastTopic(domain),
      ...rooms.map((room) => roomTopic(domain, room)),
      ...channels.map((channel) => channelTopic(domain, channel)),
    ]);
  }

  function failNow(message: string, cause?: unknown): void {
    error('open_failed', message, cause);
    finish('network');
  }
  /** Reported asynchronously: callers subscribe and connect in one go and expect events afterwards. */
  const failSoon = (message: string, cause?: unknown) => queueMicrotask(() => failNow(message, cause));

  function ping(): void {
    if (awaitingPong) return finish('timeout');
    awaitingPong = true;
    send(encodePingreq());
    arm(keepaliveMs(), ping);
  }
  const keepaliveMs = () => (connection.mqtt!.keepalive ?? DEFAULT_KEEPALIVE_SECONDS) * 1000;

  function receive(packet: IncomingPacket): void {
    switch (packet.type) {
      case 'connack':
        if (phase !== 'connecting') return error('protocol', 'unexpected CONNACK');
        if (packet.returnCode) {
          error('refused', `broker refused the login (${packet.returnCode})`);
          return finish(REFUSED_LOGIN.includes(packet.returnCode) ? 'stopped' : 'network');
        }
        phase = 'subscribing';
        initialSubscribe = packetId + 1;
        follow();
        // Announced after subscribing: a site that answers the announcement finds the user listening.
        send(
          encodePublish({
            topic: presenceTopic(connection.domain, user),
            payload: JSON.stringify({ show: 'available', client: clientId }),
            qos: 1,
            packetId: nextPacketId(),
          }),
        );
        return;
      case 'suback': {
        const topics = asked.get(packet.packetId) ?? [];
        asked.delete(packet.packetId);
        packet.granted.forEach((code, index) => {
          if (!(code & 0x80)) return;
          error('subscribe_refused', 'a subscription was refused');
          // Not held: wanted again later (a follow the site confirms afterwards), it is asked for again.
          if (topics[index] !== undefined) held.delete(topics[index]);
        });
        if (phase === 'subscribing' && packet.packetId === initialSubscribe) {
          phase = 'open';
          memory.websocketOpenFailures = 0;
          awaitingPong = false;
          arm(keepaliveMs(), ping);
          events.emit('open', { kind: 'mqtt' });
        }
        return;
      }
      case 'publish': {
        // Acknowledged even when unusable: a broker would only deliver the same bytes again.
        if (packet.qos === 1) send(encodePuback(packet.packetId!));
        // Only what this link follows, as it happens: a topic it never asked for (or has left), or a retained copy
        // of an old publication, is a broker breaking the contract — dropped and reported, never shown.
        if (!held.has(packet.topic) || packet.retain) {
          error(
            'bad_frame',
            `${packet.retain ? 'retained publication' : 'publication on a topic not followed'}: ${packet.topic}`,
          );
          return;
        }
        const { packet: parsed, errors } = parsePacket(new TextDecoder().decode(packet.payload));
        for (const e of errors) error('bad_frame', `unusable message on ${packet.topic}`, e);
        if (errors[0]?.code === 'bad_json' || phase === 'closed') return;
        events.emit('packet', parsed);
        if (parsed.status === 'stopped') finish('stopped');
        return;
      }
      case 'pingresp':
        awaitingPong = false;
        return;
      default:
      // PUBACK (our announcement) and UNSUBACK need nothing.
    }
  }

  function start(): void {
    const mqtt = connection.mqtt!;
    const url = mqtt.urls[(memory.mqttNode ?? 0) % mqtt.urls.length];
    const WebSocketClass = 'WebSocket' in env ? env.WebSocket : globalThis.WebSocket;
    phase = 'opening';
    arm(options.openTimeoutMs ?? DEFAULT_MQTT_OPEN_TIMEOUT_MS, () => failNow('open timeout'));
    let ws: WebSocket;
    try {
      ws = socket = new WebSocketClass!(url, 'mqtt');
    } catch (cause) {
      return failSoon('no websocket', cause);
    }
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      if (ws !== socket) return;
      phase = 'connecting';
      send(
        encodeConnect({
          clientId,
          username: mqtt.username,
          password: mqtt.password,
          keepalive: keepaliveMs() / 1000,
          will: {
            topic: presenceTopic(connection.domain, user),
            payload: JSON.stringify({ show: 'unavailable', client: clientId }),
            qos: 1,
          },
        }),
      );
    };
    ws.onmessage = ({ data }: MessageEvent) => {
      if (ws !== socket) return;
      if (typeof data === 'string') return error('bad_frame', 'text frame on an MQTT link');
      const { packets, errors } = reader.read(new Uint8Array(data as ArrayBuffer));
      for (const packet of packets) if (phase !== 'closed') receive(packet);
      for (const e of errors) error('bad_frame', e.message, e);
      // A broken length leaves the stream unreadable: this link is over, the next one starts clean.
      if (errors.some((e) => e.framing)) finish('network');
    };
    ws.onclose = ({ code }: CloseEvent) => {
      if (ws !== socket) return;
      // CONNECT went out and the broker hung up without a CONNACK: it refused the login (RabbitMQ: 1002).
      if (phase === 'connecting') {
        error('refused', `broker closed the login (${code})`);
        return finish('stopped', code);
      }
      error(phase === 'open' ? 'socket_error' : 'open_failed', `closed ${code}`);
      finish('network', code);
    };
    ws.onerror = () => {
      // Browsers follow `error` with `close`, which decides; a host that does not still ends here.
      if (ws === socket && phase === 'opening') failNow('socket error');
    };
  }

  return {
    get kind() {
      return 'mqtt' as const;
    },
    on: events.on,
    connect(next) {
      if (phase !== 'idle') {
        if (phase !== 'closed') throw new Error('connects only once');
        return;
      }
      connection = next;
      if (!next.mqtt?.urls.length || !options.watchSubscriptions) {
        phase = 'opening';
        return failSoon('no broker offered');
      }
      // Signals call a new subscriber at once: the user and the first topics are known before CONNECT.
      stopWatching = options.watchSubscriptions((subscriptions) => {
        user = subscriptions.user;
        wanted = wantedTopics(subscriptions);
        follow();
      });
      if (phase === 'idle') start();
    },
    close: () => finish('client'),
  };
}
