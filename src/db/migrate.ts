import { type Migration, type MigrationResultSet, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import type { DatabaseHandle, DialectName } from './connect.js';
import { directory } from './migrations/0001_directory.js';
import { sessionsFlowsAudit } from './migrations/0002_sessions_flows_audit.js';
import { outbox } from './migrations/0003_outbox.js';
import { invitations } from './migrations/0004_invitations.js';
import { organisationSearchMigration } from './migrations/0005_organisation_search.js';
import { throttleBackoff } from './migrations/0006_throttle_backoff.js';
import { flowEngine } from './migrations/0007_flow_engine.js';
import { janitor } from './migrations/0008_janitor.js';
import { sharedState } from './migrations/0009_shared_state.js';
import { oidc } from './migrations/0010_oidc.js';
import { signatureEvidence } from './migrations/0012_signature_evidence.js';
import { secondFactor } from './migrations/0013_second_factor.js';
import { schoolSide } from './migrations/0014_school_side.js';
import { apiTokens } from './migrations/0015_api_tokens.js';
import { organisationVersions } from './migrations/0018_organisation_versions.js';
import { uniqueSnils } from './migrations/0019_unique_snils.js';
import { oidcPartialIndexes } from './migrations/0020_oidc_partial_indexes.js';
import { userinfoColumns } from './migrations/0021_userinfo_columns.js';
import { smallStateWithoutRowid } from './migrations/0022_small_state_without_rowid.js';

export function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_directory': directory(dialect),
    '0002_sessions_flows_audit': sessionsFlowsAudit(dialect),
    '0003_outbox': outbox(dialect),
    '0004_invitations': invitations(dialect),
    '0005_organisation_search': organisationSearchMigration(dialect),
    '0006_throttle_backoff': throttleBackoff(dialect),
    '0007_flow_engine': flowEngine(),
    '0008_janitor': janitor(dialect),
    '0009_shared_state': sharedState(dialect),
    '0010_oidc': oidc(dialect),
    '0012_signature_evidence': signatureEvidence(dialect),
    '0013_second_factor': secondFactor(dialect),
    '0014_school_side': schoolSide(dialect),
    '0015_api_tokens': apiTokens(dialect),
    '0018_organisation_versions': organisationVersions(dialect),
    '0019_unique_snils': uniqueSnils(),
    '0020_oidc_partial_indexes': oidcPartialIndexes(),
    '0021_userinfo_columns': userinfoColumns(dialect),
    '0022_small_state_without_rowid': smallStateWithoutRowid(dialect),
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

/**
 * Kysely's migrator finds its own tables by listing every table and column of the database.
 * When other schemas of the same PostgreSQL database change meanwhile (test files run side by
 * side, each migrating and dropping a schema of its own), that listing can fail — «schema …
 * does not exist», «column … does not exist» — although ours is untouched. It fails before any
 * migration has run (no results yet), so the run is simply made again; a database error that
 * persists is still reported, after the third try.
 */
function failedBeforeMigrating(result: MigrationResultSet): boolean {
  const { code } = (result.error ?? {}) as { code?: unknown };
  return result.results === undefined && typeof code === 'string';
}

async function run(go: () => Promise<MigrationResultSet>): Promise<MigrationOutcome> {
  for (let attempt = 1; ; attempt++) {
    const result = await go();
    if (attempt < 3 && failedBeforeMigrating(result)) continue;
    return outcome(result);
  }
}

export function migrateToLatest(handle: DatabaseHandle): Promise<MigrationOutcome> {
  return run(() => migrator(handle).migrateToLatest());
}

/** Migrates up or down to the named migration, or to nothing at all. */
export function migrateTo(handle: DatabaseHandle, target: string | 'none'): Promise<MigrationOutcome> {
  return run(() => migrator(handle).migrateTo(target === 'none' ? NO_MIGRATIONS : target));
}

/** Throws when migrations fail: a service must not start on a half-migrated database. */
export async function migrateOrThrow(handle: DatabaseHandle): Promise<string[]> {
  const { applied, error } = await migrateToLatest(handle);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return applied;
}

/**
 * Where the database stands against the migrations this code knows:
 * - `current`: every known migration applied and nothing else;
 * - `empty`: none applied (a new database, or the wrong one);
 * - `behind`: some applied, some still to apply (`propusk migrate` brings it up);
 * - `ahead`: migrations this code does not know were applied (a newer Propusk migrated it).
 */
export type SchemaStatus =
  | { readonly state: 'current'; readonly latest: string }
  | { readonly state: 'empty'; readonly latest: string }
  | { readonly state: 'behind'; readonly latest: string; readonly at: string; readonly missing: string[] }
  | { readonly state: 'ahead'; readonly latest: string; readonly unknown: string[] };

/** Names of the applied migrations, or null when the migration table does not exist. */
async function appliedMigrations(handle: DatabaseHandle): Promise<string[] | null> {
  const table = handle.schema
    ? sql.table(`${handle.schema}.propusk_migrations`)
    : sql.table('propusk_migrations');
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(handle.db);
    return rows.map((r) => r.name);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : '';
    if (code === '42P01' || /no such table/.test(message)) return null;
    throw err;
  }
}

/** One query; `/readyz` asks it on every probe and `serve` before it listens. */
export async function schemaStatus(handle: DatabaseHandle): Promise<SchemaStatus> {
  const known = Object.keys(allMigrations(handle.dialect)).sort();
  const latest = known[known.length - 1] ?? 'none';
  const applied = (await appliedMigrations(handle)) ?? [];
  const unknown = applied.filter((name) => !known.includes(name)).sort();
  if (unknown.length > 0) return { state: 'ahead', latest, unknown };
  if (applied.length === 0) return { state: 'empty', latest };
  const missing = known.filter((name) => !applied.includes(name));
  if (missing.length === 0) return { state: 'current', latest };
  const at = applied.sort()[applied.length - 1] ?? 'none';
  return { state: 'behind', latest, at, missing };
}
