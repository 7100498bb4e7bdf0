import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrokerLink, MAX_CLIENTS_PER_USER } from '../../src/mock-server/engine/broker/push';
import type { MockServer } from '../../src/mock-server/index';
import { presenceTopic } from '../../src/protocol/topics';
import { FakeClock, online, testEngine } from './engine-support';
import { Browser, control, sleep, until } from './helpers';
import { brokerUrl, MqttClient } from './mqtt-client';
import { startServerIn } from './push-modes';

// A user's presence signals count connections. A page that names made-up client ids must not keep its user online
// forever (nor grow the site's sets without bound): one connection counts once, and leaves when it closes.

const GRACE = 200;
const signal = (show: string, client: string) => JSON.stringify({ show, client });

describe('broker mode: presence signals count real connections (embedded broker)', () => {
  let server: MockServer;
  const clients: MqttClient[] = [];
  const connections = () => server.engine.broker!.push.connections();

  beforeAll(async () => {
    server = await startServerIn('broker', { grace: GRACE });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await control(server, 'reset');
  });
  afterAll(() => server.close());

  async function rawErin(will: boolean): Promise<MqttClient> {
    const reply = await new Browser(server.siteUrl, 'erin').online();
    const raw = await MqttClient.open(brokerUrl(reply));
    clients.push(raw);
    const topic = presenceTopic('localhost', 'erin');
    const code = await raw.login(
      'erin',
      reply.connection.ticket,
      will ? { topic, payload: signal('unavailable', raw.clientId) } : undefined,
    );
    expect(code).toBe(0);
    return raw;
  }

  it('made-up client ids count as the one connection that sent them, which goes offline when it closes', async () => {
    const raw = await rawErin(true);
    const topic = presenceTopic('localhost', 'erin');
    for (let i = 0; i < 50; i++) raw.publish(topic, signal('available', `fake-${i}`));
    raw.publish(topic, signal('available', 'marker'));
    await until('the site counts erin', () => connections().erin === 1 || undefined);
    await sleep(100);
    expect(connections().erin).toBe(1);
    expect(server.engine.broker!.push.isConnected('erin', raw.clientId)).toBe(true);
    raw.close();
    await until('erin is logged out after the grace period', () => connections().erin === undefined || undefined);
  });

  it('a connection that announced itself and closes without a will is no longer counted', async () => {
    const raw = await rawErin(false);
    raw.publish(presenceTopic('localhost', 'erin'), signal('available', raw.clientId));
    await until('the site counts erin', () => connections().erin === 1 || undefined);
    raw.close();
    await until('erin is logged out after the grace period', () => connections().erin === undefined || undefined);
  });
});

describe('broker mode: presence signals of a broker that cannot name the connection', () => {
  it(`counts at most ${MAX_CLIENTS_PER_USER} connections per user`, async () => {
    let hear: (topic: string, payload: string) => void = () => {};
    const link: BrokerLink = {
      publish: () => {},
      onPresence: (listener) => void (hear = listener),
      close: async () => {},
    };
    const engine = testEngine(new FakeClock(), {
      broker: { link, urls: ['ws://127.0.0.1:1/mqtt'], account: { username: 'site', password: 'site-secret' } },
    });
    await online(engine, 'erin');
    for (let i = 0; i < 1_000; i++) hear(presenceTopic('localhost', 'erin'), signal('available', `fake-${i}`));
    expect(engine.broker!.push.connections().erin).toBe(MAX_CLIENTS_PER_USER);
  });
});
