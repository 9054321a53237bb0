/**
 * The school search at a region's size: 40,000 organisations in one realm (85 regions), and the
 * search the public page runs (`schoolDirectory.search`, first 51 in name order) timed one at a
 * time over a mix of what people type — numbers, «№ 12», places, whole names, words found in
 * thousands of names, one or two characters, nothing, a word within a region. Target: p99 under
 * 5 ms, on SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names one, on PostgreSQL
 * (in a schema of its own, dropped afterwards, as the tests do).
 *
 * The search runs in this process, without HTTP: the realm's in-memory index
 * (directory/school-search/) finds the page, the database gives the realm's version and the
 * page's rows. The seed goes through the store's bulk write, as an import would. Also measured:
 * how long the index takes to build for the realm (after every write to its organisations,
 * each instance builds it once, at its next search) and about how much memory it holds.
 */
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock.js';
import type { DialectName } from '../src/db/connect.js';
import { migrateOrThrow } from '../src/db/migrate.js';
import { organisationStore } from '../src/directory/organisation-store.js';
import { schoolDirectory } from '../src/directory/school-directory.js';
import type { SnapshotSize } from '../src/directory/school-search/realm-snapshot.js';
import { schoolSearchIndex } from '../src/directory/school-search/search-index.js';
import { parseSearch, RESULTS_MAX } from '../src/pages/schools/search.js';
import { realmStore } from '../src/realms/realm-store.js';
import { freshDatabase } from '../test/support/databases.js';
import { generateSchools, type SearchKind, searchMix } from '../test/support/school-names.js';
import type { Row } from './report.js';

