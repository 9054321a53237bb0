/** The limiter on every back-end: the database (both dialects), Redis, and memory (unit tests). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { DIALECTS, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { migrateOrThrow } from '../../db/migrate.js';
import { ManualClock, MINUTE } from '../clock.js';
import { databaseLimiterFactory, deleteExpiredCounters } from './database-limiter.js';
import { type LimiterFactory, limiterFactory } from './throttle.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

interface Backend {
  readonly name: string;
  readonly skip: string | false;
  open(): Promise<{ factory: LimiterFactory; twin?: () => LimiterFactory; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'memory',
    skip: false,
    async open() {
      return { factory: limiterFactory(null), async close() {} };
    },
  },
  {
    name: 'redis',
    skip: REDIS_URL ? false : 'TEST_REDIS_URL is not set: Redis tests skipped',
    async open() {
      const redis = new Redis(REDIS_URL);
      const second = new Redis(REDIS_URL);
      return {
        factory: limiterFactory(redis),
        twin: () => limiterFactory(second),
        async close() {
          redis.disconnect();
          second.disconnect();
        },
      };
    },
  },
  ...DIALECTS.map(
    (d): Backend => ({
      name: `the ${d.name} database`,
      skip: d.skip,
      async open() {
        const fresh: FreshDatabase = await freshDatabase(d.name);
        await migrateOrThrow(fresh.handle);
        const clock = new ManualClock();
        return {
          factory: databaseLimiterFactory(fresh.handle.db, clock),
          twin: () => databaseLimiterFactory(fresh.handle.db, clock),
          close: () => fresh.drop(),
        };
      },
    }),
  ),
  {
    name: 'the sqlite database, counters read on the connection',
    skip: false,
    async open() {
      const fresh: FreshDatabase = await freshDatabase('sqlite');
      await migrateOrThrow(fresh.handle);
      const clock = new ManualClock();
      const { db, direct } = fresh.handle;
      assert.ok(direct);
      return {
        factory: databaseLimiterFactory(db, clock, direct),
        twin: () => databaseLimiterFactory(db, clock, direct),
        close: () => fresh.drop(),
      };
    },
  },
];

for (const backend of backends) {
  describe(`limiter in ${backend.name}`, { skip: backend.skip }, () => {
    test('counts hits, refuses past the limit, tells how long to wait, resets', async () => {
      const opened = await backend.open();
      try {
        const spec = { name: `test-${randomBytes(4).toString('hex')}`, points: 3, windowSeconds: 60 };
        const limiter = opened.factory.limiter(spec);
        assert.equal(opened.factory.limiter({ ...spec }), limiter, 'one limiter per spec');
        assert.deepEqual(await limiter.check('k'), { allowed: true });
        assert.equal(await limiter.count('k'), 0);
        for (let i = 0; i < 3; i++) assert.deepEqual(await limiter.hit('k'), { allowed: true });
        assert.equal(await limiter.count('k'), 3);
        const over = await limiter.check('k');
        assert.equal(over.allowed, false);
        if (!over.allowed) assert.ok(over.retryAfterSeconds > 0 && over.retryAfterSeconds <= 60);
        assert.equal((await limiter.hit('k')).allowed, false);
        assert.deepEqual(await limiter.check('other'), { allowed: true }, 'keys are independent');
        await limiter.reset('k');
        assert.deepEqual(await limiter.check('k'), { allowed: true });
        assert.equal(await limiter.count('k'), 0);
        if (opened.twin) {
          // A second instance sees the same counters.
          await limiter.hit('shared');
          await limiter.hit('shared');
          const twin = opened.twin().limiter(spec);
          await twin.hit('shared');
          assert.equal((await twin.check('shared')).allowed, false);
          assert.equal(await limiter.count('shared'), 3);
        }
      } finally {
        await opened.close();
      }
    });

    test('a refund gives back one point of the live window, never below zero', async () => {
      const opened = await backend.open();
      try {
        const limiter = opened.factory.limiter({
          name: `refund-${randomBytes(4).toString('hex')}`,
          points: 2,
          windowSeconds: 60,
        });
        await limiter.refund('k');
        assert.equal(await limiter.count('k'), 0, 'nothing to give back');
        await limiter.hit('k');
        await limiter.hit('k');
        assert.equal((await limiter.check('k')).allowed, false);
        await limiter.refund('k');
        assert.equal(await limiter.count('k'), 1);
        assert.deepEqual(await limiter.hit('k'), { allowed: true }, 'the point given back is spent again');
        assert.equal((await limiter.hit('k')).allowed, false);
        await limiter.refund('k');
        await limiter.refund('k');
        await limiter.refund('k');
        await limiter.refund('k');
        assert.equal(await limiter.count('k'), 0);
        await limiter.refund('k');
        assert.equal(await limiter.count('k'), 0, 'never below zero');
      } finally {
        await opened.close();
      }
    });

    test('a group spends each counter in turn and stops at the first over its limit', async () => {
      const opened = await backend.open();
      try {
        const tag = randomBytes(4).toString('hex');
        const byIp = { name: `group-ip-${tag}`, points: 2, windowSeconds: 60 };
        const bySubject = { name: `group-subject-${tag}`, points: 5, windowSeconds: 60 };
        const hits = (ip: string, subject: string) =>
          opened.factory.limits.hit([
            { spec: byIp, key: ip },
            { spec: bySubject, key: subject },
          ]);
        assert.deepEqual(await hits('ip1', 'anna'), { allowed: true });
        assert.deepEqual(await hits('ip1', 'anna'), { allowed: true });
        const refused = await hits('ip1', 'anna');
        assert.equal(refused.allowed, false);
        if (!refused.allowed) {
          assert.equal(refused.refusedBy, 0, 'the address refused it');
          assert.ok(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 60);
        }
        const subject = opened.factory.limiter(bySubject);
        assert.equal(await subject.count('anna'), 2, "a refused address spent nothing of the subject's");
        for (const ip of ['ip2', 'ip3', 'ip4']) await hits(ip, 'anna');
        const bySecond = await hits('ip5', 'anna');
        assert.equal(bySecond.allowed, false);
        if (!bySecond.allowed) assert.equal(bySecond.refusedBy, 1, 'the subject refused it');
        assert.equal(await opened.factory.limiter(byIp).count('ip5'), 1, 'the address before it was spent');
        assert.deepEqual(await opened.factory.limits.hit([]), { allowed: true });

        // Counters that only count: each is spent, also past its limit and past another's.
        const volume = { name: `group-volume-${tag}`, points: 1, windowSeconds: 60 };
        for (let i = 0; i < 3; i++)
          await opened.factory.limits.spend([
            { spec: volume, key: 'ip1' },
            { spec: bySubject, key: 'bob' },
          ]);
        assert.equal(await opened.factory.limiter(volume).count('ip1'), 3);
        assert.equal(await opened.factory.limiter(bySubject).count('bob'), 3);
        await opened.factory.limits.spend([]);
      } finally {
        await opened.close();
      }
    });

    test('odd keys: long, non-ASCII, quotes — each its own counter', async () => {
      const opened = await backend.open();
      try {
        const limiter = opened.factory.limiter({
          name: `odd-${randomBytes(4).toString('hex')}`,
          points: 1,
          windowSeconds: 60,
        });
        const long = 'x'.repeat(5000);
        const keys = [long, `${long}y`, 'логин@пример.рф', "' OR 1=1; --", '', 'a:b:c'];
        for (const key of keys) assert.deepEqual(await limiter.hit(key), { allowed: true }, key.slice(0, 20));
        for (const key of keys) assert.equal((await limiter.check(key)).allowed, false, key.slice(0, 20));
      } finally {
        await opened.close();
      }
    });
  });
}

for (const d of DIALECTS) {
  describe(`database counters on ${d.name}`, { skip: d.skip }, () => {
    test('a window ends on the injected clock; a new one starts in place; expired rows are deleted', async () => {
      const fresh = await freshDatabase(d.name);
      try {
        await migrateOrThrow(fresh.handle);
        const clock = new ManualClock();
        const limiter = databaseLimiterFactory(fresh.handle.db, clock).limiter({
          name: 'w',
          points: 2,
          windowSeconds: 600,
        });
        await limiter.hit('k');
        clock.advance(5 * MINUTE);
        await limiter.hit('k');
        const refused = await limiter.hit('k');
        assert.deepEqual(
          refused,
          { allowed: false, retryAfterSeconds: 300 },
          'the window began at the first hit',
        );
        clock.advance(5 * MINUTE);
        assert.deepEqual(await limiter.check('k'), { allowed: true });
        assert.equal(await limiter.count('k'), 0);
        assert.deepEqual(await limiter.hit('k'), { allowed: true });
        assert.equal(await limiter.count('k'), 1);
        await limiter.hit('gone');
        clock.advance(10 * MINUTE - 1);
        assert.equal(await deleteExpiredCounters(fresh.handle.db, clock.now()), 0, 'both windows still run');
        clock.advance(2);
        assert.equal(await deleteExpiredCounters(fresh.handle.db, clock.now()), 2);
        assert.equal(await deleteExpiredCounters(fresh.handle.db, clock.now()), 0);
      } finally {
        await fresh.drop();
      }
    });
  });
}

test('on SQLite a group is one transaction: a counter that fails takes the ones before it back', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    await migrateOrThrow(fresh.handle);
    const { db } = fresh.handle;
    await sql`create trigger refuse_boom before insert on throttle_counters when new.key = 'boom:x'
      begin select raise(abort, 'boom'); end`.execute(db);
    const factory = databaseLimiterFactory(db, new ManualClock());
    const first = { name: 'first', points: 5, windowSeconds: 60 };
    const boom = { name: 'boom', points: 5, windowSeconds: 60 };
    await assert.rejects(
      factory.limits.hit([
        { spec: first, key: 'x' },
        { spec: boom, key: 'x' },
      ]),
      /boom/,
    );
    // One by one, the first counter would have been committed before the second failed.
    assert.equal(await factory.limiter(first).count('x'), 0);
    await assert.rejects(
      factory.limits.spend([
        { spec: first, key: 'x' },
        { spec: boom, key: 'x' },
      ]),
      /boom/,
    );
    assert.equal(await factory.limiter(first).count('x'), 0, 'spent together or not at all');
    assert.deepEqual(await factory.limits.hit([{ spec: first, key: 'x' }]), { allowed: true });
    assert.equal(await factory.limiter(first).count('x'), 1);
  } finally {
    await fresh.drop();
  }
});
