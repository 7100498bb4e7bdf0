import { del, get, promisifyRequest, type UseStore } from 'idb-keyval';
import { ProtocolError } from '../protocol/errors';
import { createSaveTimer } from '../util/save-timer';
import { bounded } from './bounds';
import { isNewerSchema, migrate } from './migrate';
import { attempt, pageGlobal, reporter, userKey } from './util';
import type { Persistence, Snapshot } from './types';

/** Browser facilities `createPersistence` uses; each defaults to the page's own. */
export interface PersistenceEnv {
  /** Pass `null` (or `undefined` explicitly) to run from memory only. */
  indexedDB?: IDBFactory | null;
  /** Where `flush` also copies the snapshot, synchronously; `null` (or `undefined` explicitly) for none. */
  sessionStorage?: Storage | null;
  /** When present (even `undefined`), used instead of the page's: absent means "write when the timer fires". */
  requestIdleCallback?: ((fn: () => void, options: { timeout: number }) => unknown) | undefined;
  cancelIdleCallback?: ((handle: never) => void) | undefined;
}

export interface PersistenceOptions {
  /** The site's IM domain: records of different domains never mix. */
  domain: string;
  env?: PersistenceEnv;
  /** Quiet time before a scheduled write. Default 400 ms. */
  debounceMs?: number;
  /** Longest a scheduled write waits while changes keep coming. Default 2000 ms. */
  maxWaitMs?: number;
  /** Default 20. */
  maxConversations?: number;
  /** Default 200. */
  maxMessages?: number;
  /** Default 500 (see `SnapshotLimits.maxRoster`). */
  maxRoster?: number;
  /** Default `webim`. */
  dbName?: string;
  /** Give up on an IndexedDB open that hangs (blocked) after this long. Default 3000 ms. */
  openTimeoutMs?: number;
  /**
   * Diagnostics: a snapshot that could not be built or stored, or a stored one that failed its checks and was
   * dropped (`ProtocolError` `bad_storage`). Never called for a missing IndexedDB.
   */
  onError?: (error: unknown) => void;
}

/** Object store holding one record per `[domain, uid]`. */
export const STORE_NAME = 'snapshots';

/**
 * Snapshot storage for one site domain: IndexedDB through idb-keyval (database `webim`, store `snapshots`, key
 * `[domain, uid]`, an array so no separator can make two pairs collide), falling back silently to memory when
 * IndexedDB is missing or failing. `docs/tabs.md` tells what is stored, when, and why.
 */
