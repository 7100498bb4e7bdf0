import { del, get, type UseStore } from 'idb-keyval';
import { boundState, DEFAULT_LIMITS, pendingOutbox, rosterFits, type SnapshotLimits } from './bounds';
import { createIdbStore, putNow, StorageUnavailable } from './idb';
import { isNewerSchema, migrate, SCHEMA_VERSION } from './migrate';
import type { Persistence, Snapshot } from './types';
import { createSessionMirror, pageSessionStorage } from './session-mirror';
import { readSnapshot } from './validate-state';
import { attempt, object } from './validate-values';
import { createWriteScheduler, type SchedulerEnv } from './write-scheduler';

/** Browser facilities `createPersistence` uses; each defaults to the page's own. */
export interface PersistenceEnv extends Partial<SchedulerEnv> {
  /** Pass `null` (or `undefined` explicitly) to run from memory only. */
  indexedDB?: IDBFactory | null;
  /** Where `flush` also copies the snapshot, synchronously (see `session-mirror.ts`); `null` for none. */
  sessionStorage?: Storage | null;
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
  /** Diagnostics: a snapshot that could not be built or stored. Never called for a missing IndexedDB. */
  onError?: (error: unknown) => void;
}

/** Object store holding one record per `[domain, uid]`. */
export const STORE_NAME = 'snapshots';

/** What is stored: the snapshot plus the domain it belongs to (checked on load, like the uid). */
type StoredRecord = Snapshot & { domain: string };

/**
 * Snapshot storage for one site domain: IndexedDB through idb-keyval (database `webim`, store `snapshots`, key
 * `[domain, uid]`), falling back silently to memory when IndexedDB is missing or failing. See `docs/tabs.md`.
 */
