import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/mock-server/args';
import { topicOfRoutingKey } from '../../src/mock-server/engine/broker/auth-http';
import { basicAuthHeader } from '../../src/mock-server/engine/http';
import type { BrokerLink } from '../../src/mock-server/engine/broker/push';
import { createEngine, type Engine } from '../../src/mock-server/index';
import { call, online } from './engine-support';

// The one ACL of broker mode, asked directly and through RabbitMQ's HTTP auth backend (in-process requests).

const account = { username: 'site', password: 'site-secret' };
const published: Array<[string, string]> = [];
const revoked: Array<[string, string]> = [];
const link: BrokerLink = {
  publish: (topic, payload) => void published.push([topic, payload]),
  onPresence: () => {},
  revoke: (user, topic) => void revoked.push([user, topic]),
  // An external broker such as RabbitMQ: it asks the site over HTTP.
  authOverHttp: true,
  close: async () => {},
};

function engineWithBroker(brokerLink: BrokerLink = link): Engine {
  return createEngine({
    broker: { link: brokerLink, urls: ['ws://127.0.0.1:1/mqtt'], account },
    setTimer: () => () => {},
    onError: (error) => {
      throw error;
    },
  });
}

async function ticketOf(engine: Engine, uid: string): Promise<string> {
  const push = engine.broker!.push;
  const login = await push.online({ name: uid, nick: uid, show: 'available', status: '', buddies: [], rooms: [] });
  return login.ticket;
}

/** The broker proves itself with the site account's credentials (RabbitMQ: userinfo in the backend's URLs). */
const asBroker = basicAuthHeader(account.username, account.password);

async function auth(
  engine: Engine,
  check: string,
  fields: Record<string, string>,
  authorization: string | null = asBroker,
): Promise<string> {
  const res = await engine.handleSite({
    method: 'POST',
    path: `/mqtt/auth/${check}`,
    query: new URLSearchParams(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === null ? {} : { authorization }),
    },
    body: new URLSearchParams(fields).toString(),
  });
  return res ? `${res.status} ${res.body}` : 'not served';
}

describe('broker ACL', () => {
  it('logs in a user only with its own live ticket, the site only with its password', async () => {
    const engine = engineWithBroker();
    const { access } = engine.broker!;
    const alice = await ticketOf(engine, 'alice');
    expect(access.login('alice', alice)).toEqual({ kind: 'user', user: 'alice' });
    expect(access.login('bob', alice)).toBeNull();
    expect(access.login('alice', 'nope')).toBeNull();
    expect(access.login('alice', undefined)).toBeNull();
    expect(access.login('site', 'site-secret')).toEqual({ kind: 'site' });
    expect(access.login('site', alice)).toBeNull();
    await engine.broker!.push.offline(alice);
    expect(access.login('alice', alice)).toBeNull();
  });

  it('lets a user read its own topic, broadcast, its rooms (not blocked) — concrete, canonical topics only', () => {
    const engine = engineWithBroker();
    const { access } = engine.broker!;
    const alice = { kind: 'user', user: 'alice' } as const;
    const read = (topic: string) => access.mayRead(alice, topic);
    expect(read('/domain/localhost/uid/alice')).toBe(true);
    expect(read('/domain/localhost/broadcast')).toBe(true);
    expect(read('/domain/localhost/gid/lobby')).toBe(true);
    for (const topic of [
      '/domain/localhost/uid/bob',
      '/domain/localhost/gid/dev',
      '/domain/localhost/gid/nowhere',
      '/domain/localhost/uid/%61lice',
      '/domain/localhost/uid/+',
      '/domain/localhost/#',
      '/domain/other/uid/alice',
      '/domain/localhost/presence/alice',
      '/domain/localhost/sid/news',
      '/domain/localhost/sid/board-general',
      'domain/localhost/uid/alice',
      '/domain/localhost/uid/alice/extra',
    ])
      expect([topic, read(topic)]).toEqual([topic, false]);
    engine.site.data.blockedOf('alice').add('lobby');
    expect(read('/domain/localhost/gid/lobby')).toBe(false);
    expect(access.mayRead({ kind: 'site' }, '/domain/+/presence/+')).toBe(true);
  });

  it("lets a follower read a channel topic and denies everyone else, following the site's list", async () => {
    const engine = engineWithBroker();
    const { access } = engine.broker!;
    const alice = { kind: 'user', user: 'alice' } as const;
    const bob = { kind: 'user', user: 'bob' } as const;
    // The seed: alice follows the walks board; bob follows nothing.
    expect(access.mayRead(alice, '/domain/localhost/sid/board-walks')).toBe(true);
    expect(access.mayRead(bob, '/domain/localhost/sid/board-walks')).toBe(false);
    expect(access.mayRead(alice, '/domain/localhost/sid/board-general')).toBe(false);
    expect(access.mayRead(alice, '/domain/localhost/sid/+')).toBe(false);
    expect(access.mayRead(alice, '/domain/other/sid/board-walks')).toBe(false);
    // A channel the site does not know is nobody's, whatever a follows list says.
    engine.site.data.followsOf('alice').add('ghost');
    expect(access.mayRead(alice, '/domain/localhost/sid/ghost')).toBe(false);
    expect(access.mayWrite(alice, '/domain/localhost/sid/board-walks')).toBe(false);

    // bob follows through the site (`POST /webim/subscribe`): from then on he may read it; unfollowing ends that
    // and the site revokes his subscription there.
    const { ticket } = (await online(engine, 'bob')).connection;
    expect((await call(engine, 'bob', 'subscribe', { id: 'board-walks', ticket })).status).toBe(200);
    expect(access.mayRead(bob, '/domain/localhost/sid/board-walks')).toBe(true);
    revoked.length = 0;
    expect(await call(engine, 'bob', 'unsubscribe', { id: 'board-walks', ticket })).toEqual({
      status: 200,
      body: '"ok"',
    });
    expect(access.mayRead(bob, '/domain/localhost/sid/board-walks')).toBe(false);
    expect(revoked).toEqual([['bob', '/domain/localhost/sid/board-walks']]);
  });

  it('lets a user write its own presence topic only; the site anything', () => {
    const { access } = engineWithBroker().broker!;
    const alice = { kind: 'user', user: 'alice' } as const;
    expect(access.mayWrite(alice, '/domain/localhost/presence/alice')).toBe(true);
    expect(access.mayWrite(alice, '/domain/localhost/presence/bob')).toBe(false);
    expect(access.mayWrite(alice, '/domain/localhost/uid/alice')).toBe(false);
    expect(access.mayWrite(alice, '/domain/localhost/gid/lobby')).toBe(false);
    expect(access.mayWrite(alice, '/domain/localhost/presence/+')).toBe(false);
    expect(access.mayWrite({ kind: 'site' }, '/domain/localhost/uid/bob')).toBe(true);
  });

  it('a visitor reads its vid topic', async () => {
    const engine = engineWithBroker();
    const visitor = 'vid:0123456789abcdef';
    const ticket = await ticketOf(engine, visitor);
    const identity = engine.broker!.access.login(visitor, ticket)!;
    expect(engine.broker!.access.mayRead(identity, '/domain/localhost/vid/0123456789abcdef')).toBe(true);
    expect(engine.broker!.access.mayRead(identity, '/domain/localhost/uid/vid%3A0123456789abcdef')).toBe(false);
  });
});

