/**
 * Several writes sent as one, each still judged on its own: the caller gets back how many rows
 * each write changed, as if it had run alone. Sign-in counts an attempt on three throttle
 * counters and settles them afterwards (core/throttle/database-backoff.ts); three statements of
 * their own cost three round trips and three commits each time.
 *
 * - PostgreSQL: one statement, each write a data-modifying `WITH` clause that returns a row per
 *   row it changed, counted by the outer select: one round trip, one commit. All clauses see
 *   the same snapshot, so the writes of one batch must not touch the same row (the caller's
 *   keys are distinct). Should that statement meet a deadlock, the writes are sent again one by
 *   one.
 * - SQLite: one transaction through Kysely (its writes are synchronous; one commit instead of one
 *   each), or with `{ onConnection: true }` one transaction on the connection at once when it is
 *   free (direct-writes.ts). Only the sign-in's session and event go that way: the recovery
 *   request's batch, tried there, made a request for a person who exists measurably slower than
 *   one for nobody (recovery.timing.test.ts, p between 0.01 and 0.04 in three runs of four, never
 *   through Kysely); the cause was not found. A sign-in's batch follows the right password only.
 *
 * Either way the batch is atomic: when a write fails with an error, none of them is kept.
 * Only plain INSERT, UPDATE and DELETE without a RETURNING clause of their own and without
 * string literals (values are parameters) are accepted; anything else is refused before it
 * reaches the database.
 */
import { CompiledQuery, type Kysely, SqliteAdapter } from 'kysely';
import { directWritesOf } from './direct-writes.js';
import type { Database } from './schema.js';

export type WriteBatch = (writes: readonly CompiledQuery[]) => Promise<number[]>;

const WRITE = /^\s*(insert|update|delete)\b/i;
const RETURNING = /\breturning\b/i;
/** PostgreSQL's deadlock_detected. */
const DEADLOCK = '40P01';

function changed(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

function check(write: CompiledQuery): void {
  if (!WRITE.test(write.sql) || RETURNING.test(write.sql) || write.sql.includes("'")) {
    throw new Error(`write batch: not a plain write: ${write.sql}`);
  }
}

/** `writes` as one PostgreSQL statement; its parameters renumbered after the ones before. */
export function combined(writes: readonly CompiledQuery[]): CompiledQuery<Record<string, number>> {
  let offset = 0;
  const clauses: string[] = [];
  const counts: string[] = [];
  const parameters: unknown[] = [];
  writes.forEach((write, i) => {
    const shift = offset;
    const text = write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`);
    clauses.push(`w${i} as (${text} returning 1)`);
    counts.push(`(select count(*) from w${i}) as n${i}`);
    parameters.push(...write.parameters);
    offset += write.parameters.length;
  });
  return CompiledQuery.raw(
    `with ${clauses.join(', ')} select ${counts.join(', ')}`,
    parameters,
  ) as CompiledQuery<Record<string, number>>;
}

export function writeBatch(db: Kysely<Database>, options: { onConnection?: boolean } = {}): WriteBatch {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const direct = options.onConnection ? directWritesOf(db) : undefined;
  const oneByOne = async (writes: readonly CompiledQuery[]): Promise<number[]> => {
    const out: number[] = [];
    for (const write of writes) out.push(changed(await db.executeQuery(write)));
    return out;
  };
  return async (writes) => {
    for (const write of writes) check(write);
    if (writes.length === 0) return [];
    const done = direct?.transaction((run) => writes.map((write) => run(write).changes));
    if (done) return done.value;
    if (writes.length === 1) return oneByOne(writes);
    if (sqlite) return db.transaction().execute((trx) => oneByOneIn(trx, writes));
    try {
      const row = (await db.executeQuery(combined(writes))).rows[0];
      return writes.map((_, i) => Number(row?.[`n${i}`] ?? 0));
    } catch (err) {
      if ((err as { code?: unknown }).code !== DEADLOCK) throw err;
      return oneByOne(writes);
    }
  };
}

async function oneByOneIn(trx: Kysely<Database>, writes: readonly CompiledQuery[]): Promise<number[]> {
  const out: number[] = [];
  for (const write of writes) out.push(changed(await trx.executeQuery(write)));
  return out;
}
