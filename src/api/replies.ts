import { field, isArray, isRecord, keysOf } from '../protocol/read';
import type { Message } from '../protocol/types';

/**
 * A list reply. Besides a JSON array this accepts what PHP's `json_encode` makes of an array with holes
 * (`{"0": {…}, "2": {…}}`). undefined for anything else.
 */
export function listOf(body: unknown): unknown {
  if (isArray(body)) return body;
  if (!isRecord(body)) return undefined;
  const keys = keysOf(body);
  if (keys.length === 0 || !keys.every((k) => /^\d+$/.test(k))) return undefined;
  const values = keys.map((k) => field(body, k));
  return values.every(isRecord) ? values : undefined;
}

/**
 * The part of a reply that belongs to one id: `members`/`histories` answer either a list or `{id: list}`
 * (v3 asks for several ids at once). A map that lacks the id yields an empty list.
 */
export function listFor(body: unknown, id: string, wrapper: string): unknown {
  if (isArray(body)) return body;
  if (!isRecord(body)) return undefined;
  const own = field(body, id);
  if (isArray(own)) return own;
  const wrapped = field(body, wrapper);
  if (isArray(wrapped)) return wrapped;
  const list = listOf(body);
  if (list !== undefined) return list;
  // `{otherId: [...]}` only: nothing for this id.
  return keysOf(body).every((k) => isArray(field(body, k))) ? [] : undefined;
}

/**
 * Applies the history paging extension on the client too, for servers that ignore `before`/`limit`: only items
 * older than `before`, and of those the newest `limit`. Input and output are ascending.
 */
export function pageOf(messages: Message[], before?: number, limit?: number): Message[] {
  const older = before === undefined ? messages : messages.filter((m) => m.timestamp < before);
  return limit !== undefined && limit >= 0 && older.length > limit ? older.slice(older.length - limit) : older;
}
