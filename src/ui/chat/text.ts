/**
 * Untrusted message text as data: http(s) links, the sender-style allow-list and the emoji set. Nothing here makes
 * markup; the log renders text nodes, `<a>` elements and Preact style objects from it.
 */

/** A link found in a message: the text as typed and the normalised href. */
export interface Link {
  text: string;
  href: string;
}

/**
 * A URL starts with `http://` or `https://` at the start or after a character that is not part of a
 * space-separated word (so `foohttp://x` stays text; Han and kana write no spaces, so a URL right after an
 * ideograph counts). Nothing else (`javascript:`, `data:`, `www.` without a scheme) is ever a link. It ends at
 * whitespace, quotes, angle brackets, control and formatting characters (zero-width and bidi controls could
 * disguise where a link points), CJK punctuation and text, and emoji.
 */
const URL_RE =
  /(^|[^\p{sc=Latn}\p{sc=Grek}\p{sc=Cyrl}\p{N}_+.\-/@])(https?:\/\/[^\s\p{C}"'<>`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\p{sc=Hani}\p{sc=Hira}\p{sc=Kana}\p{sc=Hang}\p{ExtPict}]+)/giu;

/** A longer URL stays text: no real link needs more, and the URL parser's work grows with it. */
const MAX_URL_LENGTH = 2048;

/** Punctuation that ends a sentence rather than a URL when it comes last. */
const TRAILING_PUNCTUATION = '.,;:!?)]}*~_';

/**
 * Where a URL candidate ends once sentence punctuation after it is left out, except a closing bracket that
 * balances one inside (Wikipedia's `Foo_(bar)`). The brackets are counted once and the count kept as the end
 * moves back, so a hostile run of 20,000 `)` costs one pass, not one pass per character.
 */
function urlEnd(candidate: string): number {
  let openRound = 0;
  let closeRound = 0;
  let openSquare = 0;
  let closeSquare = 0;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate[i];
    if (c === '(') openRound++;
    else if (c === ')') closeRound++;
    else if (c === '[') openSquare++;
    else if (c === ']') closeSquare++;
  }
  let end = candidate.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(candidate[end - 1]!)) {
    const c = candidate[end - 1];
    if (c === ')') {
      if (openRound >= closeRound) break;
      closeRound--;
    } else if (c === ']') {
      if (openSquare >= closeSquare) break;
      closeSquare--;
    }
    end--;
  }
  return end;
}

/** Cuts text into plain strings and links, in order, without empty strings. A rejected URL stays text. */
export function linkify(text: string): Array<string | Link> {
  const out: Array<string | Link> = [];
  let done = 0;
  for (const m of text.matchAll(URL_RE)) {
    const url = m[2]!.slice(0, urlEnd(m[2]!));
    let href: string | undefined;
    // The scheme is http(s) by the pattern; the URL parser rejects a missing or malformed host.
    try {
      if (url.length <= MAX_URL_LENGTH) href = new URL(url).href;
    } catch {}
    if (!href) continue;
    const start = m.index! + m[1]!.length;
    if (start > done) out.push(text.slice(done, start));
    out.push({ text: url, href });
    done = start + url.length;
  }
  if (done < text.length) out.push(text.slice(done));
  return out;
}

