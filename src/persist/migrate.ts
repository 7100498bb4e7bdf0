import { read, SNAPSHOT } from './schema';
import { attempt } from './util';
import type { Snapshot } from './types';

/** The snapshot schema this code writes. Bump it (and add a migration) whenever the stored shape changes. */
export const SCHEMA_VERSION = 1;

/** Turns a raw record of version `n` into one of version `n + 1`. May throw; the record is then dropped. */
export type Migration = (raw: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * `MIGRATIONS[n]` upgrades version `n` to `n + 1`. Version 1 is the first schema, so the table is empty; a gap in
 * the chain means "cannot migrate": the stored record is dropped and the SDK starts from the network.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export interface MigrateOptions {
  /** Target version. Default `SCHEMA_VERSION`. */
  version?: number;
  /** Default `MIGRATIONS`. */
  migrations?: Readonly<Record<number, Migration>>;
}

/** The record's schema version; throws when it has none. */
const versionOf = (raw: unknown): number => read<{ version: number }>(raw, { version: 'c' }).version;

/**
 * Brings a raw stored value up to the current schema and checks its shape. Returns null (never throws) for
 * anything that is not a snapshot, a version with no migration path (older, or newer than this code), or a
 * migration that fails. The result is a fresh copy holding only known fields.
 */
export function migrate(
  raw: unknown,
  { version: target = SCHEMA_VERSION, migrations = MIGRATIONS }: MigrateOptions = {},
): Snapshot | null {
  return attempt(() => {
    let record = raw as Readonly<Record<string, unknown>>;
    let version = versionOf(record);
    if (version > target) return null;
    for (; version < target; version++) {
      record = migrations[version]!(record); // a missing step throws (null) too
      if (versionOf(record) !== version + 1) return null;
    }
    return read<Snapshot>(record, SNAPSHOT);
  });
}

/** Whether a raw stored value is of a newer schema than this code (written by a newer SDK in another tab). */
export const isNewerSchema = (raw: unknown): boolean => !!attempt(() => versionOf(raw) > SCHEMA_VERSION);
