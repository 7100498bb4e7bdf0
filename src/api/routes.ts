import type { ApiCall, ApiOptions } from './types';

/**
 * The URL of a call: the per-call route, else the common route, else `{base}{call}` (base `/webim/`). A string
 * route is a template (`{call}` is replaced) relative to the base unless absolute or root-relative; a function
 * route's result is used as it is. A base path gets its trailing slash (`/webim` → `/webim/`); a base that ends
 * in a query (`plugin.php?id=webim&action=`) is used as is.
 */
export function routeUrl(
  call: ApiCall,
  { base = '/webim/', route, routes }: Pick<ApiOptions, 'base' | 'route' | 'routes'>,
): string {
  const spec = routes?.[call] ?? route ?? call;
  if (typeof spec === 'function') return spec(call);
  const url = spec.split('{call}').join(call);
  return /^([a-z][\w+.-]*:|\/)/i.test(url) ? url : base + (/\/$|\?/.test(base) ? '' : '/') + url;
}

/** Appends form parameters as a query string, after any query the URL already has and before any fragment. */
export function withQuery(url: string, params: URLSearchParams): string {
  const query = '' + params;
  const i = (url + '#').indexOf('#');
  const path = url.slice(0, i);
  return query ? path + (!path.includes('?') ? '?' : /[?&]$/.test(path) ? '' : '&') + query + url.slice(i) : url;
}
