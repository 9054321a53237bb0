/**
 * The set of captcha challenges already answered, kept until they expire so that no answer is
 * accepted twice.
 *
 * Rules:
 * - `claim` is atomic: of two requests presenting the same challenge at once, exactly one gets
 *   `true`. Where the set lives follows the throttles: Redis (`SET … NX`) when `REDIS_URL` is
 *   set, else the database (`INSERT … ON CONFLICT`, a table with the nonce as primary key), so
 *   every instance serving one realm shares it. Memory holds for one process only and is left
 *   for unit tests.
 * - Entries live until the challenge's own expiry (plus a minute for clocks that differ between
 *   instances); after that the token is refused as expired anyway, so forgetting is safe.
 * - Memory is bounded. When full, the oldest entry goes first. That reopens one old challenge
 *   only for someone who holds its solution and has pushed `maxEntries` newer answers through in
 *   its lifetime — solving that many challenges is far more work than the one replay it buys —
 *   while refusing instead would lock every real user out during such a flood.
 */
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { directWritesOf } from '../../db/direct-writes.js';
import { prepared } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../clock.js';

export interface ReplayGuard {
  /** Marks `id` used until `expiresAt`. False when it already was. */
  claim(id: string, expiresAt: number): Promise<boolean>;
  /** Whether `id` was claimed (and is still remembered). Reads only. */
  used(id: string): Promise<boolean>;
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
    async used(id) {
      return (used.get(id) ?? 0) > clock.now();
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
    async used(id) {
      return (await redis.exists(`${prefix}${id}`)) === 1;
    },
  };
}

/**
 * The set as a table. A row left from a challenge long expired (not yet cleaned up) is taken
 * over in the same statement, so cleanup is housekeeping, never needed for correctness.
 */
export function databaseReplayGuard(db: Kysely<Database>, clock: Clock): ReplayGuard {
  // Every recovery request claims one answer: the statement is compiled once (db/prepared.ts).
  const sample = { nonce: '\u0000nonce', expires: -201, now: -202 };
  const claim = prepared(
    db
      .insertInto('captcha_answers')
      .values({ nonce: sample.nonce, expires_at: sample.expires })
      .onConflict((oc) =>
        oc
          .column('nonce')
          .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
          .where('captcha_answers.expires_at', '<=', sample.now),
      )
      .returning('nonce')
      .compile(),
    sample,
  );
  // On SQLite the claim runs on the connection at once when it is free (db/direct-writes.ts).
  const writes = directWritesOf(db);
  return {
    async claim(id, expiresAt) {
      const query = claim({ nonce: id, expires: expiresAt + CLOCK_SKEW_MS, now: clock.now() });
      const rows = writes?.run(query)?.rows ?? (await db.executeQuery(query)).rows;
      return rows.length > 0;
    },
    async used(id) {
      const row = await db
        .selectFrom('captcha_answers')
        .select('nonce')
        .where('nonce', '=', id)
        .where('expires_at', '>', clock.now())
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** Forgets answers remembered until before `before`; returns how many. */
export async function deleteExpiredAnswers(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom('captcha_answers').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
