/**
 * PostgreSQL statements named by their text (connect.ts, `withNamedStatements`): a data
 * statement is parsed once per connection and then only bound and executed; batched and `*`
 * statements and everything else stay unnamed; a column added by a migration while an instance
 * runs leaves its prepared statements working; errors and transactions behave as before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../test/support/databases.js';
import { oneOf, openDatabase } from './connect.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres');

/** The statements this connection has prepared, by their text. */
async function prepared(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db);
  return rows.map((r) => r.statement);
}

describe('named statements on postgres', { skip: postgres?.skip ?? 'no PostgreSQL case' }, () => {
  test('a data statement is prepared once per connection and answers every time', async (t) => {
    const fresh = await freshDatabase('postgres');
    t.after(() => fresh.drop());
    await sql`create table items (id int primary key, name text not null, extra text)`.execute(
      fresh.handle.db,
    );
    await sql`insert into items (id, name) values (1, 'one'), (2, 'two')`.execute(fresh.handle.db);
    await fresh.handle.db.connection().execute(async (conn) => {
      const db = conn as unknown as Kysely<{ items: { id: number; name: string; extra: string | null } }>;
      const find = (id: number) => db.selectFrom('items').select(['id', 'name']).where('id', '=', id);
      assert.deepEqual(await find(1).executeTakeFirst(), { id: 1, name: 'one' });
      assert.deepEqual(await find(2).executeTakeFirst(), { id: 2, name: 'two' });
      assert.equal(await find(3).executeTakeFirst(), undefined);
      const texts = await prepared(conn as unknown as Kysely<unknown>);
      const text = find(1).compile().sql;
      assert.equal(texts.filter((s) => s === text).length, 1, 'prepared once');
      // `select *`, a batch of many values and DDL are not prepared.
      await db.selectFrom('items').selectAll().execute();
      const many = Array.from({ length: 30 }, (_, i) => i);
      assert.equal((await db.selectFrom('items').select('id').where('id', 'in', many).execute()).length, 2);
      await sql`create index items_name on items (name)`.execute(conn);
      const after = await prepared(conn as unknown as Kysely<unknown>);
      assert.equal(after.length, texts.length, `nothing else prepared: ${after.join(' | ')}`);
    });
  });

  test('a column added by another instance leaves the prepared statements working', async (t) => {
    const fresh = await freshDatabase('postgres');
    t.after(() => fresh.drop());
    await sql`create table items (id int primary key, name text not null)`.execute(fresh.handle.db);
    await sql`insert into items (id, name) values (1, 'one')`.execute(fresh.handle.db);
    const db = fresh.handle.db as unknown as Kysely<{ items: { id: number; name: string } }>;
    const pick = () => db.selectFrom('items').select(['id', 'name']).where('id', '=', 1).executeTakeFirst();
    const all = () => db.selectFrom('items').selectAll().where('id', '=', 1).executeTakeFirst();
    // Every pooled connection prepares them (ten at once use several connections).
    await Promise.all(Array.from({ length: 10 }, () => Promise.all([pick(), all()])));
    const other = await openDatabase(fresh.url, { schema: fresh.handle.schema ?? '' });
    t.after(() => other.close());
    await sql`alter table items add column extra text`.execute(other.db);
    for (const row of await Promise.all(Array.from({ length: 10 }, pick))) {
      assert.deepEqual(row, { id: 1, name: 'one' });
    }
    for (const row of await Promise.all(Array.from({ length: 10 }, all))) {
      assert.deepEqual(row, { id: 1, name: 'one', extra: null });
    }
  });

  test('an error leaves the statement usable, and a transaction rolls back as before', async (t) => {
    const fresh = await freshDatabase('postgres');
    t.after(() => fresh.drop());
    await sql`create table items (id int primary key, name text not null)`.execute(fresh.handle.db);
    const db = fresh.handle.db as unknown as Kysely<{ items: { id: number; name: string } }>;
    const insert = (id: number, name: string) => db.insertInto('items').values({ id, name }).execute();
    await insert(1, 'one');
    await assert.rejects(insert(1, 'again'), /duplicate key/);
    await insert(2, 'two');
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 3, name: 'three' }).execute();
        await trx.insertInto('items').values({ id: 1, name: 'clash' }).execute();
      }),
      /duplicate key/,
    );
    const ids = (await db.selectFrom('items').select('id').orderBy('id').execute()).map((r) => r.id);
    assert.deepEqual(ids, [1, 2]);
  });
});

for (const dialect of DIALECTS) {
  describe(`oneOf on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('finds the listed rows for any number of values; PostgreSQL prepares one text for all', async (t) => {
      const fresh = await freshDatabase(dialect.name);
      t.after(() => fresh.drop());
      await sql`create table items (id varchar(20) primary key, name text not null)`.execute(fresh.handle.db);
      const ids = Array.from({ length: 60 }, (_, i) => `id${i}`);
      await fresh.handle.db
        .withTables<{ items: { id: string; name: string } }>()
        .insertInto('items')
        .values(ids.map((id) => ({ id, name: `name of ${id}` })))
        .execute();
      await fresh.handle.db.connection().execute(async (conn) => {
        const db = conn as unknown as Kysely<{ items: { id: string; name: string } }>;
        const find = (wanted: readonly string[]) =>
          db
            .selectFrom('items')
            .select('id')
            .where(oneOf(db, 'id', wanted))
            .orderBy('id');
        for (const wanted of [
          ['id3'],
          ['id1', 'id2', 'nobody'],
          ids.slice(5, 56),
          ["x'); drop table items; --"],
        ]) {
          const found = (await find(wanted).execute()).map((r) => r.id);
          assert.deepEqual(found, wanted.filter((id) => ids.includes(id)).sort());
        }
        if (dialect.name === 'postgres') {
          assert.equal(find(['a']).compile().sql, find(ids).compile().sql, 'one text for any count');
          const texts = await prepared(conn as unknown as Kysely<unknown>);
          assert.equal(texts.filter((s) => s === find(['a']).compile().sql).length, 1, 'prepared once');
        }
      });
    });
  });
}
