/**
 * A link target we may render in `href`: http(s) absolute, protocol-relative, root-relative or relative URLs.
 * Anything whose scheme is not http(s) (`javascript:`, `data:`, `vbscript:`, …) is refused, including the
 * obfuscated forms browsers still honour (`java\tscript:`, leading control characters), because the check parses
 * the URL the way the browser will (pages served from file: or about: judge relative links against https).
 */
export function safeLinkUrl(
  url: unknown,
  base = /^https?:/.test(document.baseURI) ? document.baseURI : 'https://x/',
): string | undefined {
  const u = typeof url === 'string' ? url.trim() : '';
  try {
    if (u && /^https?:$/.test(new URL(u, base).protocol)) return u;
  } catch {
    // not a URL
  }
}