/** Text that makes a whole declaration list suspect: escapes and comments can hide anything from a splitter. */
const POISON = /url\s*\(|expression|@import|[\\<>{}]|\/\*|\*\/|behavior|binding|javascript:/i;

/**
 * Allowed properties (as Preact style keys) and the whole lowercase value each must match. No function but rgb()
 * and hsl() with numbers can match (so no var(), calc(), attr()); a colour name that is no colour is dropped by
 * the browser's own CSS parser when Preact sets the property.
 */
const ALLOWED: Record<string, RegExp> = {
  color: /^(#[\da-f]{3,8}|[a-z]{3,20}|(rgb|hsl)a?\([\d\s.,%/deg+-]+\))$/,
  fontWeight: /^(normal|bold|bolder|lighter|[1-9]00)$/,
  fontStyle: /^(normal|italic|oblique)$/,
  fontSize: /^(\d*\.?\d+(p[xt]|r?em|%)|(x*-)?(small|large)|medium)$/,
  textDecoration: /^(none|(underline|line-through)( underline| line-through)?)$/,
};

const SIZE_WORDS = 'xx-small x-small small medium large x-large xx-large'.split(' ');

/** A font size in px, clamped to 10–24 so a sender can neither hide text nor flood the window. */
function fontPx(value: string): string {
  const word = SIZE_WORDS.indexOf(value);
  const px =
    word < 0
      ? parseFloat(value) *
        (({ pt: 4 / 3, em: 16, rem: 16, '%': 0.16 } as Record<string, number>)[value.replace(/[\d.]/g, '')] ?? 1)
      : [9, 10, 13, 16, 18, 24, 32][word]!;
  return `${Math.round(Math.min(24, Math.max(10, px)) * 100) / 100}px`;
}

/**
 * The opacity a colour value (already matched by `ALLOWED.color`) gives its text, 0–1: `transparent` is 0,
 * `#rgba`/`#rrggbbaa` carry it in their last digits, `rgba()`/`hsla()` (or `rgb(… / a)`) as a fourth number or
 * percentage; anything else is opaque. NaN when the alpha does not parse, which counts as too faint.
 */
function colorAlpha(value: string): number {
  if (value === 'transparent') return 0;
  const hex = /^#([\da-f]{3,8})$/.exec(value)?.[1];
  if (hex)
    return hex.length === 4 ? parseInt(hex[3]!, 16) / 15 : hex.length === 8 ? parseInt(hex.slice(6), 16) / 255 : 1;
  const args =
    /\(([^)]*)\)/
      .exec(value)?.[1]
      ?.split(/[\s,/]+/)
      .filter(Boolean) ?? [];
  if (args.length < 4) return 1;
  const alpha = args[3]!;
  return args.length > 4 ? NaN : alpha.endsWith('%') ? parseFloat(alpha) / 100 : Number(alpha);
}

/** Below this opacity a sender's colour could make a message unreadable or invisible: such a colour is dropped. */
export const MIN_TEXT_ALPHA = 0.5;

/**
 * Turns a sender's CSS declaration list (attacker-controlled) into a safe Preact style object: only `color`,
 * `font-weight`, `font-style`, `font-size` (clamped) and `text-decoration` with well-formed values survive, a colour
 * only at `MIN_TEXT_ALPHA` opacity or more (no invisible messages). A list
 * containing `url(`, `expression`, `@import`, an escape, a comment, `behavior`, a binding or `javascript:` is
 * dropped entirely; any other declaration that is not allowed or does not parse is dropped on its own.
 */
export function sanitizeStyle(css?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (css && css.length <= 500 && !POISON.test(css)) {
    for (const declaration of css.split(';')) {
      const [name = '', ...rest] = declaration.split(':');
      const key = name
        .trim()
        .toLowerCase()
        .replace(/-(.)/g, (_, c: string) => c.toUpperCase());
      const value = rest.join(':').trim().toLowerCase().replace(/\s+/g, ' ');
      if (!Object.hasOwn(ALLOWED, key) || !ALLOWED[key]!.test(value)) continue;
      // `>=` is false for NaN: an alpha that does not parse is dropped too.
      if (key === 'color' && !(colorAlpha(value) >= MIN_TEXT_ALPHA)) continue;
      out[key] = key === 'fontSize' ? fontPx(value) : value;
    }
  }
  return out;
}

/** The emoji picker's set (rows of 8). Emoji travel as plain Unicode text. */
export const EMOJI =
  '😀 😄 😁 😂 😅 😆 😉 😊 😇 😍 😘 😋 😎 😏 🤔 😐 😕 😲 😴 😌 😢 😭 😱 😠 👍 👎 👌 👏 🙏 👋 💪 🎉 ❤️ 💔 🔥 ⭐ 🌹 🎁 ☕ 🍺'.split(
    ' ',
  );

/** The `:shortcode:` names older clients type for the same emoji, in the same order. */
export const SHORTCODES =
  'grinning smile grin joy sweat_smile laughing wink blush innocent heart_eyes kissing_heart yum sunglasses smirk thinking neutral_face confused astonished sleeping relieved cry sob scream angry +1 -1 ok_hand clap pray wave muscle tada heart broken_heart fire star rose gift coffee beer'.split(
    ' ',
  );

/** Replaces `:code:` shortcodes of the picker's set with their emoji; unknown codes stay as typed. */
export function expandShortcodes(text: string): string {
  return text.replace(/:([\w+-]+):/g, (whole, code: string) => EMOJI[SHORTCODES.indexOf(code)] ?? whole);
}
