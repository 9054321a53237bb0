/**
 * How hard the proof of work is: it rises with the recent volume of captcha answers from one IP
 * and from the whole realm, so a script that solves challenges in bulk pays more for each one
 * while a person asking once pays the base.
 *
 * Rules:
 * - Volume is counted when a proof-of-work answer is submitted with a genuine token (right,
 *   wrong or late): that is what a bulk solver does. Picture answers are not counted (they
 *   don't make the work any cheaper, and a realm with only the picture would pay two writes a
 *   request for nothing). Showing a form counts nothing, so a page view writes nothing; reading
 *   the two counters is what a page with a proof of work costs.
 * - The counters are throttle counters (shared by every instance: the database, or Redis) with
 *   a window of ten minutes, per realm and IP and per realm.
 * - The curve doubles the difficulty each time the volume doubles past a free allowance, up to
 *   a cap (see `powMultiplier`); `docs/SECURITY.md` prints it.
 * - Difficulty is fixed when a challenge is issued (the token's challenge is the hash of a
 *   number up to it); a rise applies to the next page.
 */
import type { LimiterFactory } from '../throttle/throttle.js';

/** Where a challenge is shown or answered: the realm and the client's IP. */
export interface CaptchaOrigin {
  readonly realm: string;
  readonly ip: string;
}

export interface PowPressure {
  /** Counts one answer submitted from `origin`. */
  record(origin: CaptchaOrigin): Promise<void>;
  /** The maxnumber for a challenge shown to `origin` now, given the base difficulty. */
  difficulty(origin: CaptchaOrigin, base: number): Promise<number>;
}

export const PRESSURE_WINDOW_SECONDS = 600;
/** Answers from one IP in the window before the difficulty starts to rise. */
export const IP_FREE = 5;
export const IP_MAX_MULTIPLIER = 16;
/** Answers from the whole realm in the window before the difficulty starts to rise. */
export const REALM_FREE = 300;
export const REALM_MAX_MULTIPLIER = 4;
/** Together at most this many times the base: 3.2 million at the default base of 100 000. */
export const MAX_MULTIPLIER = 32;

/** 1 below `free`; then 2 from `free`, 4 from 2×`free`, 8 from 4×`free`…, at most `cap`. */
export function stepMultiplier(volume: number, free: number, cap: number): number {
  if (volume < free) return 1;
  const steps = Math.floor(Math.log2(volume / free)) + 1;
  return Math.min(cap, 2 ** steps);
}

/** The factor on the base difficulty for the volumes seen from one IP and its realm. */
export function powMultiplier(ipVolume: number, realmVolume: number): number {
  return Math.min(
    MAX_MULTIPLIER,
    stepMultiplier(ipVolume, IP_FREE, IP_MAX_MULTIPLIER) *
      stepMultiplier(realmVolume, REALM_FREE, REALM_MAX_MULTIPLIER),
  );
}

export function powPressure(limiters: LimiterFactory): PowPressure {
  // The limits are never reached in practice: these limiters only count.
  const ipSpec = { name: 'captcha-volume-ip', points: 1_000_000, windowSeconds: PRESSURE_WINDOW_SECONDS };
  const realmSpec = {
    name: 'captcha-volume-realm',
    points: 1_000_000_000,
    windowSeconds: PRESSURE_WINDOW_SECONDS,
  };
  const byIp = limiters.limiter(ipSpec);
  const byRealm = limiters.limiter(realmSpec);
  const ipKey = (o: CaptchaOrigin): string => `${o.realm}:${o.ip}`;
  return {
    async record(origin) {
      // Both at once (one commit on SQLite).
      await limiters.limits.spend([
        { spec: ipSpec, key: ipKey(origin) },
        { spec: realmSpec, key: origin.realm },
      ]);
    },
    async difficulty(origin, base) {
      const [ip, realm] = await Promise.all([byIp.count(ipKey(origin)), byRealm.count(origin.realm)]);
      return Math.min(1e9, base * powMultiplier(ip, realm));
    },
  };
}
