#!/usr/bin/env node
// `npm run bench:cluster`: broker mode on a 3-node RabbitMQ cluster against one node and against the embedded broker,
// with the same workload (bench/cluster/workload.mjs: simulated browsers built from the SDK's headless client and
// MQTT transport), then the 3-node cluster again with one node crashed half-way. Prints latency, throughput,
// lost/duplicated/out of order, recovery and memory per connection per node (see bench/README.md).
// Usage: npm run bench:cluster -- [--users N] [--messages N] [--interval MS] [--skip-embedded] [--skip-single]
// Loopback only; every phase is bounded in users, messages and time. Exit code 1 when a message is lost, shown
// twice or out of order after the settle time.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runChatWorkload } from '../bench/cluster/workload.mjs';
import { fmt, printTable, ratio } from '../bench/lib/stats.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import {
  freePort,
  INSTALL_HINT,
  killClusterNow,
  processCpuSeconds,
  rabbitmqAvailable,
  startRabbitmqCluster,
} from './lib/rabbitmq-cluster.mjs';
import { distIsStale } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '600' },
    messages: { type: 'string', default: '10' },
    interval: { type: 'string', default: '3000' },
    'skip-embedded': { type: 'boolean', default: false },
    'skip-single': { type: 'boolean', default: false },
  },
});
const userCount = Number(args.users);
const messagesPerUser = Number(args.messages);
const intervalMs = Number(args.interval);
if (![userCount, messagesPerUser, intervalMs].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('bench:cluster: --users, --messages and --interval need positive integers');
  process.exit(2);
}
if (userCount > 10_000) {
  console.error('bench:cluster: at most 10,000 users (the mock site seeds u00001 … u10000)');
  process.exit(2);
}
if (typeof WebSocket === 'undefined') {
  console.error('bench:cluster: run through `npm run bench:cluster` (Node 20 needs --experimental-websocket)');
  process.exit(2);
}
if (!rabbitmqAvailable()) {
  console.error(`bench:cluster: ${INSTALL_HINT}`);
  process.exit(1);
}

