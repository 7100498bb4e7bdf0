/**
 * Catastrophic backtracking in a site's chatlink pattern would freeze every page the bar runs on (a 29-character
 * link against `((a|a)+)$` took seconds). JavaScript's regular expressions cannot be interrupted, so patterns are
 * vetted when the bar is configured: a repeated group may contain neither another repetition (`(a+)+`) nor an
 * alternation (`(a|a)+`), and back-references are refused. Link patterns never need either.
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
  return stack.length === 1 ? null : 'unbalanced parentheses';
}
