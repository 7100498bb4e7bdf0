/**
 * The allow-list for sender-chosen message CSS (`Message.style`, attacker-controlled).
 *
 * Only a few typographic properties survive, each value must fully match a strict pattern, and the result is a
 * Preact style object (never a style string), so nothing the sender writes can reach a CSS parser unchecked.
 */

/** Text that makes the whole declaration list suspect: escapes and comments can hide anything from a splitter. */
const POISON = /url\s*\(|expression|@import|\\|\/\*|\*\/|behavior|-moz-binding|javascript:|[<>{}]/i;

const NAMED_COLORS = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood ' +
    'cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod ' +
    'darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon ' +
    'darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray ' +
    'dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green ' +
    'greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon ' +
    'lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon ' +
    'lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta ' +
    'maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen ' +
    'mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive ' +
    'olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru ' +
    'pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell ' +
    'sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise ' +
    'violet wheat white whitesmoke yellow yellowgreen'
  ).split(' '),
);

const NUM = '[+-]?(?:\\d{1,3}(?:\\.\\d{1,4})?|\\.\\d{1,4})';
const PCT = `${NUM}%`;
const NUM_OR_PCT = `${NUM}%?`;
const ALPHA = `(?:\\s*[,/]\\s*${NUM_OR_PCT})?`;
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = new RegExp(`^rgba?\\(\\s*${NUM_OR_PCT}(?:\\s*,\\s*|\\s+)${NUM_OR_PCT}(?:\\s*,\\s*|\\s+)${NUM_OR_PCT}${ALPHA}\\s*\\)$`, 'i');
const HSL = new RegExp(`^hsla?\\(\\s*${NUM}(?:deg)?(?:\\s*,\\s*|\\s+)${PCT}(?:\\s*,\\s*|\\s+)${PCT}${ALPHA}\\s*\\)$`, 'i');

const FONT_WEIGHT = /^(?:normal|bold|bolder|lighter|[1-9]00)$/i;
const FONT_STYLE = /^(?:normal|italic|oblique)$/i;
const TEXT_DECORATION = /^(?:none|(?:underline|line-through)(?:\s+(?:underline|line-through))?)$/i;
const FONT_SIZE = /^(\d{1,3}(?:\.\d{1,3})?|\.\d{1,3})(px|pt|em|rem|%)$/i;

/** Keyword sizes in px (CSS absolute-size table at a 16 px medium). */
const FONT_SIZE_KEYWORDS: Record<string, number> = {
  'xx-small': 9,
  'x-small': 10,
  small: 13,
  medium: 16,
  large: 18,
  'x-large': 24,
  'xx-large': 32,
};

/** Bounds for font sizes so a sender can neither hide text nor flood the window. */
export const MIN_FONT_PX = 10;
export const MAX_FONT_PX = 24;

function color(value: string): string | undefined {
  const v = value.toLowerCase();
  if (NAMED_COLORS.has(v) || v === 'transparent') return v;
  if (HEX.test(v) || RGB.test(v) || HSL.test(v)) return v;
  return undefined;
}

function fontSize(value: string): string | undefined {
  const v = value.toLowerCase();
  let px = FONT_SIZE_KEYWORDS[v];
  if (px === undefined) {
    const m = FONT_SIZE.exec(v);
    if (!m) return undefined;
    const n = Number(m[1]);
    const unit = m[2]!;
    px = unit === 'px' ? n : unit === 'pt' ? (n * 4) / 3 : unit === '%' ? (n * 16) / 100 : n * 16;
  }
  const clamped = Math.min(MAX_FONT_PX, Math.max(MIN_FONT_PX, px));
  return `${Math.round(clamped * 100) / 100}px`;
}

function keyword(pattern: RegExp) {
  return (value: string) => (pattern.test(value) ? value.toLowerCase().replace(/\s+/g, ' ') : undefined);
}

/** CSS property → [Preact style key, value check returning the normalised value or undefined]. */
const ALLOWED: Record<string, [string, (value: string) => string | undefined]> = {
  color: ['color', color],
  'font-weight': ['fontWeight', keyword(FONT_WEIGHT)],
  'font-style': ['fontStyle', keyword(FONT_STYLE)],
  'font-size': ['fontSize', fontSize],
  'text-decoration': ['textDecoration', keyword(TEXT_DECORATION)],
};

/**
 * Turns a sender's CSS declaration list into a safe Preact style object.
 *
 * Keeps only `color`, `font-weight`, `font-style`, `font-size` (clamped to 10–24 px) and `text-decoration`
 * (underline / line-through / none), each with a value that fully matches a strict pattern. A list containing
 * `url(`, `expression`, `@import`, a backslash escape, a comment, `behavior`, `-moz-binding` or `javascript:` is
 * dropped entirely; any other declaration that is not allowed or does not parse is dropped on its own.
 */
export function sanitizeStyle(css: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof css !== 'string' || css.length > 500 || POISON.test(css)) return out;
  for (const declaration of css.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim().toLowerCase();
    const rule = Object.prototype.hasOwnProperty.call(ALLOWED, name) ? ALLOWED[name] : undefined;
    if (!rule) continue;
    const value = rule[1](declaration.slice(colon + 1).trim());
    if (value !== undefined) out[rule[0]] = value;
  }
  return out;
}
