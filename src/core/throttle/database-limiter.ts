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
 * - On SQLite a hit runs on the connection at once when nothing else holds it, and a group of
 *   hits (`limits.hit`, `limits.spend`) is one transaction: one commit instead of one per counter
 *   (db/direct-writes.ts). The counters' reads run there too (db/direct-reads.ts).
 * - Expired rows are harmless (a hit past the end starts a new window in place); they are
 *   deleted by `deleteExpiredCounters`.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DirectReads } from '../../db/direct-reads.js';
import { directWritesOf } from '../../db/direct-writes.js';
import { prepared } from '../../db/prepared.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { extended } from '../extended.js';
import { databaseBackoffs } from './database-backoff.js';
import {
  type GroupHit,
  type Limiter,
  type LimiterFactory,
  type LimiterSpec,
  type LimitGroup,
  type LimitState,
  limitsInTurn,
} from './throttle.js';

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

type Counter = { readonly points: number; readonly expires_at: number };

const retry = (expiresAt: number, now: number): number => Math.max(1, Math.ceil((expiresAt - now) / 1000));

/** What a hit that left `row` means under `spec`. */
function judged(spec: LimiterSpec, row: Counter | undefined, now: number): LimitState {
  if (!row) throw new Error(`throttle ${spec.name}: the counter was not written`);
  if (row.points > spec.points) return { allowed: false, retryAfterSeconds: retry(row.expires_at, now) };
  return { allowed: true };
}

/** `direct`: SQLite's reads on the connection (the handle's); its writes are found from `db`. */
export function databaseLimiterFactory(
  db: Kysely<Database>,
  clock: Clock,
  direct?: DirectReads,
): LimiterFactory {
  const cache = new Map<string, Limiter>();
  const sql = statements(db);
  const readCurrent = direct?.(sql.current({ key: '', now: 0 }));
  const backoffs = databaseBackoffs(db, clock);
  const factory: LimiterFactory = {
    backoff: backoffs.backoff,
    backoffs: backoffs.group,
    limits: databaseLimits(db, sql, clock, (spec) => factory.limiter(spec)),
    limiter(spec) {
      const cacheKey = `${spec.name}:${spec.points}:${spec.windowSeconds}`;
      let limiter = cache.get(cacheKey);
      if (!limiter) {
        limiter = databaseLimiter(db, sql, clock, spec, readCurrent);
        cache.set(cacheKey, limiter);
      }
      return limiter;
    },
  };
  return factory;
}

/** The hit of `key` under `spec` at `now`, as a statement. */
function hitQuery(sql: Statements, spec: LimiterSpec, key: string, now: number) {
  return sql.hit({ key: rowKey(spec.name, key), points: 1, expires: now + spec.windowSeconds * 1000, now });
}

/**
 * On SQLite, the group's hits in one transaction on the connection, stopping at the first refused
 * (its own point stays spent, as a lone refused hit's does); elsewhere, or while a transaction
 * holds the connection, one by one through each limiter.
 */
function databaseLimits(
  db: Kysely<Database>,
  sql: Statements,
  clock: Clock,
  limiter: (spec: LimiterSpec) => Limiter,
): LimitGroup {
  const writes = directWritesOf(db);
  const inTurn = limitsInTurn(limiter);
  return {
    async hit(counters) {
      const now = clock.now();
      const done = writes?.transaction((run): GroupHit => {
        for (const [i, c] of counters.entries()) {
          const state = judged(c.spec, run(hitQuery(sql, c.spec, c.key, now)).rows[0], now);
          if (!state.allowed) return extended(state, { refusedBy: i });
        }
        return { allowed: true };
      });
      if (done) return done.value;
      return inTurn.hit(counters);
    },
    async spend(counters) {
      const now = clock.now();
      const done = writes?.transaction((run) => {
        for (const c of counters) run(hitQuery(sql, c.spec, c.key, now));
      });
      if (!done) await inTurn.spend(counters);
    },
  };
}

function databaseLimiter(
  db: Kysely<Database>,
  sql: Statements,
  clock: Clock,
  spec: LimiterSpec,
  readCurrent: ((parameters: readonly unknown[]) => Counter[] | null) | undefined,
): Limiter {
  const writes = directWritesOf(db);

  /** The live counter of `key`: points spent in the current window, or null when none. */
  const current = async (key: string, now: number): Promise<Counter | null> => {
    const query = sql.current({ key: rowKey(spec.name, key), now });
    const rows = readCurrent?.(query.parameters) ?? (await db.executeQuery(query)).rows;
    return rows[0] ?? null;
  };

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
      const query = hitQuery(sql, spec, key, now);
      const rows = writes?.run(query)?.rows ?? (await db.executeQuery(query)).rows;
      return judged(spec, rows[0], now);
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
