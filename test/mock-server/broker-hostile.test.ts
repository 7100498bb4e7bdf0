import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import { Browser, control, sleep, until } from './helpers';
import { brokerUrl, MqttClient } from './mqtt-client';
import { connectPush, type PushClient, startServerIn } from './push-modes';

// A hostile page (or script) logged in as alice talks raw MQTT to the embedded broker. The ACL is the site's,
// called from aedes' hooks: whatever alice sends, nothing of bob's or of a room she is not in reaches her, she can
// write nowhere but her own presence topic, and she cannot make anyone else look offline.

const GRACE = 600;
let server: MockServer;
const clients: Array<{ close(): void }> = [];
const track = <T extends { close(): void }>(client: T): T => {
  clients.push(client);
  return client;
};

beforeAll(async () => {
  server = await startServerIn('broker', { grace: GRACE });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await control(server, 'reset');
});
afterAll(() => server.close());

async function loggedIn(uid: string): Promise<{ browser: Browser; push: PushClient; ticket: string }> {
  const browser = new Browser(server.siteUrl, uid);
  const reply = await browser.online();
  const push = track(await connectPush('broker', server, reply));
  return { browser, push, ticket: reply.connection.ticket };
}

/** Alice's raw client, logged in with her own live ticket and nothing else done. */
async function rawAlice(): Promise<{ raw: MqttClient; ticket: string; url: string }> {
  const reply = await new Browser(server.siteUrl, 'alice').online();
  const url = brokerUrl(reply);
  const raw = track(await MqttClient.open(url));
  expect(await raw.login('alice', reply.connection.ticket)).toBe(0);
  return { raw, ticket: reply.connection.ticket, url };
}

describe('broker mode: a hostile MQTT client', () => {
  it('cannot log in without a live ticket of its own: bob’s ticket, a made-up one, none, the site account', async () => {
    const { ticket: bobTicket } = await loggedIn('bob');
    const url = brokerUrl(await new Browser(server.siteUrl, 'alice').online());
    for (const [user, password] of [
      ['alice', bobTicket],
      ['bob', 'f'.repeat(32)],
      ['alice', ''],
      ['webim-site', 'guess'],
    ]) {
      const client = track(await MqttClient.open(url));
      expect(await client.login(user, password)).toBe(4);
    }
  });

  it('cannot subscribe bob’s topic, a room she is not in, wildcards or odd spellings; nothing reaches her', async () => {
    const { browser: bob, ticket: bobTicket } = await loggedIn('bob');
    const { raw } = await rawAlice();
    const refused = [
      '/domain/localhost/uid/bob',
      '/domain/localhost/uid/%62ob', // bob, spelled otherwise
      '/domain/localhost/gid/dev', // bob and dave's room
      '/domain/localhost/uid/+',
      '/domain/localhost/gid/#',
      '/domain/+/uid/bob',
      '#',
      '/domain/localhost/presence/+',
      '/domain/other.example/broadcast',
    ];
    for (const topic of refused) expect([topic, await raw.subscribe(topic)]).toEqual([topic, [0x80]]);
    // Her own topics are fine.
    expect(await raw.subscribe('/domain/localhost/uid/alice', '/domain/localhost/gid/lobby')).toEqual([1, 1]);

    await bob.post('/webim/message', { type: 'chat', to: 'dave', body: 'for dave', ticket: bobTicket });
    await bob.post('/webim/message', { type: 'grpchat', to: 'dev', body: 'in dev', ticket: bobTicket });
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'marker', ticket: bobTicket });
    await raw.inbox.message('marker', (m) => m.body === 'marker');
    expect(raw.inbox.messages.map((m) => m.body)).toEqual(['marker']);
  });

  it('cannot publish into anyone’s topic: the broker drops her connection and nothing arrives', async () => {
    const { push: bobPush, browser: bob, ticket: bobTicket } = await loggedIn('bob');
    for (const topic of ['/domain/localhost/uid/bob', '/domain/localhost/gid/lobby', '/domain/localhost/broadcast']) {
      const { raw } = await rawAlice();
      const forged = {
        status: 'ok',
        messages: [{ type: 'chat', from: 'carol', to: 'bob', body: 'forged', timestamp: 1 }],
      };
      raw.publish(topic, JSON.stringify(forged));
      await raw.closed;
    }
    await bob.post('/webim/message', { type: 'chat', to: 'bob', body: 'marker', ticket: bobTicket });
    await bobPush.inbox.message('marker', (m) => m.body === 'marker');
    expect(bobPush.inbox.messages.map((m) => m.body)).toEqual(['marker']);
  });

  it('cannot make another user look offline: not through bob’s presence topic, nor with bob’s client id on hers', async () => {
    const { push: carolPush } = await loggedIn('carol');
    const { push: bobPush } = await loggedIn('bob');
    const bobClient = (bobPush as MqttClient).clientId;
    const { raw } = await rawAlice();
    raw.publish('/domain/localhost/presence/alice', JSON.stringify({ show: 'unavailable', client: bobClient }));
    await sleep(GRACE + 300);
    const { raw: second } = await rawAlice();
    second.publish('/domain/localhost/presence/bob', JSON.stringify({ show: 'unavailable', client: bobClient }));
    await second.closed; // refused: her connection is dropped
    await sleep(GRACE + 300);
    expect(server.engine.broker!.push.isConnected('bob', bobClient)).toBe(true);
    expect(carolPush.inbox.presences.filter((p) => p.from === 'bob' && p.type === 'offline')).toEqual([]);
    const seen = await new Browser(server.siteUrl, 'carol').get('/webim/buddies', { ids: 'bob' });
    expect(seen.json<Array<{ presence: string }>>()[0].presence).toBe('online');
  });

  it('loses a room’s pushes when she leaves it, even if her client keeps the subscription', async () => {
    const { browser: bob, ticket: bobTicket } = await loggedIn('bob');
    const alice = await loggedIn('alice');
    await alice.browser.post('/webim/leave', { id: 'lobby', ticket: alice.ticket });
    await bob.post('/webim/message', { type: 'grpchat', to: 'lobby', body: 'after she left', ticket: bobTicket });
    await bob.post('/webim/message', { type: 'chat', to: 'alice', body: 'marker', ticket: bobTicket });
    await alice.push.inbox.message('marker', (m) => m.body === 'marker');
    expect(alice.push.inbox.messages.map((m) => m.body)).toEqual(['marker']);
    // And may not subscribe it again.
    expect(await (alice.push as MqttClient).subscribe('/domain/localhost/gid/lobby')).toEqual([0x80]);
  });

  it('cannot keep a persistent session (clean=false): refused at CONNECT, so nothing is queued past the ACL', async () => {
    const reply = await new Browser(server.siteUrl, 'alice').online();
    const persistent = track(await MqttClient.open(brokerUrl(reply)));
    expect(await persistent.login('alice', reply.connection.ticket, undefined, { clean: false })).toBe(2);
    await persistent.closed;
    const clean = track(await MqttClient.open(brokerUrl(reply)));
    expect(await clean.login('alice', reply.connection.ticket)).toBe(0);
  });

  it('survives garbage: a non-MQTT frame or a broken length ends only that connection', async () => {
    const { raw } = await rawAlice();
    raw.socket.send(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    await raw.closed;
    const { raw: other } = await rawAlice();
    other.socket.send('not mqtt at all');
    await other.closed;
    const { push } = await loggedIn('bob');
    await until('the broker still works', () => push);
    expect(server.engine.state().broker?.clients).toBeGreaterThanOrEqual(1);
  });
});
