/** Writes run on the SQLite connection at once (direct-writes.ts), and when they must not be. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS, freshDatabase, pausedTransaction } from '../../test/support/databases.js';
import { directWritesOf } from './direct-writes.js';
import { migrateOrThrow } from './migrate.js';

const counter = (key: string, points: number) => ({ key, points, expires_at: 1_000 });

test('a write runs now and gives its rows and changes; a transaction commits all or nothing', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db } = fresh.handle;
    const writes = directWritesOf(db);
    assert.ok(writes, 'SQLite has direct writes');
    const insert = db.insertInto('throttle_counters').values(counter('a', 1)).returning('points').compile();
    assert.deepEqual(writes.run(insert), { rows: [{ points: 1 }], changes: 1 });
    const update = db.updateTable('throttle_counters').set({ points: 5 }).where('key', '=', 'a').compile();
    assert.deepEqual(writes.run(update), { rows: [], changes: 1 });

    const both = writes.transaction((run) => [
      run(db.insertInto('throttle_counters').values(counter('b', 2)).compile()).changes,
      run(db.deleteFrom('throttle_counters').where('key', '=', 'nothing').compile()).changes,
    ]);
    assert.deepEqual(both, { value: [1, 0] });

    assert.throws(
      () =>
        writes.transaction((run) => {
          run(db.insertInto('throttle_counters').values(counter('c', 3)).compile());
          // The same key again: the primary key refuses it, and the first insert goes with it.
          run(db.insertInto('throttle_counters').values(counter('c', 4)).compile());
        }),
      /UNIQUE constraint failed/,
    );
    const keys = await db.selectFrom('throttle_counters').select(['key', 'points']).orderBy('key').execute();
    assert.deepEqual(keys, [
      { key: 'a', points: 5 },
      { key: 'b', points: 2 },
    ]);
  } finally {
    await fresh.drop();
  }
});

test('while a transaction of Kysely holds the connection, nothing runs and null says so', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db } = fresh.handle;
    const writes = directWritesOf(db);
    assert.ok(writes);
    const held = await pausedTransaction(db, async (trx) => {
      assert.equal(directWritesOf(trx), undefined, 'a transaction has no direct writes of its own');
      await trx.insertInto('throttle_counters').values(counter('inside', 1)).execute();
    });
    const write = db.insertInto('throttle_counters').values(counter('outside', 1)).compile();
    // Run here, it would join the transaction and be rolled back with it.
    assert.equal(writes.run(write), null);
    let ran = false;
    assert.equal(
      writes.transaction(() => {
        ran = true;
      }),
      null,
    );
    assert.equal(ran, false, 'the work did not run');
    held.rollBack();
    await assert.rejects(held.ended, /rolled back/);
    assert.deepEqual(await db.selectFrom('throttle_counters').select('key').execute(), []);
    assert.deepEqual(writes.run(write), { rows: [], changes: 1 }, 'free again: it runs');
  } finally {
    await fresh.drop();
  }
});

for (const d of DIALECTS.filter((x) => x.name === 'postgres')) {
  test('PostgreSQL has no direct writes', { skip: d.skip }, async () => {
    const fresh = await freshDatabase(d.name);
    try {
      assert.equal(directWritesOf(fresh.handle.db), undefined);
    } finally {
      await fresh.drop();
    }
  });
}
