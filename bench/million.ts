/**
 * A region's size: `people` persons (BENCH_PEOPLE, a million by default) in organisations of 25,
 * on SQLite or PostgreSQL, seeded in batches (bench/population.ts). Measured in this process,
 * one at a time after a warm-up: the lookups by login, email, phone, SNILS and IIN (p99 under
 * 5 ms), the desk's roster of a random organisation (under 20 ms) and the school search over
 * the population's organisations (under 5 ms). Then the app is started on that database and
 * password sign-ins of random people are measured as in the page phase, to be set against the
 * same phase on a population of 1,000 (the ratio should stay near 1).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { passwordHasher } from '../src/core/crypto/passwords.js';
import { type DialectName, dropSchema, openDatabase } from '../src/db/connect.js';
import { migrateOrThrow } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { organisationRoster } from '../src/directory/roster.js';
import { parseSearch, RESULTS_MAX } from '../src/pages/schools/search.js';
import { createServices } from '../src/services.js';
import { searchMix } from '../test/support/school-names.js';
import { benchConfig, benchPostgresUrl } from './config.js';
import { backgroundBusy, log } from './machine.js';
import { measureSignins, PASSWORD, prepareSignin, REALM, type SigninFigure } from './pages.js';
import {
  type Population,
  personEmail,
  personIin,
  personLogin,
  personPhone,
  personSnils,
  seedPopulation,
} from './population.js';
import { type Percentiles, percentiles } from './school-search.js';
import { type Server, startServer } from './servers.js';

export const LOOKUP_P99_MS = 5;
export const ROSTER_P99_MS = 20;
export const SEARCH_P99_MS = 5;
const LOOKUPS = 1000;
const ROSTERS = 300;
const WARMUP = 100;

export type LookupKind = 'login' | 'email' | 'phone' | 'SNILS' | 'IIN';

export interface PopulationFigures {
  readonly dialect: DialectName;
  readonly people: number;
  readonly organisations: number;
  readonly seedSeconds: number;
  readonly lookupsMs: Readonly<Record<LookupKind, Timed>>;
  readonly rosterMs: Timed;
  readonly schoolSearchMs: Timed;
  readonly signin: SigninFigure;
}

/** A database seeded with a population, and what it takes to start the app on it or remove it. */
export interface PopulatedDatabase {
  readonly dialect: DialectName;
  readonly population: Population;
  /** The SQLite file or the PostgreSQL schema, for `startServer(…, existing)`. */
  readonly location: string;
  remove(): Promise<void>;
}

/** Wall time per operation; `cpu` this process's CPU time per operation (beside waiting for a core). */
export interface Timed extends Percentiles {
  readonly cpu: Percentiles;
}

async function timed<T>(count: number, next: (i: number) => Promise<T>): Promise<Timed> {
  for (let i = 0; i < WARMUP; i++) await next(i);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const used = process.cpuUsage();
    const start = performance.now();
    await next(i + WARMUP);
    samples.push(performance.now() - start);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return { ...percentiles(samples), cpu: percentiles(cpu) };
}

