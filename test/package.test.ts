import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What a site gets when it installs webim (issue 17 point 4): the browser package's runtime dependencies are only
 * what the browser code imports, as ranges an app can share; what only the mock server needs is an optional peer.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  scripts: Record<string, string>;
  files: string[];
};

/** Packages imported (not `import type`) by the files under `dir`, by package name. */
function importsUnder(dir: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file) || file.endsWith('.d.ts')) continue;
    const code = readFileSync(join(root, dir, file), 'utf8');
    for (const m of code.matchAll(/^(?:import|export)(?! type )[^;]*?from '([^'.][^']*)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('node:') || spec === 'webim' || spec.startsWith('webim/')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return names;
}

describe('package.json', () => {
  const mockServerOnly = importsUnder('src/mock-server');
  const browser = new Set(
    readdirSync(join(root, 'src'))
      .filter((d) => d !== 'mock-server')
      .flatMap((d) => (d.includes('.') ? [] : [...importsUnder('src/' + d)])),
  );

  it('depends at run time on exactly what the browser code imports, as caret ranges', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...browser].sort());
    for (const [name, range] of Object.entries(pkg.dependencies)) expect(`${name}@${range}`).toMatch(/@\^\d/);
  });

  it('makes every package only the mock server imports an optional peer, installed for development', () => {
    const serverOnly = [...mockServerOnly].filter((name) => !browser.has(name));
    expect(serverOnly.length).toBeGreaterThan(0);
    for (const name of serverOnly) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.peerDependencies[name], name).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
      expect(pkg.devDependencies[name], name).toMatch(/^\d/);
    }
  });

  it('has one DOM environment for unit tests', () => {
    expect(['happy-dom', 'jsdom'].filter((name) => name in pkg.devDependencies)).toEqual(['happy-dom']);
  });
});
