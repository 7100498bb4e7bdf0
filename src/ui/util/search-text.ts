/**
 * Folds text for search-as-you-type: case-insensitive, accent-insensitive (é → e, Å → a), width-insensitive
 * (full-width Ｂｏｂ → bob) and whitespace-collapsed.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of `query` (already folded) occurs in one of the folded `fields`. */
export function matchesQuery(foldedQuery: string, fields: readonly string[]): boolean {
  if (!foldedQuery) return true;
  const words = foldedQuery.split(' ');
  return words.every((w) => fields.some((f) => f.includes(w)));
}
