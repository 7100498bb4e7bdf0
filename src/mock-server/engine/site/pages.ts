import { escapeHtml, json, parseCookies } from '../http';
import type { MockRequest, MockResponse } from '../types';
import type { SiteUser } from './data';
import type { SiteContext } from './context';

export const UID_COOKIE = 'webim_uid';

const uidCookie = (uid: string): string => `${UID_COOKIE}=${encodeURIComponent(uid)}; Path=/; SameSite=Lax; HttpOnly`;

/** The user named by the `webim_uid` cookie, if the site knows them (a visitor counts as seen: see `createVisitor`). */
export function identify(ctx: SiteContext, req: MockRequest): SiteUser | undefined {
  const user = ctx.data.user(parseCookies(req.headers.cookie).get(UID_COOKIE));
  if (user) ctx.data.seen(user);
  return user;
}

export interface PageSession {
  /** Who the page is for, or null when nobody is logged in. */
  uid: string | null;
  /** `Set-Cookie` values to send with the page. */
  cookies: string[];
  /** Set when the page must not be served (unknown `?user=`). */
  error?: MockResponse;
}

/** Demo log-in for page requests: `?user=<id>` or `?visitor=1` set the identity cookie, else the cookie stands. */
export function pageSession(ctx: SiteContext, req: MockRequest): PageSession {
  const wanted = req.query.get('user');
  if (req.query.get('visitor')) {
    // A returning visitor keeps their identity (and with it their history).
    const current = identify(ctx, req);
    if (current?.visitor) return { uid: current.id, cookies: [uidCookie(current.id)] };
    // Never refused for numbers: past `maxVisitors` the least recently seen visitor is forgotten instead.
    const visitor = ctx.data.createVisitor(`vid:${ctx.randomHex(8)}`, ctx.opts.maxVisitors);
    if (!visitor) return { uid: null, cookies: [], error: json(500, { success: false, error_msg: 'bad visitor id' }) };
    return { uid: visitor.id, cookies: [uidCookie(visitor.id)] };
  }
  if (wanted !== null && wanted !== '') {
    const user = ctx.data.users.get(wanted);
    if (!user || user.visitor)
      return { uid: null, cookies: [], error: json(404, { success: false, error_msg: 'unknown user' }) };
    return { uid: user.id, cookies: [uidCookie(user.id)] };
  }
  return { uid: identify(ctx, req)?.id ?? null, cookies: [] };
}

/**
 * JSON that is safe where plugins print it: inside a `<script>` and inside a single-quoted attribute. `<`, `>`,
 * `&` and `'` become `\u` escapes (no `</script>`, no entity, no end of the attribute can appear), and so do
 * U+2028/U+2029, which old JavaScript parsers took for line ends.
 */
export function jsonForPage(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&'\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Fills a served page's placeholders: `{{csrf_token}}`, `{{uid}}` and `{{im_url}}` HTML-escaped, and `{{setting}}`,
 * the user's saved settings as JSON (`{}` for nobody), as the original plugins printed them for the toolbar.
 */
export function renderTemplate(ctx: SiteContext, html: string, uid: string | null): string {
  const values: Record<string, string> = {
    csrf_token: uid ? ctx.csrfToken(uid) : '',
    uid: uid ?? '',
    im_url: ctx.opts.imUrl,
  };
  return html.replace(/\{\{\s*(csrf_token|uid|im_url|setting)\s*\}\}/g, (_, name: string) =>
    name === 'setting' ? jsonForPage((uid && ctx.data.settings.get(uid)) || {}) : escapeHtml(values[name] ?? ''),
  );
}

const PALETTE = ['#e57373', '#64b5f6', '#81c784', '#ffb74d', '#ba68c8', '#4db6ac', '#f06292', '#7986cb'];

/** `/demo/avatars/<id>.svg`: generated initials, so seed avatars are real images without binary files. */
export function avatarSvg(ctx: SiteContext, file: string): MockResponse | null {
  const m = /^([A-Za-z0-9_.:-]{1,64})\.svg$/.exec(file);
  if (!m) return null;
  const id = m[1];
  const name = ctx.data.users.get(id)?.nick ?? ctx.data.rooms.get(id)?.nick ?? id;
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const initial = id === 'default' ? '?' : (name.trim()[0] ?? '?').toUpperCase();
  const fill = id === 'default' ? '#9e9e9e' : PALETTE[hash % PALETTE.length];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<circle cx="32" cy="32" r="32" fill="${fill}"/>` +
    `<text x="32" y="42" font-family="sans-serif" font-size="28" fill="#fff" text-anchor="middle">${escapeHtml(initial)}</text></svg>`;
  return {
    status: 200,
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
    body: svg,
  };
}
