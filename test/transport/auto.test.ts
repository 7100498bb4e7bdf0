import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutoTransport, createTransportMemory } from '../../src/transport/create';
import type { Packet } from '../../src/protocol/types';
import type { Transport, TransportMemory } from '../../src/transport/types';
import { createFakePushServer } from './fake-push-server';
import type { FakePushServer } from './fake-push-server';
import { names, record, wireMessage } from './fakes';

const connection = {
  domain: 'forum.example',
  ticket: 't-9',
  websocket: 'http://im.example/v5/wsocket',
  jsonpd: 'http://im.example/v5/packets',
};

let server: FakePushServer;
let memory: TransportMemory;

function start(options: { memory?: TransportMemory; probeIntervalMs?: number } = {}) {
  const transport = createAutoTransport({ env: server.env, memory: options.memory ?? memory, ...options });
  const log = record(transport);
  transport.connect(connection);
  return { transport, log };
}

const bodies = (log: ReturnType<typeof record>): string[] =>
  log.filter(([n]) => n === 'packet').flatMap(([, p]) => (p as Packet).messages.map((m) => m.body));
const opens = (log: ReturnType<typeof record>) => log.filter(([n]) => n === 'open');
const closes = (log: ReturnType<typeof record>) => log.filter(([n]) => n === 'close');

/** Starts on JSONP after a refused socket, with one answered poll. */
function fallenBackToJsonp() {
  server.refuseSockets = true;
  const started = start();
  server.flush();
  expect(started.transport.kind).toBe('jsonp');
  server.expireHolds(); // the first poll is answered (empty): JSONP is open
  server.flush();
  expect(opens(started.log)).toEqual([['open', { kind: 'jsonp' }]]);
  server.refuseSockets = false;
  return started;
}

