/**
 * Persistence (IndexedDB snapshots with an in-memory fallback) and tab coordination (one leader tab per browser,
 * messages between tabs). See `docs/tabs.md` for the protocol and what is stored.
 */
export type { Persistence, SessionInfo, Snapshot, StoreState, TabCoordinator, TabMessage } from './types';
export {
  createArchive,
  DEFAULT_ARCHIVE_MAX,
  type ArchiveOptions,
  type ArchivedConversation,
  type MessageArchive,
} from './archive';
export { createPersistence, STORE_NAME, type PersistenceEnv, type PersistenceOptions } from './persistence';
export { captureState, applyState, applySnapshot, type ApplyOptions } from './state';
export { boundState, DEFAULT_LIMITS, rosterFits, type SnapshotLimits } from './bounds';
export { makeSnapshot, type MakeSnapshotOptions } from './snapshot';
export { migrate, MIGRATIONS, SCHEMA_VERSION, type Migration, type MigrateOptions } from './migrate';
export {
  channelName,
  createTabCoordinator,
  lockName,
  type TabCoordinatorOptions,
  type TabEnv,
} from './tabs/coordinator';
export { readTabMessage } from './schema';
