import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { MockServer } from '../../src/mock-server/index';
import { basicAuthHeader } from '../../src/mock-server/engine/http';
import { parseArgs } from '../../src/mock-server/index';
import { Browser, startServer, until } from './helpers';
import { brokerUrl, MqttClient } from './mqtt-client';

/**
 * An "external" broker the way RabbitMQ with `rabbitmq_auth_backend_http` behaves towards the site: its own
 * process-level broker (here an aedes on TCP and WebSocket ports of its own) that asks the site's HTTP auth backend
 * for every login, subscription and publication, naming topics as AMQP routing keys (`/` → `.`, `+` → `*`).
 * The site connects to it over TCP with `--broker mqtt://…` as its own account.
 */
const account = { username: 'site-account', password: 'site-secret' };
let site: MockServer;
let siteUrl = '';
let broker: Aedes;
let tcp: TcpServer;
let web: HttpServer;
const authCalls: string[] = [];

const routingKey = (topic: string) => topic.replace(/\//g, '.').replace(/\+/g, '*');
async function ask(check: string, fields: Record<string, string>): Promise<boolean> {
  authCalls.push(check);
  try {
    const r = await fetch(`${siteUrl}/mqtt/auth/${check}`, {
      method: 'POST',
      // As RabbitMQ sends the userinfo of `auth_http.*_path`: the site account's credentials.
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuthHeader(account.username, account.password),
      },
      body: new URLSearchParams(fields).toString(),
    });
    return (await r.text()) === 'allow';
  } catch {
    return false; // the site is gone (shutting down): like RabbitMQ, refuse
  }
}
const users = new WeakMap<object, string>();

const listen = (server: TcpServer | HttpServer): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      ask('user', { username: username ?? '', password: password?.toString() ?? '' }).then((ok) => {
        if (ok) users.set(client, username!);
        done(ok ? null : Object.assign(new Error('refused'), { returnCode: 4 as const }), ok);
      });
    },
    authorizeSubscribe(client, sub, done) {
      const fields = { username: users.get(client)!, vhost: '/', resource: 'topic', name: 'amq.topic' };
      ask('topic', { ...fields, permission: 'read', routing_key: routingKey(sub.topic) }).then((ok) =>
        done(null, ok ? sub : null),
      );
    },
    authorizePublish(client, packet, done) {
      if (!client) return done();
      const fields = { username: users.get(client)!, vhost: '/', resource: 'topic', name: 'amq.topic' };
      ask('topic', { ...fields, permission: 'write', routing_key: routingKey(packet.topic) }).then((ok) =>
        done(ok ? null : new Error('refused')),
      );
    },
  });
  tcp = createTcpServer((socket) => broker.handle(socket));
  const tcpPort = await listen(tcp);
  web = createHttpServer();
  const wss = new WebSocketServer({ server: web, handleProtocols: () => 'mqtt' });
  wss.on('connection', (ws, req) => broker.handle(createWebSocketStream(ws), req));
  const wsPort = await listen(web);

  // The site's own port is needed by the broker's auth calls: the link logs in once the site listens.
  const options = parseArgs([
    '--broker',
    `mqtt://127.0.0.1:${tcpPort}`,
    '--broker-ws',
    `ws://127.0.0.1:${wsPort}/`,
    '--broker-user',
    account.username,
    '--broker-password',
    account.password,
  ]);
  // The broker asks the site about the site's own login while the site starts: its URL must be known before.
  const probe = createTcpServer();
  const sitePort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  siteUrl = `http://127.0.0.1:${sitePort}`;
  site = await startServer({ ...options, port: sitePort, imPort: 0, grace: 800 });
}, 30_000);

afterAll(async () => {
  await site?.close();
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  tcp.close();
  web.close();
});

describe('broker mode with an external broker (RabbitMQ-style HTTP auth backend)', () => {
  it('the site logs in as its account, hands browsers the nodes, and pushes through the broker', async () => {
    await until('the site subscribed the presence topics', () => broker.connectedClients >= 1, 15_000);
    const bobReply = await new Browser(site.siteUrl, 'bob').online();
    expect(bobReply.connection.mqtt).toMatchObject({ urls: [expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/$/)] });
    const bob = await MqttClient.connectAs(bobReply, (user, id) => !!site.engine.broker?.push.isConnected(user, id));
    const alice = new Browser(site.siteUrl, 'alice');
    const aliceReply = await alice.online();
    await alice.post('/webim/message', {
      type: 'chat',
      to: 'bob',
      body: 'via rabbit',
      ticket: aliceReply.connection.ticket,
    });
    expect(await bob.inbox.message('via the external broker', (m) => m.body === 'via rabbit')).toMatchObject({
      from: 'alice',
    });
    // Every decision went through the site's HTTP backend.
    expect(authCalls).toContain('user');
    expect(authCalls).toContain('topic');

    const intruder = await MqttClient.open(brokerUrl(aliceReply));
    expect(await intruder.login('alice', aliceReply.connection.ticket)).toBe(0);
    expect(await intruder.subscribe('/domain/localhost/uid/bob')).toEqual([0x80]);
    intruder.close();
    bob.close();
  }, 30_000);
});
