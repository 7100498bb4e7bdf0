/**
 * Defensive readers for untrusted network input. Every function here tolerates anything: hostile getters, revoked
 * proxies, `__proto__`/`constructor` keys, cyclic objects, NaN. None of them throws; none of them walks input
 * generically (so cycles and depth cannot hurt), and only own properties are ever read (so a prototype can never
 * answer for a missing field).
 */

/** A plain key/value view of an object we have checked is an object (not an array, not null). */
export type Rec = Readonly<Record<string, unknown>>;

/** Longest id we accept: ids are user names, room names, `vid:` visitor ids. */
export const MAX_ID_LENGTH = 256;

/** True for a non-null, non-array object. */
export function isRecord(v: unknown): v is Rec {
  if (typeof v !== 'object' || v === null) return false;
  try {
    return !Array.isArray(v);
  } catch {
    return false; // a revoked proxy
  }
}

/** True for an array (false for revoked proxies). */
export function isArray(v: unknown): v is readonly unknown[] {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
}

/** Reads an own property; `undefined` when absent, inherited, or when reading it throws. */
export function field(obj: Rec, key: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  } catch {
    return undefined;
  }
}

/** The own enumerable keys of an object, or `[]` when listing them throws. */
export function keysOf(obj: Rec): string[] {
  try {
    return Object.keys(obj);
  } catch {
    return [];
  }
}

/** Most items read from any one list (a roster of 10,000 is normal; a sparse array of 2^32-1 is an attack). */
export const MAX_LIST_ITEMS = 100_000;

/**
 * Copies up to `max` items of an array; `null` when `v` is not an array. Reading an item that throws yields
 * `undefined` for that item (callers reject it like any malformed item).
 */
export function itemsOf(v: unknown, max = MAX_LIST_ITEMS): { items: unknown[]; total: number } | null {
  if (!isArray(v)) return null;
  let total: number;
  try {
    total = v.length;
  } catch {
    return null;
  }
  const n = Math.min(total, max);
  const items: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    try {
      items[i] = v[i];
    } catch {
      items[i] = undefined;
    }
  }
  return { items, total };
}

/** An id: a non-empty string (up to `MAX_ID_LENGTH`) or a finite number, as a string; otherwise null. */
export function idOf(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length > 0 && s.length <= MAX_ID_LENGTH ? s : null;
}

/**
 * Text: a string or a finite number, cut to `max` UTF-16 units (without splitting a surrogate pair);
 * undefined for anything else.
 */
export function textOf(v: unknown, max: number): string | undefined {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
  else return undefined;
  return truncate(s, max);
}

/** Cuts `s` to at most `max` UTF-16 units, never leaving half of a surrogate pair at the end. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

/** A finite number from a number or a numeric string; null otherwise. */
export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A non-negative integer count from a number or numeric string; null otherwise. */
export function countOf(v: unknown): number | null {
  const n = numberOf(v);
  return n !== null && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.floor(n) : null;
}

/**
 * A boolean flag as servers of either generation write it: `true`/`false`, `"true"`/`"false"`, `1`/`0`,
 * `"1"`/`"0"` (PHP). null for anything else.
 */
export function flagOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true') return true;
  if (v === 0 || v === '0' || v === 'false' || v === '') return false;
  return null;
}

/** Latest instant a `Date` can represent (ms). */
const MAX_DATE_MS = 8.64e15;

/**
 * A timestamp in JavaScript milliseconds from a number or numeric string. Values below 1e11 are Unix seconds
 * (1e11 ms is 1973; 1e11 s is the year 5138), so they are multiplied by 1000. Rounded to whole milliseconds
 * (PHP's `microtime(true)*1000` has fractions). null for non-positive, non-finite or out-of-range values.
 */
export function timestampOf(v: unknown): number | null {
  const n = numberOf(v);
  if (n === null || n <= 0) return null;
  const ms = Math.round(n < 1e11 ? n * 1000 : n);
  return ms > 0 && ms <= MAX_DATE_MS ? ms : null;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * A link or image URL safe to hand on: relative, protocol-relative, `http:`/`https:`, and (for images only)
 * `data:image/…`. Anything with another scheme (`javascript:`, `vbscript:`, `file:`…) is dropped. Browsers ignore
 * tabs, newlines and leading control characters in URLs, so those are removed before the scheme is checked.
 */
export function urlOf(v: unknown, options: { image?: boolean; max?: number } = {}): string | undefined {
  if (typeof v !== 'string') return undefined;
  // What a browser's URL parser does first: drop every tab/newline, trim C0 controls and spaces at both ends.
  // eslint-disable-next-line no-control-regex
  const u = v.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (u.length === 0 || u.length > (options.max ?? 2048)) return undefined;
  const scheme = SCHEME.exec(u)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'http' || scheme === 'https') return u;
  if (options.image && scheme === 'data' && /^data:image\/(png|gif|jpe?g|webp)[;,]/i.test(u)) return u;
  return undefined;
}

/**
 * A dictionary keyed by server-chosen strings (user ids). It has no prototype, so an id such as `__proto__`,
 * `constructor` or `toString` is stored and looked up as plain data.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
