import { type Migration, type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely';
import type { DatabaseHandle, DialectName } from './connect.js';
import { directory } from './migrations/0001_directory.js';
import { sessionsFlowsAudit } from './migrations/0002_sessions_flows_audit.js';
import { outbox } from './migrations/0003_outbox.js';
import { invitations } from './migrations/0004_invitations.js';
import { flowEngine } from './migrations/0007_flow_engine.js';
import { sharedState } from './migrations/0009_shared_state.js';

export function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_directory': directory(dialect),
    '0002_sessions_flows_audit': sessionsFlowsAudit(dialect),
    '0003_outbox': outbox(dialect),
    '0004_invitations': invitations(dialect),
    '0007_flow_engine': flowEngine(),
    '0009_shared_state': sharedState(dialect),
  };
}

function migrator(handle: DatabaseHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => allMigrations(handle.dialect) },
    // Without a schema Kysely would take another schema's migration table for ours.
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
    migrationTableName: 'propusk_migrations',
    migrationLockTableName: 'propusk_migrations_lock',
    // Numbers are reserved ahead for work in progress, so a higher number can land before a
    // lower one; a database that already ran the higher one must still accept the lower.
    allowUnorderedMigrations: true,
  });
}

export interface MigrationOutcome {
  readonly applied: string[];
  readonly error: unknown;
}

function outcome(result: MigrationResultSet): MigrationOutcome {
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    error: result.error,
  };
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationOutcome> {
  return outcome(await migrator(handle).migrateToLatest());
}

/** Migrates up or down to the named migration, or to nothing at all. */
export async function migrateTo(handle: DatabaseHandle, target: string | 'none'): Promise<MigrationOutcome> {
  const m = migrator(handle);
  return outcome(await m.migrateTo(target === 'none' ? NO_MIGRATIONS : target));
}

/** Throws when migrations fail: a service must not start on a half-migrated database. */
export async function migrateOrThrow(handle: DatabaseHandle): Promise<string[]> {
  const { applied, error } = await migrateToLatest(handle);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return applied;
}
