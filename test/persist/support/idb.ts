import { IDBFactory } from 'fake-indexeddb';
import { del, get, set } from 'idb-keyval';
import { createIdbStore } from '../../../src/persist/idb';
import { STORE_NAME } from '../../../src/persist';

/** A fresh, empty fake IndexedDB (one per test: the browser profile). */
export function freshIndexedDB(): IDBFactory {
  return new IDBFactory();
}

/** Direct access to the stored records, as another script on the page could have. */
export function rawRecords(factory: IDBFactory) {
  const store = createIdbStore({
    factory,
    dbName: 'webim',
    storeName: STORE_NAME,
    openTimeoutMs: 60_000,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });
  return {
    get: (domain: string, uid: string) => get<unknown>([domain, uid], store),
    put: (domain: string, uid: string, value: unknown) => set([domain, uid], value, store),
    delete: (domain: string, uid: string) => del([domain, uid], store),
  };
}
