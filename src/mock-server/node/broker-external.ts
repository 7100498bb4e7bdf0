import { connect, type Socket } from 'node:net';
import { PRESENCE_FILTER } from '../../protocol/topics';
import {
  createPacketReader,
  encodeConnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
} from '../../protocol/mqtt/codec';
import type { SiteAccount } from '../engine/broker/access';
import type { BrokerLink } from '../engine/broker/push';

export interface ExternalBrokerOptions {
  /** `mqtt://host:port` of one node (the site's own link; browsers get `--broker-ws` URLs). */
  url: string;
  account: SiteAccount;
  /** Keep-alive seconds. Default 30. */
  keepalive?: number;
  /** Publications kept while the link is down (oldest dropped beyond it). Default 10 000. */
  queueLimit?: number;
  log?: (message: string) => void;
}

/** The link's phases. */
type Phase = 'connecting' | 'up' | 'waiting' | 'closed';

const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 5_000];

/**
 * The site's MQTT 3.1.1 client of an external broker (RabbitMQ, EMQX, VerneMQ) over TCP, written on the SDK's own
 * codec: it logs in as the site's account, subscribes the presence topics at QoS 1, and publishes QoS 1. While the
 * link is down publications wait in a bounded queue and the link comes back on its own (0.5 s → 5 s); catch-up after
 * a browser's reconnect (`sync`) covers whatever a broker lost meanwhile.
 */
export function createExternalBrokerLink(options: ExternalBrokerOptions): BrokerLink & { ready: Promise<void> } {
  const { hostname, port, protocol } = new URL(options.url);
  if (protocol !== 'mqtt:') throw new Error(`--broker needs mqtt://HOST:PORT, not ${options.url}`);
  const keepalive = options.keepalive ?? 30;
  const queueLimit = options.queueLimit ?? 10_000;
  const log = options.log ?? ((message: string) => console.error(`[mock-server] broker: ${message}`));
  const listeners: Array<(topic: string, payload: string) => void> = [];
  type Publication = Parameters<BrokerLink['publish']>;
  const queue: Publication[] = [];
  // QoS 1 publications the broker has not acknowledged. A broker may drop the link before it acknowledges (RabbitMQ
  // 3.10 closes an MQTT connection whose publish a queue on a crashed cluster node nacks): they go out again first.
  const unacknowledged = new Map<number, Publication>();
  let phase: Phase = 'connecting';
  let socket: Socket | undefined;
  let packetId = 0;
  let attempt = 0;
  let pinger: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const nextId = () => (packetId = (packetId % 0xffff) + 1);

  function send(target: Socket, [topic, payload]: Publication): void {
    const id = nextId();
    unacknowledged.set(id, [topic, payload]);
    target.write(encodePublish({ topic, payload, qos: 1, packetId: id }));
  }

  function open(): void {
    phase = 'connecting';
    const reader = createPacketReader(4 << 20);
    const current = (socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 1883) }));
    current.setNoDelay(true);
    current.on('connect', () =>
      current.write(
        encodeConnect({
          clientId: `webim-site-${process.pid % 100000}-${Math.floor(Math.random() * 1e6)}`.slice(0, 23),
          username: options.account.username,
          password: options.account.password,
          keepalive,
        }),
      ),
    );
    current.on('data', (chunk: Buffer) => {
      const { packets, errors } = reader.read(new Uint8Array(chunk));
      for (const error of errors) log(error.message);
      if (errors.some((error) => error.framing)) return void current.destroy();
      for (const packet of packets) {
        if (packet.type === 'connack') {
          if (packet.returnCode) {
            log(`login refused (${packet.returnCode})`);
            return void current.destroy();
          }
          current.write(encodeSubscribe(nextId(), [{ topic: PRESENCE_FILTER, qos: 1 }]));
        } else if (packet.type === 'suback') {
          if (phase !== 'connecting') continue;
          if (packet.granted.some((code) => code & 0x80)) log('presence subscription refused');
          phase = 'up';
          attempt = 0;
          for (const publication of queue.splice(0)) send(current, publication);
          pinger = setInterval(() => current.write(encodePingreq()), keepalive * 1000);
          markReady();
        } else if (packet.type === 'puback') {
          unacknowledged.delete(packet.packetId);
        } else if (packet.type === 'publish') {
          if (packet.qos === 1) current.write(encodePuback(packet.packetId!));
          const text = new TextDecoder().decode(packet.payload);
          for (const listener of listeners) listener(packet.topic, text);
        }
      }
    });
    current.on('error', (error) => log(error.message));
    current.on('close', () => {
      if (current !== socket) return;
      clearInterval(pinger);
      socket = undefined;
      queue.unshift(...unacknowledged.values());
      unacknowledged.clear();
      if (phase === 'closed') return;
      phase = 'waiting';
      retry = setTimeout(open, RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)]);
    });
  }

  open();
  return {
    ready,
    authOverHttp: true,
    publish(topic, payload) {
      if (phase === 'up') send(socket!, [topic, payload]);
      else {
        if (queue.length >= queueLimit) queue.shift();
        queue.push([topic, payload]);
      }
    },
    onPresence(listener) {
      listeners.push(listener);
    },
    async close() {
      phase = 'closed';
      clearTimeout(retry);
      clearInterval(pinger);
      socket?.destroy();
    },
  };
}
