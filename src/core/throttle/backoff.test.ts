/** Growing delays on every backend: memory (unit tests), Redis, and the database on both dialects. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { DIALECTS, freshDatabase } from '../../../test/support/databases.js';
import { migrateOrThrow } from '../../db/migrate.js';
import { expiredBackoffs } from '../../janitor/tasks.js';
import { ManualClock } from '../clock.js';
import type { BackoffSpec } from './backoff.js';
import { databaseLimiterFactory } from './database-limiter.js';
import { type LimiterFactory, limiterFactory } from './throttle.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

interface Opened {
  readonly clock: ManualClock;
  readonly factory: LimiterFactory;
  /** A second instance on the same shared state. */
  readonly twin: LimiterFactory;
  close(): Promise<void>;
}

const backends: { name: string; skip: string | false; open(): Promise<Opened> }[] = [
  {
    name: 'memory',
    skip: false,
    async open() {
      const clock = new ManualClock();
      const factory = limiterFactory(null, clock);
      return { clock, factory, twin: factory, async close() {} };
    },
  },
  {
    name: 'redis',
    skip: REDIS_URL ? false : 'TEST_REDIS_URL is not set: Redis tests skipped',
    async open() {
      const clock = new ManualClock();
      const one = new Redis(REDIS_URL);
      const two = new Redis(REDIS_URL);
      return {
        clock,
        factory: limiterFactory(one, clock),
        twin: limiterFactory(two, clock),
        async close() {
          one.disconnect();
          two.disconnect();
        },
      };
    },
  },
  ...DIALECTS.map((d) => ({
    name: `the ${d.name} database`,
    skip: d.skip,
    async open(): Promise<Opened> {
      const fresh = await freshDatabase(d.name);
      await migrateOrThrow(fresh.handle);
      const clock = new ManualClock();
      return {
        clock,
        factory: databaseLimiterFactory(fresh.handle.db, clock),
        twin: databaseLimiterFactory(fresh.handle.db, clock),
        close: () => fresh.drop(),
      };
    },
  })),
];

/** A spec with a name no other run uses (Redis outlives test runs). */
const spec = (over: Partial<BackoffSpec> = {}): BackoffSpec => ({
  name: `t-${randomBytes(5).toString('hex')}`,
  free: 3,
  firstDelaySeconds: 2,
  maxDelaySeconds: 30,
  forgetSeconds: 600,
  ...over,
});

