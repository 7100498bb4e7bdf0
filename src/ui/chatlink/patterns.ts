/**
 * User-link URL patterns from the site's configuration (strings or RegExps whose first capture group is the user
 * id). Compiled once, defensively: an invalid pattern is skipped rather than breaking the page, and global/sticky
 * flags are dropped so matching has no `lastIndex` state.
 */
export type UserIdMatcher = (url: string) => string | undefined;

/** Longest URL we try patterns on (bounds the cost of a badly written pattern). */
const MAX_URL_LENGTH = 2048;

/**
 * What a user id may look like: short, no whitespace, markup or commas (ids travel as CSV in `stranger_ids`).
 */
const VALID_ID = /^[^\s,<>"'&]{1,64}$/u;

export function isValidUserId(id: string): boolean {
  return VALID_ID.test(id);
}

export function compilePatterns(patterns: ReadonlyArray<string | RegExp> | undefined): RegExp[] {
  const out: RegExp[] = [];
  for (const p of patterns ?? []) {
    try {
      if (p instanceof RegExp) out.push(new RegExp(p.source, p.flags.replace(/[gy]/g, '')));
      else if (typeof p === 'string' && p.length > 0 && p.length <= 500) out.push(new RegExp(p));
    } catch {
      // An invalid pattern from the site's configuration: ignore it, the others still work.
    }
  }
  return out;
}

/** A matcher returning the first capture group of the first pattern that matches a URL with a valid id. */
export function createUserIdMatcher(patterns: ReadonlyArray<string | RegExp> | undefined): UserIdMatcher {
  const compiled = compilePatterns(patterns);
  return (url) => {
    if (!url || url.length > MAX_URL_LENGTH) return undefined;
    for (const re of compiled) {
      const id = re.exec(url)?.[1];
      if (id !== undefined && isValidUserId(id)) return id;
    }
    return undefined;
  };
}
