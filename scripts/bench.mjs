#!/usr/bin/env node
// `npm run bench`: performance benchmarks in real Chromium against the real mock server (see bench/README.md).
// Usage: npm run bench -- [--suite roster,messages,delivery,reload] [--cpu-throttle N] [--runs N] [--batches 1,50] [--rate 1000]
//                        [--seconds 5] [--profile]
//                        [--script FILE]   (FILE served as /dist/webim.iife.js: another build, e.g. of an older commit)
// Builds dist/ first when the sources are newer. Exit code 1 when an acceptance bound fails.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsStale } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const { values: args } = parseArgs({
  options: {
    'cpu-throttle': { type: 'string', default: '1' },
    runs: { type: 'string', default: '15' },
    batches: { type: 'string', default: '1,50' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    script: { type: 'string' },
    suite: { type: 'string', default: 'roster,messages,delivery,reload' },
  },
});
const suites = new Set(args.suite.split(','));
for (const name of suites)
  if (!['roster', 'messages', 'delivery', 'reload'].includes(name))
    throw new Error(`--suite: no suite ${name} (roster, messages, delivery, reload)`);
const positive = (name) => {
  const n = Number(args[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
  return n;
};
const options = {
  cpuThrottle: positive('cpu-throttle'),
  openRuns: Math.round(positive('runs')),
  batches: args.batches
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  rate: positive('rate'),
  seconds: positive('seconds'),
};

if (distIsStale(root)) {
  console.log('bench: building dist/ (sources changed)…');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { startMockServer } = await import(pathToFileURL(join(root, 'dist', 'mock-server', 'index.js')).href);
const { launchBrowser } = await import('../bench/lib/browser.mjs');
const { runRosterBench } = await import('../bench/roster.mjs');
const { runMessageBench } = await import('../bench/messages.mjs');
const { runDeliveryBench } = await import('../bench/delivery.mjs');
const { runReloadBench } = await import('../bench/reload.mjs');
const { buildUnminified } = await import('../bench/lib/profile.mjs');
if (args.profile && args.script) throw new Error('--profile builds its own script; drop --script');
const script = args.profile ? buildUnminified(root) : args.script && resolve(args.script);

const server = await startMockServer({ port: 0, imPort: 0, root, controls: true, onError: () => undefined });
const browser = await launchBrowser();
let failed = false;
try {
  const what = args.profile ? ', PROFILED (unminified build; timings inflated)' : script ? `, script ${script}` : '';
  console.log(
    `bench — Chromium ${browser.version()}, CPU throttle ×${options.cpuThrottle}${what}, ${new Date().toISOString()}`,
  );
  console.log(
    `machine: ${cpus().length} CPUs, load average ${load()} (a shared machine: compare ratios, and CPU-clock numbers)`,
  );
  const verdicts = [];
  if (suites.has('roster'))
    verdicts.push(...(await runRosterBench({ browser, server, ...options, script, profile: args.profile })));
  if (suites.has('messages')) {
    console.log('\nbench/messages');
    verdicts.push(
      ...(await runMessageBench({
        browser,
        server,
        cpuThrottle: options.cpuThrottle,
        script,
        runs: Math.min(10, options.openRuns),
      })),
    );
  }
  if (suites.has('delivery')) {
    console.log('\nbench/delivery');
    verdicts.push(...(await runDeliveryBench({ browser, server, cpuThrottle: options.cpuThrottle, script })));
  }
  if (suites.has('reload')) {
    console.log('\nbench/reload');
    verdicts.push(...[await runReloadBench({ browser, server, cpuThrottle: options.cpuThrottle, script })]);
  }

  console.log(`\nload average at the end: ${load()}\n`);
  for (const v of verdicts) {
    console.log(`${v.pass ? 'PASS' : 'FAIL'}  ${v.name} — ${v.detail}`);
    failed ||= !v.pass;
  }
} finally {
  await browser.close();
  await server.close();
  if (args.profile) rmSync(dirname(script), { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
