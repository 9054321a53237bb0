/**
 * The dialects a suite runs on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set (CI
 * sets it). Each test file gets a fresh database — a temp SQLite file, or its own PostgreSQL
 * schema that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { type DatabaseHandle, type DialectName, dropSchema, openDatabase } from '../../src/db/connect.js';
import { directWritesOf, registerDirectWrites } from '../../src/db/direct-writes.js';
import type { Database } from '../../src/db/schema.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? '';

export interface DialectCase {
  readonly name: DialectName;
  /** Why this dialect is skipped here, or false. */
  readonly skip: string | false;
}

export const DIALECTS: readonly DialectCase[] = [
  { name: 'sqlite', skip: false },
  { name: 'postgres', skip: POSTGRES_URL ? false : 'TEST_DATABASE_URL is not set: PostgreSQL tests skipped' },
];

export interface FreshDatabase {
  readonly handle: DatabaseHandle;
  readonly url: string;
  drop(): Promise<void>;
}

/** `postgresUrl`: the benchmark names its own database (BENCH_DATABASE_URL). */
export async function freshDatabase(
  dialect: DialectName,
  postgresUrl: string = POSTGRES_URL,
): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'propusk-test-'));
    const url = join(dir, 'test.sqlite');
    const handle = await openDatabase(url);
    return {
      handle,
      url,
      async drop() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase(postgresUrl, { schema, poolSize: 4 });
  return {
    handle,
    url: postgresUrl,
    async drop() {
      await handle.close();
      await dropSchema(postgresUrl, schema);
    },
  };
}

/**
 * A transaction of Kysely's on `db` held open mid-way: `work` runs in it, then it waits until
 * `rollBack` is called and ends with the error "rolled back" (`ended` rejects with it). For tests
 * of what may run on the connection while a transaction holds it.
 */
export async function pausedTransaction(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<void>,
): Promise<{ rollBack(): void; readonly ended: Promise<void> }> {
  let rollBack = (): void => {};
  const paused = new Promise<void>((resolve) => {
    rollBack = resolve;
  });
  let inside = (): void => {};
  const begun = new Promise<void>((resolve) => {
    inside = resolve;
  });
  const ended = db.transaction().execute(async (trx) => {
    await work(trx);
    inside();
    await paused;
    throw new Error('rolled back');
  });
  // Settled by the caller's assertion; until then a rejection here is not unhandled.
  ended.catch(() => undefined);
  await Promise.race([begun, ended]);
  return { rollBack, ended };
}

/**
 * Counts the transactions that run on the SQLite connection at once (db/direct-writes.ts) from
 * now on: the handle's direct writes are replaced by the same ones, counted. A transaction
 * refused because another holds the connection (null) is not counted.
 */
export function countDirectTransactions(db: Kysely<Database>): { readonly transactions: () => number } {
  const real = directWritesOf(db);
  if (!real) throw new Error('no direct writes on this handle');
  let transactions = 0;
  registerDirectWrites(db, {
    run: (query) => real.run(query),
    transaction(work) {
      const done = real.transaction(work);
      if (done) transactions++;
      return done;
    },
  });
  return { transactions: () => transactions };
}
