import { batch, Signal, signal } from '@preact/signals';
import type { Store } from '../store/types';
import { STATE } from './schema';
import type { Snapshot, StoreState } from './types';

/** Every `StoreState` field is the store signal of the same name (`name?` in the schema: may be absent). */
const FIELDS = Object.keys(STATE).map((key) => key.replace('?', '')) as Array<keyof StoreState>;
type Fields = Record<string, Signal<any>>;

/**
 * Reads every persisted/synced signal of `store` into plain data (structured-clone and JSON safe): maps of one
 * signal per entity become their values, other maps their entries, arrays and objects shallow copies.
 *
 * Reads with `.value`, so inside an `effect` it tracks everything it reads (an autosave effect re-runs on any
 * change); wrap it in `untracked` where that is not wanted. Not captured: `connection`, `typing`, `leader` and
 * the per-tab conversation fields (`notices`, `loading`, `error`), which describe this tab, not the user's data.
 */
export function captureState(store: Store): StoreState {
  const copy = (v: any): any =>
    v instanceof Map
      ? [...v].map(([key, item]) => (item instanceof Signal ? item.value : [key, copy(item)]))
      : Array.isArray(v)
        ? [...v]
        : v && typeof v === 'object'
          ? { ...v }
          : v;
  const state = Object.fromEntries(FIELDS.map((field) => [field, copy((store as unknown as Fields)[field]!.value)]));
  state.conversations = state.conversations.map(
    ({ key, messages, hasMore, loaded }: StoreState['conversations'][number]) => ({
      key,
      messages: [...messages],
      hasMore,
      loaded,
    }),
  );
  return state as StoreState;
}

/** Options for `applyState`. */
export interface ApplyOptions {
  /**
   * Keep this tab's drafts instead of taking the state's. Drafts do not sync between tabs (two tabs never fight
   * over a composer), so a follower applying the leader's state should pass `true`.
   */
  keepDrafts?: boolean;
}

/**
 * `next`, reusing `old` and each part of it that is equal (deeply) to its counterpart in `next`: writing the
 * result to a signal wakes nobody when nothing changed, and unchanged messages, lists and records keep their
 * identity (no re-render, no flicker).
 */
function reuse<T>(old: T, next: T): T {
  const a = old as any;
  const b = next as any;
  if (a === b || !a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b))
    return next;
  const out: any = Array.isArray(b) ? [] : {};
  let same = Object.keys(a).length === Object.keys(b).length;
  for (const key in b) same = (out[key] = reuse(a[key], b[key])) === a[key] && key in a && same;
  return same ? old : out;
}

/**
 * Replaces the store's data with `state` in one `batch` (components see one consistent change, never a half-applied
 * state). Collections get one signal per buddy/room/conversation, as `createStore` expects; an entity whose signal
 * already exists keeps that signal and is only written when its value actually differs, so a tab re-applying a
 * state it mostly has re-renders only what changed (no flicker). Per-tab fields (`connection`, `typing`, `leader`,
 * a conversation's `notices`/`loading`/`error`) are left as they are.
 */
export function applyState(store: Store, state: StoreState, { keepDrafts }: ApplyOptions = {}): void {
  batch(() => {
    for (const field of FIELDS) {
      if (field === 'drafts' && keepDrafts) continue;
      const target = (store as unknown as Fields)[field]!;
      const old = target.peek();
      const next: any = state[field];
      // A field added after the snapshot was written: this tab keeps what it has.
      if (next === undefined) continue;
      if (!(old instanceof Map)) {
        target.value = reuse(old, next);
      } else if (Array.isArray(next[0]) || !next.length) {
        // A plain map, stored as entries (or an empty map of either kind): replaced only when they differ.
        const entries = [...old];
        if (reuse(entries, next) !== entries) target.value = new Map(next);
      } else {
        // One signal per entity: reused when it exists (written only when the value differs), else created.
        target.value = new Map(
          next.map((item: any) => {
            const key = item.id ?? item.key;
            const existing: Signal<any> | undefined = old.get(key);
            // A conversation keeps this tab's own fields (notices, loading, error).
            const value =
              field === 'conversations' ? { notices: [], loading: false, ...existing?.peek(), ...item } : item;
            if (existing) existing.value = reuse(existing.peek(), value);
            return [key, existing ?? signal(value)];
          }),
        );
      }
    }
  });
}

/** `applyState` of a snapshot's state (restore at boot, before any network call). */
export function applySnapshot(store: Store, snapshot: Snapshot, options?: ApplyOptions): void {
  applyState(store, snapshot.state, options);
}
