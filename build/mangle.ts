import MagicString from 'magic-string';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/**
 * Size work belongs in the build, not the source (issue 17): the script-tag file renames the stylesheet's private
 * class names and custom properties listed in `build/mangle.json` to short ones (as preactjs/signals does for its
 * private fields with its mangle.json). The stylesheet is inlined into the script as a string, so one pass over the
 * chunk renames a name in the CSS and in the markup alike.
 *
 * A name is renamed only where it stands alone (`webim-dot`, not `webim-dot--away` nor `'webim-dot--' + kind`), so
 * BEM modifiers and names built at run time keep their full spelling on both sides. Left out of the list: the public
 * custom properties (README "Theming"), the host element's name, and the classes e2e tests and benchmarks look for.
 * The build fails if a listed name is missing from the chunk (a stale entry) or a short name is already taken.
 */
interface MangleList {
  classes: string[];
  properties: string[];
}

const boundary = (name: string) => new RegExp(`(?<![\\w-])${name.replace(/-/g, '\\-')}(?![\\w-])`, 'g');

export function mangle(listFile = new URL('./mangle.json', import.meta.url)): Plugin {
  const list = JSON.parse(readFileSync(listFile, 'utf8')) as MangleList;
  return {
    name: 'webim-mangle',
    apply: 'build',
    renderChunk(code) {
      const out = new MagicString(code);
      let next = 0;
      const shortName = (prefix: string) => {
        for (;;) {
          const name = prefix + 'w' + (next++).toString(36);
          if (!boundary(name).test(code)) return name;
        }
      };
      const rename = (from: string, to: string) => {
        let found = 0;
        for (const match of code.matchAll(boundary(from))) {
          out.overwrite(match.index, match.index + from.length, to);
          found++;
        }
        if (!found)
          this.error(`build/mangle.json: ${from} does not occur in the script-tag file (remove it from the list)`);
      };
      for (const name of list.classes) rename(name, shortName(''));
      for (const name of list.properties) rename('--' + name, shortName('--'));
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}