beforeEach(() => {
  vi.useFakeTimers();
  server = createFakePushServer();
  memory = createTransportMemory();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createAutoTransport', () => {
  it('uses WebSocket when offered and available', () => {
    const { transport, log } = start();
    server.flush();
    expect(server.sockets).toHaveLength(1);
    expect(server.scripts).toHaveLength(0);
    expect(transport.kind).toBe('websocket');
    expect(log[0]).toEqual(['open', { kind: 'websocket' }]);
    server.deliver(wireMessage('hello'));
    server.flush();
    expect(bodies(log)).toEqual(['hello']);
  });

  it('falls back to JSONP when the socket is refused, with a single open', () => {
    server.refuseSockets = true;
    const { transport, log } = start();
    server.flush();
    expect(transport.kind).toBe('jsonp');
    expect(server.scripts.length).toBeGreaterThan(0);
    expect(opens(log)).toEqual([]); // JSONP opens with its first answer
    server.expireHolds();
    server.flush();
    expect(opens(log)).toEqual([['open', { kind: 'jsonp' }]]);
    expect(log[0]).toEqual(['error', expect.objectContaining({ kind: 'websocket', code: 'open_failed' })]);
    expect(closes(log)).toEqual([]);
    expect(memory.websocketOpenFailures).toBe(1);
    server.deliver(wireMessage('via jsonp'));
    server.flush();
    expect(bodies(log)).toEqual(['via jsonp']);
  });

  it('falls back to JSONP when the socket opens but the ack never comes (open timeout)', () => {
    server.silentSockets = true;
    const { transport, log } = start();
    server.flush();
    expect(server.scripts).toHaveLength(0);
    vi.advanceTimersByTime(8_000);
    expect(transport.kind).toBe('jsonp');
    server.deliver(wireMessage('first'));
    server.flush();
    expect(names(log)).toEqual(['error', 'open', 'packet']);
  });

  it('probes WebSocket every probeIntervalMs while on JSONP and switches once the probe is acked', () => {
    const { transport, log } = fallenBackToJsonp();
    vi.advanceTimersByTime(59_999);
    expect(server.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(server.sockets).toHaveLength(2);
    server.flush();
    expect(transport.kind).toBe('websocket');
    expect(opens(log)).toHaveLength(1);
    expect(closes(log)).toEqual([]);
    expect(memory.websocketOpenFailures).toBe(0);
    // JSONP is retired: no script element, no live callback, no new poll.
    const polls = server.scripts.length;
    server.deliver(wireMessage('after the switch'));
    server.flush();
    expect(bodies(log)).toEqual(['after the switch']);
    expect(server.scripts).toHaveLength(polls);
    expect(server.scripts.every((s) => s.parent === null)).toBe(true);
    expect(Object.values(server.global).filter((f) => f !== undefined)).toHaveLength(0);
    expect(server.kickedSockets).toBe(0);
  });

  it('keeps probing after a failed probe, and keeps JSONP running meanwhile', () => {
    const { transport, log } = fallenBackToJsonp();
    server.refuseSockets = true;
    vi.advanceTimersByTime(60_000);
    server.flush();
    expect(transport.kind).toBe('jsonp');
    expect(memory.websocketOpenFailures).toBe(2);
    server.deliver(wireMessage('still on jsonp'));
    server.flush();
    expect(bodies(log)).toEqual(['still on jsonp']);
    server.refuseSockets = false;
    vi.advanceTimersByTime(60_000);
    server.flush();
    expect(server.sockets).toHaveLength(3);
    expect(transport.kind).toBe('websocket');
    expect(names(log).filter((n) => n === 'error')).toEqual(['error']); // probe failures are not the carrier's
  });

  it('resumes polling when a probe opens but is never acked', () => {
    const { transport, log } = fallenBackToJsonp();
    server.silentSockets = true;
    vi.advanceTimersByTime(60_000);
    server.flush(); // the probe socket opens and subscribes: polling pauses
    const pollsBefore = server.scripts.length;
    vi.advanceTimersByTime(8_000); // probe open timeout
    expect(transport.kind).toBe('jsonp');
    server.deliver(wireMessage('polling again'));
    server.flush();
    expect(bodies(log)).toEqual(['polling again']);
    expect(server.scripts.length).toBeGreaterThan(pollsBefore);
    expect(closes(log)).toEqual([]);
  });

  it('loses no packet when the retiring poll answers after the socket took over, then polls no more', () => {
    const { log } = fallenBackToJsonp();
    vi.advanceTimersByTime(60_000);
    server.deliver(wireMessage('m1')); // answers the held poll; the answer is still on its way
    server.flush('socket'); // probe opens, subscribes, is acked
    server.deliver(wireMessage('m2')); // goes over the socket
    server.flush('socket');
    expect(bodies(log)).toEqual(['m2']);
    const polls = server.scripts.length;
    server.flush('script'); // now the retiring poll's answer arrives
    expect(bodies(log).sort()).toEqual(['m1', 'm2']);
    expect(server.kickedSockets).toBe(0);
    // Retired: no new poll, no script element, no callback left behind; the socket carries on alone.
    vi.advanceTimersByTime(25_000); // below the watchdog: the fake server sends no keep-alives
    expect(server.scripts).toHaveLength(polls);
    expect(server.scripts.every((s) => s.parent === null)).toBe(true);
    expect(Object.keys(server.global)).toEqual([]);
    expect(closes(log)).toEqual([]);
  });

  it('pauses polling while a probe subscribes: the outstanding poll still delivers, no new poll starts', () => {
    const { transport, log } = fallenBackToJsonp();
    server.silentSockets = true; // the probe opens and subscribes, but the server never acks it
    vi.advanceTimersByTime(60_000);
    server.flush('socket');
    const polls = server.scripts.length;
    server.deliver(wireMessage('held poll')); // the poll that was out when the probe subscribed
    server.flush();
    expect(bodies(log)).toEqual(['held poll']);
    expect(server.scripts).toHaveLength(polls);
    expect(server.scripts.every((s) => s.parent === null)).toBe(true);
    server.deliver(wireMessage('queued')); // nobody polls: the server queues it
    server.flush();
    expect(bodies(log)).toEqual(['held poll']);
    vi.advanceTimersByTime(8_000); // the probe's open timeout: polling resumes at once and gets the queued packet
    server.flush();
    expect(transport.kind).toBe('jsonp');
    expect(server.scripts.length).toBeGreaterThan(polls);
    expect(bodies(log)).toEqual(['held poll', 'queued']);
    expect(closes(log)).toEqual([]);
  });

  it('loses no packet queued at the server while the probe subscribes', () => {
    const { log, transport } = fallenBackToJsonp();
    vi.advanceTimersByTime(60_000);
    server.step('socket'); // probe opens and subscribes: the held poll is answered empty, polling pauses
    server.deliver(wireMessage('q1')); // nobody holds the ticket yet on the client side: queued for the socket
    server.deliver(wireMessage('q2'));
    server.flush('script');
    server.flush('socket');
    server.deliver(wireMessage('q3'));
    server.flush();
    expect(transport.kind).toBe('websocket');
    expect(bodies(log)).toEqual(['q1', 'q2', 'q3']);
  });

  it('loses no packet in any interleaving of deliveries, socket frames and script loads', () => {
    for (let seed = 1; seed <= 300; seed++) {
      server = createFakePushServer();
      memory = createTransportMemory();
      const { log, transport } = fallenBackToJsonp();
      let random = seed;
      const roll = (n: number) => {
        random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
        return random % n;
      };
      const sent: string[] = [];
      vi.advanceTimersByTime(60_000);
      for (let i = 0; i < 30; i++) {
        const action = roll(3);
        if (action === 0) {
          const body = `s${seed}-${sent.length}`;
          sent.push(body);
          server.deliver(wireMessage(body));
        } else server.step(action === 1 ? 'socket' : 'script');
      }
      server.flush();
      const body = `s${seed}-last`;
      sent.push(body);
      server.deliver(wireMessage(body));
      server.flush();
      expect(transport.kind, `seed ${seed}`).toBe('websocket');
      expect(new Set(bodies(log)), `seed ${seed}`).toEqual(new Set(sent));
      expect(closes(log), `seed ${seed}`).toEqual([]);
      expect(server.kickedSockets, `seed ${seed}`).toBe(0);
      expect(server.maxHeldPolls, `seed ${seed}`).toBe(1);
      transport.close();
    }
  });

  it('closes with stopped when the probe finds the ticket dead', () => {
    const { log } = fallenBackToJsonp();
    vi.advanceTimersByTime(60_000);
    const probe = server.sockets[1];
    probe.serverOpen();
    probe.serverSend({ status: 'stopped' });
    expect(closes(log)).toEqual([['close', { reason: 'stopped', wasOpen: true }]]);
    expect(memory.websocketOpenFailures).toBe(1);
  });

  it('closes (no fallback) when a socket that opened fine dies later', () => {
    const { transport, log } = start();
    server.flush();
    server.sockets[0].serverClose(1006);
    expect(closes(log)).toEqual([['close', { reason: 'network', code: 1006, wasOpen: true }]]);
    expect(server.scripts).toHaveLength(0);
    expect(transport.kind).toBe('websocket');
  });

  it('passes stopped through when the server refuses the ticket on the socket', () => {
    const { log } = start();
    server.sockets[0].serverOpen();
    server.sockets[0].serverClose(4404);
    expect(closes(log)).toEqual([['close', { reason: 'stopped', code: 4404, wasOpen: false }]]);
    expect(server.scripts).toHaveLength(0);
  });

  it('closes when the JSONP carrier fails', () => {
    const { log } = fallenBackToJsonp();
    server.scripts.at(-1)?.onerror?.();
    expect(closes(log)).toEqual([['close', { reason: 'network', wasOpen: true }]]);
    vi.advanceTimersByTime(600_000);
    expect(server.sockets).toHaveLength(1); // no probe after the end
  });

  it('close() emits only close(client) and stops the carrier, the probe and the probing', () => {
    const { transport, log } = fallenBackToJsonp();
    vi.advanceTimersByTime(60_000); // a probe is under way
    const before = log.length;
    transport.close();
    transport.close();
    server.flush();
    server.deliver(wireMessage('too late'));
    server.flush();
    vi.advanceTimersByTime(600_000);
    expect(log.slice(before)).toEqual([['close', { reason: 'client', wasOpen: true }]]);
    expect(server.sockets.map((s) => s.readyState)).toEqual([3, 3]);
    expect(server.sockets).toHaveLength(2);
  });

  it('uses JSONP without probing when no WebSocket URL is offered', () => {
    const transport = createAutoTransport({ env: server.env, memory });
    const log = record(transport);
    transport.connect({ ...connection, websocket: undefined });
    server.expireHolds();
    server.flush();
    vi.advanceTimersByTime(600_000);
    expect(transport.kind).toBe('jsonp');
    expect(server.sockets).toHaveLength(0);
    expect(opens(log)).toEqual([['open', { kind: 'jsonp' }]]);
  });

  it('uses JSONP without probing when the host has no WebSocket', () => {
    const transport = createAutoTransport({ env: { ...server.env, WebSocket: undefined }, memory });
    transport.connect(connection);
    vi.advanceTimersByTime(600_000);
    expect(transport.kind).toBe('jsonp');
    expect(server.sockets).toHaveLength(0);
  });

  it('starts on JSONP (and keeps probing) after WebSocket failed to open twice in a row', () => {
    server.refuseSockets = true;
    for (let i = 0; i < 2; i++) {
      const { transport } = start();
      server.flush();
      transport.close(); // e.g. the core reconnects
    }
    expect(memory.websocketOpenFailures).toBe(2);
    const socketsBefore = server.sockets.length;
    const { transport, log } = start();
    expect(server.sockets).toHaveLength(socketsBefore); // no socket first
    expect(transport.kind).toBe('jsonp');
    server.expireHolds();
    server.flush();
    expect(opens(log)).toEqual([['open', { kind: 'jsonp' }]]);
    server.refuseSockets = false;
    vi.advanceTimersByTime(60_000);
    server.flush();
    expect(transport.kind).toBe('websocket');
    expect(memory.websocketOpenFailures).toBe(0);
    // With the memory reset, the next connection tries WebSocket first again.
    transport.close();
    const next = start();
    expect(next.transport.kind).toBe('websocket');
    expect(server.sockets).toHaveLength(socketsBefore + 2);
  });

  it('one failure followed by a successful open does not send the next connection to JSONP', () => {
    server.refuseSockets = true;
    start().transport.close();
    server.flush();
    server.refuseSockets = false;
    const ok = start();
    server.flush();
    expect(ok.transport.kind).toBe('websocket');
    expect(memory.websocketOpenFailures).toBe(0);
  });

  it('shares one page-wide memory when none is passed', () => {
    server.refuseSockets = true;
    const a = createAutoTransport({ env: server.env });
    const b = createAutoTransport({ env: server.env });
    for (const t of [a, b] satisfies Transport[]) {
      t.connect(connection);
      server.flush();
      t.close();
    }
    const c = createAutoTransport({ env: server.env });
    const sockets = server.sockets.length;
    c.connect(connection);
    expect(c.kind).toBe('jsonp');
    expect(server.sockets).toHaveLength(sockets);
    c.close();
  });
});