/** Seeds a population on a fresh database and measures its lookups, rosters and searches. */
export async function populate(
  dialect: DialectName,
  people: number,
  measure: boolean,
): Promise<{ db: PopulatedDatabase; figures: Omit<PopulationFigures, 'signin'> | null }> {
  const postgresUrl = benchPostgresUrl();
  const dir = mkdtempSync(join(tmpdir(), 'propusk-population-'));
  const location =
    dialect === 'postgres' ? `bench_pop_${randomBytes(5).toString('hex')}` : join(dir, 'p.sqlite');
  const handle =
    dialect === 'postgres'
      ? await openDatabase(postgresUrl, { schema: location })
      : await openDatabase(location);
  const config = benchConfig(dialect === 'postgres' ? postgresUrl : location);
  const services = await createServices(config, { handle });
  const remove = async (): Promise<void> => {
    rmSync(dir, { recursive: true, force: true });
    if (dialect === 'postgres') await dropSchema(postgresUrl, location);
  };
  let result: { db: PopulatedDatabase; figures: Omit<PopulationFigures, 'signin'> | null };
  try {
    await migrateOrThrow(handle);
    await seedDemo(services);
    const hash = await (await passwordHasher(config.argon2)).hash(PASSWORD);
    log(`population (${dialect}): seeding ${people.toLocaleString('en-US')} people`);
    const population = await seedPopulation(handle, REALM, people, hash, log);
    let figures: Omit<PopulationFigures, 'signin'> | null = null;
    if (measure) {
      const n = population.people;
      const random = (): number => Math.floor(Math.random() * n);
      const p = services.people;
      const must = <T>(found: T | null | readonly unknown[], what: string): void => {
        if (found === null || (Array.isArray(found) && found.length === 0))
          throw new Error(`${what}: nothing found`);
      };
      log(
        `population (${dialect}): ${LOOKUPS} lookups of each kind, ${ROSTERS} rosters, the school search mix`,
      );
      const lookupsMs: Record<LookupKind, Timed> = {
        login: await timed(LOOKUPS, async () =>
          must(await p.findByLogin(REALM, personLogin(random())), 'login'),
        ),
        email: await timed(LOOKUPS, async () =>
          must(await p.findByEmail(REALM, personEmail(random())), 'email'),
        ),
        phone: await timed(LOOKUPS, async () =>
          must(await p.findByPhone(REALM, personPhone(random())), 'phone'),
        ),
        SNILS: await timed(LOOKUPS, async () =>
          must(await p.findBySnils(REALM, personSnils(random())), 'SNILS'),
        ),
        IIN: await timed(LOOKUPS, async () => must(await p.findByIin(REALM, personIin(random())), 'IIN')),
      };
      const ids = population.organisationIds;
      const rosterMs = await timed(ROSTERS, async () => {
        const roster = await organisationRoster(
          services.db,
          ids[Math.floor(Math.random() * ids.length)] ?? '',
          Date.now(),
        );
        if (roster.classes.length !== 1) throw new Error('roster: the class is missing');
      });
      const directory = services.schools;
      const regions = new Set(population.regionIds);
      const cases = searchMix(population.schools, population.regionIds, 60, 3);
      const schoolSearchMs = await timed(cases.length - WARMUP, async (i) => {
        const c = cases[i % cases.length];
        if (!c) return;
        const { input } = parseSearch({ q: c.text, region: c.regionId ?? '' }, regions);
        await directory.search(REALM, input, RESULTS_MAX + 1);
      });
      figures = {
        dialect,
        people: n,
        organisations: population.organisations,
        seedSeconds: population.seedSeconds,
        lookupsMs,
        rosterMs,
        schoolSearchMs,
      };
    }
    result = { db: { dialect, population, location, remove }, figures };
  } catch (err) {
    await services.close();
    await handle.close();
    await remove();
    throw err;
  }
  await services.close();
  await handle.close();
  return result;
}

/** Sign-ins of random people of the population, against the app started on its database. */
export async function populationSignins(
  db: PopulatedDatabase,
  background: Record<string, number>,
): Promise<SigninFigure> {
  const server: Server = await startServer('app', db.dialect, db.location);
  try {
    const n = db.population.people;
    const kit = await prepareSignin(server.baseUrl, personLogin(0));
    const body = (): string =>
      new URLSearchParams({
        _csrf: kit.csrf,
        login: personLogin(Math.floor(Math.random() * n)),
        password: PASSWORD,
      }).toString();
    await backgroundBusy(`sign-ins, ${n.toLocaleString('en-US')} people (${db.dialect})`, background);
    log(`sign-ins (${db.dialect}): random people of ${n.toLocaleString('en-US')}`);
    return await measureSignins(server, kit, body);
  } finally {
    await server.stop();
  }
}
