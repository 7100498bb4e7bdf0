#!/usr/bin/env node
// Where the script-tag file's bytes come from: for each source area, the minified bytes it contributes and its
// marginal gzip cost (gzip of the whole file minus gzip of the file without that area's code), from the source map.
// Usage: node scripts/size-areas.mjs [depth=2] [file=dist/webim.iife.js]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const depth = Number(process.argv[2] ?? 2);
const file = process.argv[3] ?? `${process.env.WEBIM_DIST ?? 'dist'}/webim.iife.js`;
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
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

const area = (source) =>
  source
    .replace(/^(\.\.\/)+/, '')
    .replace(/\?.*$/, '')
    .split('/')
    .slice(0, depth)
    .join('/');
// Owner of each character of the output (index into `areas`).
const lines = code.split('\n');
const areas = [];
const owner = [];
let src = 0;
let offset = 0;
map.mappings.split(';').forEach((line, li) => {
  const text = lines[li] ?? '';
  const segs = line.split(',').filter(Boolean).map(decode);
  let col = 0;
  const lineOwner = new Array(text.length).fill(-1);
  segs.forEach((s, i) => {
    col += s[0];
    if (s.length > 1) src += s[1];
    const end = i + 1 < segs.length ? col + segs[i + 1][0] : text.length;
    const name = area(map.sources[src] ?? '?');
    let idx = areas.indexOf(name);
    if (idx < 0) idx = areas.push(name) - 1;
    for (let c = col; c < end; c++) lineOwner[c] = idx;
  });
  for (const o of lineOwner) owner.push(o);
  owner.push(-1);
  offset += text.length + 1;
});

const total = gzipSync(code, { level: 9 }).length;
const rows = areas.map((name, idx) => {
  let bytes = 0;
  let rest = '';
  const parts = [];
  for (let i = 0; i < code.length; i++) {
    if (owner[i] === idx) bytes++;
    else parts.push(code[i]);
  }
  rest = parts.join('');
  return { name, bytes, gzip: total - gzipSync(rest, { level: 9 }).length };
});
rows.sort((a, b) => b.gzip - a.gzip);
console.log(`${'area'.padEnd(44)}${'min bytes'.padStart(10)}${'gzip cost'.padStart(11)}`);
for (const r of rows) console.log(`${r.name.padEnd(44)}${String(r.bytes).padStart(10)}${String(r.gzip).padStart(11)}`);
console.log(`${'total'.padEnd(44)}${String(code.length).padStart(10)}${String(total).padStart(11)}`);
