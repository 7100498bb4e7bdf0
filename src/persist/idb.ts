import { promisifyRequest, type UseStore } from 'idb-keyval';

/** Thrown when the database cannot be opened (missing, blocked, refused, timed out). */
export class StorageUnavailable extends Error {
  override readonly name = 'StorageUnavailable';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

export interface IdbStoreOptions {
  factory: IDBFactory;
  dbName: string;
  storeName: string;
  /** Give up opening after this long (a blocked upgrade can otherwise wait forever). */
  openTimeoutMs: number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * idb-keyval's `createStore`, on an injected `IDBFactory` (tests, other realms) and hardened for the cases it
 * leaves to the caller: a database that exists without our object store (another script, an older layout) is
 * upgraded instead of failing every transaction; an open that never settles (blocked upgrade) times out; and a
 * connection another tab wants to upgrade is closed at once (then reopened on the next use) so we never block it.
 */
export function createIdbStore(options: IdbStoreOptions): UseStore {
  let dbp: Promise<IDBDatabase> | undefined;
  const getDB = () => {
    if (!dbp) {
      const opening = withTimeout(openWithStore(options), options);
      dbp = opening;
      opening.then(
        (db) => {
          const forget = () => {
            if (dbp === opening) dbp = undefined;
          };
          db.onclose = forget;
          db.onversionchange = () => {
            db.close();
            forget();
          };
        },
        () => {
          if (dbp === opening) dbp = undefined;
        },
      );
    }
    return dbp;
  };
  return (txMode, callback) =>
    getDB().then((db) => callback(db.transaction(options.storeName, txMode).objectStore(options.storeName)));
}

async function openWithStore(options: IdbStoreOptions): Promise<IDBDatabase> {
  const db = await open(options, undefined);
  if (db.objectStoreNames.contains(options.storeName)) return db;
  const version = db.version + 1;
  db.close();
  return open(options, version);
}

function open({ factory, dbName, storeName }: IdbStoreOptions, version: number | undefined): Promise<IDBDatabase> {
  let request: IDBOpenDBRequest;
  try {
    request = version === undefined ? factory.open(dbName) : factory.open(dbName, version);
  } catch (error) {
    return Promise.reject(new StorageUnavailable('indexedDB.open threw', error));
  }
  request.onupgradeneeded = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName);
  };
  return promisifyRequest(request);
}

function withTimeout(promise: Promise<IDBDatabase>, options: IdbStoreOptions): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = options.setTimeout(() => {
      timedOut = true;
      reject(new StorageUnavailable('indexedDB.open timed out (blocked?)'));
    }, options.openTimeoutMs);
    promise.then(
      (db) => {
        options.clearTimeout(timer);
        // A late success after we gave up: close it so it does not block other tabs' upgrades.
        if (timedOut) db.close();
        else resolve(db);
      },
      (error: unknown) => {
        options.clearTimeout(timer);
        reject(error instanceof StorageUnavailable ? error : new StorageUnavailable('indexedDB.open failed', error));
      },
    );
  });
}

/**
 * idb-keyval's `set`, but the transaction is committed at once instead of auto-committing after its request
 * succeeds: a write started in `pagehide` (a reload, a click to the next forum page) must be on its way before the
 * document is torn down, or Chromium aborts the transaction with it and the next page restores stale state.
 */
export function putNow(key: IDBValidKey, value: unknown, store: UseStore): Promise<void> {
  return store('readwrite', (objectStore) => {
    objectStore.put(value, key);
    objectStore.transaction.commit?.();
    return promisifyRequest(objectStore.transaction).then(() => undefined);
  });
}
