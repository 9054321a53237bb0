/**
 * The bound of the sign-in lines: raw argon2id verifications in this process, at the service's
 * parameters, as many in flight as the sign-in load keeps. On a shared machine the rate drifts by
 * a quarter within minutes — in one run it was 202 /s just before a database's sign-ins and 179 /s
 * just after them — so the sign-ins take turns with raw argon2 (`inTurns`: raw, sign-ins,
 * sign-ins, raw, … in slices of a few seconds, the app server idle during raw's), and the bound
 * is all of raw's slices together.
 */
import { performance } from 'node:perf_hooks';
import { verify } from '@node-rs/argon2';

/** More verifications in flight than pool threads, so the pool never waits for us. */
export const ARGON2_CONCURRENCY = 8;
export interface Argon2Figure {
  readonly verifications: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** This process's CPU (every thread) per verification, µs: what a sign-in's argon2 costs. */
  readonly cpuMicrosEach: number;
}

/** Raw argon2 in turns with a phase: its first and last slices, and all of them together. */
export interface Argon2Bracket extends Argon2Figure {
  readonly before: Argon2Figure;
  readonly after: Argon2Figure;
}

export type RawArgon2 = (seconds: number) => Promise<Argon2Figure>;

/** Keeps `concurrency` verifications of `password` in flight for `seconds`; counts those done. */
export function rawArgon2(hashed: string, password: string, concurrency = ARGON2_CONCURRENCY): RawArgon2 {
  return async (seconds) => {
    let verifications = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    const end = start + seconds * 1000;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        if (!(await verify(hashed, password)))
          throw new Error('argon2 verify returned false for the right password');
        verifications++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      verifications,
      seconds: elapsed,
      perSecond: verifications / elapsed,
      cpuMicrosEach: (used.user + used.system) / Math.max(1, verifications),
    };
  };
}

/** Slices of each side when a phase takes turns with raw argon2. */
export const TURNS = 4;
/** Lets the requests cut off at the end of a slice finish before raw argon2 runs. */
const SETTLE_MS = 300;

/** Several raw measurements as one: verifications and seconds summed, CPU weighted. */
function combined(figures: readonly Argon2Figure[]): Argon2Figure {
  const verifications = figures.reduce((n, f) => n + f.verifications, 0);
  const seconds = figures.reduce((n, f) => n + f.seconds, 0);
  const cpu = figures.reduce((n, f) => n + f.cpuMicrosEach * f.verifications, 0);
  return {
    verifications,
    seconds,
    perSecond: verifications / seconds,
    cpuMicrosEach: cpu / Math.max(1, verifications),
  };
}

/**
 * Runs `slice` TURNS times, about `seconds` in all, taking turns with raw argon2 for as long
 * (raw, slice, slice, raw, raw, slice, slice, raw): a drift of the machine weighs on both alike.
 * The bound is all of raw's slices together; `before` and `after` are its first and last.
 */
export async function inTurns<T>(
  raw: RawArgon2,
  seconds: number,
  slice: (seconds: number) => Promise<T>,
): Promise<{ results: T[]; raw: Argon2Bracket }> {
  const each = Math.max(1, Math.ceil(seconds / TURNS));
  const raws: Argon2Figure[] = [];
  const results: T[] = [];
  for (let i = 0; i < TURNS; i++) {
    const order = i % 2 === 0 ? (['raw', 'slice'] as const) : (['slice', 'raw'] as const);
    for (const which of order) {
      if (which === 'raw') {
        raws.push(await raw(each));
      } else {
        results.push(await slice(each));
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      }
    }
  }
  const first = raws[0];
  const last = raws[raws.length - 1];
  if (!first || !last) throw new Error('inTurns: no raw measurement');
  return { results, raw: { ...combined(raws), before: first, after: last } };
}

export function argon2Text(f: Argon2Figure): string {
  return `${f.perSecond.toFixed(1)}/s (${f.verifications} in ${f.seconds.toFixed(1)} s, CPU ${f.cpuMicrosEach.toFixed(0)} µs each)`;
}
