import { signal, type Signal } from '@preact/signals';

/** Shallow equality of two plain objects (same keys, `Object.is` values). Arrays compare by reference. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as Array<keyof T>;
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/**
 * Writes `next` into an entity signal only when it differs (shallowly) from the current value, so replays and
 * no-op updates wake no subscriber. Returns whether it wrote.
 */
export function setEntity<T extends object>(entity: Signal<T>, next: T): boolean {
  if (shallowEqual(entity.peek(), next)) return false;
  entity.value = next;
  return true;
}

/**
 * Inserts or updates one entity of a collection. An existing entity keeps its signal (only that signal is
 * written); a new one gets a fresh signal and the outer map is replaced (membership changed).
 */
export function upsertEntity<T extends object>(
  collection: Signal<ReadonlyMap<string, Signal<T>>>,
  id: string,
  update: (previous: T | undefined) => T,
): Signal<T> {
  const existing = collection.peek().get(id);
  if (existing) {
    setEntity(existing, update(existing.peek()));
    return existing;
  }
  const created = signal(update(undefined));
  const next = new Map(collection.peek());
  next.set(id, created);
  collection.value = next;
  return created;
}

/** Removes an entity; returns whether it was there. */
export function removeEntity<T>(collection: Signal<ReadonlyMap<string, Signal<T>>>, id: string): boolean {
  if (!collection.peek().has(id)) return false;
  const next = new Map(collection.peek());
  next.delete(id);
  collection.value = next;
  return true;
}

/** Sets (or with `undefined`, deletes) one entry of a map signal of plain values; writes only on change. */
export function setMapEntry<K, V>(map: Signal<ReadonlyMap<K, V>>, key: K, value: V | undefined): boolean {
  const current = map.peek();
  if (value === undefined ? !current.has(key) : current.has(key) && Object.is(current.get(key), value)) return false;
  const next = new Map(current);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  map.value = next;
  return true;
}
