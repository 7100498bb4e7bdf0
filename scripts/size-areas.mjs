#!/usr/bin/env node
// Where the script-tag file's bytes come from: for each source area, the minified bytes it contributes and its
// marginal gzip cost (gzip of the whole file minus gzip of the file without that area's code), from the source map.
// Usage: node scripts/size-areas.mjs [depth=2] [file=dist/webim.iife.js]   (npm run size uses measureAreas)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decode(str) {
  const out = [];
  let shift = 0;
  let value = 0;
  for (const ch of str) {
    let d = B64.indexOf(ch);
    const more = d & 32;
    d &= 31;
    value += d << shift;
    if (more) shift += 5;
    else {
      out.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** A source path without leading `../` and query, e.g. `src/ui/bar/Bar.tsx`. */
export const sourcePath = (source) => source.replace(/^(\.\.\/)+/, '').replace(/\?.*$/, '');

/**
 * `[{name, bytes, gzip}]` for `file` (with its `.map`), biggest gzip cost first: `areaOf(sourcePath)` names the area
 * of each output character; characters with no source are the area `(no source)`.
 */
export function measureAreas(file, areaOf, literalAreas = []) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const areas = [];
  const owner = [];
  let src = 0;
  const indexOf = (name) => {
    const i = areas.indexOf(name);
    return i < 0 ? areas.push(name) - 1 : i;
  };
  const none = indexOf('(no source)');
  map.mappings.split(';').forEach((line, li) => {
    const text = lines[li] ?? '';
    const segs = line.split(',').filter(Boolean).map(decode);
    let col = 0;
    const lineOwner = new Array(text.length).fill(none);
    segs.forEach((s, i) => {
      col += s[0];
      if (s.length > 1) src += s[1];
      const end = i + 1 < segs.length ? col + segs[i + 1][0] : text.length;
      const idx = indexOf(areaOf(sourcePath(map.sources[src] ?? '?')));
      for (let c = col; c < end; c++) lineOwner[c] = idx;
    });
    for (const o of lineOwner) owner.push(o);
    owner.push(none);
  });
  // Strings the source map gives no source of their own (an inlined stylesheet): `[test, name]` claims every
  // template literal whose text passes `test`.
  for (const [test, name] of literalAreas) {
    const idx = indexOf(name);
    for (const m of code.matchAll(/`[^`]*`/g)) if (test(m[0])) owner.fill(idx, m.index, m.index + m[0].length);
  }
  const total = gzipSync(code, { level: 9 }).length;
  const rows = areas.map((name, idx) => {
    let bytes = 0;
    const parts = [];
    for (let i = 0; i < code.length; i++) {
      if (owner[i] === idx) bytes++;
      else parts.push(code[i]);
    }
    return { name, bytes, gzip: bytes ? total - gzipSync(parts.join(''), { level: 9 }).length : 0 };
  });
  return { total, bytes: code.length, rows: rows.filter((r) => r.bytes).sort((a, b) => b.gzip - a.gzip) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const depth = Number(process.argv[2] ?? 2);
  const file = process.argv[3] ?? `${process.env.WEBIM_DIST ?? 'dist'}/webim.iife.js`;
  const { total, bytes, rows } = measureAreas(file, (path) => path.split('/').slice(0, depth).join('/'));
  console.log(`${'area'.padEnd(44)}${'min bytes'.padStart(10)}${'gzip cost'.padStart(11)}`);
  for (const r of rows)
    console.log(`${r.name.padEnd(44)}${String(r.bytes).padStart(10)}${String(r.gzip).padStart(11)}`);
  console.log(`${'total'.padEnd(44)}${String(bytes).padStart(10)}${String(total).padStart(11)}`);
}
