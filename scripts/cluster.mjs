#!/usr/bin/env node
// `npm run cluster`: a 3-node RabbitMQ 3.10 cluster on loopback (scripts/lib/rabbitmq-cluster.mjs), then the demo
// site in broker mode publishing to it, serving RabbitMQ's HTTP auth backend and handing browsers all three
// web-MQTT URLs. Prints the demo URLs; Ctrl-C (or any exit) stops the site, then every node and epmd by pid.
// Options: --port N (site, default $PORT or 8080; the message server takes N+1), --base-port N (first web-MQTT port,
// default 15675), --nodes N (default 3).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { INSTALL_HINT, killClusterNow, rabbitmqAvailable, startRabbitmqCluster } from './lib/rabbitmq-cluster.mjs';
import { distIsStale } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    'base-port': { type: 'string', default: '15675' },
    nodes: { type: 'string', default: '3' },
  },
});
const sitePort = Number(args.port);
const basePort = Number(args['base-port']);
const nodeCount = Number(args.nodes);
for (const [name, value] of [
  ['--port', sitePort],
  ['--base-port', basePort],
  ['--nodes', nodeCount],
]) {
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`cluster: ${name} needs a positive integer`);
    process.exit(2);
  }
}

if (!rabbitmqAvailable()) {
  console.error(`cluster: ${INSTALL_HINT}`);
  process.exit(1);
}

ensureDeps();
if (distIsStale(root)) {
  console.log('cluster: building webim…');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const siteUrl = `http://127.0.0.1:${sitePort}`;
let cluster;
let clusterBooting;
let site;
let stopping = false;
const booting = new AbortController();

// Last resort when the process ends some other way (an exception, process.exit): nothing may outlive us.
process.on('exit', () => {
  if (site && site.exitCode === null) site.kill('SIGKILL');
  if (cluster) killClusterNow(cluster);
});

async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\ncluster: stopping the site, then the nodes and epmd…');
  booting.abort();
  // A boot cut short stops what it started itself; one that finished anyway is stopped below.
  if (!cluster && clusterBooting) cluster = await clusterBooting.catch(() => undefined);
  if (site && site.exitCode === null) {
    const exited = new Promise((resolve) => site.once('exit', resolve));
    site.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
  if (cluster) {
    await cluster.stop();
    cluster = undefined;
  }
  console.log('cluster: stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

try {
  console.log(`cluster: booting ${nodeCount} RabbitMQ nodes on 127.0.0.1 (first boot takes 10–30 s)…`);
  clusterBooting = startRabbitmqCluster({
    nodeCount,
    basePort,
    authBaseUrl: siteUrl,
    log: (line) => console.log(`cluster: ${line}`),
    signal: booting.signal,
  });
  cluster = await clusterBooting;

  // The site: the mock server's CLI in broker mode, publishing through node 1's MQTT port as its own account.
  const siteArguments = [
    join(root, 'dist', 'mock-server', 'cli.js'),
    '--port',
    String(sitePort),
    '--im-port',
    String(sitePort + 1),
    '--root',
    root,
    '--broker',
    cluster.nodes[0].mqttUrl,
    ...cluster.nodes.flatMap((node) => ['--broker-ws', node.webMqttUrl]),
    '--broker-user',
    cluster.siteUser,
    '--broker-password',
    cluster.sitePassword,
  ];
  site = spawn(process.execPath, siteArguments, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const siteReady = new Promise((resolve, reject) => {
    let output = '';
    site.stdout.on('data', (chunk) => {
      output += chunk;
      if (/^im: /m.test(output)) resolve();
    });
    site.once('exit', (code) => reject(new Error(`the site exited (${code}) before it listened`)));
  });
  await siteReady;
  site.once('exit', (code) => {
    if (!stopping) {
      console.error(`cluster: the site exited (${code})`);
      void stop(1);
    }
  });
  const other = `http://localhost:${sitePort}`;
  console.log(`
webim on a ${nodeCount}-node RabbitMQ cluster is running (ready after ${seconds()}).

  Alice:   ${siteUrl}/?user=alice
  Bob:     ${other}/?user=bob          (another host name = another cookie jar, so two users in one browser)
  Admin:   ${siteUrl}/demo/admin.html?user=admin   (site broadcast, notifications)

site: ${siteUrl}   (also RabbitMQ's HTTP auth backend: ${siteUrl}/mqtt/auth/*)
${cluster.nodes.map((node) => `node ${node.index + 1}: ${node.name}  web-MQTT ${node.webMqttUrl}  MQTT ${node.mqttUrl}  pid ${node.process?.pid}`).join('\n')}
epmd: 127.0.0.1:${cluster.epmd.port}  pid ${cluster.epmd.process?.pid}
logs: ${cluster.directory}/node-*/log

Browsers get all ${nodeCount} web-MQTT URLs and fail over between them. Try: kill -9 <a node's pid> and keep chatting.
Press Ctrl+C to stop everything.`);
} catch (error) {
  if (!stopping) {
    console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}