ensureDeps();
if (distIsStale(root)) {
  console.log('bench:cluster: building webim…');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const sdk = await import(pathToFileURL(join(root, 'dist', 'headless.js')).href);

const users = Array.from({ length: userCount }, (_, index) => `u${String(index + 1).padStart(5, '0')}`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const log = (line) => console.log(`bench:cluster: ${line}`);
const running = { cluster: undefined, site: undefined };
process.on('exit', () => {
  if (running.site && running.site.exitCode === null) running.site.kill('SIGKILL');
  if (running.cluster) killClusterNow(running.cluster);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** The mock site (its CLI, in a process of its own so it has a core to itself) with the given broker flags. */
async function startSite(port, brokerArguments) {
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist', 'mock-server', 'cli.js'),
      '--port',
      String(port),
      '--im-port',
      '0',
      '--no-controls',
      ...brokerArguments,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  running.site = child;
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/^im: /m.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the site exited (${code}) before it listened`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      running.site = undefined;
    },
  };
}

async function withRabbitmq(nodeCount, body) {
  const sitePort = await freePort();
  const cluster = await startRabbitmqCluster({ nodeCount, authBaseUrl: `http://127.0.0.1:${sitePort}`, log });
  running.cluster = cluster;
  let site;
  try {
    site = await startSite(sitePort, [
      '--broker',
      cluster.nodes[0].mqttUrl,
      ...cluster.nodes.flatMap((node) => ['--broker-ws', node.webMqttUrl]),
      '--broker-user',
      cluster.siteUser,
      '--broker-password',
      cluster.sitePassword,
    ]);
    return await body(cluster, site);
  } finally {
    await site?.stop();
    await cluster.stop();
    running.cluster = undefined;
  }
}

/**
 * Per node, before and after the clients connected: resident memory (/proc), Erlang processes and Erlang-allocated
 * memory (`rabbitmqctl eval`), and the connections on its web-MQTT port.
 */
async function memoryProbe(cluster) {
  const idle = [];
  for (const node of cluster.nodes) {
    idle.push({ rss: cluster.memoryBytes(node.index), ...(await cluster.vmStatistics(node.index)) });
  }
  const rows = [];
  return {
    afterLogin: async () => {
      await new Promise((resolve) => setTimeout(resolve, 3000)); // let the subscriptions' queues settle
      for (const node of cluster.nodes) {
        const connections = cluster.webMqttConnections(node.index);
        const busy = { rss: cluster.memoryBytes(node.index), ...(await cluster.vmStatistics(node.index)) };
        rows.push({ node, connections, idle: idle[node.index], busy });
      }
    },
    rows,
  };
}

/**
 * CPU seconds the site process and the running nodes use over the chat phase (not logins), less what they use idle
 * with every client connected (keep-alives, the nodes' own housekeeping), measured for IDLE_SAMPLE_MS just before.
 */
const IDLE_SAMPLE_MS = 5000;
function cpuProbe(sitePid, cluster) {
  const read = () => ({
    at: Date.now(),
    site: processCpuSeconds(sitePid),
    broker: cluster ? cluster.nodes.reduce((sum, node) => sum + cluster.cpuSeconds(node.index), 0) : 0,
  });
  let idleStart;
  let start;
  let end;
  return {
    beforeChat: async () => {
      idleStart = read();
      await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
      start = read();
    },
    afterChat: async () => void (end = read()),
    result: () => {
      const idleSeconds = (start.at - idleStart.at) / 1000;
      const chatSeconds = (end.at - start.at) / 1000;
      const net = (key) => end[key] - start[key] - ((start[key] - idleStart[key]) / idleSeconds) * chatSeconds;
      return { site: net('site'), broker: net('broker'), chatSeconds };
    },
  };
}

const workload = (siteUrl, extra = {}) =>
  runChatWorkload({ sdk, siteUrl, users, messagesPerUser, intervalMs, settleMs: 45_000, log, ...extra });

console.log(
  `bench:cluster: ${userCount} users × ${messagesPerUser} messages, one every ${intervalMs} ms each; ` +
    `${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${load()}`,
);
const results = {};
const memory = {};
let failed = false;

if (!args['skip-embedded']) {
  log('phase 1/4: embedded broker (aedes in the site process)');
  const site = await startSite(await freePort(), ['--broker', 'embedded']);
  try {
    const cpu = cpuProbe(site.pid);
    results.embedded = await workload(site.url, { spread: false, ...cpu });
    results.embedded.cpu = { ...cpu.result(), brokerInSite: true };
  } finally {
    await site.stop();
  }
}
if (!args['skip-single']) {
  log('phase 2/4: one RabbitMQ node');
  await withRabbitmq(1, async (cluster, site) => {
    const probe = await memoryProbe(cluster);
    const cpu = cpuProbe(site.pid, cluster);
    results.single = await workload(site.url, { afterLogin: probe.afterLogin, ...cpu });
    results.single.cpu = cpu.result();
    memory.single = probe.rows;
  });
}
log('phases 3–4/4: three RabbitMQ nodes, then the same with node 3 crashed half-way');
await withRabbitmq(3, async (cluster, site) => {
  const probe = await memoryProbe(cluster);
  const cpu = cpuProbe(site.pid, cluster);
  results.cluster = await workload(site.url, { afterLogin: probe.afterLogin, ...cpu });
  results.cluster.cpu = cpu.result();
  memory.cluster = probe.rows;
  log(`load ${load()}`);
  results.failover = await workload(site.url, {
    disrupt: { atMs: (messagesPerUser * intervalMs) / 2, nodeIndex: 2, run: () => cluster.kill(2) },
  });
});

const setups = [
  ['embedded (aedes)', results.embedded],
  ['RabbitMQ, 1 node', results.single],
  ['RabbitMQ, 3 nodes', results.cluster],
  ['3 nodes, node 3 killed', results.failover],
].filter(([, result]) => result);
printTable(
  `Delivery: ${userCount} users, each writing ${messagesPerUser} messages to a user on another node (ms, end to end: send → push at the receiver)`,
  [
    'setup',
    'messages',
    'delivered',
    'p50',
    'p95',
    'p99',
    'msg/s',
    'lost',
    'dup',
    'out of order',
    'failed sends',
    'errors',
  ],
  setups.map(([name, r]) => [
    name,
    r.expected,
    r.delivered,
    fmt(r.p50, 0),
    fmt(r.p95, 0),
    fmt(r.p99, 0),
    fmt(r.messagesPerSecond, 0),
    r.lost,
    r.duplicated,
    r.outOfOrder,
    r.failedSends,
    r.errors,
  ]),
);
const comparisons = [
  ['3 nodes ÷ 1 node', results.cluster, results.single],
  ['3 nodes ÷ embedded', results.cluster, results.embedded],
  ['1 node ÷ embedded', results.single, results.embedded],
].filter(([, a, b]) => a && b);
if (comparisons.length)
  printTable(
    'Ratios (same workload, same process; < 1 is faster for latency, > 1 is more for msg/s)',
    ['comparison', 'p50', 'p95', 'p99', 'msg/s', 'login p50'],
    comparisons.map(([name, a, b]) => [
      name,
      ratio(a.p50, b.p50),
      ratio(a.p95, b.p95),
      ratio(a.p99, b.p99),
      ratio(a.messagesPerSecond, b.messagesPerSecond),
      ratio(a.loginP50, b.loginP50),
    ]),
  );
printTable(
  `CPU over the chat phase, less the idle rate measured for ${IDLE_SAMPLE_MS / 1000} s just before (from /proc; ms per 1,000 delivered messages; the embedded broker runs inside the site process)`,
  ['setup', 'broker CPU s', 'site CPU s', 'broker ms / 1,000 msgs', 'site ms / 1,000 msgs'],
  setups
    .filter(([, r]) => r.cpu)
    .map(([name, r]) => [
      name,
      r.cpu.brokerInSite ? 'in site' : fmt(r.cpu.broker, 1),
      fmt(r.cpu.site, 1),
      r.cpu.brokerInSite ? 'in site' : fmt((r.cpu.broker * 1e6) / r.delivered, 0),
      fmt((r.cpu.site * 1e6) / r.delivered, 0),
    ]),
);
if (results.failover) {
  const r = results.failover;
  printTable(
    'Failover: node 3 crashed (SIGKILL) half-way through the run',
    [
      'clients cut off',
      'reconnected',
      'not reconnected',
      'recovery p50 ms',
      'recovery p95 ms',
      'lost after catch-up',
      'dup',
      'out of order',
    ],
    [
      [
        r.affected,
        r.affected - r.notRecovered,
        r.notRecovered,
        fmt(r.recoveryP50, 0),
        fmt(r.recoveryP95, 0),
        r.lost,
        r.duplicated,
        r.outOfOrder,
      ],
    ],
  );
}
const memoryRows = [
  ...(memory.single ?? []).map((row) => ['1 node', row]),
  ...(memory.cluster ?? []).map((row) => ['3 nodes', row]),
];
if (memoryRows.length)
  printTable(
    "Memory per connection (RSS from /proc; Erlang memory and processes from `rabbitmqctl eval`; connections = established sockets on the node's web-MQTT port)",
    ['node', 'connections', 'idle RSS MiB', 'busy RSS MiB', 'RSS KiB/conn', 'Erlang KiB/conn', 'processes/conn'],
    memoryRows.map(([setup, row]) => [
      `${setup}: ${row.node.name.replace(/@.*/, '')}`,
      row.connections,
      fmt(row.idle.rss / 2 ** 20, 0),
      fmt(row.busy.rss / 2 ** 20, 0),
      fmt((row.busy.rss - row.idle.rss) / 1024 / row.connections, 0),
      fmt((row.busy.erlangBytes - row.idle.erlangBytes) / 1024 / row.connections, 0),
      fmt((row.busy.processes - row.idle.processes) / row.connections, 1),
    ]),
  );
for (const [name, r] of setups) {
  if (r.lost || r.duplicated || r.outOfOrder) failed = true;
  if (r.errorSamples.length) console.log(`\n${name}: first errors: ${r.errorSamples.join('; ')}`);
}
console.log(`\nload after: ${load()}`);
process.exit(failed ? 1 : 0);
