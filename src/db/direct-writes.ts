/**
 * The small writes of the hottest requests run on SQLite's connection at once, and several of
 * them in one transaction, not through Kysely's driver.
 *
 * A recovery request on SQLite counted four throttle hits and claimed its captcha answer, each a
 * statement of its own through Kysely: each paid the driver's connection lock and its chain of
 * promises, and each was its own commit. A commit is what costs: it writes every page the
 * statement changed to the write-ahead log (a frame header and a page, two `pwrite`s each) and
 * takes and releases the log's locks (`fcntl`) — about 65 writes and 38 lock calls per request,
 * under load 50–70 µs per committed counter against 20–25 µs for the same statement inside a
 * transaction with others.
 *
 * Here a write runs on the connection now (better-sqlite3 is synchronous), and `transaction`
 * runs several as one commit. It is only correct when nothing else holds the connection: while
 * a transaction of Kysely's is open on it (Kysely keeps it across awaits), a write here would
 * join that transaction and be rolled back with it. Then both answer `null` and the caller sends
 * its writes through Kysely, which waits its turn. PostgreSQL has no direct writes: each is a
 * round trip either way, and its batches are one statement (write-batch.ts).
 *
 * The writes of a handle are found from its Kysely instance (`directWritesOf(db)`), so code that
 * is handed only `db` can use them; a transaction's own Kysely instance (`trx`) has none.
 *
 *   const done = directWritesOf(db)?.transaction((run) => queries.map((q) => run(q).rows));
 *   const rows = done ? done.value : await sendThroughKysely(queries);
 */
import type SQLite from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

/** What one statement gave: its rows (a `RETURNING` clause's), and how many rows it changed. */
export interface DirectResult<R> {
  readonly rows: R[];
  readonly changes: number;
}

/** Runs one statement on the connection, inside the transaction of `transaction`. */
export type DirectRun = <R>(query: CompiledQuery<R>) => DirectResult<R>;

export interface DirectWrites {
  /** One statement now, its own commit; null when a transaction holds the connection. */
  run<R>(query: CompiledQuery<R>): DirectResult<R> | null;
  /**
   * `work` in one transaction now (BEGIN IMMEDIATE: it waits for another process's writer as long
   * as the busy timeout allows, instead of failing when it upgrades a read); committed when it
   * returns, rolled back when it throws. `{ value }`, or null when a transaction holds the
   * connection (nothing ran).
   */
  transaction<T>(work: (run: DirectRun) => T): { readonly value: T } | null;
}

/** `database` prepares through the handle's statement cache (connect.ts). */
export function directWrites(database: SQLite.Database): DirectWrites {
  const execute: DirectRun = <R>(query: CompiledQuery<R>): DirectResult<R> => {
    const statement = database.prepare(query.sql);
    if (statement.reader) {
      const rows = statement.all(query.parameters) as R[];
      // A write with RETURNING gives a row for each row it changed.
      return { rows, changes: rows.length };
    }
    return { rows: [], changes: statement.run(query.parameters).changes };
  };
  // Made once: better-sqlite3 builds a transaction function's BEGIN, COMMIT and ROLLBACK here.
  const inTransaction = database.transaction(<T>(work: (run: DirectRun) => T): T => work(execute));
  return {
    run(query) {
      if (database.inTransaction) return null;
      return execute(query);
    },
    transaction<T>(work: (run: DirectRun) => T) {
      if (database.inTransaction) return null;
      return { value: inTransaction.immediate(work) as T };
    },
  };
}

const registry = new WeakMap<object, DirectWrites>();

/** Makes `writes` the direct writes of the handle whose Kysely instance is `db`. */
export function registerDirectWrites(db: object, writes: DirectWrites): void {
  registry.set(db, writes);
}

/** The direct writes of the handle whose Kysely instance is `db`; none for PostgreSQL or a `trx`. */
export function directWritesOf(db: object): DirectWrites | undefined {
  return registry.get(db);
}
