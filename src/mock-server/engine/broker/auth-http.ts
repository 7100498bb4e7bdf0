import { basicAuth, type Params, readParams } from '../http';
import type { MockRequest, MockResponse } from '../types';
import type { BrokerAccess } from './access';

const answer = (allowed: boolean): MockResponse => ({
  status: 200,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: allowed ? 'allow' : 'deny',
});

/**
 * RabbitMQ's MQTT plugin names topics as AMQP routing keys on `amq.topic`: `/` became `.` and `+` `*` (a raw `.`
 * cannot occur: broker-mode ids escape it as `%2E`). Back to the MQTT topic the ACL speaks.
 */
export const topicOfRoutingKey = (key: string): string => key.replace(/\./g, '/').replace(/\*/g, '+');

const decodeUserinfo = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/**
 * Is the caller the broker? It proves it with the site account's credentials as HTTP Basic. RabbitMQ's backend has
 * no setting for credentials, but its HTTP client (Erlang's httpc) sends a URL's userinfo as Basic:
 * `auth_http.user_path = https://webim-site:SECRET@forum.example/mqtt/auth/user`. httpc sends the userinfo as
 * written in the URL, so a percent-encoded password is accepted decoded as well.
 */
function fromBroker(access: BrokerAccess, authorization: string | undefined): boolean {
  const credentials = basicAuth(authorization);
  if (!credentials) return false;
  const isSite = (user: string | undefined, secret: string | undefined) => access.login(user, secret)?.kind === 'site';
  return (
    isSite(credentials.user, credentials.pass) ||
    isSite(decodeUserinfo(credentials.user), decodeUserinfo(credentials.pass))
  );
}

/**
 * `POST /mqtt/auth/{user,vhost,resource,topic}`: the site as RabbitMQ's `rabbitmq_auth_backend_http`, answering
 * `allow` or `deny` from the same decisions the embedded broker's hooks use (`BrokerAccess`). Only the broker may
 * ask (the site account's credentials as Basic, `fromBroker`): the answers say which users exist, who is in a room
 * and whether a password is right, which is nobody else's business. Served in external-broker mode only.
 * - `user` (`username`, `password`): a live ticket of that user, or the site account;
 * - `vhost` (`username`, `vhost`): any user the site knows;
 * - `resource` (`username`, `resource`, `name`, `permission`): the MQTT plugin's own queues and the `amq.topic`
 *   exchange for a known user — what may flow through them is decided per topic below;
 * - `topic` (`username`, `name`, `permission` read|write, `routing_key`): the broker-mode ACL.
 */
export function handleBrokerAuth(access: BrokerAccess, req: MockRequest, check: string): MockResponse {
  if (!fromBroker(access, req.headers.authorization))
    return {
      ...answer(false),
      status: 401,
      headers: { ...answer(false).headers, 'www-authenticate': 'Basic realm="webim broker auth"' },
    };
  if (req.method !== 'POST' && req.method !== 'GET') return { ...answer(false), status: 405 };
  let params: Params;
  try {
    params = readParams(req, 16 * 1024);
  } catch {
    return { ...answer(false), status: 400 };
  }
  const username = params.get('username');
  switch (check) {
    case 'user':
      return answer(!!access.login(username, params.get('password')));
    case 'vhost':
      return answer(access.knows(username));
    case 'resource': {
      const identity = access.identify(username);
      if (!identity) return answer(false);
      if (identity.kind === 'site') return answer(true);
      const resource = params.get('resource');
      const name = params.get('name') ?? '';
      // A browser's own subscription queues, and publishing/binding through the MQTT exchange; never configure it.
      if (resource === 'queue') return answer(name.startsWith('mqtt-subscription-'));
      return answer(resource === 'exchange' && name === 'amq.topic' && params.get('permission') !== 'configure');
    }
    case 'topic': {
      const identity = access.identify(username);
      const key = params.get('routing_key');
      if (!identity || key === undefined) return answer(false);
      const topic = topicOfRoutingKey(key);
      const permission = params.get('permission');
      return answer(
        permission === 'read'
          ? access.mayRead(identity, topic)
          : permission === 'write' && access.mayWrite(identity, topic),
      );
    }
    default:
      return { ...answer(false), status: 404 };
  }
}
