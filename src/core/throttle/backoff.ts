/**
 * Growing delays: a counter that lets the first `free` attempts through at once and then makes
 * each further one wait twice as long as the one before (up to `maxDelaySeconds`), while old
 * attempts are forgotten one per `forgetSeconds`. Unlike a fixed-window limit it never locks a
 * key for a long time at once: an owner who shares a budget with an attacker waits seconds to
 * minutes, and the attacker, who keeps trying, stays at the longest wait.
 *
 * An attempt is counted when it is made, before the work it guards (argon2), in one atomic step
 * per backend: of twenty racing attempts on a fresh key exactly `free` pass. A refused attempt is
 * not counted, so hammering during a wait does not make it longer — only attempts that were let
 * through do.
 *
 * The rules are written once here (`attemptStep`, `forgiveStep`, `settle`) and used by the
 * memory and database backends; the Redis backend runs the same steps as a Lua script
 * (redis-backoff.ts). Time is the caller's clock, so tests move it instead of sleeping.
 */
import type { Clock } from '../clock.js';
import type { LimitState } from './throttle.js';

export interface BackoffSpec {
  /** Names the counter family; keys of different names never meet. */
  readonly name: string;
  /** Attempts that pass without waiting. */
  readonly free: number;
  /** The wait after the last free attempt; each further attempt doubles it. */
  readonly firstDelaySeconds: number;
  readonly maxDelaySeconds: number;
  /** One counted attempt is forgotten every this many seconds. */
  readonly forgetSeconds: number;
}

export type AttemptState = { allowed: true; count: number } | { allowed: false; retryAfterSeconds: number };

