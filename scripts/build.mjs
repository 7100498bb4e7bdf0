#!/usr/bin/env node
// Builds everything `dist/` holds: the npm ESM entries, the script-tag IIFE, the Node mock server, and .d.ts types.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, cmd, args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${Date.now() - started} ms)`);
}

// WEBIM_DIST moves the browser builds (npm ESM, script tag, types) to a private directory; the mock server stays in dist/.
const out = process.env.WEBIM_DIST ?? join(root, 'dist');
for (const entry of [
  'webim.js',
  'webim.js.map',
  'headless.js',
  'headless.js.map',
  'webim.iife.js',
  'webim.iife.js.map',
  'locales',
  'types',
]) {
  rmSync(join(out, entry), { recursive: true, force: true });
}
for (const chunk of existsSync(out) ? readdirSync(out).filter((f) => /^headless-.*\.js(\.map)?$/.test(f)) : [])
  rmSync(join(out, chunk));
run('npm ESM (webim, webim/headless)', bin('vite'), ['build', '--config', 'build/lib.config.ts']);
run('script tag (webim.iife.js)', bin('vite'), ['build', '--config', 'build/iife.config.ts']);
run('mock server', bin('vite'), ['build', '--config', 'build/mock-server.config.ts']);
run('types', bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', join(out, 'types')]);
