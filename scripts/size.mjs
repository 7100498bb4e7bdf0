#!/usr/bin/env node
// Prints the compressed size of what a forum page loads and fails when the script-tag file is over budget.
// Usage: npm run size  (builds first unless --no-build)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { marginalGzip } from './source-map-owners.mjs';

const BUDGET_GZIP = 24 * 1024;
/** Broker mode's share of the script-tag file: the MQTT codec, transport, topics and the transport selection. */
const MQTT_BUDGET_GZIP = 3 * 1024;
const MQTT_SOURCES = /src\/(transport\/mqtt\/|protocol\/mqtt\/|protocol\/topics\.ts|transport\/select\.ts)/;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.env.WEBIM_DIST ?? join(root, 'dist');

if (!process.argv.includes('--no-build') || !existsSync(join(out, 'webim.iife.js'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const files = ['webim.iife.js', 'webim.js', 'headless.js'];
const kib = (n) => `${(n / 1024).toFixed(2)} KiB`;
const rows = files
  .filter((f) => existsSync(join(out, f)))
  .map((f) => {
    const buf = readFileSync(join(out, f));
    return {
      file: f,
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });

const pad = (s, n) => String(s).padEnd(n);
console.log(`${out}\n${pad('file', 22)}${pad('raw', 14)}${pad('gzip', 14)}${pad('brotli', 14)}`);
for (const r of rows)
  console.log(`${pad(r.file, 22)}${pad(kib(r.raw), 14)}${pad(kib(r.gzip), 14)}${pad(kib(r.brotli), 14)}`);

const iife = rows.find((r) => r.file === 'webim.iife.js');
if (!iife) {
  console.error(`size: ${join(out, 'webim.iife.js')} is missing`);
  process.exit(1);
}
const verdict = iife.gzip <= BUDGET_GZIP ? 'within' : 'OVER';
console.log(
  `\nscript-tag budget: ${kib(iife.gzip)} gzip of ${kib(BUDGET_GZIP)} — ${verdict} budget (${((iife.gzip / BUDGET_GZIP) * 100).toFixed(1)} %)`,
);
// The MQTT part's marginal cost: gzip of the file minus gzip of the file without the code its sources generated.
const iifePath = join(out, 'webim.iife.js');
let mqttOver = false;
if (existsSync(`${iifePath}.map`)) {
  const mqtt = marginalGzip(
    readFileSync(iifePath, 'utf8'),
    JSON.parse(readFileSync(`${iifePath}.map`, 'utf8')),
    (path) => MQTT_SOURCES.test(path),
  );
  mqttOver = mqtt.gzip > MQTT_BUDGET_GZIP;
  console.log(
    `MQTT part (broker mode): ${kib(mqtt.bytes)} minified, ${kib(mqtt.gzip)} gzip of ${kib(MQTT_BUDGET_GZIP)} — ${mqttOver ? 'OVER' : 'within'} budget`,
  );
} else console.log('MQTT part: no source map next to webim.iife.js, not measured');
if (iife.gzip > BUDGET_GZIP || mqttOver) process.exit(1);
