/**
 * On SQLite, the small tables written on nearly every request — throttle counters, sign-in
 * backoff, answered captcha challenges — become WITHOUT ROWID tables: the row lives in its
 * primary key's b-tree instead of in a rowid table with a separate index on the key. Each write
 * then changes two b-trees (the key and the expiry index) instead of three, and each commit
 * appends a WAL page less: in a loop of committed upserts, 40 → 32 µs each.
 *
 * The table is rebuilt under its own name with the same columns (SQLite keeps the statement
 * that made it), its rows copied, its indexes made again, all in one transaction. PostgreSQL
 * has no rowid: nothing changes there.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connect.js';

export const REBUILT = ['throttle_counters', 'throttle_backoff', 'captcha_answers'] as const;

async function rebuild(db: Kysely<unknown>, table: string, withoutRowid: boolean): Promise<void> {
  const made = await sql<{ type: string; sql: string }>`
    select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db);
  const create = made.rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`migration 0022: no table ${table}`);
  const indexes = made.rows.filter((r) => r.type === 'index').map((r) => r.sql);
  const body = create.slice(create.indexOf('('), create.lastIndexOf(')') + 1);
  const temporary = `${table}_rebuilt`;
  await sql.raw(`create table "${temporary}" ${body}${withoutRowid ? ' without rowid' : ''}`).execute(db);
  await sql.raw(`insert into "${temporary}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${temporary}" rename to "${table}"`).execute(db);
  for (const index of indexes) await sql.raw(index).execute(db);
}

export function smallStateWithoutRowid(dialect: DialectName): Migration {
  const all = async (db: Kysely<unknown>, withoutRowid: boolean): Promise<void> => {
    if (dialect !== 'sqlite') return;
    await db.transaction().execute(async (trx) => {
      for (const table of REBUILT) await rebuild(trx, table, withoutRowid);
    });
  };
  return {
    up: (db) => all(db, true),
    down: (db) => all(db, false),
  };
}
