/**
 * The set of captcha challenges already answered, kept until they expire so that no answer is
 * accepted twice.
 *
 * Rules:
 * - `claim` is the only operation and it is atomic: of two requests presenting the same challenge
 *   at once, exactly one gets `true`. In Redis that is `SET … NX`, shared by every instance;
 *   in memory it holds for one process only, so a deployment with several instances must give
 *   the captcha a Redis client (the same `REDIS_URL` the throttles use).
 * - Entries live until the challenge's own expiry (plus a minute for clocks that differ between
 *   instances); after that the token is refused as expired anyway, so forgetting is safe.
 * - Memory is bounded. When full, the oldest entry goes first. That reopens one old challenge
 *   only for someone who holds its solution and has pushed `maxEntries` newer answers through in
 *   its lifetime — solving that many challenges is far more work than the one replay it buys —
 *   while refusing instead would lock every real user out during such a flood.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';

export interface ReplayGuard {
  /** Marks `id` used until `expiresAt`. False when it already was. */
  claim(id: string, expiresAt: number): Promise<boolean>;
}

const CLOCK_SKEW_MS = 60_000;

export function memoryReplayGuard(clock: Clock, maxEntries: number): ReplayGuard {
  // Insertion order is close to expiry order (every challenge lives as long), so expired entries
  // gather at the front of the map and leave from there in amortised constant time.
  const used = new Map<string, number>();
  return {
    async claim(id, expiresAt) {
      const now = clock.now();
      for (const [key, until] of used) {
        if (until > now) break;
        used.delete(key);
      }
      const until = used.get(id);
      if (until !== undefined && until > now) return false;
      while (used.size >= maxEntries) {
        const oldest = used.keys().next();
        if (oldest.done) break;
        used.delete(oldest.value);
      }
      used.set(id, expiresAt + CLOCK_SKEW_MS);
      return true;
    },
  };
}

export function redisReplayGuard(redis: Redis, clock: Clock, prefix = 'propusk:captcha:used:'): ReplayGuard {
  return {
    async claim(id, expiresAt) {
      const ttl = Math.max(1, expiresAt - clock.now()) + CLOCK_SKEW_MS;
      const result = await redis.set(`${prefix}${id}`, '1', 'PX', ttl, 'NX');
      return result === 'OK';
    },
  };
}