export interface Backoff {
  /** Whether an attempt would pass now, without counting one. */
  peek(key: string): Promise<LimitState>;
  /** Counts an attempt now, atomically, or refuses it (uncounted) while a wait runs. */
  attempt(key: string): Promise<AttemptState>;
  /** Takes back up to `count` attempts (they succeeded, or were not carried out). */
  forgive(key: string, count: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/** One counter of a group: which family, which key. */
export interface BackoffCounter {
  readonly spec: BackoffSpec;
  readonly key: string;
}

export type GroupAttempt =
  | { readonly allowed: true; readonly counts: readonly number[] }
  /** `refusedBy`: the index of the first counter that makes the attempt wait. */
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly refusedBy: number };

/** What to give back on one counter: so many attempts, or everything (`'all'`: reset). */
export interface BackoffSettlement extends BackoffCounter {
  readonly forgive: number | 'all';
}

/**
 * Several counters moved together (sign-in's, flows/signin/budget.ts): where the store allows,
 * in one round trip (database-backoff.ts), with the same outcome as one at a time.
 */
export interface BackoffGroup {
  /**
   * Counts one attempt on every counter or on none: the first counter (in the given order) that
   * makes it wait refuses it, and whatever was counted elsewhere is given back.
   */
  attempt(counters: readonly BackoffCounter[]): Promise<GroupAttempt>;
  /** Forgives or resets, each on its counter. */
  settle(settlements: readonly BackoffSettlement[]): Promise<void>;
}

/** A group over single counters, one after the other (memory and Redis). */
export function backoffsInTurn(backoff: (spec: BackoffSpec) => Backoff): BackoffGroup {
  return {
    async attempt(counters) {
      const counts: number[] = [];
      for (const [i, c] of counters.entries()) {
        const state = await backoff(c.spec).attempt(c.key);
        if (!state.allowed) {
          for (const done of counters.slice(0, i)) await backoff(done.spec).forgive(done.key, 1);
          return { allowed: false, retryAfterSeconds: state.retryAfterSeconds, refusedBy: i };
        }
        counts.push(state.count);
      }
      return { allowed: true, counts };
    },
    async settle(settlements) {
      await Promise.all(
        settlements.map((s) =>
          s.forgive === 'all' ? backoff(s.spec).reset(s.key) : backoff(s.spec).forgive(s.key, s.forgive),
        ),
      );
    },
  };
}

/** What a backend stores per key. */
export interface BackoffRecord {
  readonly count: number;
  /** No attempt passes before this instant (ms since the epoch). */
  readonly nextAt: number;
  /** Forgetting is counted in whole periods from this instant. */
  readonly since: number;
}

/** The wait after the attempt that made the count `count`. */
export function delayMs(spec: BackoffSpec, count: number): number {
  if (count < spec.free) return 0;
  const doublings = Math.min(count - spec.free, 30);
  return Math.min(spec.maxDelaySeconds, spec.firstDelaySeconds * 2 ** doublings) * 1000;
}

/** The record as of `now`: whole forget periods taken off. Null when nothing is left. */
export function settle(record: BackoffRecord | null, now: number, spec: BackoffSpec): BackoffRecord | null {
  if (!record) return null;
  const period = spec.forgetSeconds * 1000;
  const periods = Math.floor(Math.max(0, now - record.since) / period);
  const count = Math.max(0, record.count - periods);
  if (count === 0 && record.nextAt <= now) return null;
  return { count, nextAt: record.nextAt, since: record.since + periods * period };
}

/** When a record can be dropped: everything forgotten and no wait left. */
export function expiresAt(record: BackoffRecord, spec: BackoffSpec): number {
  return Math.max(record.since + record.count * spec.forgetSeconds * 1000, record.nextAt);
}

const retryAfter = (nextAt: number, now: number): number => Math.max(1, Math.ceil((nextAt - now) / 1000));

export function peekStep(record: BackoffRecord | null, now: number, spec: BackoffSpec): LimitState {
  const current = settle(record, now, spec);
  if (current && now < current.nextAt)
    return { allowed: false, retryAfterSeconds: retryAfter(current.nextAt, now) };
  return { allowed: true };
}

export function attemptStep(
  record: BackoffRecord | null,
  now: number,
  spec: BackoffSpec,
): { state: AttemptState; record: BackoffRecord } {
  const current = settle(record, now, spec);
  if (current && now < current.nextAt) {
    return { state: { allowed: false, retryAfterSeconds: retryAfter(current.nextAt, now) }, record: current };
  }
  const count = (current?.count ?? 0) + 1;
  return {
    state: { allowed: true, count },
    record: { count, nextAt: now + delayMs(spec, count), since: current?.since ?? now },
  };
}

export function forgiveStep(
  record: BackoffRecord | null,
  forgiven: number,
  now: number,
  spec: BackoffSpec,
): BackoffRecord | null {
  const current = settle(record, now, spec);
  if (!current) return null;
  const count = Math.max(0, current.count - Math.max(0, forgiven));
  // Below the free attempts again: no wait. Above: the wait already set stays.
  const nextAt = count < spec.free ? 0 : current.nextAt;
  if (count === 0) return null;
  return { count, nextAt, since: current.since };
}

/** Backoffs in this process's memory: for unit tests (services use the database or Redis). */
export function memoryBackoff(spec: BackoffSpec, clock: Clock): Backoff {
  const records = new Map<string, BackoffRecord>();
  let writes = 0;
  function store(key: string, record: BackoffRecord | null): void {
    if (record) records.set(key, record);
    else records.delete(key);
    if (++writes % 1000 === 0) {
      const now = clock.now();
      for (const [k, r] of records) if (expiresAt(r, spec) <= now) records.delete(k);
    }
  }
  return {
    async peek(key) {
      return peekStep(records.get(key) ?? null, clock.now(), spec);
    },
    async attempt(key) {
      const { state, record } = attemptStep(records.get(key) ?? null, clock.now(), spec);
      if (state.allowed) store(key, record);
      return state;
    },
    async forgive(key, count) {
      store(key, forgiveStep(records.get(key) ?? null, count, clock.now(), spec));
    },
    async reset(key) {
      records.delete(key);
    },
  };
}
