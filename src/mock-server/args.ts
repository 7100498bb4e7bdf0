import type { MockServerOptions } from './node/server';

export const USAGE = `usage: mock-server [options]
  --port N          site port (default 8080; 0 = any free port)
  --im-port N       message server port (default port+1; 0 = any free port)
  --host H          listen address (default 127.0.0.1)
  --grace MS        ticket grace period without a connection (default 8000)
  --hold MS         long-poll hold time (default 25000)
  --keepalive MS    WebSocket keep-alive interval (default 20000)
  --generation 3|5  protocol generation the site and pushes speak (default 5)
  --domain D        domain at the message server (default localhost)
  --apikey K        API key at the message server (default mock-apikey)
  --root DIR        directory holding demo/ and dist/ (default: current directory)
  --controls        serve the /mock/* test controls (loopback only) with a random secret, printed on stdout
                    as a third line \`controls: <secret>\`; every /mock/* request sends it as x-mock-secret
  --controls-secret S   the same with the secret S
  --no-controls     do not serve /mock/* test controls (the default)
broker mode (push through an MQTT broker instead of the in-memory message server):
  --broker embedded         aedes in this process, at ws://<im host>/mqtt
  --broker mqtt://HOST:PORT an external broker (RabbitMQ, EMQX, …): the site publishes there as its own account
  --broker-ws URL           a node's MQTT-over-WebSocket URL for browsers (repeat once per cluster node)
  --broker-user U           the site's account on the external broker
  --broker-password P       its password
  --broker-keepalive S      keep-alive seconds browsers use (default 60)`;

/** Command-line flags → server options. Throws with a message on anything it does not understand. */
export function parseArgs(argv: readonly string[]): MockServerOptions {
  const out: MockServerOptions = {};
  const num = (flag: string, raw: string | undefined): number => {
    const n = Number(raw);
    if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a non-negative integer`);
    return n;
  };
  let broker: string | undefined;
  const websockets: string[] = [];
  let brokerUser: string | undefined;
  let brokerPassword: string | undefined;
  let brokerKeepalive: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const take = (): string | undefined => value ?? argv[++i];
    switch (flag) {
      case '--port':
        out.port = num(flag, take());
        break;
      case '--im-port':
        out.imPort = num(flag, take());
        break;
      case '--grace':
        out.grace = num(flag, take());
        break;
      case '--hold':
        out.hold = num(flag, take());
        break;
      case '--keepalive':
        out.keepalive = num(flag, take());
        break;
      case '--generation': {
        const g = take();
        if (g !== '3' && g !== '5') throw new Error('--generation must be 3 or 5');
        out.generation = g === '3' ? 3 : 5;
        break;
      }
      case '--host':
      case '--domain':
      case '--apikey':
      case '--root': {
        const v = take();
        if (!v) throw new Error(`${flag} needs a value`);
        if (flag === '--host') out.host = v;
        else if (flag === '--domain') out.domain = v;
        else if (flag === '--apikey') out.apikey = v;
        else out.root = v;
        break;
      }
      case '--controls':
        out.controls = true;
        break;
      case '--controls-secret': {
        const v = take();
        if (!v) throw new Error(`${flag} needs a value`);
        out.controls = true;
        out.controlsSecret = v;
        break;
      }
      case '--no-controls':
        out.controls = false;
        delete out.controlsSecret;
        break;
      case '--broker':
      case '--broker-ws':
      case '--broker-user':
      case '--broker-password': {
        const v = take();
        if (!v) throw new Error(`${flag} needs a value`);
        if (flag === '--broker') broker = v;
        else if (flag === '--broker-ws') websockets.push(v);
        else if (flag === '--broker-user') brokerUser = v;
        else brokerPassword = v;
        break;
      }
      case '--broker-keepalive':
        brokerKeepalive = num(flag, take());
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  if (broker === 'embedded') {
    if (websockets.length || brokerUser || brokerPassword)
      throw new Error('--broker-ws, --broker-user and --broker-password are for an external broker');
    out.broker = 'embedded';
  } else if (broker !== undefined) {
    if (!/^mqtt:\/\/[^/]+:\d+\/?$/.test(broker)) throw new Error('--broker must be embedded or mqtt://HOST:PORT');
    if (!websockets.length) throw new Error('an external broker needs one --broker-ws URL per node');
    for (const url of websockets)
      if (!/^wss?:\/\//.test(url)) throw new Error(`--broker-ws needs a ws:// or wss:// URL, not ${url}`);
    if (!brokerUser || brokerPassword === undefined)
      throw new Error('an external broker needs --broker-user and --broker-password (the site account)');
    out.broker = { url: broker, websockets, username: brokerUser, password: brokerPassword };
    if (brokerKeepalive !== undefined) out.broker.keepalive = brokerKeepalive;
  } else if (websockets.length || brokerUser || brokerPassword || brokerKeepalive !== undefined) {
    throw new Error('--broker-* options need --broker');
  }
  return out;
}
