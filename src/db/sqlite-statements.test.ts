/**
 * Kysely's SQLite statements (src/db/sqlite-statements.ts): prepared once per SQL text, a
 * reader's rows built from raw rows. The rows must be exactly what better-sqlite3 itself makes,
 * whatever the columns are called, and a `select *` must follow a schema changed by another
 * connection.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { type DatabaseHandle, openDatabase } from './connect.js';
import { STAR_PROJECTION } from './sqlite-statements.js';

describe('SQLite statements for Kysely', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let other: SQLite.Database;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'propusk-statements-'));
    const path = join(dir, 'rows.sqlite');
    handle = await openDatabase(path);
    await sql`create table t (id integer primary key, name text, score real, data blob, note text)`.execute(
      handle.db,
    );
    await sql`insert into t values (1, 'Аня', 4.5, x'00ff', null), (2, 'Boris', null, null, 'x')`.execute(
      handle.db,
    );
    other = new SQLite(path);
  });
  after(async () => {
    other?.close();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('rows are what better-sqlite3 makes: every type, nulls, aliases, odd and repeated names', async () => {
    const text = `select id, name as "имя", score, data, note, id as "a""b\\c", name as "__proto__", note as "note", 7 as "x", 8 as "x" from t order by id`;
    const { rows } = await sql.raw<Record<string, unknown>>(text).execute(handle.db);
    const own = other.prepare(text).all() as Record<string, unknown>[];
    assert.equal(rows.length, 2);
    assert.deepEqual(rows, own);
    const first = rows[0] ?? {};
    assert.equal(first.имя, 'Аня');
    assert.deepEqual(first.data, Buffer.from([0, 255]));
    assert.equal(first['a"b\\c'], 1);
    assert.equal(first.x, 8, 'the last of two columns of one name wins, as in better-sqlite3');
    assert.equal(Object.getPrototypeOf(first), Object.prototype);
    // A column called __proto__ is what better-sqlite3 makes of it: no own property, no prototype set.
    assert.equal(Object.getOwnPropertyDescriptor(first, '__proto__'), undefined);
    // Asked again (the cached statement), the same rows.
    assert.deepEqual((await sql.raw<Record<string, unknown>>(text).execute(handle.db)).rows, own);
  });

  test('Kysely queries, parameters, no rows, writes and a stream', async () => {
    const none = await sql<{ id: number }>`select id from t where name = ${'nobody'}`.execute(handle.db);
    assert.deepEqual(none.rows, []);
    const one = await sql<{
      id: number;
      n: number;
    }>`select id, count(*) as n from t where name = ${'Boris'}`.execute(handle.db);
    assert.deepEqual(one.rows, [{ id: 2, n: 1 }]);
    const written = await sql`update t set note = ${'y'} where id = ${2}`.execute(handle.db);
    assert.equal(written.numAffectedRows, 1n);
    const returned = await sql<{
      id: number;
      note: string;
    }>`update t set note = ${'z'} where id = ${2} returning id, note`.execute(handle.db);
    assert.deepEqual(returned.rows, [{ id: 2, note: 'z' }]);
    const streamed: unknown[] = [];
    for await (const row of handle.db
      .selectFrom(sql<{ id: number }>`(select id from t)`.as('s'))
      .select('id')
      .stream()) {
      streamed.push(row);
    }
    assert.deepEqual(streamed, [{ id: 1 }, { id: 2 }]);
  });

  test('a select * follows columns added and dropped by another connection; named columns keep theirs', async () => {
    await sql`create table u (a integer, b text, c text)`.execute(handle.db);
    await sql`insert into u values (1, 'b', 'c')`.execute(handle.db);
    const star = () => sql.raw<Record<string, unknown>>('select * from u').execute(handle.db);
    const named = () => sql.raw<Record<string, unknown>>('select a, c from u').execute(handle.db);
    assert.deepEqual((await star()).rows, [{ a: 1, b: 'b', c: 'c' }]);
    assert.deepEqual((await named()).rows, [{ a: 1, c: 'c' }]);
    other.exec(`alter table u add column d text default 'd'`);
    assert.deepEqual((await star()).rows, [{ a: 1, b: 'b', c: 'c', d: 'd' }]);
    other.exec('alter table u drop column b');
    assert.deepEqual((await star()).rows, [{ a: 1, c: 'c', d: 'd' }]);
    assert.deepEqual((await named()).rows, [{ a: 1, c: 'c' }], 'c is still c, though it moved');
  });

  test('what counts as a * projection', () => {
    for (const text of [
      'select * from t',
      'select "p".* from people as p',
      'select p.* from people p',
      'select distinct * from t',
      'select id, * from t',
      'insert into t (id) values (?) returning *',
    ]) {
      assert.ok(STAR_PROJECTION.test(text), text);
    }
    for (const text of ['select count(*) from t', 'select id, name from t', 'select 2 * 3 as six']) {
      assert.ok(!STAR_PROJECTION.test(text), text);
    }
  });
});
