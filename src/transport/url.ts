/**
 * The WebSocket URL for a connection's `websocket` field: `http(s):` becomes `ws(s):`, a relative URL is resolved
 * against `base`. Returns null for anything that is not a ws/wss/http/https URL.
 */
export function toWebSocketUrl(url: string, base?: string): string | null {
  let parsed: URL;
  try {
    parsed = base ? new URL(url, base) : new URL(url);
  } catch {
    return null;
  }
  switch (parsed.protocol) {
    case 'ws:':
    case 'wss:':
      return parsed.href;
    case 'http:':
      return 'ws:' + parsed.href.slice('http:'.length);
    case 'https:':
      return 'wss:' + parsed.href.slice('https:'.length);
    default:
      return null;
  }
}

/** Appends query parameters to a URL that may already have a query string and/or a fragment. */
export function appendQuery(url: string, params: Record<string, string>): string {
  const hash = url.indexOf('#');
  const fragment = hash >= 0 ? url.slice(hash) : '';
  const head = hash >= 0 ? url.slice(0, hash) : url;
  const query = Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  if (!query) return url;
  const separator = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return head + separator + query + fragment;
}
