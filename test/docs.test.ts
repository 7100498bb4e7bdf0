import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The README and docs/ are self-contained: every file they point to is in the repository (issue 17 point 3). */
const root = fileURLToPath(new URL('..', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => 'docs/' + f),
];

describe('documentation', () => {
  it.each(pages)('%s points only at files inside the repository that exist', (page) => {
    const text = readFileSync(join(root, page), 'utf8');
    const missing: string[] = [];
    // Markdown links and images, relative to the page.
    for (const match of text.matchAll(/\]\(([^)\s#]+)[^)]*\)|<img src="([^"]+)"/g)) {
      const target = match[1] ?? match[2];
      if (!target || /^[a-z]+:/i.test(target)) continue;
      const file = join(root, dirname(page), target);
      if (relative(root, file).startsWith('..') || !existsSync(file)) missing.push(target);
    }
    // Paths in backticks that name repository files (`docs/x.md`, `bench/README.md`, `../shared/…`).
    for (const [, path] of text.matchAll(
      /`((?:\.\.\/|docs\/|bench\/|scripts\/|build\/)[\w./-]+\.(?:md|mjs|ts|json|png))`/g,
    ))
      if (path!.startsWith('..') || !existsSync(join(root, path!))) missing.push(path!);
    expect(missing).toEqual([]);
  });

  it('the README lists the headless entry point’s real exports', async () => {
    const headless = await import('../src/headless');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const listed = /`webim\/headless` is the SDK without\s+any UI code — ([^—]+)—/.exec(readme)?.[1] ?? '';
    const names = [...listed.matchAll(/`(\w+)`/g)].map((m) => m[1]!).filter((n) => n !== 'store');
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) expect(headless, name).toHaveProperty(name);
  });
});
