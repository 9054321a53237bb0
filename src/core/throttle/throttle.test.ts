/** The limiter on both back-ends: in memory, and Redis shared by several instances. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { limiterFactory } from './throttle.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

const backends = [
  { name: 'memory', skip: false as const },
  { name: 'redis', skip: REDIS_URL ? (false as const) : 'TEST_REDIS_URL is not set: Redis tests skipped' },
];

for (const backend of backends) {
  describe(`limiter in ${backend.name}`, { skip: backend.skip }, () => {
    test('counts hits, refuses past the limit, tells how long to wait, resets', async () => {
      const redis = backend.name === 'redis' ? new Redis(REDIS_URL) : null;
      try {
        const spec = { name: `test-${randomBytes(4).toString('hex')}`, points: 3, windowSeconds: 60 };
        const limiter = limiterFactory(redis).limiter(spec);
        assert.deepEqual(await limiter.check('k'), { allowed: true });
        for (let i = 0; i < 3; i++) assert.deepEqual(await limiter.hit('k'), { allowed: true });
        const over = await limiter.check('k');
        assert.equal(over.allowed, false);
        if (!over.allowed) assert.ok(over.retryAfterSeconds > 0 && over.retryAfterSeconds <= 60);
        assert.equal((await limiter.hit('k')).allowed, false);
        assert.deepEqual(await limiter.check('other'), { allowed: true }, 'keys are independent');
        await limiter.reset('k');
        assert.deepEqual(await limiter.check('k'), { allowed: true });
        if (redis) {
          // A second instance sees the same counters.
          const second = new Redis(REDIS_URL);
          try {
            await limiter.hit('shared');
            await limiter.hit('shared');
            const twin = limiterFactory(second).limiter(spec);
            await twin.hit('shared');
            assert.equal((await twin.check('shared')).allowed, false);
          } finally {
            second.disconnect();
          }
        }
      } finally {
        redis?.disconnect();
      }
    });
  });
}
