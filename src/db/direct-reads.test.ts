/** Reads run on the SQLite connection at once (direct-reads.ts), and when they must not be. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { freshDatabase, pausedTransaction } from '../../test/support/databases.js';
import { migrateOrThrow } from './migrate.js';

const row = (key: string, count: number) => ({
  key,
  count,
  next_at: 1,
  since: 2,
  expires_at: 3,
  version: 4,
});

test('the rows are those Kysely reads, with every column under its name', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const { db, direct } = fresh.handle;
    assert.ok(direct, 'SQLite has direct reads');
    const query = db
      .selectFrom('throttle_backoff')
      .select(['key', 'count', 'next_at as next', 'expires_at'])
      .where('count', '>=', 0)
      .orderBy('key')
      .compile();
    // Made before the table exists, as the service makes its reads before migrating.
    const read = direct(query);
    await migrateOrThrow(fresh.handle);
    await db
      .insertInto('throttle_backoff')
      .values([row('b', 2), row('a', 1)])
      .execute();
    const viaKysely = (await db.executeQuery(query)).rows;
    assert.equal(viaKysely.length, 2);
    assert.deepEqual(read(query.parameters), viaKysely);
    assert.deepEqual(read([5]), [], 'its parameters are the ones given');
  } finally {
    await fresh.drop();
  }
});

test('while a transaction holds the connection, a read answers null and never sees its writes', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db, direct } = fresh.handle;
    assert.ok(direct);
    const query = db.selectFrom('throttle_backoff').select('key').compile();
    const read = direct(query);
    const held = await pausedTransaction(db, async (trx) => {
      await trx.insertInto('throttle_backoff').values(row('uncommitted', 1)).execute();
    });
    assert.equal(read([]), null, 'the write is not committed: the caller must go through Kysely');
    held.rollBack();
    await assert.rejects(held.ended, /rolled back/);
    assert.deepEqual(read([]), [], 'after the rollback the read runs again and finds nothing');
  } finally {
    await fresh.drop();
  }
});

test('only reads can be direct', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const { db, direct } = fresh.handle;
    assert.ok(direct);
    const write = db.deleteFrom('throttle_backoff').where('key', '=', 'a').compile();
    assert.throws(() => direct(write), /not a read/);
    const twice = direct(CompiledQuery.raw('select 1 as a, 2 as a'));
    assert.throws(() => twice([]), /share a name/);
    const prototype = direct(CompiledQuery.raw('select 1 as "__proto__"'));
    assert.throws(() => prototype([]), /__proto__/);
  } finally {
    await fresh.drop();
  }
});

test('any column name is a field of the row, in the statement’s order', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const { direct } = fresh.handle;
    assert.ok(direct);
    const names = [`it's "quoted"`, 'two words', '\\', 'constructor', 'zero'];
    const columns = names.map((n, i) => `${i === 0 ? '?' : i + 1} as "${n.replaceAll('"', '""')}"`);
    const read = direct<Record<string, unknown>>(
      CompiledQuery.raw(`select ${columns.join(', ')} union all select 6, 7, 8, 9, 10`),
    );
    const rows = read(['a']) ?? [];
    assert.deepEqual(rows, [
      Object.fromEntries(names.map((n, i) => [n, i === 0 ? 'a' : i + 1])),
      Object.fromEntries(names.map((n, i) => [n, i + 6])),
    ]);
    assert.deepEqual(Object.keys(rows[0] ?? {}), names);
    assert.equal(Object.getPrototypeOf(rows[1]), Object.prototype);
  } finally {
    await fresh.drop();
  }
});
