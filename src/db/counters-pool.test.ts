/**
 * The counters' connections (DatabaseHandle.counters): on PostgreSQL their commits do not wait
 * for the disk and everything else's do; they see the same schema as the rest; a counter written
 * through them is seen at once through the other pool. On SQLite they are the same connection.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { databaseLimiterFactory } from '../core/throttle/database-limiter.js';
import { migrateOrThrow } from './migrate.js';

for (const dialect of DIALECTS) {
  describe(`the counters' connections on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('counters commit without waiting for the disk; everything else waits', async (t) => {
      const fresh = await freshDatabase(dialect.name);
      t.after(() => fresh.drop());
      const counters = fresh.handle.counters ?? fresh.handle.db;
      if (dialect.name === 'sqlite') {
        assert.equal(counters, fresh.handle.db);
        return;
      }
      const setting = async (db: typeof counters) =>
        (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(db)).rows[0]?.s;
      assert.equal(await setting(counters), 'off');
      assert.equal(await setting(fresh.handle.db), 'on');
      const schemaOf = async (db: typeof counters) =>
        (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
      assert.equal(await schemaOf(counters), fresh.handle.schema);
    });

    test('a count written through them is seen at once by the other connections', async (t) => {
      const fresh = await freshDatabase(dialect.name);
      t.after(() => fresh.drop());
      await migrateOrThrow(fresh.handle);
      const clock = new ManualClock();
      const limiter = databaseLimiterFactory(fresh.handle.counters ?? fresh.handle.db, clock).limiter({
        name: 'pool-test',
        points: 2,
        windowSeconds: 60,
      });
      await limiter.hit('k');
      await limiter.hit('k');
      assert.equal((await limiter.hit('k')).allowed, false);
      const rows = await fresh.handle.db.selectFrom('throttle_counters').selectAll().execute();
      assert.equal(rows.length, 1);
    });
  });
}
