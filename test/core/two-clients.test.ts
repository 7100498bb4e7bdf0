// Two headless clients against the real mock server (site + message server on real sockets) exchange 200
// messages each way, over WebSocket and again over JSONP (its <script>s run in happy-dom Windows), and each side
// must end up with all 400, none twice, each sender's order intact.
import type { Window } from 'happy-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebIMClient } from '../../src/core/types';
import { startMockServer, type MockServer } from '../../src/mock-server';
import { conversationKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { TransportError, type TransportPreference } from '../../src/transport/types';
import { createJsonpPage, messagesOf, mockServerClient, until } from './network-support';

const EACH_WAY = 200;

let server: MockServer;
const pages: Window[] = [];

beforeAll(async () => {
  server = await startMockServer({ port: 0, imPort: 0, hold: 1_000, grace: 2_000 });
});
afterEach(() => server.engine.reset());
afterAll(async () => {
  for (const page of pages) await page.happyDOM.close();
  await server?.close();
});

function client(uid: string, transport: TransportPreference): WebIMClient {
  let page: Window | undefined;
  if (transport === 'jsonp') pages.push((page = createJsonpPage(server.siteUrl)));
  return mockServerClient(server.siteUrl, uid, transport, page);
}

/** Runs `fn` once, when alice has seen `count` messages of the conversation. */
function when(c: WebIMClient, key: ReturnType<typeof conversationKey>, count: number, fn: () => void): void {
  const stop = c.on('action', () => {
    if (messagesOf(c, key).length < count) return;
    stop();
    fn();
  });
}

/** The server ends every ticket of `uid` (what a message-server restart or an expired grace period does). */
function endTickets(uid: string): number {
  const hub = server.engine.im.hub;
  const tickets = hub.all().filter((t) => t.userId === uid);
  for (const t of tickets) hub.end(t);
  return tickets.length;
}

/** The server closes `uid`'s push connections but keeps the tickets (`/mock/drop`). */
function dropConnections(uid: string): number {
  const hub = server.engine.im.hub;
  const tickets = hub.all().filter((t) => t.userId === uid);
  for (const t of tickets) hub.drop(t);
  return tickets.length;
}

/** The bodies `from` sent, in the order this conversation shows them. */
const bodiesFrom = (list: readonly Message[], from: string) => list.filter((m) => m.from === from).map((m) => m.body);
const expected = (prefix: string) => Array.from({ length: EACH_WAY }, (_, i) => `${prefix}-${i}`);
let runs = 0;

describe.each(['websocket', 'jsonp'] as const)('two clients over %s', (transport) => {
  it.each([
    ['', null],
    [", while alice's connection is dropped mid-stream", dropConnections],
    [", while alice's ticket dies mid-stream", endTickets],
  ] as const)(
    `exchange ${EACH_WAY} messages each way with nothing lost, duplicated or out of order%s`,
    // Both sides send as fast as they can: a sender stamps its own messages, so many share a millisecond; the server
    // must store them in order, and the other side's store keep that order whichever path (push, sync after the
    // re-login, history) brought each copy.
    { timeout: 90_000 },
    async (_, disrupt) => {
      const alice = client('alice', transport);
      const bob = client('bob', transport);
      const errors: unknown[] = [];
      alice.on('error', (e) => errors.push(e));
      // How bob's first messages reached alice (action, stamp, server id): printed if their order comes out wrong.
      const arrivals: string[] = [];
      alice.on('action', ({ action }) => {
        const list =
          action.type === 'packet'
            ? action.packet.messages
            : action.type === 'history'
              ? action.messages
              : action.type === 'online'
                ? action.reply.newMessages
                : [];
        for (const m of list)
          if (/b-[0-2]$/.test(m.body) && m.from === 'bob')
            arrivals.push(`${action.type}: ${m.body} at ${m.timestamp}, server id ${m.serverId}`);
      });
      bob.on('error', (e) => errors.push(e));
      // Bodies unique to this run: the server's history outlives a test.
      const run = `r${++runs}`;
      const [fromAlice, fromBob] = [`${run}a`, `${run}b`];
      const atAlice = conversationKey('chat', 'bob');
      const atBob = conversationKey('chat', 'alice');
      try {
        await Promise.all([alice.online(), bob.online()]);
        await until(alice, () => alice.store.connection.value.state === 'connected', 10_000, 'alice connected');
        await until(bob, () => bob.store.connection.value.state === 'connected', 10_000, 'bob connected');
        expect(alice.store.connection.value.transport).toBe(transport);
        expect(bob.store.connection.value.transport).toBe(transport);

        if (disrupt) when(alice, atAlice, EACH_WAY / 2, () => expect(disrupt('alice')).toBeGreaterThan(0));
        // Both type away at the same time; the outboxes send one at a time, in order.
        for (let i = 0; i < EACH_WAY; i++) {
          alice.sendMessage({ to: 'bob', body: `${fromAlice}-${i}` });
          bob.sendMessage({ to: 'alice', body: `${fromBob}-${i}` });
        }
        const complete = (c: WebIMClient, key: typeof atAlice) => () => {
          const list = messagesOf(c, key);
          return list.length >= 2 * EACH_WAY && list.every((m) => m.status === 'sent');
        };
        await until(alice, complete(alice, atAlice), 60_000, 'alice to have all messages');
        await until(bob, complete(bob, atBob), 60_000, 'bob to have all messages');

        for (const [c, key] of [
          [alice, atAlice],
          [bob, atBob],
        ] as const) {
          const list = messagesOf(c, key);
          expect(list).toHaveLength(2 * EACH_WAY);
          expect(new Set(list.map((m) => m.id)).size).toBe(2 * EACH_WAY);
          expect(bodiesFrom(list, 'alice')).toEqual(expected(fromAlice));
          if (c === alice && bodiesFrom(list, 'bob')[0] !== `${fromBob}-0`)
            console.log(`bob's first messages reached alice:\n${arrivals.join('\n')}`);
          expect(bodiesFrom(list, 'bob')).toEqual(expected(fromBob));
          for (let i = 1; i < list.length; i++)
            expect(list[i]!.timestamp).toBeGreaterThanOrEqual(list[i - 1]!.timestamp);
        }
        // Paging the whole conversation back from the server merges into what push delivered: nothing doubles.
        for (const [c, key] of [
          [alice, atAlice],
          [bob, atBob],
        ] as const) {
          while (await c.loadHistory(key));
          const list = messagesOf(c, key);
          const ours = list.filter((m) => m.body.startsWith(run));
          expect(ours).toHaveLength(2 * EACH_WAY);
          expect(bodiesFrom(ours, 'alice')).toEqual(expected(fromAlice));
          expect(bodiesFrom(ours, 'bob')).toEqual(expected(fromBob));
          expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
          for (let i = 1; i < list.length; i++)
            expect(list[i]!.timestamp).toBeGreaterThanOrEqual(list[i - 1]!.timestamp);
        }
        // Each received message was news once: unread counts exactly the other side's messages.
        expect(alice.store.unread.value.get(atAlice)).toBe(EACH_WAY);
        expect(bob.store.unread.value.get(atBob)).toBe(EACH_WAY);
        // A dropped socket is reported (that is what `error` is for); anything else is a defect.
        expect(errors.filter((e) => !(disrupt && e instanceof TransportError))).toEqual([]);
      } finally {
        await Promise.all([alice.offline(), bob.offline()]);
        alice.destroy();
        bob.destroy();
      }
    },
  );
});