export const SCHOOL_SEARCH_ORGANISATIONS = 40_000;
export const SCHOOL_SEARCH_P99_MS = 5;
const REGIONS = 85;
const WARMUP_PER_KIND = 20;
const MEASURED_PER_KIND = 250;
const BUILDS = 3;

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface SchoolSearchFigure {
  readonly dialect: DialectName;
  readonly organisations: number;
  readonly seedSeconds: number;
  readonly searches: number;
  readonly latencyMs: Percentiles;
  /**
   * This process's CPU time per search: on SQLite the whole search (it runs here), on
   * PostgreSQL the client's part only. On a busy machine it shows what the search costs apart
   * from the time spent waiting for a core.
   */
  readonly cpuMs: Percentiles;
  readonly byKindMs: Readonly<Record<SearchKind, Percentiles>>;
  /** Building the realm's index: the median of a few builds, each after a rename. */
  readonly buildMs: number;
  readonly snapshot: SnapshotSize | null;
  /** Searches that filled the page (more than 50 found). */
  readonly fullPages: number;
  readonly target: { readonly p99Ms: number; readonly pass: boolean };
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

async function measureOne(
  dialect: DialectName,
  postgresUrl: string,
  log: (line: string) => void,
): Promise<SchoolSearchFigure> {
  const { handle, drop } = await freshDatabase(dialect, postgresUrl);
  try {
    await migrateOrThrow(handle);
    const { db } = handle;
    const organisations = organisationStore(db, systemClock);
    await realmStore(db, systemClock).create({ id: 'oblast', name: 'Область', preset: 'dnevnik' });
    const regionIds: string[] = [];
    for (let r = 1; r <= REGIONS; r++) {
      regionIds.push(await organisations.createRegion('oblast', String(r), `Регион ${r}`));
    }
    const seedStart = performance.now();
    const generated = generateSchools('oblast', regionIds, SCHOOL_SEARCH_ORGANISATIONS, { seed: 2024 });
    await organisations.createMany(generated.organisations);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(
      `school search (${dialect}): ${SCHOOL_SEARCH_ORGANISATIONS} organisations seeded in ${seedSeconds.toFixed(1)} s`,
    );

    const index = schoolSearchIndex(db);
    const directory = schoolDirectory(db, index);
    const buildTimes: number[] = [];
    const renamed = await organisations.findBySlug('oblast', generated.organisations[0]?.slug ?? '');
    for (let i = 0; i < BUILDS; i++) {
      // A write gives the realm a new version: the next search builds the index again.
      if (renamed) await organisations.rename(renamed.id, i % 2 === 0 ? `${renamed.name} (2)` : renamed.name);
      const start = performance.now();
      await directory.search('oblast', { text: null, regionId: null }, 1);
      buildTimes.push(performance.now() - start);
    }
    const buildMs = percentiles(buildTimes).p50;
    log(
      `school search (${dialect}): the realm's index builds in ${buildMs.toFixed(0)} ms (${index.builds} builds)`,
    );
    const regions = new Set(regionIds);
    const run = async (perKind: number, seed: number) => {
      const samples: { kind: SearchKind; ms: number; cpuMs: number; full: boolean }[] = [];
      for (const c of searchMix(generated.organisations, regionIds, perKind, seed)) {
        const { input } = parseSearch({ q: c.text, region: c.regionId ?? '' }, regions);
        const cpu = process.cpuUsage();
        const start = performance.now();
        const found = await directory.search('oblast', input, RESULTS_MAX + 1);
        const ms = performance.now() - start;
        const used = process.cpuUsage(cpu);
        const cpuMs = (used.user + used.system) / 1000;
        samples.push({ kind: c.kind, ms, cpuMs, full: found.length > RESULTS_MAX });
      }
      return samples;
    };
    await run(WARMUP_PER_KIND, 1);
    const samples = await run(MEASURED_PER_KIND, 2);
    const kinds = [...new Set(samples.map((s) => s.kind))];
    const byKindMs = Object.fromEntries(
      kinds.map((kind) => [kind, percentiles(samples.filter((s) => s.kind === kind).map((s) => s.ms))]),
    ) as Record<SearchKind, Percentiles>;
    const latencyMs = percentiles(samples.map((s) => s.ms));
    const cpuMs = percentiles(samples.map((s) => s.cpuMs));
    return {
      dialect,
      organisations: SCHOOL_SEARCH_ORGANISATIONS,
      seedSeconds,
      searches: samples.length,
      latencyMs,
      cpuMs,
      byKindMs,
      buildMs,
      snapshot: index.sizeOf('oblast'),
      fullPages: samples.filter((s) => s.full).length,
      target: { p99Ms: SCHOOL_SEARCH_P99_MS, pass: latencyMs.p99 < SCHOOL_SEARCH_P99_MS },
    };
  } finally {
    await drop();
  }
}

/** SQLite always; PostgreSQL when a URL is given in the environment. */
export async function measureSchoolSearch(log: (line: string) => void): Promise<SchoolSearchFigure[]> {
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
  const figures = [await measureOne('sqlite', '', log)];
  if (postgresUrl) figures.push(await measureOne('postgres', postgresUrl, log));
  else log('school search: BENCH_DATABASE_URL / TEST_DATABASE_URL not set, PostgreSQL skipped');
  return figures;
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** The table's line: p99 per database against the target. */
export function schoolSearchRows(figures: readonly SchoolSearchFigure[]): Row[] {
  if (figures.length === 0) return [];
  const values: Partial<Record<DialectName, number>> = {};
  for (const f of figures) values[f.dialect] = f.latencyMs.p99;
  return [
    {
      name: `school search p99, ${SCHOOL_SEARCH_ORGANISATIONS / 1000}k orgs`,
      values,
      format: (v) => `${v.toFixed(2)} ms`,
      target: { text: `< ${SCHOOL_SEARCH_P99_MS} ms`, met: (v) => v < SCHOOL_SEARCH_P99_MS },
    },
  ];
}

/** One line per database and kind: what the table's single p99 is made of. */
export function schoolSearchDetails(figures: readonly SchoolSearchFigure[]): string[] {
  return figures.flatMap((f) => [
    `school search (${f.dialect}): ${f.searches} searches, p50 ${ms(f.latencyMs.p50)}, p99 ${ms(f.latencyMs.p99)}, max ${ms(f.latencyMs.max)}, ${f.fullPages} full pages; seeded in ${f.seedSeconds.toFixed(1)} s`,
    `  this process's CPU per search${f.dialect === 'postgres' ? ' (client side)' : ''}: p50 ${ms(f.cpuMs.p50)}, p99 ${ms(f.cpuMs.p99)}`,
    `  the realm's index: built in ${ms(f.buildMs)}, about ${((f.snapshot?.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB (${f.snapshot?.grams ?? 0} grams, ${f.snapshot?.postings ?? 0} postings)`,
    ...Object.entries(f.byKindMs).map(
      ([kind, p]) => `  ${kind.padEnd(24)} p50 ${ms(p.p50)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`,
    ),
  ]);
}
