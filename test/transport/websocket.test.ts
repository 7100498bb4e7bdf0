import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../src/protocol/errors';
import { createWebSocketTransport } from '../../src/transport/create';
import { TransportError } from '../../src/transport/types';
import type { TransportOptions } from '../../src/transport/types';
import { emptyPacket, fakeWebSocketClass, names, record, wireMessage } from './fakes';
import type { FakeSocket } from './fakes';

const connection = { domain: 'forum.example', ticket: 't-123', websocket: 'http://im.example:8000/v5/wsocket' };

function setup(options: TransportOptions = {}) {
  const fake = fakeWebSocketClass();
  const transport = createWebSocketTransport({ ...options, env: { WebSocket: fake.WebSocket, ...options.env } });
  const log = record(transport);
  transport.connect(connection);
  const socket = (): FakeSocket => {
    expect(fake.sockets).toHaveLength(1);
    return fake.sockets[0];
  };
  return { transport, log, socket, sockets: fake.sockets };
}

/** Opens the socket and acks the subscription, as the server does. */
function openAndAck(socket: FakeSocket): void {
  socket.serverOpen();
  socket.serverSend({ status: 'ok' });
}

const closeOf = (log: ReturnType<typeof record>) => log.filter(([n]) => n === 'close').map(([, v]) => v);
const errorsOf = (log: ReturnType<typeof record>) => log.filter(([n]) => n === 'error').map(([, v]) => v);

