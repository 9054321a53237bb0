/**
 * Brute-force throttling with rate-limiter-flexible: in memory for one instance, in Redis when
 * `REDIS_URL` is set so that several instances share the counters.
 *
 * Sign-in counts failures only: per account (realm + login, so a guesser can't lock a person
 * out for longer than the window) and per IP address (wide enough for a school behind one NAT).
 */
import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

export interface Limiter {
  /** Whether `key` still has room, without spending any. Returns seconds to wait when not. */
  check(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Spends one point. Returns false when that was over the limit. */
  hit(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  reset(key: string): Promise<void>;
}

export interface LimiterSpec {
  readonly name: string;
  readonly points: number;
  readonly windowSeconds: number;
}

export interface LimiterFactory {
  limiter(spec: LimiterSpec): Limiter;
}

export function limiterFactory(redis: Redis | null): LimiterFactory {
  const cache = new Map<string, Limiter>();
  return {
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
        async reset(key) {
          await impl.delete(key);
        },
      };
      cache.set(cacheKey, limiter);
      return limiter;
    },
  };
}
