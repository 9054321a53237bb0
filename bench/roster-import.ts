/**
 * The roster import at 10,000 rows (DESIGN.md: «a 10,000-row roster import in under 10 s»), on
 * SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names one, PostgreSQL: a fresh
 * database with one realm and one school, a generated file of 10,000 students in 55 classes,
 * timed from the bytes to the last committed batch (the dry run, then every batch), wall clock
 * and this process's CPU. Run alone with `node dist/bench/roster-import.js`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { auditLog } from '../src/core/audit/audit.js';
import { systemClock } from '../src/core/clock.js';
import type { DialectName } from '../src/db/connect.js';
import { migrateOrThrow } from '../src/db/migrate.js';
import { organisationStore } from '../src/directory/organisation-store.js';
import { checkRosterFile, importAll } from '../src/import/roster-import.js';
import { realmStore } from '../src/realms/realm-store.js';
import { freshDatabase } from '../test/support/databases.js';
import { generatedRoster } from '../test/support/roster.js';
import { type Row, table } from './report.js';

export const ROSTER_ROWS = 10_000;
export const ROSTER_TARGET_MS = 10_000;

export interface RosterImportFigure {
  readonly dialect: DialectName;
  readonly rows: number;
  readonly checkMs: number;
  readonly importMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly created: number;
  readonly target: { readonly ms: number; readonly pass: boolean };
}

async function measureOne(dialect: DialectName, postgresUrl: string): Promise<RosterImportFigure> {
  const { handle, drop } = await freshDatabase(dialect, postgresUrl);
  try {
    await migrateOrThrow(handle);
    const { db } = handle;
    const realms = realmStore(db, systemClock);
    await realms.create({ id: 'oblast', name: 'Область', preset: 'eljur' });
    const realm = await realms.find('oblast');
    if (!realm) throw new Error('the realm was not created');
    const org = await organisationStore(db, systemClock).create({
      realmId: 'oblast',
      kind: 'school',
      name: 'Школа № 1',
      slug: '1',
    });
    const deps = { db, audit: auditLog(db, systemClock), clock: systemClock };
    const bytes = new TextEncoder().encode(generatedRoster(ROSTER_ROWS));
    const actor = { actorId: null, ip: null, via: 'cli' as const };
    const cpu = process.cpuUsage();
    const started = performance.now();
    const checked = await checkRosterFile(
      deps,
      { realm, organisationId: org.id, createClasses: true, fileName: 'bench.csv', actor, keep: true },
      bytes,
    );
    if (checked.kind !== 'checked' || checked.id === null) throw new Error('the roster was refused');
    const checkedAt = performance.now();
    const done = await importAll(deps, realm, checked.id, org.id, actor);
    const finished = performance.now();
    const used = process.cpuUsage(cpu);
    const totalMs = finished - started;
    return {
      dialect,
      rows: ROSTER_ROWS,
      checkMs: checkedAt - started,
      importMs: finished - checkedAt,
      totalMs,
      cpuMs: (used.user + used.system) / 1000,
      created: done?.summary.created ?? 0,
      target: {
        ms: ROSTER_TARGET_MS,
        pass: totalMs < ROSTER_TARGET_MS && done?.summary.created === ROSTER_ROWS,
      },
    };
  } finally {
    await drop();
  }
}

/** SQLite always; PostgreSQL when a URL is given in the environment. */
export async function measureRosterImport(log: (line: string) => void): Promise<RosterImportFigure[]> {
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
  log(`roster import: ${ROSTER_ROWS} rows on SQLite`);
  const figures = [await measureOne('sqlite', '')];
  if (postgresUrl) {
    log(`roster import: ${ROSTER_ROWS} rows on PostgreSQL`);
    figures.push(await measureOne('postgres', postgresUrl));
  } else log('roster import: BENCH_DATABASE_URL / TEST_DATABASE_URL not set, PostgreSQL skipped');
  return figures;
}

export function rosterImportRows(figures: readonly RosterImportFigure[]): Row[] {
  if (figures.length === 0) return [];
  const values: Partial<Record<DialectName, number>> = {};
  for (const f of figures) values[f.dialect] = f.totalMs / 1000;
  return [
    {
      name: `roster import, ${ROSTER_ROWS / 1000}k rows`,
      values,
      format: (v) => `${v.toFixed(2)} s`,
      target: { text: `< ${ROSTER_TARGET_MS / 1000} s`, met: (v) => v * 1000 < ROSTER_TARGET_MS },
    },
  ];
}

export function rosterImportDetails(figures: readonly RosterImportFigure[]): string[] {
  return figures.map(
    (f) =>
      `roster import (${f.dialect}): dry run ${(f.checkMs / 1000).toFixed(2)} s, import ${(f.importMs / 1000).toFixed(2)} s, ${f.created} created; this process's CPU ${(f.cpuMs / 1000).toFixed(2)} s`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await measureRosterImport((line) => process.stderr.write(`${line}\n`));
  for (const line of table(rosterImportRows(figures))) process.stdout.write(`${line}\n`);
  for (const line of rosterImportDetails(figures)) process.stdout.write(`${line}\n`);
}
