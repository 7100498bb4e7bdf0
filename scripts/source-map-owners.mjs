// Which source file each character of a bundled file comes from, read from its source map (VLQ mappings), and the
// marginal gzip cost of a set of sources: gzip of the whole file minus gzip of the file without their code.
import { gzipSync } from 'node:zlib';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(text) {
  const out = [];
  let shift = 0;
  let value = 0;
  for (const character of text) {
    let digit = BASE64.indexOf(character);
    const more = digit & 32;
    digit &= 31;
    value += digit << shift;
    if (more) shift += 5;
    else {
      out.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** For each character of `code`, the index into `map.sources` it was generated from (-1: none). */
export function sourceOwners(code, map) {
  const lines = code.split('\n');
  const owners = [];
  let source = 0;
  map.mappings.split(';').forEach((line, index) => {
    const text = lines[index] ?? '';
    const segments = line.split(',').filter(Boolean).map(decodeVlq);
    const lineOwners = new Array(text.length).fill(-1);
    let column = 0;
    segments.forEach((segment, i) => {
      column += segment[0];
      if (segment.length > 1) source += segment[1];
      const end = i + 1 < segments.length ? column + segments[i + 1][0] : text.length;
      for (let c = column; c < end; c++) lineOwners[c] = source;
    });
    for (const owner of lineOwners) owners.push(owner);
    owners.push(-1);
  });
  return owners;
}

/** Gzip bytes the sources matching `belongs(path)` add to `code` (all of them together). */
export function marginalGzip(code, map, belongs) {
  const owners = sourceOwners(code, map);
  const mine = new Set(map.sources.flatMap((path, index) => (belongs(path) ? [index] : [])));
  let rest = '';
  let bytes = 0;
  for (let i = 0; i < code.length; i++) {
    if (mine.has(owners[i])) bytes++;
    else rest += code[i];
  }
  const whole = gzipSync(code, { level: 9 }).length;
  return { bytes, gzip: whole - gzipSync(rest, { level: 9 }).length };
}
