import type { MockRequest, MockResponse } from './types';

/** Thrown by request handling to answer with an error status; the message becomes the reply's error text. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NO_STORE = { 'cache-control': 'no-store' };

export function json(status: number, value: unknown, cookies?: string[]): MockResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE },
    body: JSON.stringify(value),
    ...(cookies ? { cookies } : {}),
  };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): MockResponse {
  return { status, headers: { 'content-type': contentType, ...NO_STORE }, body };
}

/** Request parameters: the query merged with the body (body wins), every value a string. */
export class Params {
  constructor(private readonly map: Map<string, string>) {}

  get(name: string): string | undefined {
    return this.map.get(name);
  }

  str(name: string, fallback = ''): string {
    return this.map.get(name) ?? fallback;
  }

  /** A comma-separated list, trimmed, without blanks or duplicates. */
  csv(name: string): string[] {
    const raw = this.map.get(name);
    if (!raw) return [];
    return [
      ...new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
  }

  /** An integer, or `fallback` when absent or not a number. */
  int(name: string, fallback: number): number {
    const raw = this.map.get(name);
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    return Number.isFinite(n) ? Math.trunc(n) : fallback;
  }

  /** Requires a non-empty value (400 otherwise). */
  need(name: string): string {
    const value = this.map.get(name);
    if (value === undefined || value === '') throw new HttpError(400, `missing ${name}`);
    return value;
  }
}

function decodeStrict(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new HttpError(400, 'malformed body');
  }
}

/** Parses `a=1&b=2` strictly: bad percent-escapes are a 400, not silently kept. */
export function parseForm(body: string, into = new Map<string, string>()): Map<string, string> {
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeStrict(eq < 0 ? pair : pair.slice(0, eq));
    into.set(key, decodeStrict(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return into;
}

/** Deepest nesting any request's JSON may have: far past what the protocol needs, far short of the stack. */
export const MAX_JSON_DEPTH = 32;

/** How deep `text`'s arrays and objects nest (brackets inside strings do not count); stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

/**
 * `JSON.parse` for request input: nesting past `MAX_JSON_DEPTH` is a 400 before parsing (a deep value would
 * otherwise overflow the stack when it is serialised again, a 500), and so is anything that does not parse.
 */
export function parseJsonInput(text: string, what = 'malformed body'): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new HttpError(400, `${what}: nested too deep`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, what);
  }
}

function parseJsonObject(body: string, into: Map<string, string>): void {
  const value = parseJsonInput(body);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'malformed body');
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    // Nested values (e.g. `data` for `setting`) travel on as JSON text, as they would in a form field.
    into.set(key, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
}

/** Text fields of a `multipart/form-data` body (what `sendBeacon(url, formData)` sends). */
function parseMultipart(body: string, contentType: string, into: Map<string, string>): void {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new HttpError(400, 'malformed body');
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  for (const chunk of body.split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) throw new HttpError(400, 'malformed body');
    const name = /name="([^"]*)"/i.exec(chunk.slice(0, split));
    if (!name) continue;
    into.set(name[1], chunk.slice(split + 4).replace(/\r\n$/, ''));
  }
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The request's parameters: query string, then the body by content type (form, JSON, multipart, or a
 * `text/plain` beacon carrying a form or JSON). Oversized or malformed bodies are a 400.
 */
export function readParams(req: MockRequest, limit: number): Params {
  if (req.bodyTooLarge || byteLength(req.body) > limit) throw new HttpError(400, 'request body too large');
  const map = new Map<string, string>();
  for (const [key, value] of req.query) map.set(key, value);
  const body = req.body;
  if (body.trim() === '') return new Params(map);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) parseJsonObject(body, map);
  else if (type.includes('multipart/form-data')) parseMultipart(body, req.headers['content-type'] ?? '', map);
  else if (type.includes('text/plain') && body.trimStart().startsWith('{')) parseJsonObject(body, map);
  else parseForm(body.trim(), map);
  return new Params(map);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** `Authorization: Basic …` as user and password, or null. */
export function basicAuth(header: string | undefined): { user: string; pass: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

export function basicAuthHeader(user: string, pass: string): string {
  const bytes = new TextEncoder().encode(`${user}:${pass}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** Splits a path into decoded segments (`/v5/rooms/a%20b/join` → ['v5','rooms','a b','join']); null if malformed. */
export function pathSegments(path: string): string[] | null {
  try {
    return path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Loopback peers: 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