export function createPersistence(options: PersistenceOptions): Persistence {
  const { domain } = options;
  const env = defaultEnv(options.env);
  const limits: SnapshotLimits = {
    ...DEFAULT_LIMITS,
    ...(options.maxConversations !== undefined ? { maxConversations: options.maxConversations } : {}),
    ...(options.maxMessages !== undefined ? { maxMessages: options.maxMessages } : {}),
    ...(options.maxRoster !== undefined ? { maxRoster: options.maxRoster } : {}),
  };
  const report = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // a failing diagnostics hook must not break persistence
    }
  };

  let idb: UseStore | null = env.indexedDB
    ? createIdbStore({
        factory: env.indexedDB,
        dbName: options.dbName ?? 'webim',
        storeName: STORE_NAME,
        openTimeoutMs: options.openTimeoutMs ?? 3000,
        setTimeout: env.setTimeout,
        clearTimeout: env.clearTimeout,
      })
    : null;
  let durable = false;
  const mirror = createSessionMirror(env.sessionStorage, domain);
  /** This page's latest snapshot per uid: the whole truth in memory mode, a cache otherwise. */
  const memory = new Map<string, Snapshot>();
  let pending: (() => Snapshot) | null = null;
  /** Settles when every write started so far has (`clear` waits for it). */
  let queue: Promise<void> = Promise.resolve();

  const keyOf = (uid: string): IDBValidKey => [domain, uid];

  /** A storage failure: a broken database means memory for the rest of the page; a failed write may pass later. */
  const storageFailed = (error: unknown) => {
    durable = false;
    if (error instanceof StorageUnavailable) idb = null;
  };

  const prepare = (snapshot: Snapshot): Snapshot => {
    const uid = snapshot.uid;
    return readSnapshot({
      version: SCHEMA_VERSION,
      uid,
      savedAt: snapshot.savedAt,
      state: boundState(snapshot.state, limits),
      outbox: pendingOutbox(snapshot.outbox, uid, limits.maxMessages),
      // A session is only worth resuming with the whole roster at hand (resuming skips `online`).
      session: rosterFits(snapshot.state, limits) ? snapshot.session : null,
    });
  };

  /** The stored value if it is this domain's and this user's, in the current schema; else null. */
  const decode = (raw: unknown, uid: string): Snapshot | null =>
    attempt(() => {
      if (object(raw).domain !== domain) return null;
      const snapshot = migrate(raw);
      if (!snapshot || snapshot.uid !== uid) return null;
      if (snapshot.state.user && snapshot.state.user.id !== uid) return null;
      if (snapshot.session && snapshot.session.me !== uid) return null;
      return prepare(snapshot);
    });

  const readDisk = async (uid: string): Promise<Snapshot | null> => {
    const store = idb;
    if (!store) return null;
    let raw: unknown;
    try {
      raw = await get<unknown>(keyOf(uid), store);
      durable = true;
    } catch (error) {
      storageFailed(error);
      return null;
    }
    if (raw === undefined) return null;
    const snapshot = decode(raw, uid);
    // Reset cleanly: drop what we can't use, unless a newer SDK (another tab, mid-deploy) wrote it.
    if (!snapshot && !isNewerSchema(raw)) await del(keyOf(uid), store).catch(storageFailed);
    return snapshot;
  };

  const write = async (factory: () => Snapshot): Promise<void> => {
    let snapshot: Snapshot;
    try {
      snapshot = prepare(factory());
    } catch (error) {
      report(error);
      return;
    }
    memory.set(snapshot.uid, snapshot);
    const store = idb;
    if (!store) return;
    const record: StoredRecord = { ...snapshot, domain };
    try {
      await putNow(keyOf(snapshot.uid), record, store);
      durable = true;
    } catch (error) {
      storageFailed(error);
      report(error);
      // An older record left behind would come back on the next page (with an outbox already sent): drop it.
      if (idb) await del(keyOf(snapshot.uid), idb).catch(storageFailed);
    }
  };

  const writePending = (): Promise<void> => {
    const factory = pending;
    pending = null;
    if (factory) {
      // Start now rather than after the previous write settles: IndexedDB runs readwrite transactions on one store
      // in the order they were created, and during pagehide only what starts in this task reaches the disk.
      const writing = write(factory);
      queue = Promise.all([queue, writing]).then(() => undefined);
    }
    return queue;
  };

  const scheduler = createWriteScheduler(
    () => void writePending(),
    env,
    options.debounceMs ?? 400,
    options.maxWaitMs ?? 2000,
  );

  return {
    get durable() {
      return durable;
    },
    async load(uid) {
      try {
        const mirrored = mirror.take(uid);
        const fromDisk = await readDisk(uid);
        const cached = memory.get(uid);
        const fromMemory = cached ? attempt(() => readSnapshot(cached)) : null;
        // The last page's pagehide copy: newer than the disk when its IndexedDB write died with the page.
        const fromMirror = mirrored === undefined ? null : decode(mirrored, uid);
        let newest: Snapshot | null = null;
        for (const candidate of [fromDisk, fromMemory, fromMirror]) {
          if (candidate && (!newest || candidate.savedAt > newest.savedAt)) newest = candidate;
        }
        return newest;
      } catch (error) {
        report(error);
        return null;
      }
    },
    save(snapshot) {
      pending = snapshot;
      scheduler.request();
    },
    flush() {
      scheduler.cancel();
      const written = writePending();
      // The page may be unloading: keep a synchronous copy of what was just written (or is still being written).
      for (const [uid, snapshot] of memory) mirror.put(uid, { ...snapshot, domain });
      return written;
    },
    async clear(uid) {
      if (pending) {
        // Keep a scheduled write of someone else; drop this user's so it cannot bring the data back.
        const built = attempt(pending);
        pending = built && built.uid !== uid ? () => built : null;
        if (!pending) scheduler.cancel();
      }
      memory.delete(uid);
      mirror.remove(uid);
      await queue;
      const store = idb;
      if (store) await del(keyOf(uid), store).catch(storageFailed);
    },
  };
}

function defaultEnv(env: PersistenceEnv = {}): Required<Omit<PersistenceEnv, 'requestIdleCallback' | 'cancelIdleCallback'>> &
  Pick<SchedulerEnv, 'requestIdleCallback' | 'cancelIdleCallback'> {
  const g = globalThis as typeof globalThis & Partial<Pick<Window, 'requestIdleCallback' | 'cancelIdleCallback'>>;
  const ric = 'requestIdleCallback' in env ? env.requestIdleCallback : g.requestIdleCallback?.bind(g);
  const cic = 'cancelIdleCallback' in env ? env.cancelIdleCallback : g.cancelIdleCallback?.bind(g);
  return {
    indexedDB: 'indexedDB' in env ? (env.indexedDB ?? null) : pageIndexedDB(),
    sessionStorage: 'sessionStorage' in env ? (env.sessionStorage ?? null) : pageSessionStorage(),
    setTimeout: env.setTimeout ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimeout: env.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    now: env.now ?? (() => Date.now()),
    ...(ric ? { requestIdleCallback: ric as SchedulerEnv['requestIdleCallback'] } : {}),
    ...(cic ? { cancelIdleCallback: cic as SchedulerEnv['cancelIdleCallback'] } : {}),
  };
}

/** The page's IndexedDB, or null; merely touching it throws in some sandboxed/private contexts. */
function pageIndexedDB(): IDBFactory | null {
  try {
    return typeof indexedDB === 'undefined' ? null : indexedDB;
  } catch {
    return null;
  }
}
