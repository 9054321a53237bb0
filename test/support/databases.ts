/**
 * The dialects a suite runs on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set (CI
 * sets it). Each test file gets a fresh database — a temp SQLite file, or its own PostgreSQL
 * schema that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, type DialectName, dropSchema, openDatabase } from '../../src/db/connect.js';

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
