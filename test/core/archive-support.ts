import { IDBKeyRange } from 'fake-indexeddb';
import type { HistoryParams } from '../../src/api/types';
import { createArchive } from '../../src/persist/archive';
import type { Message } from '../../src/protocol/types';
import { createFakeApi, ME } from './fakes';
import { createTestClient } from './harness';
import { createMemoryPersistence } from './tab-fakes';

/**
 * A client of this browser with an archive (on `indexedDB`, fake-indexeddb's) and a fake API whose `histories` pages
 * through `server` by `before`/`limit` like the mock does.
 */
export function createArchivedClient(server: readonly Message[], indexedDB: IDBFactory, pageSize: number) {
  const api = createFakeApi();
  api.histories.mockImplementation(async ({ before, limit = pageSize }: HistoryParams) =>
    server.filter((m) => before === undefined || m.timestamp < before).slice(-limit),
  );
  const archive = createArchive({ domain: 'forum.example', indexedDB, IDBKeyRange });
  const t = createTestClient({
    api,
    uid: ME,
    persist: true,
    persistence: createMemoryPersistence(),
    archive,
    historyPageSize: pageSize,
  });
  return { ...t, archive };
}
