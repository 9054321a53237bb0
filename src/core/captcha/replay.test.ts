import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, MINUTE } from '../clock.js';
import { memoryReplayGuard } from './replay.js';

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
