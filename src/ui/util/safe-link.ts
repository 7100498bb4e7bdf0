/**
 * A link target we may render in `href`: http(s) absolute, protocol-relative, root-relative or relative URLs.
 * Anything whose scheme is not http(s) (`javascript:`, `data:`, `vbscript:`, …) is refused, including the
 * obfuscated forms browsers still honour (`java\tscript:`, leading control characters), because the check parses
 * the URL the way the browser will.
 */
export function safeLinkUrl(url: string | undefined | null, base = defaultBase()): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  if (!trimmed) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? trimmed : undefined;
}

function defaultBase(): string {
  const href = typeof document !== 'undefined' ? document.baseURI : undefined;
  // A page served from file: or about: would make relative links non-http; judge them against a neutral base.
  return href && /^https?:/i.test(href) ? href : 'https://localhost/';
}
