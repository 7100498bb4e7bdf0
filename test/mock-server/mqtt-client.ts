import { broadcastTopic, presenceTopic, roomTopic, userTopic } from '../../src/protocol/topics';
import type { WireOnlineReply, WirePacket } from '../../src/protocol/types';
import {
  createPacketReader,
  encodeConnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeSubscribe,
  encodeUnsubscribe,
  type IncomingPacket,
} from '../../src/protocol/mqtt/codec';
import { Inbox, until } from './helpers';

let sequence = 0;

/**
 * A raw MQTT 3.1.1 client over a real WebSocket, for tests of the broker side: it does what it is told (log in
 * as anyone, subscribe or publish anything), records every packet, and keeps pushed packets in an `Inbox` like
 * the NexTalk test clients. `connectAs` behaves like the SDK's transport (will, topics, announcement).
 */
export class MqttClient {
  readonly inbox = new Inbox();
  readonly received: IncomingPacket[] = [];
  readonly closed: Promise<{ code: number }>;
  readonly clientId = `test${++sequence}-${Math.random().toString(36).slice(2, 10)}`;
  private readonly reader = createPacketReader();
  private packetId = 0;
  private ticket = '';

  private constructor(readonly socket: WebSocket) {
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', ({ data }) => {
      for (const packet of this.reader.read(new Uint8Array(data as ArrayBuffer)).packets) {
        this.received.push(packet);
        if (packet.type !== 'publish') continue;
        if (packet.qos === 1) this.send(encodePuback(packet.packetId!));
        try {
          this.inbox.packets.push(JSON.parse(new TextDecoder().decode(packet.payload)) as WirePacket);
        } catch {
          /* not a packet: recorded in `received` only */
        }
      }
    });
    this.closed = new Promise((resolve) => socket.addEventListener('close', ({ code }) => resolve({ code })));
  }

  /** Opens the socket (subprotocol `mqtt`). */
  static async open(url: string): Promise<MqttClient> {
    const socket = new WebSocket(url, 'mqtt');
    const client = new MqttClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('mqtt websocket failed to open')));
    });
    return client;
  }

  /** Logs in; resolves with the CONNACK return code, or null when the broker hung up instead. */
  async login(
    username: string,
    password: string,
    will?: { topic: string; payload: string },
    { clean = true }: { clean?: boolean } = {},
  ): Promise<number | null> {
    this.ticket = password;
    this.send(
      encodeConnect({
        clientId: this.clientId,
        username,
        password,
        keepalive: 60,
        clean,
        will: will && { ...will, qos: 1 },
      }),
    );
    const connack = () => this.received.find((p) => p.type === 'connack');
    await Promise.race([until('CONNACK', connack, 5_000), this.closed]);
    const answer = connack();
    return answer?.type === 'connack' ? answer.returnCode : null;
  }

  /** Subscribes; resolves with the granted codes (0x80 = refused). */
  async subscribe(...topics: string[]): Promise<number[]> {
    const id = this.nextId();
    this.send(
      encodeSubscribe(
        id,
        topics.map((topic) => ({ topic, qos: 1 })),
      ),
    );
    const ack = await until('SUBACK', () =>
      this.received.find(
        (p): p is Extract<IncomingPacket, { type: 'suback' }> => p.type === 'suback' && p.packetId === id,
      ),
    );
    return ack.granted;
  }

  async unsubscribe(...topics: string[]): Promise<void> {
    const id = this.nextId();
    this.send(encodeUnsubscribe(id, topics));
    await until('UNSUBACK', () => this.received.find((p) => p.type === 'unsuback' && p.packetId === id));
  }

  publish(topic: string, payload: string, qos: 0 | 1 = 1): void {
    this.send(encodePublish({ topic, payload, qos, packetId: qos ? this.nextId() : undefined }));
  }

  ping(): void {
    this.send(encodePingreq());
  }

  /**
   * Connects like the SDK: logs in with the reply's login and a will, subscribes the user, broadcast and room
   * topics (rooms not blocked), announces itself, and waits until the site counts the connection.
   */
  static async connectAs(
    reply: WireOnlineReply,
    counted: (user: string, clientId: string) => boolean,
  ): Promise<MqttClient> {
    const { domain, mqtt } = reply.connection;
    const user = String(reply.user.id);
    const login = mqtt as { urls: string[]; username: string; password: string };
    const client = await MqttClient.open(login.urls[0]);
    const signal = (show: string) => JSON.stringify({ show, client: client.clientId });
    const code = await client.login(login.username, login.password, {
      topic: presenceTopic(domain, user),
      payload: signal('unavailable'),
    });
    if (code !== 0) throw new Error(`broker refused the login: ${code}`);
    const rooms = (reply.rooms ?? []).filter((room) => !room.blocked).map((room) => roomTopic(domain, String(room.id)));
    await client.subscribe(userTopic(domain, user), broadcastTopic(domain), ...rooms);
    client.publish(presenceTopic(domain, user), signal('available'));
    await until('the site counts the connection', () => counted(user, client.clientId));
    return client;
  }

  ticketOf(): string {
    return this.ticket;
  }

  close(): void {
    // No DISCONNECT: like a closing page, the broker publishes the will.
    this.socket.close();
  }

  private send(bytes: Uint8Array<ArrayBuffer>): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  private nextId(): number {
    return (this.packetId = (this.packetId % 0xffff) + 1);
  }
}

/** The first broker node a login reply names. */
export const brokerUrl = (reply: WireOnlineReply): string => (reply.connection.mqtt as { urls: string[] }).urls[0];
