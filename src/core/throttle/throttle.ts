/**
 * Brute-force throttling. Where the counters live (services.ts chooses):
 * - Redis when `REDIS_URL` is set (rate-limiter-flexible's RateLimiterRedis, here);
 * - otherwise the database (database-limiter.ts), so that several processes on one SQLite file
 *   or one PostgreSQL schema share them;
 * - memory (rate-limiter-flexible's RateLimiterMemory, here) only in unit tests.
 *
 * Two kinds of counter: the `Limiter` (fixed windows: so many points, then refused until the
 * window ends) and the `Backoff` (backoff.ts: growing delays that slow down instead of locking;
 * sign-in's counters, see flows/signin/budget.ts). Both count before the work they guard.
 */
import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { type Clock, systemClock } from '../clock.js';
import {
  type Backoff,
  type BackoffGroup,
  type BackoffSpec,
  backoffsInTurn,
  memoryBackoff,
} from './backoff.js';
import { redisBackoff } from './redis-backoff.js';

export type LimitState = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface Limiter {
  /** Whether `key` still has room, without spending any. Returns seconds to wait when not. */
  check(key: string): Promise<LimitState>;
  /** Spends one point. Returns false when that was over the limit. */
  hit(key: string): Promise<LimitState>;
  /**
   * Gives back one point spent by an allowed `hit` in the current window (a guess counted before
   * the check that turned out right); never below zero, and nothing once the window has ended.
   */
  refund(key: string): Promise<void>;
  /** Points spent on `key` in its current window (0 when none). */
  count(key: string): Promise<number>;
  reset(key: string): Promise<void>;
}

export interface LimiterSpec {
  readonly name: string;
  readonly points: number;
  readonly windowSeconds: number;
}

/** One counter of a group: its limit and the key it counts. */
export interface LimitCounter {
  readonly spec: LimiterSpec;
  readonly key: string;
}

export type GroupHit =
  | { readonly allowed: true }
  /** `refusedBy`: the index of the counter that was over its limit. */
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly refusedBy: number };

export interface LimitGroup {
  /**
   * Spends one point on each counter in the given order, as `hit` would one by one, and stops at
   * the first that is over its limit: the counters after it are not spent (an address over its
   * limit cannot use up a person's). In the database on SQLite: one transaction.
   */
  hit(counters: readonly LimitCounter[]): Promise<GroupHit>;
  /**
   * Spends one point on each counter, whatever the others say: counters that only count (the
   * captcha's volume). At once where each is a round trip of its own (Redis, PostgreSQL); in the
   * database on SQLite one transaction.
   */
  spend(counters: readonly LimitCounter[]): Promise<void>;
}

/** A group that hits each counter with its own limiter, in turn. */
export function limitsInTurn(limiter: (spec: LimiterSpec) => Limiter): LimitGroup {
  return {
    async hit(counters) {
      for (const [i, c] of counters.entries()) {
        const state = await limiter(c.spec).hit(c.key);
        if (!state.allowed)
          return { allowed: false, retryAfterSeconds: state.retryAfterSeconds, refusedBy: i };
      }
      return { allowed: true };
    },
    async spend(counters) {
      await Promise.all(counters.map((c) => limiter(c.spec).hit(c.key)));
    },
  };
}

export interface LimiterFactory {
  limiter(spec: LimiterSpec): Limiter;
  /** Several counters spent at once (the captcha's volume, a recovery request's limits). */
  readonly limits: LimitGroup;
  /** Growing delays (backoff.ts): sign-in's counters. */
  backoff(spec: BackoffSpec): Backoff;
  /** Several growing-delay counters at once (flows/signin/budget.ts). */
  readonly backoffs: BackoffGroup;
}

/** One backoff per distinct spec, made by `make` the first time. */
export function backoffCache(make: (spec: BackoffSpec) => Backoff): (spec: BackoffSpec) => Backoff {
  const cache = new Map<string, Backoff>();
  return (spec) => {
    const key = JSON.stringify([
      spec.name,
      spec.free,
      spec.firstDelaySeconds,
      spec.maxDelaySeconds,
      spec.forgetSeconds,
    ]);
    let backoff = cache.get(key);
    if (!backoff) {
      backoff = make(spec);
      cache.set(key, backoff);
    }
    return backoff;
  };
}

export function limiterFactory(redis: Redis | null, clock: Clock = systemClock): LimiterFactory {
  const cache = new Map<string, Limiter>();
  const backoff = backoffCache((spec) =>
    redis ? redisBackoff(redis, spec, clock) : memoryBackoff(spec, clock),
  );
  const factory: LimiterFactory = {
    backoff,
    backoffs: backoffsInTurn(backoff),
    limits: limitsInTurn((spec) => factory.limiter(spec)),
    limiter(spec) {
      const cacheKey = `${spec.name}:${spec.points}:${spec.windowSeconds}`;
      const existing = cache.get(cacheKey);
      if (existing) return existing;
      const options: IRateLimiterOptions = {
        keyPrefix: `propusk:${spec.name}`,
        points: spec.points,
        duration: spec.windowSeconds,
      };
      const impl = redis
        ? new RateLimiterRedis({ ...options, storeClient: redis })
        : new RateLimiterMemory(options);
      const retry = (res: RateLimiterRes): number => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      const limiter: Limiter = {
        async check(key) {
          const res = await impl.get(key);
          if (res && res.consumedPoints >= spec.points)
            return { allowed: false, retryAfterSeconds: retry(res) };
          return { allowed: true };
        },
        async hit(key) {
          try {
            await impl.consume(key);
            return { allowed: true };
          } catch (err) {
            if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: retry(err) };
            throw err;
          }
        },
        async refund(key) {
          const res = await impl.get(key);
          if (res && res.consumedPoints > 0) await impl.reward(key, 1);
        },
        async count(key) {
          return (await impl.get(key))?.consumedPoints ?? 0;
        },
        async reset(key) {
          await impl.delete(key);
        },
      };
      cache.set(cacheKey, limiter);
      return limiter;
    },
  };
  return factory;
}
