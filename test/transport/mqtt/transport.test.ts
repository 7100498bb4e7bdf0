import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connection, Packet } from '../../../src/protocol/types';
import { createMqttTransport } from '../../../src/transport/mqtt/transport';
import { selectTransport } from '../../../src/transport/select';
import type { Subscriptions, Transport, TransportMemory } from '../../../src/transport/types';
import { connack, FakeBrokerSocket, pingresp, publish, suback } from './fake-broker-socket';

const connection: Connection = {
  domain: 'forum.example',
  ticket: 'ticket-1',
  mqtt: {
    urls: ['ws://node1.example/ws', 'ws://node2.example/ws', 'ws://node3.example/ws'],
    username: 'alice',
    password: 'ticket-1',
  },
};

let memory: TransportMemory;
let subscriptions: (s: Subscriptions) => void;

function start(conn: Connection = connection, rooms: string[] = ['lobby']) {
  const transport = createMqttTransport({
    env: { WebSocket: FakeBrokerSocket as unknown as typeof WebSocket },
    memory,
    watchSubscriptions(listener) {
      subscriptions = listener;
      listener({ user: 'alice', rooms });
      return () => (subscriptions = () => {});
    },
  });
  const log: Array<[string, unknown]> = [];
  for (const event of ['open', 'packet', 'error', 'close'] as const) transport.on(event, (v) => log.push([event, v]));
  transport.connect(conn);
  return { transport, log, socket: FakeBrokerSocket.instances.at(-1)! };
}

/** A link through CONNACK and the first SUBACK. */
function opened(rooms?: string[]) {
  const started = start(connection, rooms);
  started.socket.open();
  started.socket.deliver(connack());
  started.socket.deliver(suback(started.socket.last('subscribe')!.packetId!, 1, 1, 1));
  return started;
}

/** Alice's own topic (held once the link is open). */
const ME = '/domain/forum%2Eexample/uid/alice';
const events = (log: Array<[string, unknown]>, name: string) => log.filter(([n]) => n === name).map(([, v]) => v);
const bodies = (log: Array<[string, unknown]>) =>
  events(log, 'packet').flatMap((p) => (p as Packet).messages.map((m) => m.body));
const chat = (body: string) =>
  JSON.stringify({
    status: 'ok',
    messages: [{ type: 'chat', from: 'bob', to: 'alice', nick: 'Bob', body, timestamp: 1 }],
  });

beforeEach(() => {
  vi.useFakeTimers();
  FakeBrokerSocket.instances = [];
  memory = { websocketOpenFailures: 0 };
});
afterEach(() => vi.useRealTimers());

