/**
 * The original client's markup for pictures and files in a message: `![alt](https://…)` and `[name](https://…)`.
 * Parsed as data (nothing here makes HTML): an http(s) URL with a host is the only target ever accepted; anything
 * else (`javascript:`, `data:`, relative URLs, malformed brackets) stays plain text.
 */

export interface ImagePart {
  kind: 'image';
  alt: string;
  href: string;
  host: string;
}

export interface FilePart {
  kind: 'file';
  /** The sender's label: it may name another site than the link's (`[https://bank.example/x.pdf](https://evil…)`). */
  name: string;
  href: string;
  /** Where the link really goes, shown beside the label. */
  host: string;
}

/** `![alt](url)` or `[name](url)`; the label has no brackets or line breaks, the URL no spaces or parentheses. */
const MARKUP = /(!?)\[([^\[\]\n]{0,200})\]\(([^()\s]{1,2048})\)/g;

/** The URL as the browser would use it, when it is absolute http(s) with a host; otherwise undefined. */
export function httpUrl(raw: string): URL | undefined {
  // Only a literal http(s) scheme: no whitespace or control tricks (`java\tscript:`), no protocol-relative URLs.
  if (!/^https?:\/\/[^\s]/i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    return /^https?:$/.test(url.protocol) && url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts a body into text and image/file parts, in order; rejected markup stays text. */
export function parseAttachments(body: string): Array<string | ImagePart | FilePart> {
  const out: Array<string | ImagePart | FilePart> = [];
  let done = 0;
  for (const m of body.matchAll(MARKUP)) {
    const [whole, bang, label, target] = m as unknown as [string, string, string, string];
    const url = httpUrl(target);
    if (!url) continue;
    if (m.index! > done) out.push(body.slice(done, m.index));
    out.push(
      bang
        ? { kind: 'image', alt: label.trim(), href: url.href, host: url.host }
        : {
            kind: 'file',
            name: label.trim() || url.pathname.split('/').pop() || url.host,
            href: url.href,
            host: url.host,
          },
    );
    done = m.index! + whole.length;
  }
  if (done < body.length) out.push(body.slice(done));
  return out;
}
