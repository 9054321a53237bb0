/**
 * Issue 9.8: two processes serving one database (or one Redis) share their throttle counters and
 * the captcha replay set. Each instance here is a full `createServices` with its own database
 * handle, as a second `propusk serve` on the same SQLite file or PostgreSQL schema would have.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  DIALECTS,
  type FreshDatabase,
  freshDatabase,
  POSTGRES_URL,
} from '../../../test/support/databases.js';
import { testConfig } from '../../../test/support/harness.js';
import type { RawConfig } from '../../config/config.js';
import { type DatabaseHandle, openDatabase } from '../../db/connect.js';
import { migrateOrThrow } from '../../db/migrate.js';
import { createServices, type Services } from '../../services.js';
import { ManualClock, MINUTE } from '../clock.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

/** A second connection to the same database, as another process would open it. */
async function secondHandle(fresh: FreshDatabase): Promise<DatabaseHandle> {
  if (fresh.handle.dialect === 'sqlite') return openDatabase(fresh.url);
  return openDatabase(POSTGRES_URL, { schema: fresh.handle.schema ?? 'public', poolSize: 4 });
}

interface Pair {
  readonly first: Services;
  readonly second: Services;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

async function twoInstances(fresh: FreshDatabase, config: Partial<RawConfig> = {}): Promise<Pair> {
  const clock = new ManualClock(Date.now());
  const other = await secondHandle(fresh);
  await migrateOrThrow(fresh.handle);
  const first = await createServices(testConfig(config), {
    clock,
    handle: fresh.handle,
    captchaTestHooks: true,
  });
  const second = await createServices(testConfig(config), { clock, handle: other, captchaTestHooks: true });
  return {
    first,
    second,
    clock,
    async close() {
      await first.close();
      await second.close();
      await other.close();
    },
  };
}

const cases = [
  ...DIALECTS.map((d) => ({ label: `one ${d.name} database`, dialect: d.name, skip: d.skip, redis: false })),
  {
    label: 'one Redis',
    dialect: 'sqlite' as const,
    skip: REDIS_URL ? (false as const) : 'TEST_REDIS_URL is not set: Redis tests skipped',
    redis: true,
  },
];

for (const c of cases) {
  describe(`9.8 two instances on ${c.label}`, { skip: c.skip }, () => {
    let fresh: FreshDatabase;
    let pair: Pair;
    before(async () => {
      fresh = await freshDatabase(c.dialect);
      pair = await twoInstances(fresh, c.redis ? { REDIS_URL } : {});
    });
    after(async () => {
      await pair?.close();
      await fresh?.drop();
    });

    test('one captcha answer accepted by one instance is refused by the other', async () => {
      const { first, second } = pair;
      const picture = await first.captcha.issue('image');
      const answer = first.captcha.revealForTests?.(picture.id) ?? '';
      assert.match(answer, /^[0-9]{5}$/);
      assert.equal(await first.captcha.verify(picture.id, answer), 'ok');
      assert.equal(await second.captcha.verify(picture.id, answer), 'reused');

      // Racing: the same solution presented to both at once is judged once.
      const work = await second.captcha.issue('pow');
      assert.ok(work.pow);
      const number = second.captcha.revealForTests?.(work.id) ?? '';
      assert.match(number, /^[0-9]+$/);
      const verdicts = await Promise.all([
        first.captcha.verify(work.id, number),
        second.captcha.verify(work.id, number),
        first.captcha.verify(work.id, number),
      ]);
      assert.deepEqual(verdicts.sort(), ['ok', 'reused', 'reused']);
    });

    test('N failures split across both instances hit the limit at N, also when racing', async () => {
      const { first, second } = pair;
      const spec = { name: `test-${randomBytes(4).toString('hex')}`, points: 10, windowSeconds: 900 };
      const a = first.limiters.limiter(spec);
      const b = second.limiters.limiter(spec);
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await a.hit('dnevnik:ivanov'), { allowed: true });
        assert.deepEqual(await b.hit('dnevnik:ivanov'), { allowed: true });
      }
      const refused = await a.check('dnevnik:ivanov');
      assert.equal(refused.allowed, false, 'ten failures, five on each, reach a limit of ten');
      if (!refused.allowed) assert.ok(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 900);
      assert.equal((await b.check('dnevnik:ivanov')).allowed, false);
      assert.equal((await b.hit('dnevnik:ivanov')).allowed, false);

      // Twenty racing hits on a fresh key, ten through each instance: exactly ten get room.
      const hits = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).hit('dnevnik:petrov')),
      );
      assert.equal(hits.filter((h) => h.allowed).length, 10);

      await b.reset('dnevnik:petrov');
      assert.deepEqual(await a.check('dnevnik:petrov'), { allowed: true }, 'a reset on one is seen by both');
    });

    test('a window ends on both instances at once', {
      skip: c.redis ? 'Redis keeps real time' : false,
    }, async () => {
      const { first, second, clock } = pair;
      const spec = { name: `test-${randomBytes(4).toString('hex')}`, points: 2, windowSeconds: 60 };
      const a = first.limiters.limiter(spec);
      const b = second.limiters.limiter(spec);
      await a.hit('k');
      await b.hit('k');
      assert.equal((await b.check('k')).allowed, false);
      clock.advance(MINUTE);
      assert.deepEqual(await a.check('k'), { allowed: true });
      assert.deepEqual(await b.hit('k'), { allowed: true }, 'a new window starts with one point spent');
      assert.deepEqual(await a.hit('k'), { allowed: true });
      assert.equal((await a.hit('k')).allowed, false);
    });
  });
}
