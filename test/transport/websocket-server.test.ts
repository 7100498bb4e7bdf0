// The WebSocket transport against a real `ws` server in this process, through Node's global WebSocket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket as ServerSocket } from 'ws';
import { createWebSocketTransport } from '../../src/transport/create';
import type { Transport, TransportEventMap } from '../../src/transport/types';
import { names, record, wireMessage } from './fakes';

let server: WebSocketServer;
let url: string;
/** Frames each server-side socket received, and the sockets, in connection order. */
let received: string[][];
let serverSockets: ServerSocket[];

beforeEach(async () => {
  received = [];
  serverSockets = [];
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v5/wsocket' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  url = `http://127.0.0.1:${address.port}/v5/wsocket`;
  server.on('connection', (socket) => {
    const frames: string[] = [];
    received.push(frames);
    serverSockets.push(socket);
    socket.on('message', (data) => {
      const text = String(data);
      frames.push(text);
      if (text.startsWith('subscribe ')) {
        // Ack at once, then a backlog of queued packets, like the message server does on subscribe.
        socket.send(JSON.stringify({ status: 'ok' }));
        for (const body of ['first', 'second', 'third']) {
          socket.send(JSON.stringify({ status: 'ok', messages: [wireMessage(body)] }));
        }
      }
    });
  });
});

afterEach(async () => {
  for (const socket of serverSockets) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function next<E extends keyof TransportEventMap>(transport: Transport, event: E): Promise<TransportEventMap[E]> {
  return new Promise((resolve) => {
    const off = transport.on(event, (value) => {
      off();
      resolve(value);
    });
  });
}

function packets(transport: Transport, count: number): Promise<TransportEventMap['packet'][]> {
  return new Promise((resolve) => {
    const seen: TransportEventMap['packet'][] = [];
    const off = transport.on('packet', (packet) => {
      seen.push(packet);
      if (seen.length === count) {
        off();
        resolve(seen);
      }
    });
  });
}

const connection = () => ({ domain: 'forum.example', ticket: 'ticket-abc', websocket: url });

describe('createWebSocketTransport (real ws server)', () => {
  it('sends "subscribe <domain> <ticket>", opens on the ack and delivers packets in order', async () => {
    const transport = createWebSocketTransport();
    const log = record(transport);
    const four = packets(transport, 4);
    transport.connect(connection());
    const received4 = await four;
    expect(received).toEqual([['subscribe forum.example ticket-abc']]);
    expect(names(log).slice(0, 2)).toEqual(['open', 'packet']);
    expect(received4.map((p) => p.messages.map((m) => m.body))).toEqual([[], ['first'], ['second'], ['third']]);
    transport.close();
  });

  it('maps the server closing with 4409 to replaced', async () => {
    const transport = createWebSocketTransport();
    const opened = next(transport, 'open');
    const closed = next(transport, 'close');
    transport.connect(connection());
    await opened;
    serverSockets[0].close(4409, 'replaced');
    expect(await closed).toEqual({ reason: 'replaced', code: 4409, wasOpen: true });
  });

  it('closes the socket towards the server on close()', async () => {
    const transport = createWebSocketTransport();
    const opened = next(transport, 'open');
    transport.connect(connection());
    await opened;
    const serverSawClose = new Promise<number>((resolve) => serverSockets[0].once('close', (code) => resolve(code)));
    const log = record(transport);
    transport.close();
    expect(await serverSawClose).toBe(1000);
    expect(log).toEqual([['close', { reason: 'client', wasOpen: true }]]);
  });

  it('closes with network when the server refuses the upgrade', async () => {
    const transport = createWebSocketTransport();
    const closed = next(transport, 'close');
    transport.connect({ ...connection(), websocket: url.replace('/v5/wsocket', '/nope') });
    expect(await closed).toMatchObject({ reason: 'network', wasOpen: false });
  });
});
