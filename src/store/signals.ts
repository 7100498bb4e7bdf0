import { signal, type Signal } from '@preact/signals';
import type { Buddy, ConversationKey } from '../protocol/types';
import type { Conversation, Store } from './types';

/** A collection of entities, one signal each. */
export type Entities<T> = Signal<ReadonlyMap<string, Signal<T>>>;

/** Shallow equality of two plain objects; a key holding `undefined` counts as absent. */
export const same = (a: object, b: object): boolean => {
  for (const k in { ...a, ...b })
    if (!Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
};

/** Writes `next` unless it equals the current value (replays and no-op updates wake no subscriber). */
export const put = <T extends object>(s: Signal<T | null>, next: T): void => {
  const now = s.peek();
  if (!now || !same(now, next)) s.value = next;
};

/** Sets (or with `undefined`, deletes) one entry of a map signal; writes only on change. */
export const setIn = <K, V>(map: Signal<ReadonlyMap<K, V>>, key: K, value?: V): void => {
  const now = map.peek();
  if (value === undefined ? !now.has(key) : now.get(key) === value) return;
  const next = new Map(now);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  map.value = next;
};

/**
 * Inserts or updates entities by id. A known one keeps its signal (only that signal is written); newcomers get
 * fresh signals and the outer map is copied once however many arrive (a login's 10,000-buddy roster).
 * `elsewhere` is a second collection where a known entity may live instead (a stranger getting buddy details).
 */
export function upsert<T extends { id: string }>(
  into: Entities<T>,
  list: readonly T[],
  elsewhere?: ReadonlyMap<string, Signal<T>>,
): void {
  let next: Map<string, Signal<T>> | undefined;
  for (const v of list) {
    const known = (next ?? into.peek()).get(v.id) ?? elsewhere?.get(v.id);
    if (known) put(known, { ...known.peek(), ...v });
    else (next ??= new Map(into.peek())).set(v.id, signal(v));
  }
  if (next) into.value = next;
}

/** The buddy's or stranger's signal, whichever roster knows the person. */
export const person = (s: Store, id: string): Signal<Buddy> | undefined =>
  s.buddies.peek().get(id) ?? s.strangers.peek().get(id);

/** A person known by id only (details are fetched later with `buddies`). */
export const stranger = (id: string, online: boolean, nick?: string): Buddy => ({
  id,
  nick: nick || id,
  presence: online ? 'online' : 'offline',
  show: online ? 'available' : 'unavailable',
  incomplete: true,
  visitor: id.startsWith('vid:'),
});

/** The conversation's signal, created (never loaded, more history assumed) when missing. */
export function conversation(s: Store, key: ConversationKey): Signal<Conversation> {
  let c = s.conversations.peek().get(key);
  if (!c)
    setIn(
      s.conversations,
      key,
      (c = signal<Conversation>({ key, messages: [], notices: [], hasMore: true, loading: false, loaded: false })),
    );
  return c;
}

/** Patches a conversation (created when missing); writes only on change. */
export const patchConversation = (s: Store, key: ConversationKey, patch: Partial<Conversation>): void => {
  const c = conversation(s, key);
  put(c, { ...c.peek(), ...patch });
};
