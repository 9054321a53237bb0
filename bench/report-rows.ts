/** The table's lines for the page phase, the population and the morning rush. */
import type { LoadFigure } from './load.js';
import type { PopulationFigures } from './million.js';
import { LOOKUP_P99_MS, type LookupKind, ROSTER_P99_MS, SEARCH_P99_MS, type Timed } from './million.js';
import type { PageFigures } from './pages.js';
import { type BareFloor, type PairedLoad, pairedCpuRatio, pairedRatio } from './paired.js';
import { count, fixed, mib, micros, ms, per, perSecond, type Row, seconds } from './report.js';
import { RUSH_RSS_MIB, type RushFigure } from './rush.js';

export const SIGNIN_TARGET = 0.9;
export const SESSION_TARGET = 0.5;
export const PROFILE_TARGET = 0.35;
export const USERINFO_TARGET = 0.5;
export const RSS_TARGET_MIB = 200;
export const RECOVERY_P99_MS = 50;

const atLeast = (target: number) => ({ text: `≥ ${target.toFixed(2)}`, met: (v: number) => v >= target });
const below = (target: number, unit: string) => ({
  text: `< ${target} ${unit}`,
  met: (v: number) => v < target,
});

export function pageRows(
  argon2: { readonly perSecond: number; readonly cpuMicrosEach?: number },
  pages: readonly PageFigures[],
  bare: readonly BareFloor[],
): Row[] {
  const d = (f: PageFigures) => f.dialect;
  const rows: Row[] = [
    { name: 'raw argon2id verifications/s', values: { any: argon2.perSecond }, format: perSecond },
  ];
  if (pages.length === 0) return rows;
  /**
   * Each page is set against the bare route on its database, measured in turns with it
   * (paired.ts): by rate, and by the servers' CPU per answer (the floor's over the page's).
   */
  const ratioRows = (name: string, of: (f: PageFigures) => PairedLoad, target: number): Row[] => [
    {
      name: `  ${name} / bare in turns (same database)`,
      values: per(pages, d, (f) => pairedRatio(of(f))),
      format: fixed(2),
      target: atLeast(target),
    },
    {
      name: '  … by server CPU per answer',
      values: per(
        pages.filter((f) => Number.isFinite(pairedCpuRatio(of(f)))),
        d,
        (f) => pairedCpuRatio(of(f)),
      ),
      format: fixed(2),
      target: atLeast(target),
    },
    {
      name: '  (its floor in turns)',
      values: per(pages, d, (f) => of(f).floor.perSecond),
      format: perSecond,
    },
  ];
  rows.push(
    {
      name: 'HTTP password sign-ins/s (303 only)',
      values: per(pages, d, (f) => f.signin.perSecond),
      format: perSecond,
    },
    {
      name: '  raw argon2id/s in turns with them',
      values: per(pages, d, (f) => f.rawArgon2.perSecond),
      format: perSecond,
    },
    {
      name: '  sign-ins / raw argon2 in turns',
      values: per(pages, d, (f) => f.signin.perSecond / f.rawArgon2.perSecond),
      format: fixed(2),
      target: atLeast(SIGNIN_TARGET),
    },
    {
      // Raw argon2's CPU per verification over the server's per sign-in (argon2 included): what
      // the ratio would be with the cores to ourselves, steady while others load the machine.
      name: '  … by CPU per sign-in',
      values: per(
        pages.filter((f) => f.signin.serverCpuMicrosEach !== undefined),
        d,
        (f) => f.rawArgon2.cpuMicrosEach / (f.signin.serverCpuMicrosEach ?? Number.NaN),
      ),
      format: fixed(2),
      target: atLeast(SIGNIN_TARGET),
    },
    {
      name: '  peak RSS under sign-in load',
      values: per(pages, d, (f) => f.signin.peakRssMiB),
      format: mib,
      target: below(RSS_TARGET_MIB, 'MiB'),
    },
    {
      name: 'bare Fastify + one indexed lookup/s (floor, alone before and after)',
      values: per(
        bare,
        (b) => b.dialect,
        (b) => b.perSecond,
      ),
      format: perSecond,
    },
    {
      name: '  floor: server CPU per answer',
      values: per(
        bare.filter((b) => b.serverCpuMicrosEach !== undefined),
        (b) => b.dialect,
        (b) => b.serverCpuMicrosEach ?? Number.NaN,
      ),
      format: micros,
    },
    {
      name: 'session check requests/s (whoami)',
      values: per(pages, d, (f) => f.whoami.perSecond),
      format: perSecond,
    },
    ...ratioRows('session check', (f) => f.whoami, SESSION_TARGET),
    {
      name: 'signed-in HTML page requests/s (profile)',
      values: per(pages, d, (f) => f.profile.perSecond),
      format: perSecond,
    },
    ...ratioRows('profile page', (f) => f.profile, PROFILE_TARGET),
    {
      name: 'raw RS256 signatures/s (1 core)',
      values: per(pages, d, (f) => f.oidc.rs256PerSecond),
      format: perSecond,
    },
    {
      name: 'OIDC code exchanges/s (token endpoint)',
      values: per(pages, d, (f) => f.oidc.codeExchange.perSecond),
      format: perSecond,
    },
    {
      name: 'OIDC userinfo requests/s',
      values: per(pages, d, (f) => f.oidc.userinfo.perSecond),
      format: perSecond,
    },
    ...ratioRows('userinfo', (f) => f.oidc.userinfo, USERINFO_TARGET),
    {
      name: 'recovery request p99 at 200/s',
      values: per(pages, d, (f) => f.recovery.latencyMs.p99),
      format: ms,
      target: below(RECOVERY_P99_MS, 'ms'),
    },
  );
  return rows;
}

