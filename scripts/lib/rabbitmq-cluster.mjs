// Starts and stops a RabbitMQ 3.10 cluster on loopback for `npm run cluster`, the cluster smoke test and
// `npm run bench:cluster`. Every node, its Erlang distribution, and a private epmd listen on 127.0.0.1 only; each
// cluster lives in its own temporary directory (data, logs, config, cookie) and is removed on stop.
//
// Why it is built this way (facts found on this machine, Debian's rabbitmq-server 3.10.8 on Erlang 25):
// - /usr/sbin/rabbitmq-server re-runs itself through `su rabbitmq` when started as root; the script under
//   /usr/lib/rabbitmq/bin does not. With RABBITMQ_ALLOW_INPUT set it `exec`s erl, so the pid we spawn IS the node's
//   beam process: SIGKILL crashes the node for real, SIGTERM stops it cleanly. `-noinput` keeps it off stdin.
// - Users come from a definitions file read at boot: each `rabbitmqctl` call costs 0.6–2.5 s.
// - Nodes form the cluster at boot with classic-config peer discovery. Booting all three at once races (two may each
//   start a cluster of their own), so the first node boots alone and the others then join it together, each
//   configured with the seed and itself only.
// - Our own epmd on its own port (ERL_EPMD_PORT) so the nodes never talk to, or start, a system-wide epmd on 4369.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';
const LOOPBACK = '127.0.0.1';

/** Where RabbitMQ is missing, the message that says how to get it. */
export const INSTALL_HINT =
  'rabbitmq-server is not installed. On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y rabbitmq-server ' +
  '(the package also starts a system service: `sudo systemctl disable --now rabbitmq-server` if you do not want it; ' +
  'this script runs its own nodes and never touches that one).';

/** Whether Debian's rabbitmq-server (its scripts under /usr/lib/rabbitmq/bin) and epmd are present. */
export function rabbitmqAvailable() {
  return existsSync(join(RABBITMQ_BIN, 'rabbitmq-server')) && findExecutable('epmd') !== undefined;
}

function findExecutable(name) {
  for (const directory of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/lib/erlang/bin'])) {
    if (directory && existsSync(join(directory, name))) return join(directory, name);
  }
  return undefined;
}

/** A port the OS considers free on loopback right now (closed again before it is returned). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portAcceptsConnections(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Ports for a cluster. With `basePort` they are fixed and easy to remember (node i, from 0: web-MQTT basePort+i,
 * MQTT 1883+offset+i, distribution 25672+offset+i, epmd 4369+offset+1, where offset = basePort−15675); without it every
 * port is a free one the OS picked (tests and the bench, so they never collide with a running `npm run cluster`).
 */
export async function choosePorts(nodeCount, basePort) {
  if (basePort !== undefined) {
    const offset = basePort - 15675;
    return {
      epmd: 4369 + offset + 1,
      nodes: Array.from({ length: nodeCount }, (_, index) => ({
        webMqtt: basePort + index,
        mqtt: 1883 + offset + index,
        distribution: 25672 + offset + index,
      })),
    };
  }
  const taken = new Set();
  const pick = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const epmd = await pick();
  const nodes = [];
  for (let index = 0; index < nodeCount; index++) {
    nodes.push({ webMqtt: await pick(), mqtt: await pick(), distribution: await pick() });
  }
  return { epmd, nodes };
}

/**
 * The site answers /mqtt/auth/* only to the broker, which proves itself with the site account as HTTP Basic. The
 * HTTP backend has no setting for credentials, but its client (Erlang's httpc) sends a URL's userinfo as Basic.
 */
function withCredentials(baseUrl, user, password) {
  const url = new URL(baseUrl);
  url.username = user;
  url.password = password;
  return url.href.replace(/\/$/, '');
}