describe('RabbitMQ HTTP auth backend (/mqtt/auth/*)', () => {
  it('answers user, vhost, resource and topic checks with allow or deny', async () => {
    const engine = engineWithBroker();
    const alice = await ticketOf(engine, 'alice');
    expect(await auth(engine, 'user', { username: 'alice', password: alice })).toBe('200 allow');
    expect(await auth(engine, 'user', { username: 'alice', password: 'x' })).toBe('200 deny');
    expect(await auth(engine, 'user', { username: 'site', password: 'site-secret' })).toBe('200 allow');
    expect(await auth(engine, 'vhost', { username: 'alice', vhost: '/' })).toBe('200 allow');
    expect(await auth(engine, 'vhost', { username: 'mallory', vhost: '/' })).toBe('200 deny');
    const resource = (name: string, resource: string, permission: string) =>
      auth(engine, 'resource', { username: 'alice', vhost: '/', resource, name, permission });
    expect(await resource('mqtt-subscription-webimabcqos1', 'queue', 'configure')).toBe('200 allow');
    expect(await resource('amq.topic', 'exchange', 'write')).toBe('200 allow');
    expect(await resource('amq.topic', 'exchange', 'configure')).toBe('200 deny');
    expect(await resource('other', 'queue', 'read')).toBe('200 deny');
    const topic = (username: string, permission: string, routing_key: string) =>
      auth(engine, 'topic', { username, vhost: '/', resource: 'topic', name: 'amq.topic', permission, routing_key });
    expect(await topic('alice', 'read', '.domain.localhost.uid.alice')).toBe('200 allow');
    expect(await topic('alice', 'read', '.domain.localhost.uid.bob')).toBe('200 deny');
    expect(await topic('alice', 'read', '.domain.localhost.gid.*')).toBe('200 deny');
    expect(await topic('alice', 'write', '.domain.localhost.presence.alice')).toBe('200 allow');
    expect(await topic('alice', 'write', '.domain.localhost.uid.bob')).toBe('200 deny');
    expect(await topic('site', 'read', '.domain.*.presence.*')).toBe('200 allow');
    // Channels: the follower (alice follows the walks board) may read its service topic; a stranger may not.
    expect(await topic('alice', 'read', '.domain.localhost.sid.board-walks')).toBe('200 allow');
    expect(await topic('bob', 'read', '.domain.localhost.sid.board-walks')).toBe('200 deny');
    expect(await topic('alice', 'read', '.domain.localhost.sid.board-general')).toBe('200 deny');
    expect(await topic('alice', 'write', '.domain.localhost.sid.board-walks')).toBe('200 deny');
    expect(await auth(engine, 'nonsense', { username: 'alice' })).toBe('404 deny');
  });

  it('answers nobody but the broker: without its credentials, or with wrong ones, 401 and nothing told', async () => {
    const engine = engineWithBroker();
    const alice = await ticketOf(engine, 'alice');
    const asks: Array<[string, Record<string, string>]> = [
      ['user', { username: 'alice', password: alice }],
      ['user', { username: 'site', password: 'site-secret' }],
      ['vhost', { username: 'bob', vhost: '/' }],
      ['topic', { username: 'bob', permission: 'read', routing_key: '.domain.localhost.gid.dev' }],
    ];
    for (const authorization of [
      null,
      basicAuthHeader('site', 'guess'),
      basicAuthHeader('alice', alice),
      'Bearer site-secret',
    ])
      for (const [check, fields] of asks)
        expect([authorization, check, await auth(engine, check, fields, authorization)]).toEqual([
          authorization,
          check,
          '401 deny',
        ]);
    // RabbitMQ sends the userinfo of its URL as written there: a percent-encoded password counts decoded too.
    const odd = { username: 'site', password: 'p@ss:wörd' };
    const oddEngine = createEngine({
      broker: { link, urls: ['ws://127.0.0.1:1/mqtt'], account: odd },
      setTimer: () => () => {},
    });
    const encoded = basicAuthHeader(odd.username, encodeURIComponent(odd.password));
    expect(await auth(oddEngine, 'vhost', { username: 'bob', vhost: '/' }, encoded)).toBe('200 allow');
  });

  it('is not served with the embedded broker (it asks in-process)', async () => {
    const { authOverHttp: _, ...embeddedLink } = link;
    const engine = engineWithBroker(embeddedLink);
    expect(await auth(engine, 'vhost', { username: 'bob', vhost: '/' })).toBe('not served');
  });

  it('maps routing keys back to topics; is absent outside broker mode', async () => {
    expect(topicOfRoutingKey('.domain.localhost.uid.a%2Eb')).toBe('/domain/localhost/uid/a%2Eb');
    expect(topicOfRoutingKey('.domain.*.presence.*')).toBe('/domain/+/presence/+');
    const plain = createEngine({ setTimer: () => () => {} });
    expect(plain.broker).toBeUndefined();
    expect(
      await plain.handleSite({
        method: 'POST',
        path: '/mqtt/auth/user',
        query: new URLSearchParams(),
        headers: {},
        body: '',
      }),
    ).toBeNull();
  });
});

