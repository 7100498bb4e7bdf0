import type { ProtocolError, ProtocolErrorCode } from './errors';
import { itemsOf, MAX_LIST_ITEMS } from './read';
import { at, reject } from './values';

/** Normalises one item; pushes an error and returns null for an item that cannot be used. */
export type ItemNormalizer<T> = (raw: unknown, errors: ProtocolError[], path: string) => T | null;

/**
 * Normalises every item of an array, keeping the good ones and reporting the bad ones (`path[i]…`).
 * Beyond `max` items the rest are dropped with one error (a defence against absurd input, not a page size).
 * null (with an error) when `raw` is not an array.
 */
export function normalizeList<T>(
  raw: unknown,
  errors: ProtocolError[],
  path: string,
  item: ItemNormalizer<T>,
  code: ProtocolErrorCode,
  max = MAX_LIST_ITEMS,
): T[] | null {
  const list = itemsOf(raw, max);
  if (list === null) return reject(errors, code, 'expected an array', path, raw);
  const out: T[] = [];
  list.items.forEach((value, i) => {
    const normalized = item(value, errors, at(path, i));
    if (normalized !== null) out.push(normalized);
  });
  if (list.total > list.items.length) {
    reject(errors, code, `${list.total - list.items.length} items beyond the limit of ${max} were dropped`, path, list.total);
  }
  return out;
}