function rabbitmqConfig({ node, ports, nodeNames, authBaseUrl }) {
  // Every node names the seed (node 1) and itself only: a joining node then can only pick the seed, never another
  // node that is itself still joining (3.10's classic-config backend has no lock; two nodes joining each other at
  // once can hang a boot).
  const seeds = [...new Set([nodeNames[0], node.name])];
  const peers = seeds.map((name, index) => `cluster_formation.classic_config.nodes.${index + 1} = ${name}`);
  return [
    '# Written by scripts/lib/rabbitmq-cluster.mjs: loopback only, MQTT over TCP and WebSocket, no AMQP listener.',
    'listeners.tcp = none',
    `mqtt.listeners.tcp.default = ${LOOPBACK}:${ports.mqtt}`,
    `web_mqtt.tcp.ip = ${LOOPBACK}`,
    `web_mqtt.tcp.port = ${ports.webMqtt}`,
    'web_mqtt.ws_path = /ws',
    'mqtt.allow_anonymous = false',
    'mqtt.vhost = /',
    'mqtt.exchange = amq.topic',
    'cluster_formation.peer_discovery_backend = classic_config',
    ...peers,
    // Our nodes boot one after the other on purpose (see the top of this file): no random delay is needed.
    'cluster_formation.randomized_startup_delay_range.min = 0',
    'cluster_formation.randomized_startup_delay_range.max = 0',
    'cluster_partition_handling = pause_minority',
    `load_definitions = ${node.definitionsFile}`,
    // The site's own account is in the definitions file (internal backend); browsers log in with their ticket,
    // which only the site can check (HTTP backend calling the site's /mqtt/auth/* endpoints, as the site account).
    'auth_backends.1 = internal',
    'auth_backends.2 = http',
    'auth_http.http_method = post',
    `auth_http.user_path = ${authBaseUrl}/mqtt/auth/user`,
    `auth_http.vhost_path = ${authBaseUrl}/mqtt/auth/vhost`,
    `auth_http.resource_path = ${authBaseUrl}/mqtt/auth/resource`,
    `auth_http.topic_path = ${authBaseUrl}/mqtt/auth/topic`,
    'log.console = false',
    'log.file.level = info',
    '',
  ].join('\n');
}

function definitions({ siteUser, sitePassword }) {
  return {
    rabbit_version: '3.10.8',
    users: [{ name: siteUser, password: sitePassword, tags: ['administrator'] }],
    vhosts: [{ name: '/' }],
    permissions: [{ user: siteUser, vhost: '/', configure: '.*', write: '.*', read: '.*' }],
    topic_permissions: [],
    parameters: [],
    global_parameters: [],
    policies: [],
    queues: [],
    exchanges: [],
    bindings: [],
  };
}

/**
 * Boots `nodeCount` clustered nodes (default 3). Options: `authBaseUrl` — the site that serves /mqtt/auth/*
 * (e.g. http://127.0.0.1:8080); `siteUser`/`sitePassword` — the site's privileged broker account (a random password
 * when omitted); `basePort` (see choosePorts); `log(line)` for progress; `bootTimeoutMs` per boot step (default 90 s);
 * `signal` (AbortSignal) stops a boot half-way: what was started is stopped and the promise rejects.
 * Resolves once every node answers on its web-MQTT port and all of them are in one cluster.
 */
