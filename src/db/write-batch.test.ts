/** Several writes as one (write-batch.ts), on both dialects. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import {
  countDirectTransactions,
  DIALECTS,
  freshDatabase,
  pausedTransaction,
} from '../../test/support/databases.js';
import { migrateOrThrow } from './migrate.js';
import type { Database } from './schema.js';
import { combined, writeBatch } from './write-batch.js';

const row = (key: string, count: number) => ({
  key,
  count,
  next_at: 1000 + count,
  since: 2000 + count,
  expires_at: 3000 + count,
  version: 4000 + count,
});

const insert = (db: Kysely<Database>, key: string, count: number) =>
  db
    .insertInto('throttle_backoff')
    .values(row(key, count))
    .onConflict((oc) => oc.column('key').doNothing())
    .compile();

const rows = (db: Kysely<Database>) =>
  db
    .selectFrom('throttle_backoff')
    .select(['key', 'count', 'next_at', 'since', 'expires_at', 'version'])
    .orderBy('key')
    .execute();

const MODES = [
  { name: 'through Kysely', options: {} },
  { name: 'on the connection at once', options: { onConnection: true } },
] as const;

for (const d of DIALECTS) {
  for (const mode of MODES)
    describe(`write batches on ${d.name}, ${mode.name}`, { skip: d.skip }, () => {
      test('each write is counted as if it ran alone, and every value lands in its own column', async () => {
        const fresh = await freshDatabase(d.name);
        try {
          await migrateOrThrow(fresh.handle);
          const db = fresh.handle.db;
          const batch = writeBatch(db, mode.options);
          await db.insertInto('throttle_backoff').values(row('b', 7)).execute();
          const done = await batch([
            insert(db, 'a', 1), // new: 1
            insert(db, 'b', 2), // there already: 0
            db
              .updateTable('throttle_backoff')
              .set({ count: 9 })
              .where('key', '=', 'b')
              .where('version', '=', 4007)
              .compile(),
            db.updateTable('throttle_backoff').set({ count: 5 }).where('key', '=', 'zz').compile(), // no such row: 0
            insert(db, 'c', 3),
            db.deleteFrom('throttle_backoff').where('key', '=', 'd').compile(), // none: 0
          ]);
          assert.deepEqual(done, [1, 0, 1, 0, 1, 0]);
          assert.deepEqual(
            (await rows(db)).map((r) => ({ ...r })),
            [row('a', 1), { ...row('b', 7), count: 9 }, row('c', 3)],
            'twelve and more parameters, each in its place',
          );
        } finally {
          await fresh.drop();
        }
      });

      test('a write that fails takes the whole batch with it', async () => {
        const fresh = await freshDatabase(d.name);
        try {
          await migrateOrThrow(fresh.handle);
          const db = fresh.handle.db;
          await db.insertInto('throttle_backoff').values(row('taken', 1)).execute();
          const duplicate = db.insertInto('throttle_backoff').values(row('taken', 2)).compile();
          await assert.rejects(
            writeBatch(db, mode.options)([insert(db, 'first', 1), duplicate, insert(db, 'third', 3)]),
          );
          assert.deepEqual(
            (await rows(db)).map((r) => r.key),
            ['taken'],
          );
        } finally {
          await fresh.drop();
        }
      });

      test('only plain writes: a select, a RETURNING or a literal is refused before the database', async () => {
        const fresh = await freshDatabase(d.name);
        try {
          await migrateOrThrow(fresh.handle);
          const db = fresh.handle.db;
          const batch = writeBatch(db, mode.options);
          const select = db.selectFrom('throttle_backoff').select('key').compile();
          const returning = db
            .deleteFrom('throttle_backoff')
            .where('key', '=', 'x')
            .returning('key')
            .compile();
          const literal = db.deleteFrom('throttle_backoff').where(sql<boolean>`key = 'x'`).compile();
          for (const bad of [select, returning, literal]) {
            await assert.rejects(batch([insert(db, 'ok', 1), bad]), /not a plain write/);
          }
          assert.deepEqual(await rows(db), [], 'nothing of those batches was written');
          assert.deepEqual(await batch([]), []);
        } finally {
          await fresh.drop();
        }
      });
    });
}

test('on SQLite a batch on the connection is one transaction there, and goes through Kysely while one holds it', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const db = fresh.handle.db;
    const spy = countDirectTransactions(db);
    const batch = writeBatch(db, { onConnection: true });
    assert.deepEqual(await batch([insert(db, 'a', 1), insert(db, 'b', 2)]), [1, 1]);
    assert.equal(spy.transactions(), 1);
    const held = await pausedTransaction(db, async (trx) => {
      await trx.insertInto('throttle_backoff').values(row('held', 9)).execute();
    });
    const waiting = batch([insert(db, 'c', 3), insert(db, 'd', 4)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    held.rollBack();
    await assert.rejects(held.ended, /rolled back/);
    assert.deepEqual(await waiting, [1, 1]);
    assert.equal(spy.transactions(), 1, 'the second batch went through Kysely');
    assert.deepEqual(
      (await rows(db)).map((r) => r.key),
      ['a', 'b', 'c', 'd'],
      'not rolled back with the other transaction',
    );
  } finally {
    await fresh.drop();
  }
});

test('on PostgreSQL the writes become one statement, parameters renumbered after the ones before', () => {
  const one = { sql: 'insert into "t" ("a", "b") values ($1, $2)', parameters: ['a1', 'b1'] };
  const two = {
    sql: 'update "t" set "a" = $1 where "b" = $2 and "c" = $10',
    parameters: ['x', 'y', ...'12345678'],
  };
  const q = combined([one, two].map((w) => ({ ...w, query: {} as never, queryId: {} as never })));
  assert.equal(
    q.sql,
    'with w0 as (insert into "t" ("a", "b") values ($1, $2) returning 1), ' +
      'w1 as (update "t" set "a" = $3 where "b" = $4 and "c" = $12 returning 1) ' +
      'select (select count(*) from w0) as n0, (select count(*) from w1) as n1',
  );
  assert.deepEqual(q.parameters, ['a1', 'b1', 'x', 'y', ...'12345678']);
});
