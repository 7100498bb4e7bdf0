#!/usr/bin/env node
// `npm run mock -- --port 0 --im-port 0`: builds the mock server (Node 20 cannot run its TypeScript), then runs
// dist/mock-server/cli.js in this process with the same arguments. The build is quiet unless it fails.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

// Same as `npx vite build --config build/mock-server.config.ts`, minus npx's start-up and its chatter.
const build = spawnSync(
  process.execPath,
  [vite, 'build', '--config', 'build/mock-server.config.ts', '--logLevel', 'error'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  process.stderr.write(`mock: building the mock server failed (${build.error?.message ?? `exit ${build.status}`})\n`);
  process.exit(build.status || 1);
}

// cli.js reads process.argv.slice(2), which are exactly the arguments given to this script.
await import(pathToFileURL(join(root, 'dist', 'mock-server', 'cli.js')).href);