export async function startRabbitmqCluster(options) {
  if (!rabbitmqAvailable()) throw new Error(INSTALL_HINT);
  const nodeCount = options.nodeCount ?? 3;
  const log = options.log ?? (() => {});
  const bootTimeoutMs = options.bootTimeoutMs ?? 90_000;
  const siteUser = options.siteUser ?? 'webim-site';
  const sitePassword = options.sitePassword ?? randomBytes(18).toString('base64url');
  const ports = await choosePorts(nodeCount, options.basePort);
  const directory = mkdtempSync(join(tmpdir(), 'webim-rabbitmq-'));
  const cookie = randomBytes(24).toString('hex');
  // A unique prefix keeps two clusters on one machine from ever mistaking each other's nodes (they also have
  // separate epmds and cookies).
  const prefix = `webim${randomBytes(3).toString('hex')}`;
  const nodeNames = Array.from({ length: nodeCount }, (_, index) => `${prefix}-${index + 1}@localhost`);

  // The cookie file lives in HOME; Erlang refuses one that others can read.
  writeFileSync(join(directory, '.erlang.cookie'), cookie);
  chmodSync(join(directory, '.erlang.cookie'), 0o400);
  writeFileSync(
    join(directory, 'rabbitmq-env.conf'),
    '# intentionally empty: every setting comes from the environment\n',
  );
  writeFileSync(join(directory, 'enabled_plugins'), '[rabbitmq_mqtt,rabbitmq_web_mqtt,rabbitmq_auth_backend_http].\n');
  const definitionsFile = join(directory, 'definitions.json');
  writeFileSync(definitionsFile, JSON.stringify(definitions({ siteUser, sitePassword }), null, 2));

  const baseEnvironment = {
    ...process.env,
    HOME: directory,
    ERL_EPMD_ADDRESS: LOOPBACK,
    ERL_EPMD_PORT: String(ports.epmd),
    RABBITMQ_CONF_ENV_FILE: join(directory, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(directory, 'enabled_plugins'),
    RABBITMQ_CTL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };

  const cluster = {
    directory,
    siteUser,
    sitePassword,
    epmd: { port: ports.epmd, process: undefined },
    nodes: nodeNames.map((name, index) => ({
      index,
      name,
      webMqttPort: ports.nodes[index].webMqtt,
      mqttPort: ports.nodes[index].mqtt,
      distributionPort: ports.nodes[index].distribution,
      webMqttUrl: `ws://${LOOPBACK}:${ports.nodes[index].webMqtt}/ws`,
      mqttUrl: `mqtt://${LOOPBACK}:${ports.nodes[index].mqtt}`,
      logFile: join(directory, `node-${index + 1}`, 'log', `${name}.log`),
      process: undefined,
      exited: undefined,
    })),
    /** Crashes node `index` (SIGKILL: no clean shutdown, its clients just lose their sockets). */
    kill(index) {
      return stopProcess(cluster.nodes[index], 'SIGKILL', 5000);
    },
    /** CPU seconds node `index` has used so far (NaN when it is not running). */
    cpuSeconds(index) {
      return processCpuSeconds(cluster.nodes[index].process?.pid);
    },
    /** Resident memory of node `index` in bytes, from /proc (0 when the node is not running). */
    memoryBytes(index) {
      return residentBytes(cluster.nodes[index].process?.pid);
    },
    /** Established TCP connections on node `index`'s web-MQTT port (browsers connected to it), from `ss`. */
    webMqttConnections(index) {
      return establishedConnections(cluster.nodes[index].webMqttPort);
    },
    /** Erlang processes and Erlang-allocated bytes of node `index` (one `rabbitmqctl eval`, 0.6–2.5 s). */
    vmStatistics(index) {
      return vmStatistics(cluster, baseEnvironment, index);
    },
    /** Running nodes as node 1 sees them (one `rabbitmqctl` call, 0.6–2.5 s). */
    runningNodes(index = 0) {
      return runningNodes(cluster, baseEnvironment, index);
    },
    stop: () => stopCluster(cluster, { keepDirectory: Boolean(process.env.WEBIM_KEEP_RABBITMQ_LOGS) }),
  };

  try {
    // Our own epmd, bound to loopback, in the foreground so we own its pid.
    const epmdPath = findExecutable('epmd');
    cluster.epmd.process = spawn(epmdPath, ['-address', LOOPBACK, '-port', String(ports.epmd)], {
      stdio: 'ignore',
      env: baseEnvironment,
      // Its own process group: a terminal's Ctrl-C must not take epmd away before the nodes have stopped.
      detached: true,
    });
    cluster.epmd.exited = new Promise((resolve) => cluster.epmd.process.once('exit', resolve));
    await waitFor(() => portAcceptsConnections(ports.epmd), 10_000, 'epmd did not start', options.signal);

    const startNode = (node) => {
      const home = join(directory, `node-${node.index + 1}`);
      mkdirSync(join(home, 'log'), { recursive: true });
      const configBase = join(home, 'rabbitmq');
      writeFileSync(
        `${configBase}.conf`,
        rabbitmqConfig({
          node: { definitionsFile, name: node.name },
          ports: ports.nodes[node.index],
          nodeNames,
          authBaseUrl: withCredentials(options.authBaseUrl, siteUser, sitePassword),
        }),
      );
      const environment = {
        ...baseEnvironment,
        RABBITMQ_ALLOW_INPUT: 'true',
        RABBITMQ_NODENAME: node.name,
        RABBITMQ_NODE_IP_ADDRESS: LOOPBACK,
        RABBITMQ_DIST_PORT: String(node.distributionPort),
        RABBITMQ_CONFIG_FILE: configBase,
        RABBITMQ_ADVANCED_CONFIG_FILE: join(home, 'advanced.config'),
        RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
        RABBITMQ_LOG_BASE: join(home, 'log'),
        RABBITMQ_PID_FILE: join(home, 'pid'),
        // +B i: a Ctrl-C in the terminal reaches the whole process group; the node ignores it and is stopped by
        // pid (SIGTERM) by whoever started it, after the mock site has let go of it.
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false +B i',
      };
      node.process = spawn(join(RABBITMQ_BIN, 'rabbitmq-server'), ['-noinput'], {
        cwd: home,
        env: environment,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      node.process.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-4000);
      });
      node.exited = new Promise((resolve) =>
        node.process.once('exit', (code, signal) => resolve({ code, signal, stderr })),
      );
    };
    const waitForNode = async (node) => {
      let exit;
      node.exited.then((result) => (exit = result));
      await waitFor(
        async () => {
          if (exit)
            throw new Error(`${node.name} exited (${exit.signal ?? exit.code}): ${exit.stderr}${logTail(node)}`);
          return portAcceptsConnections(node.webMqttPort);
        },
        bootTimeoutMs,
        () => `${node.name} did not open its web-MQTT port within ${bootTimeoutMs} ms${logTail(node)}`,
        options.signal,
      );
    };

    const started = Date.now();
    const [first, ...rest] = cluster.nodes;
    startNode(first);
    await waitForNode(first);
    log(`${first.name} up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const node of rest) startNode(node);
    await Promise.all(rest.map((node) => waitForNode(node)));
    log(`all ${nodeCount} nodes up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (options.verifyMembership !== false) {
      const running = await cluster.runningNodes(0);
      const missing = nodeNames.filter((name) => !running.includes(name));
      if (missing.length) throw new Error(`nodes not in the cluster: ${missing.join(', ')} (running: ${running})`);
      log(`cluster formed: ${running.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    return cluster;
  } catch (error) {
    await stopCluster(cluster, { keepDirectory: options.keepDirectoryOnFailure });
    throw error;
  }
}

function logTail(node) {
  try {
    const lines = readFileSync(node.logFile, 'utf8').trim().split('\n');
    return `\n--- last lines of ${node.logFile} ---\n${lines.slice(-15).join('\n')}`;
  } catch {
    return '';
  }
}

async function waitFor(check, timeoutMs, message, signal) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error('stopped while booting');
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(typeof message === 'function' ? message() : message);
}

const CLOCK_TICKS_PER_SECOND = (() => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(result.stdout) > 0 ? Number(result.stdout) : 100;
})();

/** CPU time (user + system, seconds) process `pid` has used so far, from /proc; NaN when it is gone. */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

function establishedConnections(port) {
  const result = spawnSync('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n').filter(Boolean).length : NaN;
}

function residentBytes(pid) {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function rabbitmqctl(environment, nodeName, commandArguments) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-n', nodeName, '-q', ...commandArguments], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`rabbitmqctl ${commandArguments[0]} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

async function runningNodes(cluster, environment, index) {
  const output = await rabbitmqctl(environment, cluster.nodes[index].name, ['cluster_status', '--formatter', 'json']);
  return JSON.parse(output).running_nodes ?? [];
}

async function vmStatistics(cluster, environment, index) {
  const output = await rabbitmqctl(environment, cluster.nodes[index].name, [
    'eval',
    '{erlang:system_info(process_count), erlang:memory(total)}.',
  ]);
  const match = /\{(\d+),\s*(\d+)\}/.exec(output);
  if (!match) throw new Error(`unexpected rabbitmqctl eval output: ${output}`);
  return { processes: Number(match[1]), erlangBytes: Number(match[2]) };
}

async function stopProcess(holder, signal, graceMs) {
  const child = holder.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Stops every node (SIGTERM, then SIGKILL after 15 s) and our epmd, each by its pid; removes the directory unless
 * WEBIM_KEEP_RABBITMQ_LOGS is set (then its path is printed, for reading the nodes' logs).
 */
async function stopCluster(cluster, { keepDirectory = false } = {}) {
  await Promise.all(cluster.nodes.map((node) => stopProcess(node, 'SIGTERM', 15_000)));
  await stopProcess(cluster.epmd, 'SIGTERM', 5000);
  if (!keepDirectory) rmSync(cluster.directory, { recursive: true, force: true });
  else console.error(`rabbitmq-cluster: kept ${cluster.directory}`);
}

/** Synchronous last resort for process 'exit' handlers: SIGKILL by pid, remove the directory. */
export function killClusterNow(cluster) {
  for (const holder of [...cluster.nodes, cluster.epmd]) {
    const child = holder.process;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  rmSync(cluster.directory, { recursive: true, force: true });
}
