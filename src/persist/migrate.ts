import { readSnapshot } from './validate-state';
import { attempt, count, object } from './validate-values';
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

/**
 * Brings a raw stored value up to the current schema and checks its shape. Returns null (never throws) for
 * anything that is not a snapshot, a version with no migration path (older, or newer than this code), or a
 * migration that fails. The result is a fresh copy holding only known fields.
 */
export function migrate(raw: unknown, options: MigrateOptions = {}): Snapshot | null {
  const target = options.version ?? SCHEMA_VERSION;
  const migrations = options.migrations ?? MIGRATIONS;
  return attempt(() => {
    let record: Readonly<Record<string, unknown>> = object(raw);
    let version = count(record.version);
    if (version > target) return null;
    while (version < target) {
      const step = Object.prototype.hasOwnProperty.call(migrations, version) ? migrations[version] : undefined;
      if (!step) return null;
      record = object(step(record));
      if (count(record.version) !== version + 1) return null;
      version += 1;
    }
    return readSnapshot(record);
  });
}

/** Whether a raw stored value is of a newer schema than this code (written by a newer SDK in another tab). */
export function isNewerSchema(raw: unknown, version = SCHEMA_VERSION): boolean {
  return attempt(() => count(object(raw).version) > version) ?? false;
}
