#!/usr/bin/env node
// `npm start`: builds what the demo needs (when the sources changed), serves the demo forum from the mock server,
// and prints where to open it. PORT (default 8080) is the site; the message server listens on PORT+1.
// `npm start -- --broker embedded` runs it in broker mode (any mock-server option may follow `--`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { distIsStale } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
if (distIsStale(root)) {
  console.log('demo: building webim…');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = Number(process.env.PORT ?? 8080);
const { startMockServer, parseArgs, USAGE } = await import(
  pathToFileURL(join(root, 'dist', 'mock-server', 'index.js')).href
);
let extra;
try {
  extra = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`demo: ${error.message}\n${USAGE}`);
  process.exit(2);
}
let server;
try {
  server = await startMockServer({
    port,
    imPort: port === 0 ? 0 : port + 1,
    host: process.env.HOST ?? '127.0.0.1',
    root,
    // The demo asks for the test controls explicitly (screenshots and benchmarks drive it); they answer loopback
    // only and need the secret printed below in an x-mock-secret header.
    controls: true,
    ...(process.env.WEBIM_CONTROLS_SECRET ? { controlsSecret: process.env.WEBIM_CONTROLS_SECRET } : {}),
    ...extra,
  });
} catch (error) {
  // A busy port is the usual first-run failure (a second `npm start`): one line with the way out, not a stack.
  if (error?.code !== 'EADDRINUSE') throw error;
  console.error(
    `demo: port ${error.port} is already in use (another npm start?). Stop it, or pick other ports: ` +
      `PORT=${port + 10} npm start (the site uses PORT, the message server PORT+1).`,
  );
  process.exit(1);
}
const site = new URL(server.siteUrl);
const other = `${site.protocol}//localhost:${site.port}`;

console.log(`
webim demo is running.

  Alice:   ${server.siteUrl}/?user=alice
  Bob:     ${other}/?user=bob          (another host name = another cookie jar, so two users in one browser)
  Admin:   ${server.siteUrl}/demo/admin.html?user=admin   (site broadcast, notifications)
  SPA:     ${server.siteUrl}/demo/spa.html?user=carol   (the npm/ESM integration)
  Big:     ${server.siteUrl}/?user=big            (10,000 buddies)

site: ${server.siteUrl}
im: ${server.imUrl}${server.brokerUrls ? `\nbroker: ${server.brokerUrls.join(' ')}   (broker mode: push over MQTT)` : ''}
controls: ${server.controlsSecret}

Press Ctrl+C to stop.`);

const stop = () =>
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
