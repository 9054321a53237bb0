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

    test('a group counts on every counter, and settles each: reset, forgive', async () => {
      const o = await backend.open();
      try {
        const [a, b, c] = [spec(), spec(), spec()];
        const [pair, login, address] = [
          { spec: a, key: 'pair' },
          { spec: b, key: 'login' },
          { spec: c, key: 'address' },
        ] as const;
        const counters = [pair, login, address];
        assert.deepEqual(await o.factory.backoffs.attempt(counters), { allowed: true, counts: [1, 1, 1] });
        assert.deepEqual(await o.factory.backoffs.attempt(counters), { allowed: true, counts: [2, 2, 2] });
        await o.factory.backoffs.settle([
          { ...pair, forgive: 'all' },
          { ...login, forgive: 1 },
          { ...address, forgive: 2 },
          { spec: spec(), key: 'never-seen', forgive: 1 },
        ]);
        assert.deepEqual(await o.factory.backoff(a).attempt('pair'), { allowed: true, count: 1 });
        assert.deepEqual(await o.factory.backoff(b).attempt('login'), { allowed: true, count: 2 });
        assert.deepEqual(await o.factory.backoff(c).attempt('address'), { allowed: true, count: 1 });
      } finally {
        await o.close();
      }
    });

    test('a group refused by one counter leaves no trace on the others, even one another instance moved', async () => {
      const o = await backend.open();
      try {
        // The third counter waits after each attempt: a count taken back but its wait left
        // longer would show as a refusal below.
        const [a, b, c] = [spec(), spec({ free: 2 }), spec({ free: 1, firstDelaySeconds: 2 })];
        const counters = [
          { spec: a, key: 'pair' },
          { spec: b, key: 'login' },
          { spec: c, key: 'address' },
        ];
        assert.deepEqual(await o.factory.backoffs.attempt(counters), { allowed: true, counts: [1, 1, 1] });
        o.clock.advance(2_000); // the address's wait is over
        // Elsewhere, the login's free attempts are spent: this instance has not seen it.
        assert.equal((await o.twin.backoff(b).attempt('login')).allowed, true);
        const refused = await o.factory.backoffs.attempt(counters);
        assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 2, refusedBy: 1 });
        assert.deepEqual(
          await o.factory.backoff(c).peek('address'),
          { allowed: true },
          'the address as it was',
        );
        assert.deepEqual(await o.twin.backoff(a).attempt('pair'), { allowed: true, count: 2 });
        assert.deepEqual(await o.twin.backoff(c).attempt('address'), { allowed: true, count: 2 });
      } finally {
        await o.close();
      }
    });

    test('twenty racing groups on two instances: exactly the free ones pass, the others count nowhere', async () => {
      const o = await backend.open();
      try {
        const [own, shared] = [spec(), spec({ free: 7 })];
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 === 0 ? o.factory : o.twin).backoffs.attempt([
              { spec: own, key: `pair-${i}` },
              { spec: shared, key: 'address' },
            ]),
          ),
        );
        const passed = results.flatMap((r) => (r.allowed ? [r.counts[1]] : []));
        assert.deepEqual(
          passed.sort((x, y) => (x ?? 0) - (y ?? 0)),
          [1, 2, 3, 4, 5, 6, 7],
        );
        for (const [i, r] of results.entries()) {
          const next = await o.factory.backoff(own).attempt(`pair-${i}`);
          assert.deepEqual(next, { allowed: true, count: r.allowed ? 2 : 1 }, `pair-${i}`);
        }
      } finally {
        await o.close();
      }
    });

    test('one school behind one address: many groups at once on one instance all go through', async () => {
      const o = await backend.open();
      try {
        const [pair, login, address] = [spec(), spec(), spec({ free: 50 })];
        let next = 0;
        const signIn = async (): Promise<void> => {
          while (next < 400) {
            const n = next++;
            const first = { spec: pair, key: `person-${n}:address` };
            const second = { spec: login, key: `person-${n}` };
            const third = { spec: address, key: 'address' };
            const spent = await o.factory.backoffs.attempt([first, second, third]);
            assert.equal(spent.allowed, true);
            if (!spent.allowed) return;
            await o.factory.backoffs.settle([
              { ...first, forgive: 'all' },
              { ...second, forgive: 1 },
              { ...third, forgive: spent.counts[0] ?? 1 },
            ]);
          }
        };
        await Promise.all(Array.from({ length: 8 }, signIn));
        assert.deepEqual(await o.factory.backoff(address).attempt('address'), { allowed: true, count: 1 });
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