export function createPersistence(options: PersistenceOptions): Persistence {
  const { domain, env = {}, debounceMs = 400, maxWaitMs = 2000, dbName = 'webim', openTimeoutMs = 3000 } = options;
  /** Null once IndexedDB is missing or its database could not be opened: memory for the rest of the page. */
  let factory = pageGlobal(env, 'indexedDB', () => indexedDB);
  const storage = pageGlobal(env, 'sessionStorage', () => sessionStorage);
  const idle = ('requestIdleCallback' in env ? env : globalThis) as PersistenceEnv;
  const report = reporter(options.onError);
  let durable = false;
  /** This page's latest snapshot per uid: the whole truth in memory mode, a cache otherwise. */
  const memory = new Map<string, Snapshot>();
  let pending: (() => Snapshot) | null = null;
  /** Settles when every write started so far has (`clear` waits for it); never rejects. */
  let queue: Promise<unknown> = Promise.resolve();

  /**
   * Opens the database, adding our object store when the database exists without it (another script's, say);
   * gives up on an open that hangs (a blocked upgrade); closes when another tab wants to upgrade, so we never
   * block one (the next use reopens).
   */
  const connect = (version?: number) =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory!.open(dbName, version);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
      setTimeout(reject, openTimeoutMs, Error('open timeout'));
      promisifyRequest(request).then((db) => {
        // A late success after we gave up (memory from then on): close it so it blocks nobody's upgrade.
        if (!factory) return db.close();
        db.onclose = db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        if (db.objectStoreNames.contains(STORE_NAME)) return resolve(db);
        db.close();
        connect(db.version + 1).then(resolve, reject);
      }, reject);
    });
  let opening: Promise<IDBDatabase> | undefined;
  const useStore: UseStore = (mode, use) =>
    (opening ??= connect().catch((error) => {
      factory = null;
      throw error;
    })).then((db) => use(db.transaction(STORE_NAME, mode).objectStore(STORE_NAME)));
  const keyOf = (uid: string) => [domain, uid];

  /** The pagehide copy in sessionStorage (see `flush`). */
  const mirrorKey = (uid: string) => 'webim:snapshot:' + userKey(domain, uid);
  const unmirror = (uid: string) => attempt(() => storage?.removeItem(mirrorKey(uid)));
  /** Takes the copy out: it is read once, so an old one (say, with an outbox since sent) cannot come back later. */
  const takeMirror = (uid: string) =>
    attempt<unknown>(() => {
      const text = storage?.getItem(mirrorKey(uid));
      unmirror(uid);
      return text && JSON.parse(text);
    });

  /**
   * A raw stored value if it is this domain's and this user's and of a schema we read (migrated); else null. A
   * value of our schema that fails the checks (someone wrote it who is not us) is reported, as a malformed packet
   * would be, and dropped whole: we only ever store clean data.
   */
  const decode = (raw: unknown, uid: string) => {
    if (raw == null) return null;
    const decoded = attempt(() => {
      const s = migrate(raw);
      return s &&
        (raw as { domain: unknown }).domain === domain &&
        s.uid === uid &&
        (s.state.user?.id ?? uid) === uid &&
        (s.session?.me ?? uid) === uid
        ? bounded(s, options)
        : null;
    });
    if (!decoded && !isNewerSchema(raw))
      report(new ProtocolError('bad_storage', 'stored snapshot failed its checks and was dropped', 'snapshot', raw));
    return decoded;
  };

  const write = (build: () => Snapshot) => {
    try {
      const snapshot = bounded(build(), options);
      const key = keyOf(snapshot.uid);
      memory.set(snapshot.uid, snapshot);
      // Committed at once, not when its request succeeds: a write started in `pagehide` (a reload, a click to the
      // next forum page) must be on its way before the document is torn down.
      return (
        factory &&
        useStore('readwrite', (store) => {
          store.put({ ...snapshot, domain }, key);
          store.transaction.commit?.();
          return promisifyRequest(store.transaction);
        })
          .then(
            () => (durable = true),
            (error) => {
              durable = false;
              report(error);
              // An older record left behind would come back on the next page (with an outbox since sent): drop it.
              if (factory) return del(key, useStore);
            },
          )
          .catch(() => undefined) // the clean-up failed too: `durable` stays false
      );
    } catch (error) {
      report(error); // the snapshot could not be built
    }
  };

  /** Starts the scheduled write now. IndexedDB runs readwrite transactions in the order they were created. */
  const writePending = () => {
    const build = pending;
    pending = null;
    if (build) queue = Promise.all([queue, write(build)]);
    return queue.then(() => undefined);
  };

  // Debounce with a ceiling, then an idle callback: a busy room still gets saved, and a save costs nothing on the
  // hot path.
  const saveTimer = createSaveTimer(() => void writePending(), {
    debounceMs,
    maxWaitMs,
    requestIdleCallback: idle.requestIdleCallback?.bind(idle),
    cancelIdleCallback: idle.cancelIdleCallback?.bind(idle),
  });

  return {
    get durable() {
      return durable;
    },
    // Never throws: every step that can is guarded.
    async load(uid, early) {
      // This tab's pagehide copy is synchronous to read: checked and handed out at once, so a reload can paint
      // from it while the disk is still being asked.
      const mirrored = takeMirror(uid);
      const fromMirror = mirrored == null ? null : decode(mirrored, uid);
      if (fromMirror && early) attempt(() => early(fromMirror));
      let raw: unknown;
      if (factory) {
        try {
          raw = await get(keyOf(uid), useStore);
          durable = true;
        } catch {
          durable = false;
        }
      }
      // The newest of the disk record, this page's own last write, and the last page's pagehide copy (newer than
      // the disk when its IndexedDB write died with the page). On a tie a copy already in hand wins: after a
      // reload the disk and the pagehide copy hold the same snapshot, and checking it twice costs milliseconds of
      // the page's first paint. Only the newest that passes its checks is decoded.
      const at = (v: unknown) => {
        const t = attempt(() => (v as { savedAt?: unknown } | null)?.savedAt);
        return typeof t === 'number' ? t : -Infinity;
      };
      const candidates: Array<[unknown, 'disk' | 'memory' | 'mirror']> = [
        [fromMirror, 'mirror'],
        [memory.get(uid), 'memory'],
        [raw, 'disk'],
      ];
      // Stable: ties keep this order.
      candidates.sort((a, b) => at(b[0]) - at(a[0]));
      for (const [value, from] of candidates) {
        if (value == null) continue;
        if (from !== 'disk') return value as Snapshot;
        const decoded = decode(value, uid);
        // Reset cleanly: drop what we can't use, unless a newer SDK (another tab, mid-deploy) wrote it.
        if (!decoded && !isNewerSchema(value)) await del(keyOf(uid), useStore).catch(() => undefined);
        if (decoded) return decoded;
      }
      return null;
    },
    save(build) {
      pending = build;
      saveTimer.changed();
    },
    flush() {
      saveTimer.cancel();
      const written = writePending();
      // Chromium sometimes drops an IndexedDB write started in pagehide: keep a synchronous copy in sessionStorage
      // (per tab: the reload / same-tab page switch case), read once by the next `load`.
      for (const [uid, snapshot] of memory) {
        try {
          const text = JSON.stringify({ ...snapshot, domain });
          text.length > 1e6 ? unmirror(uid) : storage?.setItem(mirrorKey(uid), text);
        } catch {
          unmirror(uid); // quota: a stale copy must not win over the write on its way
        }
      }
      return written;
    },
    async clear(uid) {
      // Keep a scheduled write of someone else; drop this user's so it cannot bring the data back.
      const built = pending && attempt(pending);
      pending = built && built.uid !== uid ? () => built : null;
      memory.delete(uid);
      unmirror(uid);
      await queue;
      if (factory) await del(keyOf(uid), useStore).catch(() => (durable = false));
    },
  };
}
