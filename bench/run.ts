/**
 * `npm run bench [-- phase…]`: how close the service comes to its limits on this machine, on
 * SQLite and — when BENCH_DATABASE_URL or TEST_DATABASE_URL names one — PostgreSQL, side by side.
 * Every figure that has a target is set against a bound measured in the same run (ratios hold on
 * a shared machine where absolute figures drift) and printed with PASS or FAIL.
 *
 * Phases (all by default):
 *   pages    raw argon2id verifications/s; against the real app on each database: password
 *            sign-ins (ratio to raw argon2, the server's peak RSS), the profile page and the
 *            session check (ratio to a bare Fastify route doing one indexed lookup in the same
 *            database, measured in turns with each page: bench/paired.ts), OIDC
 *            token and userinfo, recovery requests at 200/s (p99)
 *   recovery a whole recovery (form page, its picture, the request) against better-auth's
 *            password-reset request, by server CPU, on SQLite; and ElJur's, where a browser with
 *            scripts answers with the proof of work and never fetches the picture
 *            (bench/recovery-cost.ts)
 *   schools  the school search at 40,000 organisations (bench/school-search.ts)
 *   import   a 10,000-row roster import, dry run and every batch (bench/roster-import.ts)
 *   million  BENCH_PEOPLE people (1,000,000) in organisations of 25: lookups by login, email,
 *            phone, SNILS, IIN; the desk's roster; the school search; sign-ins of random people
 *            against the same on 1,000 people (bench/million.ts)
 *   rush     RUSH_SIGNINS (3,000) sign-ins within RUSH_SECONDS (60) against one instance, on the
 *            million phase's database (or one of its own when run alone) (bench/rush.ts)
 *
 * Servers run in child processes (bench/server.ts); the load generators here, on the same cores:
 * autocannon as fast as possible, even-rate.ts at a fixed rate (recovery, the rush). The machine and the other load before each phase are printed. Figures go to stdout
 * and var/bench-results.json. The exit code is 0 whether or not a target is met: a report, not a
 * gate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { passwordHasher } from '../src/core/crypto/passwords.js';
import type { DialectName } from '../src/db/connect.js';
import { benchConfig, benchPostgresUrl } from './config.js';
import { BACKGROUND_LIMIT, backgroundBusy, log, machine, machineLine } from './machine.js';
import { type PopulatedDatabase, type PopulationFigures, populate, populationSignins } from './million.js';
import { cpuText, measureBare, measurePages, PASSWORD, type PageFigures, pageDetails } from './pages.js';
import { type BareFloor, bothLoads } from './paired.js';
import { ARGON2_CONCURRENCY, rawArgon2 } from './raw-argon2.js';
import {
  measureRecoveryCost,
  type RecoveryCostFigure,
  recoveryCostDetails,
  recoveryCostRows,
} from './recovery-cost.js';
import { table, verdicts } from './report.js';
import { pageRows, populationDetails, populationRows, rushRows } from './report-rows.js';
import {
  measureRosterImport,
  type RosterImportFigure,
  rosterImportDetails,
  rosterImportRows,
} from './roster-import.js';
import { measureRush, type RushFigure } from './rush.js';
import {
  measureSchoolSearch,
  type SchoolSearchFigure,
  schoolSearchDetails,
  schoolSearchRows,
} from './school-search.js';
import { children } from './servers.js';

const ARGON2_SECONDS = 8;
const PHASES = ['pages', 'recovery', 'schools', 'import', 'million', 'rush'] as const;
type Phase = (typeof PHASES)[number];
const SMALL_POPULATION = 1_000;
/** The whole run must end by itself even if a server hangs. */
const WATCHDOG_MS = 3 * 60 * 60_000;

