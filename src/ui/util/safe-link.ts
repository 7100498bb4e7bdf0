import { linkOf } from '../../protocol/read';

/**
 * A link target we may render in `href`: http(s) with a host, or a URL relative to the page that resolves to the
 * page's own origin. Any other scheme (`javascript:`, `data:`, `vbscript:`, …) is refused, including the obfuscated
 * forms browsers still honour (`java\tscript:`, leading control characters), and so is every form a browser reads
 * as another host (`//evil.com`, `\\evil.com`, `/\evil.com`, `https:\\evil.com`, `http:evil.com`): the check reads
 * the URL the way the browser will (pages served from file: or about: judge relative links against https).
 */
export function safeLinkUrl(
  url: unknown,
  base = /^https?:/.test(document.baseURI) ? document.baseURI : 'https://x/',
): string | undefined {
  const u = typeof url === 'string' ? url.trim() : '';
  const read = linkOf(u);
  if (!read) return;
  try {
    const target = new URL(read, base);
    const absolute = /^https?:/i.test(read);
    if (/^https?:$/.test(target.protocol) && (absolute || target.origin === new URL(base).origin)) return u;
  } catch {
    // not a URL
  }
}
