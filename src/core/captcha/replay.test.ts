import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS, freshDatabase } from '../../../test/support/databases.js';
import { migrateOrThrow } from '../../db/migrate.js';
import { ManualClock, MINUTE } from '../clock.js';
import { databaseReplayGuard, deleteExpiredAnswers, memoryReplayGuard } from './replay.js';

test('in memory: a claim succeeds once, and is forgotten after expiry (plus clock slack)', async () => {
  const clock = new ManualClock();
  const guard = memoryReplayGuard(clock, 10);
  const expiresAt = clock.now() + 10 * MINUTE;
  assert.equal(await guard.claim('a', expiresAt), true);
  assert.equal(await guard.claim('a', expiresAt), false);
  assert.equal(await guard.claim('b', expiresAt), true);
  clock.advance(10 * MINUTE);
  assert.equal(await guard.claim('a', expiresAt), false, 'still remembered within the slack');
  clock.advance(MINUTE + 1);
  assert.equal(await guard.claim('a', expiresAt), true, 'gone once the token itself is long expired');
});

test('in memory: bounded; when full the oldest entry makes room', async () => {
  const clock = new ManualClock();
  const guard = memoryReplayGuard(clock, 3);
  const expiresAt = clock.now() + MINUTE;
  for (const id of ['1', '2', '3', '4']) assert.equal(await guard.claim(id, expiresAt), true);
  assert.equal(await guard.claim('4', expiresAt), false);
  assert.equal(await guard.claim('3', expiresAt), false);
  assert.equal(await guard.claim('1', expiresAt), true, 'the oldest was dropped to stay within the cap');
});

for (const d of DIALECTS) {
  test(`in the ${d.name} database: claimed once, shared by two guards, racing claims judged once, expired rows reclaimed and deleted`, {
    skip: d.skip,
  }, async () => {
    const fresh = await freshDatabase(d.name);
    try {
      await migrateOrThrow(fresh.handle);
      const clock = new ManualClock();
      const guard = databaseReplayGuard(fresh.handle.db, clock);
      const other = databaseReplayGuard(fresh.handle.db, clock);
      const expiresAt = clock.now() + 10 * MINUTE;
      assert.equal(await guard.used('a'), false);
      assert.equal(await guard.claim('a', expiresAt), true);
      assert.equal(await other.claim('a', expiresAt), false);
      assert.equal(await other.used('a'), true);
      const racing = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? guard : other).claim('b', expiresAt)),
      );
      assert.equal(racing.filter(Boolean).length, 1);
      clock.advance(10 * MINUTE);
      assert.equal(await guard.claim('a', expiresAt), false, 'still remembered within the slack');
      clock.advance(MINUTE + 1);
      assert.equal(await guard.used('a'), false);
      assert.equal(await guard.claim('a', clock.now() + MINUTE), true, 'an expired row is taken over');
      assert.equal(await deleteExpiredAnswers(fresh.handle.db, clock.now()), 1, 'only b had expired');
    } finally {
      await fresh.drop();
    }
  });
}
