import { IDBFactory } from 'fake-indexeddb';
import { del, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { STORE_NAME } from '../../../src/persist';

/** A fresh, empty fake IndexedDB (one per test: the browser profile). */
export function freshIndexedDB(): IDBFactory {
  return new IDBFactory();
}

/** Direct access to the stored records, as another script on the page could have (its own connection). */
export function rawRecords(factory: IDBFactory) {
  let db: Promise<IDBDatabase> | undefined;
  const store: UseStore = (mode, use) => {
    db ??= (() => {
      const request = factory.open('webim');
      request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
      return promisifyRequest(request);
    })();
    return db.then((d) => use(d.transaction(STORE_NAME, mode).objectStore(STORE_NAME)));
  };
  return {
    get: (domain: string, uid: string) => get<unknown>([domain, uid], store),
    put: (domain: string, uid: string, value: unknown) => set([domain, uid], value, store),
    delete: (domain: string, uid: string) => del([domain, uid], store),
  };
}
