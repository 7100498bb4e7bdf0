/**
 * Defensive readers for untrusted network input, and the one table-driven record reader every normaliser uses.
 * Nothing here throws on any input (hostile getters, revoked proxies, `__proto__` keys, cycles, NaN); only own data
 * properties are read (a getter never runs, a prototype never answers for a missing field), and input is never
 * walked generically (so cycles and depth cannot hurt).
 */
import { ProtocolError, type ProtocolErrorCode } from './errors';

export type Rec = Record<string, unknown>;
export type Errors = ProtocolError[];
/** Turns an untrusted value into a usable one, or undefined (unusable), or null (fine as absent). `out` is the record read so far. */
export type Reader = (v: unknown, out: Rec) => unknown;

/** Records why part of the input was rejected and returns null, so a normaliser can `return fail(…)`. */
export function fail(errors: Errors, code: ProtocolErrorCode, path: string, value: unknown): null {
  errors.push(new ProtocolError(code, `${code} ${path}`, path, value));
  return null;
}

/** `f()`, or undefined when it throws (revoked proxies, throwing traps). */
const safe = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch {
    /* unusable: undefined */
  }
};

export const isArray = (v: unknown): v is unknown[] => !!safe(() => Array.isArray(v));
export const isRecord = (v: unknown): v is Rec => !!v && typeof v === 'object' && !!safe(() => !Array.isArray(v));
/** An own data property of an object or array; undefined when absent, inherited, a getter, or unreadable. */
export const get = (o: unknown, key: string | number): unknown => {
  // Not through `safe`: this runs for every field of a 10,000-buddy roster.
  try {
    return Object.getOwnPropertyDescriptor(o, key)?.value;
  } catch {
    /* unreadable: undefined */
  }
};
export const keysOf = (o: Rec): string[] => safe(() => Object.keys(o)) ?? [];
/** Absent in the sense servers of both generations use: missing, null, or the empty string. */
export const absent = (v: unknown): boolean => v == null || v === '';

/** A string, or a finite number as a string. */
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && isFinite(v) ? '' + v : undefined;

/** Cuts `s` to at most `max` UTF-16 units, never leaving half of a surrogate pair at the end. */
export const cut = (s: string, max: number): string => s.slice(0, max - +/[\ud800-\udbff]/.test(s[max - 1]));

/** Text (a string or finite number) cut to `max`; with `blank` false, blank text counts as missing. */
export const textOf =
  (max = 500, blank = true) =>
  (v: unknown): string | undefined => {
    const s = str(v);
    return s != null && (blank || s.trim()) ? cut(s, max) : undefined;
  };
/** Display names: nicks, group and room names. Blank means missing. */
export const nameOf = textOf(500, false);

/** Ids: user names, room names, `vid:` visitor ids; a number becomes a string; blank or over 256 is unusable. */
export const idOf = (v: unknown): string | undefined => {
  const s = str(v)?.trim();
  return s && s.length <= 256 ? s : undefined;
};

/** A finite number from a number or a plain decimal string (no hex, no `Infinity`, no blank). */
export const numberOf = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\s*[+-]?[\d.]+(e[+-]?\d+)?\s*$/i.test(v) ? +v : v;
  return typeof n === 'number' && isFinite(n) ? n : undefined;
};

/** A non-negative whole count (PHP sends numeric strings). */
export const countOf = (v: unknown): number | undefined => {
  const n = numberOf(v)!;
  return n >= 0 && n <= 9e15 ? Math.floor(n) : undefined;
};

/**
 * A timestamp in JavaScript ms. Values below 1e11 are Unix seconds (1e11 ms is 1973, 1e11 s the year 5138);
 * rounded to whole ms (PHP's `microtime(true)*1000` has fractions); beyond what a `Date` holds is unusable.
 */
export const timestampOf = (v: unknown): number | undefined => {
  let n = numberOf(v)!;
  n = Math.round(n < 1e11 ? n * 1e3 : n);
  return n > 0 && n <= 8.64e15 ? n : undefined;
};

/** A boolean as either generation writes it: `true`/`"true"`/`1`/`"1"`, `false`/`"false"`/`0`/`"0"`/`""` (PHP). */
export const flagOf = (v: unknown): boolean | undefined => {
  const i = [false, 0, '0', 'false', '', true, 1, '1', 'true'].indexOf(v as never);
  return i < 0 ? undefined : i > 4;
};

/** What a browser's URL parser does first: drop every tab/newline, trim C0 controls and spaces at both ends. */
const cleanUrl = (v: unknown): string =>
  typeof v === 'string' ? v.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+|[\0- ]+$/g, '') : '';
/** A URL of at most 2048 characters that `allowed` accepts. */
const urlOf =
  (allowed: (url: string) => boolean) =>
  (v: unknown): string | undefined => {
    const u = cleanUrl(v);
    return u && u.length <= 2048 && allowed(u) ? u : undefined;
  };