describe('broker CLI arguments', () => {
  it('parses embedded and external broker flags and refuses inconsistent ones', () => {
    expect(parseArgs(['--broker', 'embedded'])).toEqual({ broker: 'embedded' });
    expect(
      parseArgs([
        '--broker=mqtt://10.0.0.1:1883',
        '--broker-ws',
        'ws://10.0.0.1:15675/ws',
        '--broker-ws',
        'ws://10.0.0.2:15675/ws',
        '--broker-user',
        'webim',
        '--broker-password',
        'secret',
        '--broker-keepalive',
        '30',
      ]),
    ).toEqual({
      broker: {
        url: 'mqtt://10.0.0.1:1883',
        websockets: ['ws://10.0.0.1:15675/ws', 'ws://10.0.0.2:15675/ws'],
        username: 'webim',
        password: 'secret',
        keepalive: 30,
      },
    });
    expect(() => parseArgs(['--broker', 'mqtt://h:1'])).toThrow(/--broker-ws/);
    expect(() => parseArgs(['--broker', 'mqtt://h:1', '--broker-ws', 'ws://h/ws'])).toThrow(/--broker-user/);
    expect(() => parseArgs(['--broker', 'amqp://h:1'])).toThrow(/embedded or mqtt/);
    expect(() => parseArgs(['--broker', 'embedded', '--broker-ws', 'ws://h/ws'])).toThrow(/external broker/);
    expect(() => parseArgs(['--broker-ws', 'ws://h/ws'])).toThrow(/need --broker/);
    expect(() =>
      parseArgs([
        '--broker',
        'mqtt://h:1',
        '--broker-ws',
        'http://h/ws',
        '--broker-user',
        'u',
        '--broker-password',
        'p',
      ]),
    ).toThrow(/ws:\/\//);
  });
});
