/**
 * Catastrophic backtracking in a site's chatlink pattern would freeze every page the bar runs on (a 29-character
 * link against `((a|a)+)$` took seconds). JavaScript's regular expressions cannot be interrupted, so patterns are
 * vetted when the bar is configured: a repeated group may contain neither another repetition (`(a+)+`) nor an
 * alternation (`(a|a)+`), and back-references are refused. Link patterns never need either. Slow but polynomial
 * patterns are refused too: two unbounded repetitions in a row must be told apart by a required character that one
 * of them cannot match (`^.*\/.*\/.*uid=` took hundreds of ms on a 1,000-character link, `\d+\d*x` is as bad).
 */

/** A quantifier at `source[i]` that can repeat more than once: `*`, `+`, `{n,}`, `{n,m}` with m > 1. */
function repeatsAt(source: string, i: number): boolean {
  const c = source[i];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const bounds = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!bounds) return false;
  if (bounds[2] === undefined) return Number(bounds[1]) > 1;
  return bounds[3] === '' || Number(bounds[3]) > 1;
}

/** Any quantifier at `source[i]` (including `?` and bounded ones). */
const quantifierAt = (source: string, i: number): boolean =>
  source[i] === '?' || repeatsAt(source, i) || /^\{\d+(,\d*)?\}/.test(source.slice(i));

interface Group {
  /** A quantifier appears inside (at any depth). */
  quantified: boolean;
  /** A `|` appears inside (at any depth). */
  alternation: boolean;
}

/**
 * Why `source` (a regular expression's source) could backtrack catastrophically, or null when it cannot in the
 * ways this check knows. Conservative: a few harmless patterns are refused too, never a harmful one of the shapes
 * above.
 */
export function unsafePatternReason(source: string): string | null {
  const stack: Group[] = [{ quantified: false, alternation: false }];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      if (/[1-9k]/.test(source[i + 1] ?? '')) return 'back-references are not allowed';
      i++;
      if (quantifierAt(source, i + 1)) stack[stack.length - 1]!.quantified = true;
    } else if (c === '[') {
      // A character class is one atom: skip to its unescaped `]`.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      if (quantifierAt(source, i + 1)) stack[stack.length - 1]!.quantified = true;
    } else if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      // `(?:`, `(?=`, `(?<name>`…: that `?` is no quantifier (what follows it is read as plain characters).
      if (source[i + 1] === '?') i++;
    } else if (c === ')') {
      const group = stack.pop();
      const parent = stack[stack.length - 1];
      if (!group || !parent) return 'unbalanced parentheses';
      if (repeatsAt(source, i + 1)) {
        if (group.quantified) return 'a repeated group contains another repetition (nested quantifiers)';
        if (group.alternation) return 'a repeated group contains an alternation';
      }
      parent.quantified ||= group.quantified || quantifierAt(source, i + 1);
      parent.alternation ||= group.alternation;
    } else if (c === '|') {
      stack[stack.length - 1]!.alternation = true;
    } else if (quantifierAt(source, i + 1) && c !== '^' && c !== '$') {
      stack[stack.length - 1]!.quantified = true;
    }
  }
  if (stack.length !== 1) return 'unbalanced parentheses';
  return overlappingRepetitions(source)
    ? 'two unbounded repetitions can match the same characters (nothing required between them tells them apart)'
    : null;
}

/** A repetition of more than this many is as slow as an unbounded one. */
const MAX_BOUNDED_REPEAT = 64;

interface Quantifier {
  /** Characters it takes in the source, with a lazy `?`. */
  length: number;
  /** The fewest repetitions it allows. */
  min: number;
  unbounded: boolean;
}

