import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { createWebSocketStream, type WebSocket, WebSocketServer } from 'ws';
import { PRESENCE_FILTER } from '../../protocol/topics';
import type { BrokerAccess, BrokerIdentity } from '../engine/broker/access';
import type { BrokerLink } from '../engine/broker/push';

/** The URL path the embedded broker answers on the message server's port. */
export const EMBEDDED_BROKER_PATH = '/mqtt';

/** Bytes one MQTT packet from a browser may have (a browser publishes only its presence signals). */
const MAX_FRAME_BYTES = 64 * 1024;

export interface EmbeddedBroker {
  link: BrokerLink;
  /** Settles once the site's presence subscription is in place (browsers' announcements reach it from then on). */
  ready: Promise<void>;
  /** Hands a WebSocket upgrade on `EMBEDDED_BROKER_PATH` to the broker (subprotocol `mqtt`). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

const identities = new WeakMap<Client, BrokerIdentity>();
/** The ticket each browser's client logged in with (a logout ends the connections of that ticket only). */
const tickets = new WeakMap<Client, string>();
/** The presence topic each browser's client announced itself on: its leaving is signalled there. */
const announced = new WeakMap<Client, string>();

/**
 * A presence signal in the name of the connection that sent it: `client` becomes the MQTT client id of that
 * connection, whatever the page wrote, so one connection counts once and leaves with its will or its close.
 */
function signalOfConnection(payload: Buffer | string, clientId: string): Buffer | null {
  let signal: unknown;
  try {
    signal = JSON.parse(payload.toString());
  } catch {
    return null;
  }
  if (typeof signal !== 'object' || signal === null || Array.isArray(signal)) return null;
  return Buffer.from(JSON.stringify({ ...signal, client: clientId }));
}

const refusal = (returnCode: number): AuthenticateError =>
  Object.assign(new Error('refused'), { returnCode }) as AuthenticateError;

/**
 * aedes in this process, over `ws` (each WebSocket becomes a stream for `aedes.handle`). Its hooks ask the site's
 * ACL (`access()`, read when a client arrives: the engine that owns it is made after the link); the site publishes
 * and hears the presence topic in-process, as the broker's own (internal) client.
 */
export async function startEmbeddedBroker(access: () => BrokerAccess): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker({
    // A browser logs in right after the socket opens; one that does not is not a browser.
    connectTimeout: 10_000,
    authenticate(client, username, password, done) {
      // Clean sessions only (server-contract.md): a persistent one would keep its subscriptions and queue pushes
      // while nobody is connected, and hand them over at the next login without asking the ACL again — past a
      // room left or blocked meanwhile. 2: identifier rejected (no session is kept for this client id).
      if (!client.clean) return done(refusal(2), false);
      const identity = access().login(username, password?.toString('utf8'));
      if (!identity) return done(refusal(4), false);
      identities.set(client, identity);
      if (identity.kind === 'user') tickets.set(client, password!.toString('utf8'));
      done(null, true);
    },
    authorizeSubscribe(client, subscription, done) {
      const identity = identities.get(client);
      if (identity && access().mayRead(identity, subscription.topic)) return done(null, subscription);
      // No subscription (not an error, which would end the connection): SUBACK 0x80 for this filter.
      done(null, null);
    },
    authorizePublish(client, packet, done) {
      if (!client) return done(); // the site, in-process
      const identity = identities.get(client);
      if (!identity || !access().mayWrite(identity, packet.topic)) return done(new Error('publish refused'));
      // Retained messages stay out of broker mode (they do not cross RabbitMQ nodes either).
      packet.retain = false;
      // A user writes only its presence topic (above): the signal speaks for this connection (wills come here too).
      const payload = signalOfConnection(packet.payload, client.id);
      if (!payload) return done(new Error('not a presence signal'));
      packet.payload = payload;
      announced.set(client, packet.topic);
      done();
    },
  });
  // Stray errors of one client (a broken stream, a refused publish) end that client, never the process.
  broker.on('clientError', () => {});
  broker.on('connectionError', () => {});

  const presenceListeners: Array<(topic: string, payload: string) => void> = [];
  // A connection that announced itself and went without a will (or whose will was lost) still leaves: the site
  // hears it as the will would have said it.
  broker.on('clientDisconnect', (client) => {
    const topic = announced.get(client);
    if (topic === undefined) return;
    announced.delete(client);
    const signal = JSON.stringify({ show: 'unavailable', client: client.id });
    for (const listener of presenceListeners) listener(topic, signal);
  });

  /** Browsers' clients, of one user or all, optionally only those logged in with `ticket`. */
  const clientsOf = (user?: string, ticket?: string): Client[] =>
    // `clients` (id → client) is public in aedes but missing from its typings.
    Object.values((broker as unknown as { clients: Record<string, Client> }).clients).filter((client) => {
      const identity = identities.get(client);
      return (
        identity?.kind === 'user' &&
        (!user || identity.user === user) &&
        (ticket === undefined || tickets.get(client) === ticket)
      );
    });

  let subscribed: () => void = () => {};
  const ready = new Promise<void>((resolve) => (subscribed = resolve));

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false),
  });

  const link: BrokerLink = {
    publish(topic, payload) {
      broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false },
        () => {},
      );
    },
    onPresence(listener) {
      presenceListeners.push(listener);
      broker.subscribe(
        PRESENCE_FILTER,
        (packet, done) => {
          try {
            listener(packet.topic, Buffer.from(packet.payload).toString('utf8'));
          } finally {
            done();
          }
        },
        () => subscribed(),
      );
    },
    clientCount: () => broker.connectedClients,
    revoke(user, topic) {
      for (const client of clientsOf(user)) client.unsubscribe({ unsubscriptions: [topic] } as never, () => {});
    },
    drop(user, ticket) {
      let dropped = 0;
      for (const client of clientsOf(user, ticket)) {
        // Closing the stream is a lost connection: the broker publishes the client's will.
        client.conn.destroy();
        dropped++;
      }
      return dropped;
    },
    close: () =>
      new Promise((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        broker.close(() => resolve());
      }),
  };

  return {
    link,
    ready,
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        const stream = createWebSocketStream(ws);
        stream.on('error', () => stream.destroy());
        broker.handle(stream, req);
      });
    },
  };
}
