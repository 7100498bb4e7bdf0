// The client with the real push transports against the project's mock backend on real sockets. Node provides
// fetch and WebSocket; JSONP runs its <script>s in a happy-dom Window handed to the client as `env.document`.
import type { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebIMClient } from '../../src/core/types';
import { startMockServer, type MockServer } from '../../src/mock-server';
import { conversationKey } from '../../src/protocol/keys';
import type { TransportPreference } from '../../src/transport/types';
import { createJsonpPage, messagesOf, mockServerClient, until } from './network-support';

let server: MockServer;
const pages: Window[] = [];

beforeAll(async () => {
  server = await startMockServer({ port: 0, imPort: 0, hold: 1_000, grace: 2_000 });
});
afterAll(async () => {
  for (const page of pages) await page.happyDOM.close();
  await server?.close();
});

function client(uid: string, transport: TransportPreference): WebIMClient {
  let page: Window | undefined;
  if (transport === 'jsonp') pages.push((page = createJsonpPage(server.siteUrl)));
  return mockServerClient(server.siteUrl, uid, transport, page);
}

describe.each(['websocket', 'jsonp'] as const)('%s happy path', (transport) => {
  it("connects, receives a buddy's message and presence, and answers", async () => {
    const alice = client('alice', transport);
    const bob = client('bob', transport);
    const errors: unknown[] = [];
    alice.on('error', (e) => errors.push(e));
    bob.on('error', (e) => errors.push(e));
    try {
      await alice.online();
      await until(alice, () => alice.store.connection.value.state === 'connected', 10_000, 'alice connected');
      expect(alice.store.connection.value.transport).toBe(transport);

      await bob.online();
      await until(bob, () => bob.store.connection.value.state === 'connected', 10_000, 'bob connected');
      await until(
        alice,
        () => alice.store.buddies.value.get('bob')?.value.presence === 'online',
        10_000,
        'bob online at alice',
      );

      bob.sendMessage({ to: 'alice', body: `hello over ${transport}` });
      const aliceKey = conversationKey('chat', 'bob');
      await until(
        alice,
        () => messagesOf(alice, aliceKey).some((m) => m.body === `hello over ${transport}`),
        10_000,
        'message at alice',
      );
      alice.sendMessage({ to: 'bob', body: 'got it' });
      const bobKey = conversationKey('chat', 'alice');
      await until(bob, () => messagesOf(bob, bobKey).some((m) => m.body === 'got it'), 10_000, 'reply at bob');
      expect(messagesOf(bob, bobKey).filter((m) => m.body === 'got it')).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await alice.offline();
      await bob.offline();
      alice.destroy();
      bob.destroy();
    }
  });
});
