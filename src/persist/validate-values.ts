import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, MessageStatus, MessageType, PresenceState, Show } from '../protocol/types';

/**
 * Building blocks for reading untrusted stored or broadcast data. Each reader either returns a fresh, plain copy
 * holding only the fields it knows, or throws `Invalid`; the caller catches once at the top (which also covers
 * getters that throw and proxies that misbehave) and treats the whole value as absent.
 */
export class Invalid extends Error {
  override readonly name = 'Invalid';
}

export type Reader<T> = (value: unknown) => T;

export type Fields = Readonly<Record<string, unknown>>;

export function fail(what: string): never {
  throw new Invalid(what);
}

/** A plain object (not an array, not null). */
export function object(value: unknown, what = 'object'): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(what);
  return value as Fields;
}

export function string(value: unknown, what = 'string'): string {
  if (typeof value !== 'string') fail(what);
  return value;
}

export function nonEmptyString(value: unknown, what = 'id'): string {
  if (typeof value !== 'string' || value === '') fail(what);
  return value;
}

export function finite(value: unknown, what = 'number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(what);
  return value;
}

export function count(value: unknown, what = 'count'): number {
  const n = finite(value, what);
  if (n < 0 || !Number.isInteger(n)) fail(what);
  return n;
}

export function boolean(value: unknown, what = 'boolean'): boolean {
  if (typeof value !== 'boolean') fail(what);
  return value;
}

/** `undefined` stays absent; anything else must pass `read`. */
export function optional<T>(value: unknown, read: Reader<T>): T | undefined {
  return value === undefined ? undefined : read(value);
}

export function nullable<T>(value: unknown, read: Reader<T>): T | null {
  return value === null ? null : read(value);
}

export function array<T>(value: unknown, read: Reader<T>, max = Number.POSITIVE_INFINITY, what = 'array'): T[] {
  if (!Array.isArray(value) || value.length > max) fail(what);
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) out.push(read(value[i]));
  return out;
}

/** An array of `[key, value]` pairs (how maps travel as plain data). */
export function pairs<K, V>(value: unknown, readKey: Reader<K>, readValue: Reader<V>, max?: number): Array<[K, V]> {
  return array(
    value,
    (entry) => {
      if (!Array.isArray(entry) || entry.length !== 2) fail('pair');
      return [readKey(entry[0]), readValue(entry[1])] as [K, V];
    },
    max,
    'pairs',
  );
}

export function oneOf<T extends string>(allowed: readonly T[], what: string): Reader<T> {
  return (value) => {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(what);
    return value as T;
  };
}

export const show: Reader<Show> = oneOf<Show>(['available', 'away', 'chat', 'dnd', 'invisible', 'unavailable'], 'show');
export const presence: Reader<PresenceState> = oneOf<PresenceState>(['online', 'offline'], 'presence');
export const messageType: Reader<MessageType> = oneOf<MessageType>(['chat', 'grpchat', 'broadcast'], 'message type');
export const messageStatus: Reader<MessageStatus> = oneOf<MessageStatus>(['pending', 'sent', 'failed'], 'status');

export function conversationKey(value: unknown): ConversationKey {
  if (typeof value !== 'string' || parseConversationKey(value) === null) fail('conversation key');
  return value as ConversationKey;
}

/**
 * Copies the optional fields `names` from `from` into `to` when they are present, each read with `read`.
 * Absent fields stay absent (not `undefined`), so copies compare equal to the original.
 */
export function copyOptional<T>(to: Record<string, unknown>, from: Fields, names: readonly string[], read: Reader<T>): void {
  for (const name of names) {
    const value = optional(from[name], read);
    if (value !== undefined) to[name] = value;
  }
}

/** Runs `read` and turns any failure (invalid shape, throwing getter, anything) into `null`. */
export function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
