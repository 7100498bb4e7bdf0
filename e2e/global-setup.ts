import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');

/** Newest modification time under a directory (recursively). */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The e2e pages load the built script-tag file and ESM entries: build them unless `dist/` is current. */
export default function globalSetup(): void {
  const out = join(root, 'dist', 'webim.iife.js');
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'styles')));
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('e2e: build failed');
}