describe('createWebSocketTransport (fake socket)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens ws: for an http: URL and subscribes once the socket is open', () => {
    const { socket, log, transport } = setup();
    expect(transport.kind).toBe('websocket');
    expect(socket().url).toBe('ws://im.example:8000/v5/wsocket');
    expect(socket().sent).toEqual([]);
    socket().serverOpen();
    expect(socket().sent).toEqual(['subscribe forum.example t-123']);
    expect(log).toEqual([]); // not open until the server answers
  });

  it('converts https: to wss:', () => {
    const fake = fakeWebSocketClass();
    createWebSocketTransport({ env: { WebSocket: fake.WebSocket } }).connect({
      ...connection,
      websocket: 'https://im.example/v5/wsocket?x=1',
    });
    expect(fake.sockets[0].url).toBe('wss://im.example/v5/wsocket?x=1');
  });

  it('treats the first frame as the ack: open, then the ack as an empty packet', () => {
    const { socket, log } = setup();
    openAndAck(socket());
    expect(log).toEqual([
      ['open', { kind: 'websocket' }],
      ['packet', emptyPacket],
    ]);
  });

  it('emits one packet per frame, in order, with keep-alives as empty packets', () => {
    const { socket, log } = setup();
    openAndAck(socket());
    socket().serverSend({ status: 'ok', messages: [wireMessage('one')] });
    socket().serverSend({ status: 'ok' });
    socket().serverSend({
      status: 'ok',
      messages: [wireMessage('two')],
      presences: [{ type: 'online', from: 'carol', nick: 'Carol', show: 'away' }],
      statuses: [{ from: 'bob', to: 'alice', show: 'typing' }],
    });
    const packets = log.filter(([n]) => n === 'packet').map(([, p]) => p);
    expect(packets).toHaveLength(4);
    expect(packets[1]).toMatchObject({ status: 'ok', messages: [{ body: 'one', from: 'bob', to: 'alice' }] });
    expect(packets[2]).toEqual(emptyPacket);
    expect(packets[3]).toMatchObject({
      messages: [{ body: 'two' }],
      presences: [{ type: 'online', from: 'carol', show: 'away' }],
      statuses: [{ from: 'bob', to: 'alice', show: 'typing' }],
    });
    expect(errorsOf(log)).toEqual([]);
  });

  it('reports malformed parts of a packet as ProtocolErrors and still delivers the rest', () => {
    const { socket, log } = setup();
    openAndAck(socket());
    socket().serverSend({ status: 'ok', messages: [{ type: 'chat', from: 'bob' }, wireMessage('fine')] });
    const errors = errorsOf(log);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof ProtocolError)).toBe(true);
    expect(log.at(-1)).toMatchObject(['packet', { messages: [{ body: 'fine' }] }]);
  });

  it('drops an unparseable frame with a bad_frame error and keeps going', () => {
    const { socket, log } = setup();
    openAndAck(socket());
    socket().serverSend('{"status":"ok", oops');
    socket().serverSendBinary();
    socket().serverSend({ status: 'ok', messages: [wireMessage('after')] });
    const errors = errorsOf(log);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ kind: 'websocket', code: 'bad_frame' });
    }
    expect(log.at(-1)).toMatchObject(['packet', { messages: [{ body: 'after' }] }]);
    expect(closeOf(log)).toEqual([]);
  });

  it('closes with stopped after a packet with status "stopped", and closes the socket', () => {
    const { socket, log } = setup();
    openAndAck(socket());
    socket().serverSend({ status: 'stopped' });
    expect(log.slice(-2)).toEqual([
      ['packet', { ...emptyPacket, status: 'stopped' }],
      ['close', { reason: 'stopped', wasOpen: true }],
    ]);
    expect(socket().clientCloseCode).toBe(1000);
    socket().serverSend({ status: 'ok' });
    expect(names(log)).toEqual(['open', 'packet', 'packet', 'close']);
  });

  it('closes with stopped, never opened, when the first frame refuses the ticket', () => {
    const { socket, log } = setup();
    socket().serverOpen();
    socket().serverSend({ status: 'stopped' });
    socket().serverClose(4404); // the mock server follows its stopped frame with 4404
    expect(log).toEqual([['close', { reason: 'stopped', wasOpen: false }]]);
  });

  it.each([
    [4404, 'stopped'],
    [4401, 'stopped'],
    [1008, 'stopped'],
    [4409, 'replaced'],
  ] as const)('maps server close code %i to %s', (code, reason) => {
    const { socket, log } = setup();
    openAndAck(socket());
    socket().serverClose(code);
    expect(log.at(-1)).toEqual(['close', { reason, code, wasOpen: true }]);
    expect(errorsOf(log)).toEqual([]);
  });

  it('reports an abnormal close (1006) as a socket_error and closes with network', () => {
    const { socket, log } = setup();
    openAndAck(socket());
    socket().serverClose(1006);
    expect(log.slice(-2)).toEqual([
      ['error', expect.objectContaining({ kind: 'websocket', code: 'socket_error' })],
      ['close', { reason: 'network', code: 1006, wasOpen: true }],
    ]);
  });

  it('closes with network and open_failed when the socket is refused before opening', () => {
    const { socket, log } = setup();
    socket().serverError();
    socket().serverClose(1006); // browsers follow error with close: must not produce a second close
    expect(log).toEqual([
      ['error', expect.objectContaining({ kind: 'websocket', code: 'open_failed' })],
      ['close', { reason: 'network', wasOpen: false }],
    ]);
  });

  it('fails to open after openTimeoutMs (default 8 s) when the ack never comes', () => {
    const { socket, log } = setup();
    socket().serverOpen();
    vi.advanceTimersByTime(7_999);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual([
      ['error', expect.objectContaining({ code: 'open_failed' })],
      ['close', { reason: 'network', wasOpen: false }],
    ]);
    expect(socket().clientCloseCode).toBe(1000);
  });

  it('honours a custom openTimeoutMs', () => {
    const { log } = setup({ openTimeoutMs: 500 });
    vi.advanceTimersByTime(500);
    expect(closeOf(log)).toEqual([{ reason: 'network', wasOpen: false }]);
  });

  it('closes with timeout when the watchdog (default 30 s) sees no frame; every frame resets it', () => {
    const { socket, log } = setup({ pingIntervalMs: 0 });
    openAndAck(socket());
    vi.advanceTimersByTime(29_999);
    socket().serverSend({ status: 'ok' }); // keep-alive
    vi.advanceTimersByTime(29_999);
    socket().serverSend('garbage'); // even a bad frame proves the link is alive
    vi.advanceTimersByTime(29_999);
    expect(closeOf(log)).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closeOf(log)).toEqual([{ reason: 'timeout', wasOpen: true }]);
    expect(socket().clientCloseCode).toBe(1000);
  });

  it('pings every 20 s once subscribed; a link whose answers stop is closed by the watchdog within 1.5 pings', () => {
    const { socket, log } = setup();
    const pings = () => socket().sent.filter((frame) => frame === 'ping').length;
    openAndAck(socket());
    expect(pings()).toBe(0);
    vi.advanceTimersByTime(20_000);
    expect(pings()).toBe(1);
    socket().serverSend({ status: 'ok' }); // the answer
    vi.advanceTimersByTime(20_000);
    expect(pings()).toBe(2);
    // No answer (a half-open link swallows frames): the watchdog ends it 30 s after the last frame.
    vi.advanceTimersByTime(9_999);
    expect(closeOf(log)).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closeOf(log)).toEqual([{ reason: 'timeout', wasOpen: true }]);
    vi.advanceTimersByTime(60_000);
    expect(pings()).toBe(2);
  });

  it('counts the silence from the last frame with one timer, and still ends a silent link after the clock went back', () => {
    let clock = 1_000_000;
    let timersSet = 0;
    const env = {
      now: () => clock,
      setTimeout: (fn: () => void, ms: number) => {
        timersSet++;
        return setTimeout(fn, ms);
      },
      clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
    };
    const { socket, log } = setup({ pingIntervalMs: 0, watchdogMs: 1_000, env });
    const wait = (ms: number) => {
      clock += ms;
      vi.advanceTimersByTime(ms);
    };
    openAndAck(socket());
    const armed = timersSet;
    wait(600);
    socket().serverSend({ status: 'ok' });
    socket().serverSend({ status: 'ok' });
    // Frames set no timer of their own: the one armed at the ack fires at 1 000 and waits for what is left.
    expect(timersSet).toBe(armed);
    wait(999);
    expect(closeOf(log)).toEqual([]);
    wait(1);
    expect(closeOf(log)).toEqual([{ reason: 'timeout', wasOpen: true }]);

    const second = setup({ pingIntervalMs: 0, watchdogMs: 1_000, env });
    openAndAck(second.socket());
    // The system clock is set back an hour: the watchdog can't trust the last frame's time and starts over.
    clock -= 3_600_000;
    vi.advanceTimersByTime(1_000);
    expect(closeOf(second.log)).toEqual([]);
    wait(1_000);
    expect(closeOf(second.log)).toEqual([{ reason: 'timeout', wasOpen: true }]);
  });

  it('honours a custom watchdogMs', () => {
    const { socket, log } = setup({ watchdogMs: 1_000 });
    openAndAck(socket());
    vi.advanceTimersByTime(1_000);
    expect(closeOf(log)).toEqual([{ reason: 'timeout', wasOpen: true }]);
  });

  it('emits only close(client) on close(), then nothing, whatever the socket does', () => {
    const { socket, log, transport } = setup();
    openAndAck(socket());
    transport.close();
    transport.close();
    socket().serverSend({ status: 'ok', messages: [wireMessage('late')] });
    socket().serverError();
    socket().serverClose(4404);
    vi.advanceTimersByTime(200_000);
    expect(log.slice(2)).toEqual([['close', { reason: 'client', wasOpen: true }]]);
    expect(socket().clientCloseCode).toBe(1000);
  });

  it('close() before the ack stops the open timer too', () => {
    const { socket, log, transport } = setup();
    socket().serverOpen();
    transport.close();
    vi.advanceTimersByTime(100_000);
    expect(log).toEqual([['close', { reason: 'client', wasOpen: false }]]);
  });

  it('a listener may close the transport from inside a packet handler', () => {
    const { socket, log, transport } = setup();
    transport.on('packet', (p) => {
      if (p.messages.length) transport.close();
    });
    openAndAck(socket());
    socket().serverSend({ status: 'stopped', messages: [wireMessage('bye')] });
    expect(closeOf(log)).toEqual([{ reason: 'client', wasOpen: true }]);
  });

  it.each([
    ['no usable URL', { WebSocket: fakeWebSocketClass().WebSocket }, 'ftp://im.example/ws'],
    ['no URL at all', { WebSocket: fakeWebSocketClass().WebSocket }, undefined],
    ['no WebSocket class', { WebSocket: undefined }, connection.websocket],
  ] as const)('fails asynchronously with open_failed when there is %s', async (_, env, websocket) => {
    const transport = createWebSocketTransport({ env });
    const log = record(transport);
    transport.connect({ ...connection, websocket });
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual([
      ['error', expect.objectContaining({ kind: 'websocket', code: 'open_failed' })],
      ['close', { reason: 'network', wasOpen: false }],
    ]);
  });

  it('connects only once', () => {
    const { transport } = setup();
    expect(() => transport.connect(connection)).toThrow(/only once/);
  });
});
