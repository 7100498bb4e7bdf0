import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { distIsStale } from '../scripts/stale.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The e2e pages load the built script-tag file and ESM entries: build them unless `dist/` is current. */
export default function globalSetup(): void {
  if (!distIsStale(root)) return;
  const r = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('e2e: build failed');
}
