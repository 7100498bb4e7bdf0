import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// rename-codemod: skip (this file spells the old names to forbid them)
/**
 * Readable source: class names, ids and custom properties say what they are (`webim-<full-words>`,
 * `--webim-<full-words>`). Size work belongs in the build, so a hand-shortened name coming back fails here.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const files = (dir: string, ext: RegExp): string[] =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
const read = (file: string) => readFileSync(join(root, file), 'utf8').replace(/\/\*[^]*?\*\//g, '');

describe('names in the stylesheets and the UI', () => {
  it('every class and keyframes name in styles/ is webim-…', () => {
    const offenders = files('styles', /\.css$/).flatMap((file) =>
      [...read(file).matchAll(/(?:^|[\s,>+~(])\.(-?[a-z_][\w-]*)|@keyframes\s+([\w-]+)/gim)]
        .map((m) => m[1] ?? m[2]!)
        .filter((name) => !name.startsWith('webim-'))
        .map((name) => `${file}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('every custom property is --webim-…', () => {
    const sources = [...files('styles', /\.css$/), ...files('src/ui', /\.tsx?$/)];
    const offenders = sources.flatMap((file) =>
      [...read(file).matchAll(/(?<![\w-])--([a-z][\w-]*)\s*:|var\(\s*--([\w-]+)/gi)]
        .map((m) => m[1] ?? m[2]!)
        .filter((name) => !name.startsWith('webim-'))
        .map((name) => `${file}: --${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no class, id or data attribute in src/ui is a hand-shortened wi-* or data-f', () => {
    const offenders = files('src/ui', /\.tsx?$/).flatMap((file) =>
      [...read(file).matchAll(/(?<![\w-])(wi-[a-z][\w-]*|data-f(?![\w-])|dataset\.f\b)/g)].map(
        (m) => `${file}: ${m[1]}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