const RESULTS_FILE = fileURLToPath(new URL('../../var/bench-results.json', import.meta.url));

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    log(`still running after ${WATCHDOG_MS / 60_000} minutes: giving up`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const asked = process.argv.slice(2);
  for (const p of asked)
    if (!(PHASES as readonly string[]).includes(p)) throw new Error(`unknown phase ${p}`);
  const phases = new Set<Phase>(asked.length === 0 ? PHASES : (asked as Phase[]));
  const dialects: DialectName[] = benchPostgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
  if (dialects.length === 1) log('BENCH_DATABASE_URL / TEST_DATABASE_URL not set: PostgreSQL skipped');
  const people = positive('BENCH_PEOPLE', 1_000_000);
  const rushSignins = positive('RUSH_SIGNINS', 3_000);
  const rushSeconds = positive('RUSH_SECONDS', 60);

  const config = benchConfig(':memory:');
  const { memoryCost, timeCost, parallelism } = config.argon2;
  const host = machine();
  log(machineLine(host));
  log(`argon2id m=${memoryCost} KiB t=${timeCost} p=${parallelism}; phases: ${[...phases].join(', ')}`);
  const background: Record<string, number> = {};

  const hashed = await (await passwordHasher(config.argon2)).hash(PASSWORD);
  await backgroundBusy('argon2', background);
  log(`argon2: 2 s warm-up, ${ARGON2_SECONDS} s × ${ARGON2_CONCURRENCY} in flight`);
  const raw = rawArgon2(hashed, PASSWORD);
  await raw(2);
  const argon2 = await raw(ARGON2_SECONDS);

  const pages: PageFigures[] = [];
  const bare: BareFloor[] = [];
  if (phases.has('pages')) {
    // Each database's floor alone, just before and just after its pages (the ratios use the
    // floor measured in turns with each page).
    for (const dialect of dialects) {
      const before = await measureBare(dialect, background);
      pages.push(await measurePages(dialect, background, raw));
      const after = await measureBare(dialect, background);
      bare.push({ dialect, ...bothLoads(before, after), before, after });
    }
  }
  const recoveryCost: RecoveryCostFigure[] = [];
  if (phases.has('recovery')) {
    await backgroundBusy('recovery cost', background);
    recoveryCost.push(await measureRecoveryCost());
  }
  let schools: SchoolSearchFigure[] = [];
  if (phases.has('schools')) {
    await backgroundBusy('school search', background);
    schools = await measureSchoolSearch(log);
  }
  let rosterImport: RosterImportFigure[] = [];
  if (phases.has('import')) {
    await backgroundBusy('roster import', background);
    rosterImport = await measureRosterImport(log);
  }
  const population: (PopulationFigures & { readonly smallSignin: PopulationFigures['signin'] })[] = [];
  const rush: RushFigure[] = [];
  for (const dialect of dialects) {
    if (!phases.has('million') && !phases.has('rush')) break;
    let big: PopulatedDatabase | null = null;
    try {
      if (phases.has('million')) {
        const small = await populate(dialect, SMALL_POPULATION, false);
        let smallSignin: PopulationFigures['signin'];
        try {
          smallSignin = await populationSignins(small.db, background);
        } finally {
          await small.db.remove();
        }
        await backgroundBusy(`population (${dialect})`, background);
        const seeded = await populate(dialect, people, true);
        big = seeded.db;
        if (!seeded.figures) throw new Error('population: no figures');
        const signin = await populationSignins(big, background);
        population.push({ ...seeded.figures, signin, smallSignin });
      } else {
        big = (await populate(dialect, rushSignins + 1, false)).db;
      }
      if (phases.has('rush')) rush.push(await measureRush(big, rushSignins, rushSeconds, background));
    } finally {
      await big?.remove();
    }
  }

  const rows = [
    ...pageRows(argon2, pages, bare),
    ...recoveryCostRows(recoveryCost),
    ...schoolSearchRows(schools),
    ...rosterImportRows(rosterImport),
    ...populationRows(population),
    ...rushRows(rush),
  ];
  const busiest = Math.max(...Object.values(background));
  const out = [
    '',
    `Propusk benchmark — ${machineLine(host)}`,
    `argon2id m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}; load generator on the same machine`,
    '',
    ...table(rows),
    '',
    `argon2:   ${argon2.verifications} verifications in ${argon2.seconds.toFixed(1)} s, ${ARGON2_CONCURRENCY} in flight; CPU ${argon2.cpuMicrosEach.toFixed(0)} µs each`,
    ...pages.flatMap(pageDetails),
    ...bare.map(
      (b) =>
        `bare (${b.dialect}): ${b.expected} × 200 in ${b.seconds.toFixed(1)} s, p50 ${b.latencyMs.p50} ms, p99 ${b.latencyMs.p99} ms${cpuText(b)} (before the app ${b.before.perSecond.toFixed(0)}/s${cpuText(b.before)}; after ${b.after.perSecond.toFixed(0)}/s${cpuText(b.after)})`,
    ),
    ...recoveryCostDetails(recoveryCost),
    ...schoolSearchDetails(schools),
    ...rosterImportDetails(rosterImport),
    ...population.flatMap(populationDetails),
    ...rush.map(
      (r) =>
        `rush (${r.dialect}): ${r.succeeded} of ${r.offered} signed in, ${r.askedToRetry} asked to retry, other ${JSON.stringify(r.other)}, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
    ),
    `other CPU load just before each phase: ${Object.entries(background)
      .map(([phase, share]) => `${phase} ${(share * 100).toFixed(0)}%`)
      .join(', ')}`,
    ...(busiest > BACKGROUND_LIMIT
      ? ['WARNING: the machine was not idle; the figures are low by about that share and should be re-run.']
      : []),
    '',
  ];
  process.stdout.write(out.join('\n'));

  const report = {
    measuredAt: new Date().toISOString(),
    machine: host,
    backgroundCpuShare: background,
    argon2: { algorithm: 'argon2id', memoryKiB: memoryCost, iterations: timeCost, parallelism },
    rawArgon2: { ...argon2, concurrency: ARGON2_CONCURRENCY },
    pages,
    bareLookup: bare,
    recoveryCost,
    schoolSearch: schools,
    rosterImport,
    population,
    rush,
    verdicts: verdicts(rows),
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`written to ${RESULTS_FILE}`);
  clearTimeout(watchdog);
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = 1;
});
