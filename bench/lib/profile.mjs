// `--profile`: where the page's JavaScript time goes. Serves an unminified build of the script-tag file (built into
// a private directory) so that function names in the V8 CPU profile are the source's, records a profile per
// measured window and prints the functions with the most self time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Builds `webim.iife.js` unminified into a temp directory (the caller removes it); returns the file's path. */
export function buildUnminified(root) {
  const dir = mkdtempSync(join(tmpdir(), 'webim-bench-'));
  const r = spawnSync(
    join(root, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'build/iife.config.ts', '--minify', 'false'],
    {
      cwd: root,
      env: { ...process.env, WEBIM_DIST: dir },
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('bench: unminified build failed');
  return join(dir, 'webim.iife.js');
}

/** A CPU profiler on one bench page (100 µs sampling). */
export async function profiler({ context, page }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  return {
    start: () => cdp.send('Profiler.start'),
    stop: async () => (await cdp.send('Profiler.stop')).profile,
  };
}

/** Prints the `top` functions by self time. */
export function printProfile(title, profile, { top = 15 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : ''}`;
    const dt = (deltas[i + 1] ?? 0) / 1000;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`\n${title} — self time, ms of ${total.toFixed(0)} ms sampled`);
  for (const [key, ms] of rows) console.log(`${ms.toFixed(1).padStart(9)}  ${key}`);
}
