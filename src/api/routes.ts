import type { ApiCall, ApiOptions } from './types';

export const DEFAULT_BASE = '/webim/';

/** Absolute (`https://…`, `//host/…`) or root-relative (`/…`): not to be prefixed with the base. */
const ABSOLUTE = /^([a-z][a-z0-9+.-]*:|\/)/i;

/**
 * The base as a prefix: a path gets its trailing slash (`/webim` → `/webim/`); a base that already ends in a
 * query (`plugin.php?id=webim&action=`) is used as is.
 */
function basePrefix(base: string): string {
  return base.endsWith('/') || base.includes('?') ? base : `${base}/`;
}

/**
 * The URL of a call: the per-call route, else the common route, else `{base}{call}`. A string route is a
 * template (`{call}` is replaced) relative to `base` unless it is absolute or root-relative; a function route's
 * result is used as it is.
 */
export function routeUrl(call: ApiCall, options: Pick<ApiOptions, 'base' | 'route' | 'routes'>): string {
  const base = basePrefix(options.base ?? DEFAULT_BASE);
  const spec = options.routes?.[call] ?? options.route;
  if (spec === undefined) return `${base}${call}`;
  if (typeof spec === 'function') return spec(call);
  const url = spec.split('{call}').join(encodeURIComponent(call));
  return ABSOLUTE.test(url) ? url : `${base}${url}`;
}

/** Appends form parameters as a query string, after any query the URL already has and before any fragment. */
export function withQuery(url: string, params: URLSearchParams): string {
  const query = params.toString();
  if (query === '') return url;
  const hashAt = url.indexOf('#');
  const path = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const separator = !path.includes('?') ? '?' : path.endsWith('?') || path.endsWith('&') ? '' : '&';
  return `${path}${separator}${query}${hash}`;
}
