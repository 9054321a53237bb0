/**
 * On SQLite a group of growing-delay counters (sign-in's three) is one transaction on the
 * connection at once (db/direct-writes.ts), and goes through Kysely while a transaction of
 * Kysely's holds the connection, so that it never joins that transaction. What every back-end
 * must do is in backoff.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import {
  countDirectTransactions,
  freshDatabase,
  pausedTransaction,
} from '../../../test/support/databases.js';
import { migrateOrThrow } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { ManualClock } from '../clock.js';
import type { BackoffCounter, BackoffSpec } from './backoff.js';
import { databaseLimiterFactory } from './database-limiter.js';

const spec = (name: string): BackoffSpec => ({
  name,
  free: 3,
  firstDelaySeconds: 2,
  maxDelaySeconds: 30,
  forgetSeconds: 600,
});

const COUNTERS: readonly BackoffCounter[] = [
  { spec: spec('pair'), key: 'x' },
  { spec: spec('login'), key: 'x' },
  { spec: spec('address'), key: 'x' },
];

/** Each counter's count as the database holds it (0: no row). */
async function counts(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('throttle_backoff').select(['key', 'count']).execute();
  const of = new Map(rows.map((r) => [r.key, Number(r.count)]));
  return COUNTERS.map((c) => of.get(`${c.spec.name}:${c.key}`) ?? 0);
}

test('on SQLite a group is counted and settled in one transaction on the connection at once', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db } = fresh.handle;
    const spy = countDirectTransactions(db);
    const group = databaseLimiterFactory(db, new ManualClock()).backoffs;
    assert.deepEqual(await group.attempt(COUNTERS), { allowed: true, counts: [1, 1, 1] });
    assert.equal(spy.transactions(), 1);
    assert.deepEqual(await group.attempt(COUNTERS), { allowed: true, counts: [2, 2, 2] });
    assert.equal(spy.transactions(), 2);
    assert.deepEqual(await counts(db), [2, 2, 2]);
    const [pair, login, address] = COUNTERS as [BackoffCounter, BackoffCounter, BackoffCounter];
    await group.settle([
      { ...pair, forgive: 'all' },
      { ...login, forgive: 1 },
      { ...address, forgive: 2 },
    ]);
    assert.equal(spy.transactions(), 3);
    assert.deepEqual(await counts(db), [0, 1, 0]);
  } finally {
    await fresh.drop();
  }
});

test('while a transaction holds the connection, a group waits for it and is not rolled back with it', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db } = fresh.handle;
    const spy = countDirectTransactions(db);
    const group = databaseLimiterFactory(db, new ManualClock()).backoffs;
    const held = await pausedTransaction(db, async (trx) => {
      await trx
        .insertInto('throttle_backoff')
        .values({ key: 'held:x', count: 1, next_at: 0, since: 0, expires_at: 1, version: 1 })
        .execute();
    });
    const attempt = group.attempt(COUNTERS);
    await new Promise((resolve) => setTimeout(resolve, 20));
    held.rollBack();
    await assert.rejects(held.ended, /rolled back/);
    assert.deepEqual(await attempt, { allowed: true, counts: [1, 1, 1] });
    assert.equal(spy.transactions(), 0, 'the group went through Kysely');
    assert.deepEqual(await counts(db), [1, 1, 1], 'counted, not rolled back with the other transaction');
  } finally {
    await fresh.drop();
  }
});

test('on SQLite a counter of a group that fails takes the ones before it back', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db } = fresh.handle;
    await sql`create trigger refuse_address before insert on throttle_backoff when new.key = 'address:x'
      begin select raise(abort, 'boom'); end`.execute(db);
    const group = databaseLimiterFactory(db, new ManualClock()).backoffs;
    await assert.rejects(group.attempt(COUNTERS), /boom/);
    assert.deepEqual(await counts(db), [0, 0, 0], 'counted together or not at all');
  } finally {
    await fresh.drop();
  }
});
