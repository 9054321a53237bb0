/**
 * Migration 0022 on SQLite: the small state tables rebuilt WITHOUT ROWID keep their rows, their
 * columns, their keys and their indexes, and go back to rowid tables on the way down.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { freshDatabase } from '../../test/support/databases.js';
import { migrateTo, migrateToLatest } from './migrate.js';
import { REBUILT } from './migrations/0022_small_state_without_rowid.js';
import type { Database } from './schema.js';

async function shapes(db: Kysely<Database>) {
  const { rows } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
    select type, name, tbl_name, sql from sqlite_master where tbl_name in (${sql.join([...REBUILT])})
    order by type, name`.execute(db);
  return rows;
}

async function fill(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('throttle_counters')
    .values({ key: 'recovery-ip:x', points: 3, expires_at: 10 })
    .execute();
  await db
    .insertInto('throttle_backoff')
    .values({ key: 'signin:x', count: 2, next_at: 5, since: 1, expires_at: 20, version: 7 })
    .execute();
  await db.insertInto('captcha_answers').values({ nonce: 'n1', expires_at: 30 }).execute();
}

async function contents(db: Kysely<Database>) {
  return {
    counters: await db.selectFrom('throttle_counters').selectAll().execute(),
    backoff: await db.selectFrom('throttle_backoff').selectAll().execute(),
    answers: await db.selectFrom('captcha_answers').selectAll().execute(),
  };
}

test('0022 rebuilds the small state tables without rowid, rows and indexes kept, and back', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const { db } = fresh.handle;
    assert.equal((await migrateTo(fresh.handle, '0021_userinfo_columns')).error, undefined);
    await fill(db);
    const before = await contents(db);
    const shapesBefore = await shapes(db);
    assert.ok(shapesBefore.every((r) => !/without rowid/i.test(r.sql ?? '')));

    const up = await migrateToLatest(fresh.handle);
    assert.equal(up.error, undefined);
    assert.ok(up.applied.includes('0022_small_state_without_rowid'));
    const after = await shapes(db);
    for (const table of REBUILT) {
      const made = after.find((r) => r.type === 'table' && r.name === table);
      assert.match(made?.sql ?? '', /without rowid$/i, `${table} is WITHOUT ROWID`);
    }
    const indexNames = (rows: typeof after) =>
      rows.filter((r) => r.type === 'index' && r.sql !== null).map((r) => r.name);
    assert.deepEqual(indexNames(after), indexNames(shapesBefore), 'the expiry indexes are made again');
    assert.ok(indexNames(after).length >= REBUILT.length);
    assert.deepEqual(await contents(db), before, 'every row kept');
    // The key is still the primary key: a second row with it is refused, an upsert updates it.
    await assert.rejects(
      db.insertInto('captcha_answers').values({ nonce: 'n1', expires_at: 1 }).execute(),
      /UNIQUE|PRIMARY/i,
    );
    const plan = await sql<{ detail: string }>`
      explain query plan select points from throttle_counters where key = ${'recovery-ip:x'}`.execute(db);
    assert.match(plan.rows.map((r) => r.detail).join(' '), /USING PRIMARY KEY/);

    const down = await migrateTo(fresh.handle, '0021_userinfo_columns');
    assert.equal(down.error, undefined);
    const undone = await shapes(db);
    assert.ok(
      undone.every((r) => !/without rowid/i.test(r.sql ?? '')),
      'rowid tables again',
    );
    assert.deepEqual(await contents(db), before);
  } finally {
    await fresh.drop();
  }
});
