import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client';
import { createEngine, type Engine } from '../../src/mock-server/index';
import { createMswHandlers } from '../../src/mock-server/msw';
import { conversationKey } from '../../src/protocol/keys';
import { fakeTransports } from './fakes';
import { fetchAs } from './network-support';

/** The client's login against the mock site's `/webim/*` served in-process by msw (real `createApi`). */
const SITE = 'http://site.mock';
const IM = 'http://im.mock';

let engine: Engine;
let server: ReturnType<typeof setupServer>;

beforeAll(() => {
  engine = createEngine({ siteUrl: SITE, imUrl: IM, onError: () => undefined });
  server = setupServer(...createMswHandlers(engine, { siteOrigin: SITE, imOrigin: IM, websocket: false }));
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => engine.reset());
afterAll(() => {
  server.close();
  engine.close();
});

describe('login over /webim/* (msw)', () => {
  it('logs in, fills the store, subscribes with the ticket, sends and reads history', async () => {
    const transports = fakeTransports();
    const client = createClient({
      base: `${SITE}/webim/`,
      fetch: fetchAs('alice'),
      persist: false,
      tabs: false,
      createTransport: transports.factory,
    });
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    await client.online();
    const { store } = client;
    expect(store.user.value).toMatchObject({ id: 'alice' });
    expect([...store.buddies.value.keys()]).toEqual(expect.arrayContaining(['bob', 'carol']));
    expect(store.rooms.value.size).toBeGreaterThan(0);
    expect(transports.last.connection?.ticket).toMatch(/\S{16,}/);
    expect(transports.last.connection?.websocket).toMatch(/^ws:\/\/im\.mock\//);
    transports.last.open();
    expect(store.connection.value).toEqual({ state: 'connected', transport: 'websocket' });

    const sent = client.sendMessage({ to: 'bob', body: 'hello over msw' });
    await new Promise<void>((resolve) => client.on('message:status', () => resolve()));
    const bob = conversationKey('chat', 'bob');
    expect(store.conversations.value.get(bob)!.value.messages).toEqual([
      expect.objectContaining({ id: sent.id, status: 'sent' }),
    ]);
    // The seeded history comes back with our message in it: it merges with the local copy (one entry, last).
    expect(await client.loadHistory(bob)).toBe(false);
    const bodies = store.conversations.value.get(bob)!.value.messages.map((m) => m.body);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.filter((b) => b === 'hello over msw')).toHaveLength(1);
    expect(bodies.at(-1)).toBe('hello over msw');
    expect(errors).toEqual([]);
    await client.offline();
    client.destroy();
  });

  it('a user the site does not know is refused: `stopped` with the reason', async () => {
    const client = createClient({
      base: `${SITE}/webim/`,
      fetch: fetchAs('nobody'),
      persist: false,
      tabs: false,
      createTransport: fakeTransports().factory,
    });
    await expect(client.online()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(client.store.connection.value).toEqual({ state: 'stopped', reason: 'unauthorized' });
    client.destroy();
  });
});