describe('createMqttTransport: login and subscriptions', () => {
  it('opens the first node with subprotocol mqtt and logs in with the ticket, a will and keep-alive 60', () => {
    const { socket } = start();
    expect(socket.url).toBe('ws://node1.example/ws');
    expect(socket.protocol).toBe('mqtt');
    socket.open();
    const connect = socket.last('connect')!.connect!;
    expect(connect.username).toBe('alice');
    expect(connect.password).toBe('ticket-1');
    expect(connect.keepalive).toBe(60);
    expect(connect.clientId.length).toBeLessThanOrEqual(23);
    expect(connect.will![0]).toBe('/domain/forum%2Eexample/presence/alice');
    expect(JSON.parse(connect.will![1])).toEqual({ show: 'unavailable', client: connect.clientId });
  });

  it('after CONNACK subscribes user, broadcast and room topics at QoS 1 and announces itself; open waits for SUBACK', () => {
    const { socket, log } = start(connection, ['lobby', 'a.b']);
    socket.open();
    socket.deliver(connack());
    expect(socket.last('subscribe')!.topics).toEqual([
      '/domain/forum%2Eexample/uid/alice',
      '/domain/forum%2Eexample/broadcast',
      '/domain/forum%2Eexample/gid/lobby',
      '/domain/forum%2Eexample/gid/a%2Eb',
    ]);
    const announcement = socket.last('publish')!;
    expect(announcement.topic).toBe('/domain/forum%2Eexample/presence/alice');
    expect(announcement.qos).toBe(1);
    expect(JSON.parse(announcement.payload!)).toMatchObject({ show: 'available' });
    expect(events(log, 'open')).toEqual([]);
    socket.deliver(suback(socket.last('subscribe')!.packetId!, 1, 1, 1, 1));
    expect(events(log, 'open')).toEqual([{ kind: 'mqtt' }]);
  });

  it('follows joins and leaves: SUBSCRIBE for a new room, UNSUBSCRIBE for a left one', () => {
    const { socket } = opened(['lobby']);
    subscriptions({ user: 'alice', rooms: ['lobby', 'dev'] });
    expect(socket.last('subscribe')!.topics).toEqual(['/domain/forum%2Eexample/gid/dev']);
    subscriptions({ user: 'alice', rooms: ['dev'] });
    expect(socket.last('unsubscribe')!.topics).toEqual(['/domain/forum%2Eexample/gid/lobby']);
    const count = socket.sent.length;
    subscriptions({ user: 'alice', rooms: ['dev'] });
    expect(socket.sent.length).toBe(count);
  });

  it('a visitor subscribes its vid topic; channels get sid topics', () => {
    const transport = createMqttTransport({
      env: { WebSocket: FakeBrokerSocket as unknown as typeof WebSocket },
      memory,
      watchSubscriptions: (listener) => {
        listener({ user: 'vid:x1', rooms: [], channels: ['news'] });
        return () => {};
      },
    });
    transport.connect(connection);
    const socket = FakeBrokerSocket.instances[0];
    socket.open();
    socket.deliver(connack());
    expect(socket.last('subscribe')!.topics).toEqual([
      '/domain/forum%2Eexample/vid/x1',
      '/domain/forum%2Eexample/broadcast',
      '/domain/forum%2Eexample/sid/news',
    ]);
  });

  it('follows channels: SUBSCRIBE the sid topic when one is followed, UNSUBSCRIBE when unfollowed', () => {
    const { socket } = opened(['lobby']);
    subscriptions({ user: 'alice', rooms: ['lobby'], channels: ['board-walks'] });
    expect(socket.last('subscribe')!.topics).toEqual(['/domain/forum%2Eexample/sid/board-walks']);
    subscriptions({ user: 'alice', rooms: ['lobby'], channels: ['board-walks', 'thread.1'] });
    expect(socket.last('subscribe')!.topics).toEqual(['/domain/forum%2Eexample/sid/thread%2E1']);
    subscriptions({ user: 'alice', rooms: ['lobby'], channels: ['thread.1'] });
    expect(socket.last('unsubscribe')!.topics).toEqual(['/domain/forum%2Eexample/sid/board-walks']);
    // A room left leaves the channel alone.
    subscriptions({ user: 'alice', rooms: [], channels: ['thread.1'] });
    expect(socket.last('unsubscribe')!.topics).toEqual(['/domain/forum%2Eexample/gid/lobby']);
  });

  it('a topic the broker refused is asked for again when it is wanted again', () => {
    const { socket, log } = opened(['lobby']);
    subscriptions({ user: 'alice', rooms: ['lobby'], channels: ['board-walks'] });
    const refused = socket.last('subscribe')!;
    socket.deliver(suback(refused.packetId!, 0x80));
    expect(events(log, 'error')).toMatchObject([{ code: 'subscribe_refused' }]);
    // Another change (here a room joined) still wants the channel: it is asked for again, with the room.
    subscriptions({ user: 'alice', rooms: ['lobby', 'dev'], channels: ['board-walks'] });
    expect(socket.last('subscribe')!.topics).toEqual([
      '/domain/forum%2Eexample/gid/dev',
      '/domain/forum%2Eexample/sid/board-walks',
    ]);
    expect(socket.last('subscribe')!.packetId).not.toBe(refused.packetId);
  });

  it('a refused subscription is reported; the link still opens', () => {
    const { socket, log } = start();
    socket.open();
    socket.deliver(connack());
    socket.deliver(suback(socket.last('subscribe')!.packetId!, 1, 1, 0x80));
    expect(events(log, 'error')).toMatchObject([{ code: 'subscribe_refused' }]);
    expect(events(log, 'open')).toHaveLength(1);
  });
});

