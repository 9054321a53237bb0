/**
 * Throttle counters in the database, for deployments without Redis: every instance that serves
 * from the same SQLite file or PostgreSQL schema sees the same counts.
 *
 * Rules:
 * - Fixed windows, as rate-limiter-flexible counts: the first point opens a window of
 *   `windowSeconds`; points past `points` inside it are refused until it ends.
 * - A hit is one statement, `INSERT … ON CONFLICT (key) DO UPDATE … RETURNING`: the database
 *   serialises writers on the row (PostgreSQL) or the file (SQLite), so two racing hits from two
 *   processes never read the same count. The same SQL runs on both dialects.
 * - Time is the injected clock: windows end when a test moves the clock.
 * - Keys longer than fit the column are replaced by their SHA-256 (a login or an email address
 *   can be long; its counter only needs to be the same one each time).
 * - The hit and the read of a counter run on every recovery request and sign-in page: they are
 *   compiled once (db/prepared.ts) and run with new values, not built by Kysely at each call.
 * - Expired rows are harmless (a hit past the end starts a new window in place); they are
 *   deleted by `deleteExpiredCounters`.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { databaseBackoffs } from './database-backoff.js';
import type { Limiter, LimiterFactory, LimiterSpec, LimitState } from './throttle.js';

const MAX_KEY_LENGTH = 255;

function rowKey(name: string, key: string): string {
  const full = `${name}:${key}`;
  if (full.length <= MAX_KEY_LENGTH) return full;
  return `${name}:#${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

/** The two statements every hit and check runs, compiled once by `db` (its dialect's SQL). */
function statements(db: Kysely<Database>) {
  // Sample values, all distinct, that tell which value fills which parameter.
  const key = '\u0000key';
  const points = -101;
  const expires = -102;
  const now = -103;
  return {
    hit: prepared(
      db
        .insertInto('throttle_counters')
        .values({ key, points, expires_at: expires })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => {
            const ended = eb('throttle_counters.expires_at', '<=', now);
            return {
              points: eb
                .case()
                .when(ended)
                .then(eb.lit(1))
                .else(eb('throttle_counters.points', '+', eb.lit(1)))
                .end(),
              expires_at: eb
                .case()
                .when(ended)
                .then(eb.ref('excluded.expires_at'))
                .else(eb.ref('throttle_counters.expires_at'))
                .end(),
            };
          }),
        )
        .returning(['points', 'expires_at'])
        .compile(),
      { key, points, expires, now },
    ),
    current: prepared(
      db
        .selectFrom('throttle_counters')
        .select(['points', 'expires_at'])
        .where('key', '=', key)
        .where('expires_at', '>', now)
        .compile(),
      { key, now },
    ),
  };
}

type Statements = ReturnType<typeof statements>;

export function databaseLimiterFactory(db: Kysely<Database>, clock: Clock): LimiterFactory {
  const cache = new Map<string, Limiter>();
  const sql = statements(db);
  const backoffs = databaseBackoffs(db, clock);
  return {
    backoff: backoffs.backoff,
    backoffs: backoffs.group,
    limiter(spec) {
      const cacheKey = `${spec.name}:${spec.points}:${spec.windowSeconds}`;
      let limiter = cache.get(cacheKey);
      if (!limiter) {
        limiter = databaseLimiter(db, sql, clock, spec);
        cache.set(cacheKey, limiter);
      }
      return limiter;
    },
  };
}

function databaseLimiter(db: Kysely<Database>, sql: Statements, clock: Clock, spec: LimiterSpec): Limiter {
  const windowMs = spec.windowSeconds * 1000;
  const retry = (expiresAt: number, now: number): number => Math.max(1, Math.ceil((expiresAt - now) / 1000));

  /** The live counter of `key`: points spent in the current window, or null when none. */
  const current = async (key: string, now: number) =>
    (await db.executeQuery(sql.current({ key: rowKey(spec.name, key), now }))).rows[0] ?? null;

  return {
    async check(key): Promise<LimitState> {
      const now = clock.now();
      const row = await current(key, now);
      if (row && row.points >= spec.points)
        return { allowed: false, retryAfterSeconds: retry(row.expires_at, now) };
      return { allowed: true };
    },

    async hit(key): Promise<LimitState> {
      const now = clock.now();
      const { rows } = await db.executeQuery(
        sql.hit({ key: rowKey(spec.name, key), points: 1, expires: now + windowMs, now }),
      );
      const row = rows[0];
      if (!row) throw new Error(`throttle ${spec.name}: the counter was not written`);
      if (row.points > spec.points) return { allowed: false, retryAfterSeconds: retry(row.expires_at, now) };
      return { allowed: true };
    },

    async refund(key) {
      await db
        .updateTable('throttle_counters')
        .set((eb) => ({ points: eb('points', '-', 1) }))
        .where('key', '=', rowKey(spec.name, key))
        .where('expires_at', '>', clock.now())
        .where('points', '>', 0)
        .execute();
    },

    async count(key) {
      return (await current(key, clock.now()))?.points ?? 0;
    },

    async reset(key) {
      await db.deleteFrom('throttle_counters').where('key', '=', rowKey(spec.name, key)).execute();
    },
  };
}

/** Deletes counters whose window ended before `before`; returns how many. */
export async function deleteExpiredCounters(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom('throttle_counters').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
