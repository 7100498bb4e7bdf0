/**
 * Splits untrusted message text into plain text and http(s) links. The result is data, rendered as text nodes
 * and `<a>` elements by the caller; nothing here produces markup.
 */

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Where a URL may start: `http://` or `https://` at the start of the text or after a character that is not part
 * of a space-separated word (so `foohttp://x` and `xhttps://y` stay text). Han and kana text has no spaces, so a
 * URL right after an ideograph still counts. Everything else — `javascript:`, `data:`, `vbscript:`, `www.` without
 * a scheme — is never a link.
 */
const START = /(^|[^\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}_+.\-/@])(https?:\/\/)/giu;

/**
 * Characters that end a URL: whitespace, quotes, angle brackets, control characters, the invisible formatting
 * characters (zero-width and bidi controls) that could disguise where a link points, CJK punctuation, and CJK
 * text itself (Chinese writes no space between a URL and the sentence around it).
 */
const URL_END =
  /[\s"'<>`\u0000-\u001f\u007f-\u009f\u00a0\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]|\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u;

/** Punctuation that ends a sentence rather than a URL when it is the URL's last character. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '*', '~', '_']);

/** Longest URL we turn into a link; anything longer stays text. */
const MAX_URL = 2048;

function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0) {
    const ch = url[end - 1]!;
    if (!TRAILING.has(ch)) break;
    if (ch === ')' || ch === ']') {
      // Keep a closing bracket that balances one inside the URL (e.g. Wikipedia's `Foo_(bar)`).
      const open = ch === ')' ? '(' : '[';
      const part = url.slice(0, end);
      const opens = part.split(open).length - 1;
      const closes = part.split(ch).length - 1;
      if (closes <= opens) break;
    }
    end--;
  }
  return url.slice(0, end);
}

/** The normalised href when `candidate` is a well-formed http(s) URL with a host; otherwise undefined. */
export function safeHttpUrl(candidate: string): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return undefined;
  return url.href;
}

/** Cuts `text` into text and link segments (adjacent text is merged; empty input gives no segments). */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const pushText = (s: string) => {
    if (!s) return;
    const last = segments[segments.length - 1];
    if (last && last.kind === 'text') last.text += s;
    else segments.push({ kind: 'text', text: s });
  };
  let done = 0;
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    const begin = m.index + m[1]!.length;
    let end = begin + m[2]!.length;
    while (end < text.length) {
      const ch = String.fromCodePoint(text.codePointAt(end)!);
      if (URL_END.test(ch) || /\p{Extended_Pictographic}/u.test(ch)) break;
      end += ch.length;
    }
    const raw = trimTrailing(text.slice(begin, end));
    const href = raw.length > m[2]!.length && raw.length <= MAX_URL ? safeHttpUrl(raw) : undefined;
    if (!href) {
      START.lastIndex = begin + m[2]!.length;
      continue;
    }
    pushText(text.slice(done, begin));
    segments.push({ kind: 'link', text: raw, href });
    done = begin + raw.length;
    START.lastIndex = done;
  }
  pushText(text.slice(done));
  return segments;
}
