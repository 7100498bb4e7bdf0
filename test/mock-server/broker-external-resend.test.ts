// The site's link to an external broker sends again what the broker never acknowledged. RabbitMQ 3.10 closes the
// site's MQTT connection when a queue on a crashed cluster node nacks one of its QoS 1 publications (found with
// `npm run cluster`: `mqtt_unexpected_msg {'basic.nack', …}` in the node's log); without a resend every publication
// in flight at that moment was lost for receivers that never lost their own connection.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExternalBrokerLink } from '../../src/mock-server/node/broker-external';

interface Publication {
  connection: number;
  topic: string;
  payload: string;
  packetId: number;
  dup: boolean;
}

/**
 * A TCP MQTT 3.1.1 broker just big enough for the link: CONNACK, SUBACK, and PUBLISH — acknowledged or not, as
 * `acknowledge(connection)` decides; a connection that does not acknowledge is closed after its first publication.
 */
function fakeBroker(acknowledge: (connection: number) => boolean) {
  const received: Publication[] = [];
  const sockets: Socket[] = [];
  let connections = 0;
  const server: Server = createServer((socket) => {
    const connection = ++connections;
    sockets.push(socket);
    let buffer = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        // Fixed header: type and flags, then the remaining length (a varint of up to 4 bytes).
        let length = 0;
        let multiplier = 1;
        let offset = 1;
        let complete = false;
        while (offset < buffer.length && offset <= 4) {
          const digit = buffer[offset++];
          length += (digit & 127) * multiplier;
          multiplier *= 128;
          if ((digit & 128) === 0) {
            complete = true;
            break;
          }
        }
        if (!complete || buffer.length < offset + length) return;
        const type = buffer[0] >> 4;
        const flags = buffer[0] & 15;
        const body = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (type === 1) socket.write(Buffer.from([0x20, 2, 0, 0]));
        else if (type === 8) socket.write(Buffer.from([0x90, 3, body[0], body[1], 1]));
        else if (type === 3) {
          const topicLength = body.readUInt16BE(0);
          const topic = body.subarray(2, 2 + topicLength).toString();
          const packetId = body.readUInt16BE(2 + topicLength);
          const payload = body.subarray(4 + topicLength).toString();
          received.push({ connection, topic, payload, packetId, dup: (flags & 8) !== 0 });
          if (acknowledge(connection)) socket.write(Buffer.from([0x40, 2, packetId >> 8, packetId & 255]));
          else {
            socket.destroy();
            return;
          }
        }
      }
    });
  });
  return {
    received,
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
      ),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const until = async (predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the site link to an external broker', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('publishes again, after reconnecting, what the broker never acknowledged — and nothing it did', async () => {
    // Connection 1 acknowledges its first publication, then drops the link on the second without acknowledging it.
    let seenOnFirst = 0;
    const broker = fakeBroker((connection) => connection !== 1 || ++seenOnFirst === 1);
    const port = await broker.listen();
    cleanups.push(() => broker.close());
    const logged: string[] = [];
    const link = createExternalBrokerLink({
      url: `mqtt://127.0.0.1:${port}`,
      account: { username: 'site', password: 'secret' },
      log: (line) => logged.push(line),
    });
    cleanups.push(() => link.close());
    await link.ready;

    link.publish('/domain/localhost/uid/alice', 'acknowledged');
    await until(() => broker.received.length === 1, 'the first publication');
    link.publish('/domain/localhost/uid/bob', 'dropped with the link');
    await until(() => broker.received.some((p) => p.connection === 2), 'the publication again, on a new connection');
    link.publish('/domain/localhost/uid/carol', 'after the reconnect');
    await until(() => broker.received.some((p) => p.payload === 'after the reconnect'), 'the next publication');

    expect(broker.received.map((p) => [p.connection, p.topic, p.payload])).toEqual([
      [1, '/domain/localhost/uid/alice', 'acknowledged'],
      [1, '/domain/localhost/uid/bob', 'dropped with the link'],
      [2, '/domain/localhost/uid/bob', 'dropped with the link'],
      [2, '/domain/localhost/uid/carol', 'after the reconnect'],
    ]);
  });
});
