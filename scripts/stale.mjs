// Whether dist/ is older than the sources it is built from (so `npm start` and the e2e suite build only when needed).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function distIsStale(root) {
  const out = process.env.WEBIM_DIST ?? join(root, 'dist');
  const outputs = [
    join(out, 'webim.iife.js'),
    join(out, 'locales/zh-CN.js'),
    join(out, 'webim.js'),
    join(root, 'dist/mock-server/index.js'),
  ];
  if (!outputs.every((f) => existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(
    newest(join(root, 'src')),
    newest(join(root, 'styles')),
    ...['package.json', 'build'].map((p) =>
      statSync(join(root, p)).isDirectory() ? newest(join(root, p)) : statSync(join(root, p)).mtimeMs,
    ),
  );
  return sources > built;
}