/** The quantifier at `source[i]`, or one exact repetition when there is none. */
function quantifierOf(source: string, i: number): Quantifier {
  const found = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(source.slice(i));
  if (!found) return { length: 0, min: 1, unbounded: false };
  const [text, sign, min, comma, max] = found;
  if (sign) return { length: text.length, min: sign === '+' ? 1 : 0, unbounded: sign !== '?' };
  const most = comma ? (max ? Number(max) : Infinity) : Number(min);
  return { length: text.length, min: Number(min), unbounded: most > MAX_BOUNDED_REPEAT };
}

/** Whether one-character `atom` (`a`, `\d`, `[^&#]`, `.`; null for a group) can match `char`. Unsure counts as yes. */
function canMatch(atom: string | null, char: string): boolean {
  try {
    return atom === null || new RegExp(`^(?:${atom})$`, 'i').test(char);
  } catch {
    return true;
  }
}

/** The one character a literal atom (`a`, `\.`) matches; undefined for a class, `.` or `\d`-style escape. */
const literalOf = (atom: string): string | undefined =>
  atom.length === 1 && atom !== '.' ? atom : /^\\[^\w]$/.test(atom) ? atom[1] : undefined;

/**
 * Whether two unbounded repetitions follow each other with no required literal character between them that one of
 * them cannot match (`.*\/.*`, `\d+\d*`, `\s*\s*`): the engine then tries every way of sharing the characters
 * between them, polynomial in the link's length. Characters in an optional group, an alternation or a lookaround
 * are not required. Runs on a pattern the structural check has accepted (balanced groups).
 */
function overlappingRepetitions(source: string): boolean {
  interface Frame {
    /** The sequence number of the first separator found inside. */
    firstSeparator: number;
    /** A lookaround: what it matches is not consumed. */
    lookaround: boolean;
    alternation: boolean;
  }
  const frames: Frame[] = [{ firstSeparator: 0, lookaround: false, alternation: false }];
  let separators: Array<{ sequence: number; char: string }> = [];
  let sequence = 0;
  // The atom of the last unbounded repetition: undefined before the first, null for a repeated group.
  let previous: string | null | undefined;
  const dropSeparatorsSince = (first: number) => {
    separators = separators.filter((separator) => separator.sequence < first);
  };
  /** Records a new unbounded repetition; true when nothing required tells it apart from the one before. */
  const overlaps = (atom: string | null): boolean => {
    const last = previous;
    const apart = last !== undefined && separators.some(({ char }) => !(canMatch(last, char) && canMatch(atom, char)));
    previous = atom;
    separators = [];
    return last !== undefined && !apart;
  };
  for (let i = 0; i < source.length;) {
    const c = source[i]!;
    if (c === '(') {
      const opening = /^\((\?(<?[=!]|:|<[^>]*>))?/.exec(source.slice(i))![0];
      frames.push({ firstSeparator: sequence, lookaround: /[=!]$/.test(opening), alternation: false });
      i += opening.length;
      continue;
    }
    if (c === ')') {
      const frame = frames.pop()!;
      const quantifier = quantifierOf(source, i + 1);
      if (frame.lookaround || frame.alternation || quantifier.length > 0) dropSeparatorsSince(frame.firstSeparator);
      i += 1 + quantifier.length;
      if (quantifier.unbounded && overlaps(null)) return true;
      continue;
    }
    if (c === '|') {
      const frame = frames[frames.length - 1]!;
      frame.alternation = true;
      dropSeparatorsSince(frame.firstSeparator);
      i++;
      continue;
    }
    if (c === '^' || c === '$') {
      i++;
      continue;
    }
    let end = i + 1;
    if (c === '\\') end = i + 2;
    else if (c === '[') {
      end = i + 1;
      if (source[end] === '^') end++;
      if (source[end] === ']') end++;
      while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
      end++;
    }
    const atom = source.slice(i, end);
    const quantifier = quantifierOf(source, end);
    i = end + quantifier.length;
    if (quantifier.unbounded) {
      if (overlaps(atom)) return true;
    } else if (quantifier.min > 0) {
      const char = literalOf(atom);
      if (char !== undefined) separators.push({ sequence: sequence++, char });
    }
  }
  return false;
}
