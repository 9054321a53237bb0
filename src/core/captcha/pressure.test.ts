/** The proof of work's difficulty curve (printed in docs/SECURITY.md). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { limiterFactory } from '../throttle/throttle.js';
import { MAX_MULTIPLIER, powMultiplier, powPressure, stepMultiplier } from './pressure.js';

test('the multiplier doubles each time the volume doubles past the free allowance, up to a cap', () => {
  const steps = [0, 4, 5, 9, 10, 19, 20, 39, 40, 79, 80, 1000].map((v) => stepMultiplier(v, 5, 16));
  assert.deepEqual(steps, [1, 1, 2, 2, 4, 4, 8, 8, 16, 16, 16, 16]);
  assert.equal(powMultiplier(0, 0), 1);
  assert.equal(powMultiplier(4, 299), 1);
  assert.equal(powMultiplier(5, 0), 2);
  assert.equal(powMultiplier(0, 300), 2);
  assert.equal(powMultiplier(0, 600), 4);
  assert.equal(powMultiplier(0, 100_000), 4, 'the realm alone doubles twice at most');
  assert.equal(powMultiplier(10, 300), 8);
  assert.equal(powMultiplier(1000, 100_000), MAX_MULTIPLIER, 'together capped');
});

test('answers recorded for one origin raise its difficulty and the realm’s, nobody else’s', async () => {
  const pressure = powPressure(limiterFactory(null));
  const here = { realm: `r${Math.random()}`, ip: '203.0.113.1' };
  for (let i = 0; i < 5; i++) await pressure.record(here);
  assert.equal(await pressure.difficulty(here, 1000), 2000);
  assert.equal(await pressure.difficulty({ ...here, ip: '203.0.113.2' }, 1000), 1000);
  assert.equal(await pressure.difficulty({ realm: 'elsewhere', ip: here.ip }, 1000), 1000);
});
