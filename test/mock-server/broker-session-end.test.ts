import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerLink } from '../../src/mock-server/engine/broker/push';
import type { MockServer } from '../../src/mock-server/index';
import { call, FakeClock, online, testEngine } from './engine-support';
import { Browser, control } from './helpers';
import { brokerUrl, MqttClient } from './mqtt-client';
import { connectPush, startServerIn } from './push-modes';

// A broker checks a login once, at CONNECT. When the site ends a ticket or a session (logout, the grace period,
// a reset) the connections behind it must go, as a NexTalk ticket's socket closes with 4404: otherwise a page
// logged out on a shared computer goes on hearing the user's private pushes.

const GRACE = 300;
const SUBSCRIBE_TIMEOUT = 200;

/** Resolves true when the connection closes within `ms`, false when it is still open then. */
const closesWithin = (client: MqttClient, ms = 2_000): Promise<boolean> =>
  Promise.race([client.closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);

describe('broker mode: a session that ends takes its MQTT connections along (embedded broker)', () => {
  let server: MockServer;
  const clients: MqttClient[] = [];
  const connect = async (browser: Browser) => {
    const reply = await browser.online();
    const push = (await connectPush('broker', server, reply)) as MqttClient;
    clients.push(push);
    return { push, ticket: reply.connection.ticket };
  };

  beforeAll(async () => {
    server = await startServerIn('broker', { grace: GRACE, subscribeTimeout: SUBSCRIBE_TIMEOUT });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await control(server, 'reset');
  });
  afterAll(() => server.close());

  it('a logout closes the connection of that login', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const { push, ticket } = await connect(alice);
    expect((await alice.post('/webim/offline', { ticket })).status).toBe(200);
    expect(await closesWithin(push)).toBe(true);
  });

  it('a logout of one browser closes only that browser’s connection; the other still hears her pushes', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const first = await connect(alice);
    const second = await connect(alice);
    const bob = new Browser(server.siteUrl, 'bob');
    const bobTicket = (await bob.online()).connection.ticket;
    await alice.post('/webim/offline', { ticket: first.ticket });
    expect(await closesWithin(first.push)).toBe(true);
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'still here?', ticket: bobTicket });
    await second.push.inbox.message('still here?', (m) => m.body === 'still here?');
  });

  it('a session that runs out (never announced, grace over) closes the connection logged in with its ticket', async () => {
    const reply = await new Browser(server.siteUrl, 'alice').online();
    const raw = await MqttClient.open(brokerUrl(reply));
    clients.push(raw);
    expect(await raw.login('alice', reply.connection.ticket)).toBe(0);
    expect(await closesWithin(raw, SUBSCRIBE_TIMEOUT + GRACE + 1_500)).toBe(true);
  });
});

describe('broker mode: user topics only while the user is logged in', () => {
  it('publishes nothing to a user topic once the session ended, and asks the link to drop its connections', async () => {
    const published: string[] = [];
    const dropped: Array<[string | undefined, string | undefined]> = [];
    const link: BrokerLink = {
      publish: (topic) => void published.push(topic),
      onPresence: () => {},
      drop: (user, ticket) => {
        dropped.push([user, ticket]);
        return 0;
      },
      close: async () => {},
    };
    const engine = testEngine(new FakeClock(), {
      broker: { link, urls: ['ws://127.0.0.1:1/mqtt'], account: { username: 'site', password: 'site-secret' } },
    });
    const aliceTicket = (await online(engine, 'alice')).connection.ticket;
    const bobTicket = (await online(engine, 'bob')).connection.ticket;
    expect((await call(engine, 'alice', 'offline', { ticket: aliceTicket })).status).toBe(200);
    expect(dropped).toEqual([['alice', undefined]]);
    published.length = 0;
    await call(engine, 'bob', 'message', { type: 'chat', to: 'alice', body: 'door code 4711', ticket: bobTicket });
    expect(published).not.toContain('/domain/localhost/uid/alice');
    expect(published).toContain('/domain/localhost/uid/bob');
  });
});