describe('createMqttTransport: receiving', () => {
  it('turns each PUBLISH into a packet and acknowledges QoS 1', () => {
    const { socket, log } = opened();
    socket.deliver(publish('/domain/forum%2Eexample/uid/alice', chat('hello'), 1, 77));
    expect(bodies(log)).toEqual(['hello']);
    expect(socket.last('puback')).toEqual({ type: 'puback', packetId: 77 });
  });

  it('several packets in one frame, and one packet split over several frames', () => {
    const { socket, log } = opened();
    socket.deliver([...publish(ME, chat('one'), 1, 2), ...publish(ME, chat('two'), 0), ...pingresp()]);
    const third = publish(ME, chat('three'), 1, 3);
    socket.deliver(third.slice(0, 1));
    socket.deliver(third.slice(1, 2));
    socket.deliver(third.slice(2, 20));
    expect(bodies(log)).toEqual(['one', 'two']);
    socket.deliver(third.slice(20));
    expect(bodies(log)).toEqual(['one', 'two', 'three']);
    expect(events(log, 'error')).toEqual([]);
  });

  it('malformed input is dropped and reported; the link stays up where MQTT allows it', () => {
    const { socket, log } = opened();
    socket.deliver(publish(ME, '{not json', 1, 5));
    expect(socket.last('puback')!.packetId).toBe(5); // acknowledged all the same: redelivery would not help
    socket.deliver(publish(ME, '"a string"', 0));
    socket.deliver([0xf0, 0x00]); // reserved packet type
    socket.deliverText('{"status":"ok"}'); // MQTT travels in binary frames only
    socket.deliver(publish(ME, chat('still here'), 0));
    expect(bodies(log)).toEqual(['still here']);
    expect(events(log, 'error').length).toBeGreaterThanOrEqual(4);
    expect(events(log, 'close')).toEqual([]);
  });

  it('drops and reports a publication on a topic it does not follow (never asked for, or left) and a retained one', () => {
    const { socket, log } = opened(['lobby']);
    socket.deliver(publish('/domain/forum%2Eexample/gid/staff', chat('from a room never joined'), 1, 8));
    expect(socket.last('puback')!.packetId).toBe(8);
    socket.deliver(publish('/domain/other%2Eexample/uid/alice', chat('another domain'), 0));
    subscriptions({ user: 'alice', rooms: [] });
    socket.deliver(publish('/domain/forum%2Eexample/gid/lobby', chat('from the room just left'), 0));
    socket.deliver(publish(ME, chat('an old retained copy'), 0, undefined, true));
    socket.deliver(publish(ME, chat('live'), 0));
    expect(bodies(log)).toEqual(['live']);
    expect(events(log, 'error')).toMatchObject([
      { kind: 'mqtt', code: 'bad_frame' },
      { kind: 'mqtt', code: 'bad_frame' },
      { kind: 'mqtt', code: 'bad_frame' },
      { kind: 'mqtt', code: 'bad_frame' },
    ]);
    expect(events(log, 'close')).toEqual([]);
  });

  it('a broken Remaining Length makes the stream unreadable: reported, and the link closes (network)', () => {
    const { socket, log } = opened();
    socket.deliver([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    expect(events(log, 'error')).toMatchObject([{ kind: 'mqtt', code: 'bad_frame' }]);
    expect(events(log, 'close')).toEqual([{ reason: 'network', code: undefined, wasOpen: true }]);
    expect(socket.closedWith).toBe(1000);
  });

  it('a pushed status "stopped" closes with stopped', () => {
    const { socket, log } = opened();
    socket.deliver(publish(ME, '{"status":"stopped"}', 0));
    expect(events(log, 'close')).toMatchObject([{ reason: 'stopped' }]);
  });
});

describe('createMqttTransport: keep-alive and closing', () => {
  it('sends PINGREQ every keep-alive period; an unanswered one ends the link with timeout', () => {
    const { socket, log } = opened();
    vi.advanceTimersByTime(59_999);
    expect(socket.last('pingreq')).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(socket.sent.filter((p) => p.type === 'pingreq')).toHaveLength(1);
    socket.deliver(pingresp());
    vi.advanceTimersByTime(60_000);
    expect(socket.sent.filter((p) => p.type === 'pingreq')).toHaveLength(2);
    expect(events(log, 'close')).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(events(log, 'close')).toEqual([{ reason: 'timeout', code: undefined, wasOpen: true }]);
  });

  it('uses the keep-alive the connection names', () => {
    const { socket } = start({ ...connection, mqtt: { ...connection.mqtt!, keepalive: 5 } });
    socket.open();
    expect(socket.last('connect')!.connect!.keepalive).toBe(5);
  });

  it('close() closes the socket without DISCONNECT, so the broker publishes the will', () => {
    const { socket, log, transport } = opened();
    transport.close();
    transport.close();
    expect(socket.last('disconnect')).toBeUndefined();
    expect(socket.closedWith).toBe(1000);
    expect(events(log, 'close')).toEqual([{ reason: 'client', code: undefined, wasOpen: true }]);
  });
});

describe('createMqttTransport: refusals and failover', () => {
  it('CONNACK "not authorised" or "bad user name or password" is a dead ticket: close with stopped', () => {
    for (const code of [4, 5]) {
      const { socket, log } = start();
      socket.open();
      socket.deliver(connack(code));
      expect(events(log, 'close')).toMatchObject([{ reason: 'stopped', wasOpen: false }]);
    }
    expect(memory.mqttNode ?? 0).toBe(0); // a refused ticket says nothing about the node
  });

  it('CONNACK "server unavailable" is the node failing: close with network, next node next time', () => {
    const { socket, log } = start();
    socket.open();
    socket.deliver(connack(3));
    expect(events(log, 'close')).toMatchObject([{ reason: 'network' }]);
    start();
    expect(FakeBrokerSocket.instances.at(-1)!.url).toBe('ws://node2.example/ws');
  });

  it('the socket closed after CONNECT without a CONNACK (RabbitMQ: 1002) is a refused login', () => {
    const { socket, log } = start();
    socket.open();
    socket.hangUp(1002);
    expect(events(log, 'close')).toEqual([{ reason: 'stopped', code: 1002, wasOpen: false }]);
  });

  it('fails over across the nodes in order, wrapping around; a node that works is kept', () => {
    const urls: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { socket } = start();
      urls.push(socket.url);
      socket.hangUp(1006); // never opened
    }
    expect(urls).toEqual([
      'ws://node1.example/ws',
      'ws://node2.example/ws',
      'ws://node3.example/ws',
      'ws://node1.example/ws',
    ]);
    const { socket, transport } = opened();
    expect(socket.url).toBe('ws://node2.example/ws');
    transport.close();
    expect(start().socket.url).toBe('ws://node2.example/ws');
  });

  it('an open that takes too long fails (network) and moves on', () => {
    const { socket, log } = start();
    socket.open();
    vi.advanceTimersByTime(8_000);
    expect(events(log, 'close')).toMatchObject([{ reason: 'network', wasOpen: false }]);
  });

  it('a lost link after it opened is network, wasOpen', () => {
    const { socket, log } = opened();
    socket.hangUp(1006);
    expect(events(log, 'close')).toEqual([{ reason: 'network', code: 1006, wasOpen: true }]);
  });
});

describe('selectTransport', () => {
  const env = { WebSocket: FakeBrokerSocket as unknown as typeof WebSocket };
  const watch = (listener: (s: Subscriptions) => void) => {
    listener({ user: 'alice', rooms: [] });
    return () => {};
  };

  it('auto prefers MQTT when the online reply offers a broker', () => {
    const transport: Transport = selectTransport('auto', { env, memory, watchSubscriptions: watch });
    transport.connect({ ...connection, websocket: 'ws://im.example/v5/wsocket' });
    expect(transport.kind).toBe('mqtt');
    expect(FakeBrokerSocket.instances[0].protocol).toBe('mqtt');
  });

  it('auto uses the NexTalk WebSocket when no broker is offered', () => {
    const transport = selectTransport('auto', { env, memory, watchSubscriptions: watch });
    transport.connect({ domain: 'd', ticket: 't', websocket: 'ws://im.example/v5/wsocket' });
    expect(transport.kind).toBe('websocket');
    expect(FakeBrokerSocket.instances[0].url).toBe('ws://im.example/v5/wsocket');
  });

  it('mqtt without a broker offered fails to open (network), and close() before connect closes once', () => {
    const transport = selectTransport('mqtt', { env, memory, watchSubscriptions: watch });
    const closes: unknown[] = [];
    transport.on('close', (c) => closes.push(c));
    transport.connect({ domain: 'd', ticket: 't', websocket: 'ws://im.example/v5/wsocket' });
    return Promise.resolve().then(() => {
      expect(closes).toMatchObject([{ reason: 'network' }]);
      const idle = selectTransport('auto', { env, memory });
      const idleCloses: unknown[] = [];
      idle.on('close', (c) => idleCloses.push(c));
      idle.close();
      idle.close();
      expect(idleCloses).toEqual([{ reason: 'client', wasOpen: false }]);
    });
  });
});