for (const backend of backends) {
  describe(`growing delays in ${backend.name}`, { skip: backend.skip }, () => {
    test('free attempts pass at once, then each waits twice as long, up to the longest wait', async () => {
      const o = await backend.open();
      try {
        const b = o.factory.backoff(spec());
        for (let i = 1; i <= 3; i++) assert.deepEqual(await b.attempt('k'), { allowed: true, count: i });
        const waits: number[] = [];
        for (let i = 0; i < 6; i++) {
          const refused = await b.attempt('k');
          assert.equal(refused.allowed, false);
          if (refused.allowed) return;
          assert.deepEqual(await b.peek('k'), refused, 'peek tells the same without counting');
          waits.push(refused.retryAfterSeconds);
          // Hammering while waiting changes nothing.
          assert.deepEqual(await b.attempt('k'), refused);
          o.clock.advance(refused.retryAfterSeconds * 1000 - 1);
          assert.equal((await b.attempt('k')).allowed, false, 'not a millisecond early');
          o.clock.advance(1);
          assert.equal((await b.attempt('k')).allowed, true);
        }
        assert.deepEqual(waits, [2, 4, 8, 16, 30, 30]);
        assert.deepEqual(await b.peek('other'), { allowed: true }, 'keys are independent');
      } finally {
        await o.close();
      }
    });

    test('old attempts are forgotten one per period; forgiven ones at once; reset forgets all', async () => {
      const o = await backend.open();
      try {
        const b = o.factory.backoff(spec({ free: 2, forgetSeconds: 60 }));
        await b.attempt('k');
        await b.attempt('k');
        assert.equal((await b.attempt('k')).allowed, false);
        o.clock.advance(60_000); // one forgotten, and the 2 s wait is over
        assert.deepEqual(await b.attempt('k'), { allowed: true, count: 2 });
        o.clock.advance(120_000);
        assert.deepEqual(await b.attempt('k'), { allowed: true, count: 1 }, 'two more forgotten');
        await b.attempt('k');
        assert.equal((await b.peek('k')).allowed, false);
        await b.forgive('k', 1);
        assert.deepEqual(await b.peek('k'), { allowed: true }, 'below the free attempts: no wait');
        assert.deepEqual(await b.attempt('k'), { allowed: true, count: 2 });
        await b.forgive('k', 10);
        assert.deepEqual(
          await b.attempt('k'),
          { allowed: true, count: 1 },
          'forgiving never goes below zero',
        );
        await b.reset('k');
        assert.deepEqual(await b.attempt('k'), { allowed: true, count: 1 });
        await b.forgive('never-seen', 3);
        assert.deepEqual(await b.attempt('never-seen'), { allowed: true, count: 1 });
      } finally {
        await o.close();
      }
    });

    test('twenty racing attempts on two instances: exactly the free ones pass', async () => {
      const o = await backend.open();
      try {
        const s = spec({ free: 7 });
        const one = o.factory.backoff(s);
        const two = o.twin.backoff(s);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one : two).attempt('raced')),
        );
        const passed = results.filter((r) => r.allowed);
        assert.equal(passed.length, 7);
        assert.deepEqual(
          passed.map((r) => (r.allowed ? r.count : 0)).sort((x, y) => x - y),
          [1, 2, 3, 4, 5, 6, 7],
        );
      } finally {
        await o.close();
      }
    });

    test('odd keys: long, non-ASCII, quotes — each its own counter', async () => {
      const o = await backend.open();
      try {
        const b = o.factory.backoff(spec({ free: 1 }));
        const long = 'x'.repeat(5000);
        const keys = [long, `${long}y`, 'логин@пример.рф', "' OR 1=1; --", '', 'a:b:c'];
        for (const key of keys) assert.deepEqual(await b.attempt(key), { allowed: true, count: 1 });
        for (const key of keys) assert.equal((await b.peek(key)).allowed, false, key.slice(0, 20));
      } finally {
        await o.close();
      }
    });
  });
}

for (const d of DIALECTS) {
  describe(`growing-delay rows in the ${d.name} database`, { skip: d.skip }, () => {
    test('the janitor deletes a row once everything in it is forgotten, and keeps the ones still counting', async () => {
      const fresh = await freshDatabase(d.name);
      try {
        await migrateOrThrow(fresh.handle);
        const clock = new ManualClock();
        const db = fresh.handle.db;
        const b = databaseLimiterFactory(db, clock).backoff(spec({ free: 2, forgetSeconds: 60 }));
        const sweep = expiredBackoffs({ db });
        await b.attempt('short'); // forgotten after a minute
        for (let i = 0; i < 2; i++) await b.attempt('long'); // two minutes, and a wait
        const rows = async () =>
          Number(
            (
              await db
                .selectFrom('throttle_backoff')
                .select(db.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        assert.equal(await rows(), 2);
        clock.advance(61_000);
        assert.equal(await sweep({ now: clock.now(), limit: 100 }), 1);
        assert.equal(await rows(), 1);
        assert.deepEqual(
          await b.attempt('long'),
          { allowed: true, count: 2 },
          'one forgotten, one still counts',
        );
        clock.advance(10 * 60_000);
        assert.equal(await sweep({ now: clock.now(), limit: 100 }), 1);
        assert.equal(await rows(), 0);
        assert.deepEqual(await b.attempt('long'), { allowed: true, count: 1 });
      } finally {
        await fresh.drop();
      }
    });
  });
}
