/**
 * The bound of the sign-in lines: raw argon2id verifications in this process, at the service's
 * parameters, as many in flight as the sign-in load keeps. On a shared machine the rate drifts by
 * a quarter within minutes, so each database's sign-ins are set against raw argon2 measured just
 * before and just after them (`bracket`), with the app server idle, not against one figure taken
 * minutes earlier.
 */
import { performance } from 'node:perf_hooks';
import { verify } from '@node-rs/argon2';

/** More verifications in flight than pool threads, so the pool never waits for us. */
export const ARGON2_CONCURRENCY = 8;
/** Seconds of each side of a bracket. */
export const BRACKET_SECONDS = 4;

export interface Argon2Figure {
  readonly verifications: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** This process's CPU (every thread) per verification, µs: what a sign-in's argon2 costs. */
  readonly cpuMicrosEach: number;
}

/** Raw argon2 just before and just after a phase, and the two together. */
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

/** Runs `phase` between two raw measurements; the bound is both of them together. */
export async function bracket<T>(
  raw: RawArgon2,
  phase: () => Promise<T>,
): Promise<{ result: T; raw: Argon2Bracket }> {
  const before = await raw(BRACKET_SECONDS);
  const result = await phase();
  const after = await raw(BRACKET_SECONDS);
  const verifications = before.verifications + after.verifications;
  const seconds = before.seconds + after.seconds;
  const cpuMicrosEach =
    (before.cpuMicrosEach * before.verifications + after.cpuMicrosEach * after.verifications) /
    Math.max(1, verifications);
  return {
    result,
    raw: { verifications, seconds, perSecond: verifications / seconds, cpuMicrosEach, before, after },
  };
}

export function argon2Text(f: Argon2Figure): string {
  return `${f.perSecond.toFixed(1)}/s (${f.verifications} in ${f.seconds.toFixed(1)} s, CPU ${f.cpuMicrosEach.toFixed(0)} µs each)`;
}