const LOOKUP_KINDS: readonly LookupKind[] = ['login', 'email', 'phone', 'SNILS', 'IIN'];

export function populationRows(
  population: readonly (PopulationFigures & { smallSignin: LoadFigure })[],
): Row[] {
  if (population.length === 0) return [];
  const d = (f: PopulationFigures) => f.dialect;
  const size = population[0]?.people ?? 0;
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${Math.round(size / 1000)}k`;
  return [
    { name: `population: people`, values: per(population, d, (f) => f.people), format: count },
    { name: '  seeded in', values: per(population, d, (f) => f.seedSeconds), format: seconds },
    ...LOOKUP_KINDS.map(
      (kind): Row => ({
        name: `  lookup by ${kind} p99 (${label})`,
        values: per(population, d, (f) => f.lookupsMs[kind].p99),
        format: ms,
        target: below(LOOKUP_P99_MS, 'ms'),
      }),
    ),
    {
      name: `  desk roster of an organisation p99 (${label})`,
      values: per(population, d, (f) => f.rosterMs.p99),
      format: ms,
      target: below(ROSTER_P99_MS, 'ms'),
    },
    {
      name: `  school search p99 (${label}, ${Math.round((population[0]?.organisations ?? 0) / 1000)}k orgs)`,
      values: per(population, d, (f) => f.schoolSearchMs.p99),
      format: ms,
      target: below(SEARCH_P99_MS, 'ms'),
    },
    {
      name: `  sign-ins/s, random people of 1k`,
      values: per(population, d, (f) => f.smallSignin.perSecond),
      format: perSecond,
    },
    {
      name: `  sign-ins/s, random people of ${label}`,
      values: per(population, d, (f) => f.signin.perSecond),
      format: perSecond,
    },
    {
      name: `  sign-ins ${label} / sign-ins 1k`,
      values: per(population, d, (f) => f.signin.perSecond / f.smallSignin.perSecond),
      format: fixed(2),
      target: atLeast(SIGNIN_TARGET),
    },
  ];
}

export function rushRows(rush: readonly RushFigure[]): Row[] {
  if (rush.length === 0) return [];
  const d = (f: RushFigure) => f.dialect;
  const offered = rush[0]?.offered ?? 0;
  return [
    {
      name: `morning rush: ${offered} sign-ins offered`,
      values: per(rush, d, (f) => f.seconds),
      format: seconds,
    },
    { name: '  signed in', values: per(rush, d, (f) => f.succeeded), format: count },
    {
      name: '  asked to retry (503 + Retry-After)',
      values: per(rush, d, (f) => f.askedToRetry),
      format: count,
    },
    {
      name: '  any other answer or error',
      values: per(rush, d, (f) => Object.values(f.other).reduce((a, b) => a + b, 0)),
      format: count,
      target: { text: '= 0', met: (v) => v === 0 },
    },
    { name: '  latency p50', values: per(rush, d, (f) => f.latencyMs.p50), format: ms },
    { name: '  latency p99', values: per(rush, d, (f) => f.latencyMs.p99), format: ms },
    {
      name: '  peak RSS',
      values: per(rush, d, (f) => f.peakRssMiB),
      format: mib,
      target: below(RUSH_RSS_MIB, 'MiB'),
    },
  ];
}

/** Each measured operation of the population: wall time and this process's CPU time. */
export function populationDetails(p: PopulationFigures): string[] {
  const line = (name: string, t: Timed) =>
    `  ${name.padEnd(18)} p50 ${ms(t.p50)}  p99 ${ms(t.p99)}  max ${ms(t.max)}   CPU p50 ${ms(t.cpu.p50)}  p99 ${ms(t.cpu.p99)}`;
  return [
    `population (${p.dialect}): ${p.people.toLocaleString('en-US')} people, ${p.organisations.toLocaleString('en-US')} organisations seeded in ${p.seedSeconds.toFixed(0)} s`,
    ...LOOKUP_KINDS.map((kind) => line(`lookup by ${kind}`, p.lookupsMs[kind])),
    line('roster', p.rosterMs),
    line('school search', p.schoolSearchMs),
  ];
}