/** http(s) with `//` and something after it that is not a path: the only absolute form every parser reads alike. */
const ABSOLUTE_WEB_URL = /^https?:\/\/[^/?#]/i;

/**
 * Whether a URL (already cleaned as the browser cleans it) leads where it says: absolute http(s) with a host, or a
 * reference relative to the page that stays on the page's site. Browsers read a backslash as `/` and a special
 * scheme without `//` as if it had them, so `\\evil.com`, `/\evil.com`, `https:\\evil.com` and `http:evil.com` all
 * reach another host: a backslash before the query, a leading `//` (protocol-relative) and any other scheme are
 * refused.
 */
export const isSiteUrl = (u: string): boolean => {
  if (/^[^?#]*\\/.test(u)) return false;
  if (!ABSOLUTE_WEB_URL.test(u)) return !/^([a-z][\w+.-]*:|\/\/)/i.test(u);
  try {
    return !!new URL(u).hostname;
  } catch {
    return false;
  }
};

/** A link: http(s) with a host or relative to the page; any other scheme (`javascript:`, `data:`…) is unusable. */
export const linkOf = urlOf(isSiteUrl);
/** An image URL: a link, or an inline png/gif/jpeg/webp (never svg, which can carry script). */
export const imageOf = urlOf((u) => /^data:image\/(png|gif|jpe?g|webp)[;,]/i.test(u) || isSiteUrl(u));
/** A long-poll URL: http(s) with a host, or root-relative. */
export const pollUrlOf = urlOf((u) => isSiteUrl(u) && /^(https?:|\/)/i.test(u));
/** A WebSocket URL (ws(s), root- or protocol-relative); an http(s) URL becomes ws(s). */
export const socketUrlOf = (v: unknown): string | undefined =>
  urlOf((u) => /^(wss?:\/)?\//i.test(u))(cleanUrl(v).replace(/^http(s?:\/\/)/i, 'ws$1'));

/**
 * A reader of keywords (trimmed, any case) that are one of `words`, after `aliases` (another generation's
 * spellings). A prototype answering for an alias (`constructor`) is never one of `words`, so it cannot leak.
 */
export const keyword =
  <T extends string>(words: readonly T[], aliases: Record<string, T> = {}) =>
  (v: unknown): T | undefined => {
    const word = typeof v === 'string' ? v.trim().toLowerCase() : '';
    const found = aliases[word] ?? word;
    return words.includes(found as T) ? (found as T) : undefined;
  };

/**
 * How a field that is missing or unusable counts: dropping the whole item; reported when present (`CHECKED`) or
 * even when missing (`EXPECTED`), the item kept either way.
 */
export const REQUIRED = 1;
export const CHECKED = 2;
export const EXPECTED = 3;

/**
 * One field: its wire names (both generations', space-separated, first usable wins; the output key is the first
 * name in camelCase), its reader, and how it is needed (`REQUIRED`: one wire name only). Other fields are optional
 * and dropped silently when bad.
 */
export type Field = readonly [wire: string, read: Reader, need?: typeof REQUIRED | typeof CHECKED | typeof EXPECTED];

/**
 * The normaliser of one shape: reads `fields` of an untrusted object into a new record that starts as `defaults`
 * (output keys are the wire names as they are with `wireKeys`). null (reported with `code` at the item or field
 * path) when it is not an object or a required field is unusable. The table is prepared once, not per item.
 */
export function shape(
  code: ProtocolErrorCode,
  fields: readonly Field[],
  defaults?: Rec,
  wireKeys?: boolean,
): ItemNormalizer<Rec> {
  const table = fields.map(([wire, read, need]) => {
    const names = wire.split(' ');
    return [names, wireKeys ? wire : names[0].replace(/_(.)/g, (_, c: string) => c.toUpperCase()), read, need] as const;
  });
  return (raw, errors, path) => {
    if (!isRecord(raw)) return fail(errors, code, path, raw);
    const out: Rec = { ...defaults };
    for (const [names, key, read, need] of table) {
      for (const name of names) {
        const v = get(raw, name);
        const value = read(v, out);
        if (value !== undefined) {
          // null: fine as absent (e.g. a receiver only some types need).
          if (value !== null) out[key] = value;
          break;
        }
        if (need && (need !== CHECKED || !absent(v))) fail(errors, code, `${path}.${name}`, v);
        if (need === REQUIRED) return null;
      }
    }
    return out;
  };
}

/** An item normaliser: the value, or null (reported) when the item is unusable. */
export type ItemNormalizer<T> = (raw: unknown, errors: Errors, path: string) => T | null;

/**
 * Normalises each item of an array, keeping the good and reporting the bad (`path[i]…`). Items beyond `max` are
 * dropped with one error (a defence against absurd input such as a sparse array of 2^32-1). null (reported) when
 * `raw` is not an array.
 */
export function normalizeList<T>(
  raw: unknown,
  errors: Errors,
  path: string,
  item: ItemNormalizer<T>,
  code: ProtocolErrorCode,
  max = 1e5,
): T[] | null {
  if (!isArray(raw)) return fail(errors, code, path, raw);
  const length = get(raw, 'length') as number;
  const out: T[] = [];
  for (let i = 0; i < length && i < max; i++) {
    const value = item(get(raw, i), errors, `${path}[${i}]`);
    if (value) out.push(value);
  }
  if (length > max) fail(errors, code, path, length);
  return out;
}

/** A list that may be absent (an empty one), else as `normalizeList`. */
export const optionalList = <T>(
  raw: unknown,
  errors: Errors,
  path: string,
  item: ItemNormalizer<T>,
  code: ProtocolErrorCode,
  max?: number,
): T[] => (!absent(raw) && normalizeList(raw, errors, path, item, code, max)) || [];

/**
 * An object from itself or its JSON text (at most `max` characters). null when it is not JSON (`bad_json`) or
 * not an object (`code`), reported at `path`.
 */
export function objectOf(
  raw: unknown,
  errors: Errors,
  path: string,
  code: ProtocolErrorCode,
  max = 8 << 20,
): Rec | null {
  let v = raw;
  if (typeof v === 'string') {
    try {
      if (v.length > max) throw 0;
      v = JSON.parse(v);
    } catch {
      return fail(errors, 'bad_json', path, (v as string).slice(0, 200));
    }
  }
  return isRecord(v) ? v : fail(errors, code, path, v);
}
