/**
 * A copy of the latest snapshot in `sessionStorage`, written by `flush` (pagehide). Its writes are synchronous and
 * survive the unload, whereas an IndexedDB transaction started in `pagehide` is sometimes dropped with the page
 * (Chromium), losing whatever changed since the last debounced write: the tab opened, the draft typed, just before
 * a reload. `sessionStorage` belongs to one browser tab, which is exactly the reload / same-tab page switch case.
 *
 * The copy is as untrusted as the IndexedDB record (the caller validates it) and is read once: `take` removes it,
 * so an old copy (say, with an outbox since sent) cannot come back on a later page.
 */
export interface SessionMirror {
  put(uid: string, record: unknown): void;
  /** The stored copy for `uid` (parsed JSON, unchecked), removed from storage; undefined when there is none. */
  take(uid: string): unknown;
  remove(uid: string): void;
}

/** Copies bigger than this many characters are not kept (`sessionStorage` is small and shared with the site). */
export const MIRROR_MAX_CHARS = 1_000_000;

export function createSessionMirror(storage: Storage | null, domain: string, maxChars = MIRROR_MAX_CHARS): SessionMirror {
  const keyOf = (uid: string) => `webim:snapshot:${encodeURIComponent(domain)}:${encodeURIComponent(uid)}`;
  const remove = (uid: string) => {
    try {
      storage?.removeItem(keyOf(uid));
    } catch {
      // Storage refused: nothing of ours is there to remove.
    }
  };
  return {
    put(uid, record) {
      if (!storage) return;
      try {
        const text = JSON.stringify(record);
        if (text.length > maxChars) remove(uid);
        else storage.setItem(keyOf(uid), text);
      } catch {
        // Quota, or storage disabled: IndexedDB is still on its way; drop a copy that would now be stale.
        remove(uid);
      }
    },
    take(uid) {
      if (!storage) return undefined;
      let text: string | null = null;
      try {
        text = storage.getItem(keyOf(uid));
      } catch {
        return undefined;
      }
      if (text === null) return undefined;
      remove(uid);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
    remove,
  };
}

/** The page's `sessionStorage`, or null; touching it throws in sandboxed frames and with storage disabled. */
export function pageSessionStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
