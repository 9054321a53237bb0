/**
 * A page set against its floor (the bare Fastify route doing one indexed lookup) in alternating
 * slices, so that both see the same machine.
 *
 * On this shared machine the floor's rate moved from 18,800 to 26,700 /s within one phase. A
 * floor measured minutes before or after a page can then cross a target on its own: a ratio of
 * 0.52 against the floor before was 0.37 against the floor after. Here the page and the floor
 * take turns in slices of a few seconds, in the order floor, page, page, floor, floor, page,
 * page, floor (a drift that is steady over the run weighs on both alike), each side with its
 * warm-up first. The ratio is the page's answers per second over the floor's, both summed over
 * their slices; the server CPU per answer is summed the same way.
 */
import type { DialectName } from '../src/db/connect.js';
import { type LoadFigure, type LoadSpec, load, warmThenLoad } from './load.js';

/** A page's load, with the server's CPU time per answer (µs) where /proc tells it. */
export type PageLoad = LoadFigure & { readonly serverCpuMicrosEach?: number };

/** A page's load and its floor's, measured in turns (`measurePaired`). */
export type PairedLoad = PageLoad & { readonly floor: PageLoad };

/**
 * A floor: the bare route's load on one database, measured just before and just after the app's
 * pages on that database, and both together. Shown beside the pages; the ratios use the floor
 * measured in turns with each page.
 */
export type BareFloor = PageLoad & {
  readonly dialect: DialectName;
  readonly before: PageLoad;
  readonly after: PageLoad;
};

/** Loads of the same route as one: answers and seconds summed, CPU per answer weighted. */
export function combinedLoads(loads: readonly PageLoad[]): PageLoad {
  const [first] = loads;
  if (!first) throw new Error('combinedLoads: no load');
  let expected = 0;
  let seconds = 0;
  let cpuTotal = 0;
  let cpuKnown = true;
  const unexpected: Record<string, number> = {};
  for (const l of loads) {
    expected += l.expected;
    seconds += l.seconds;
    for (const [k, v] of Object.entries(l.unexpected)) unexpected[k] = (unexpected[k] ?? 0) + v;
    if (l.serverCpuMicrosEach === undefined) cpuKnown = false;
    else cpuTotal += l.serverCpuMicrosEach * l.expected;
  }
  return {
    expected,
    expectedStatus: first.expectedStatus,
    seconds,
    perSecond: expected / seconds,
    unexpected,
    latencyMs: {
      p50: Math.max(...loads.map((l) => l.latencyMs.p50)),
      p99: Math.max(...loads.map((l) => l.latencyMs.p99)),
      max: Math.max(...loads.map((l) => l.latencyMs.max)),
    },
    connections: first.connections,
    ...(cpuKnown ? { serverCpuMicrosEach: cpuTotal / Math.max(1, expected) } : {}),
  };
}

/** Two loads of the same route as one. */
export function bothLoads(before: PageLoad, after: PageLoad): PageLoad {
  return combinedLoads([before, after]);
}

/** One side of a pair: what to load, and the server's CPU time so far (µs), where known. */
export interface Side {
  readonly spec: Omit<LoadSpec, 'seconds'>;
  readonly cpuMicros?: () => number;
}

/** Slices per side; their order is floor, page, page, floor, … */
const SLICES = 4;
const SETTLE_MS = 300;

async function slice(side: Side, seconds: number): Promise<PageLoad> {
  const before = side.cpuMicros?.() ?? 0;
  const figure = await load({ ...side.spec, seconds });
  const used = (side.cpuMicros?.() ?? 0) - before;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return side.cpuMicros && used > 0
    ? { ...figure, serverCpuMicrosEach: used / Math.max(1, figure.expected) }
    : figure;
}

/**
 * `page` and `floor` in turns, about `seconds` of each in all (whole seconds per slice, at least
 * one), after a warm-up of each.
 */
export async function measurePaired(page: Side, floor: Side, seconds: number): Promise<PairedLoad> {
  const each = Math.max(1, Math.ceil(seconds / SLICES));
  // The warm-ups are discarded (JIT, connections, caches); warmThenLoad's own run of one second
  // is the shortest it makes.
  await warmThenLoad({ ...floor.spec, seconds: 1 });
  await warmThenLoad({ ...page.spec, seconds: 1 });
  const pages: PageLoad[] = [];
  const floors: PageLoad[] = [];
  for (let i = 0; i < SLICES; i++) {
    const order = i % 2 === 0 ? (['floor', 'page'] as const) : (['page', 'floor'] as const);
    for (const which of order) {
      if (which === 'page') pages.push(await slice(page, each));
      else floors.push(await slice(floor, each));
    }
  }
  return { ...combinedLoads(pages), floor: combinedLoads(floors) };
}

/** The page's rate over its floor's. */
export function pairedRatio(f: PairedLoad): number {
  return f.perSecond / f.floor.perSecond;
}

/** The floor's server CPU per answer over the page's, where both were measured. */
export function pairedCpuRatio(f: PairedLoad): number {
  return (f.floor.serverCpuMicrosEach ?? Number.NaN) / (f.serverCpuMicrosEach ?? Number.NaN);
}
