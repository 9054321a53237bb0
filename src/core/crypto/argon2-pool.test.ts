/** The argon2 pool: how many run at once, in what order, and when a sign-in is turned away. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argon2Pool } from './argon2-pool.js';

function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

test('at most `concurrency` computations run at once, the rest wait in arrival order', async () => {
  const pool = argon2Pool({ concurrency: 2, maxWaiting: 10 });
  const gates = [gate(), gate(), gate(), gate()];
  const started: number[] = [];
  const all = gates.map((g, i) =>
    pool.run(async () => {
      started.push(i);
      await g.promise;
      return i;
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(pool.stats(), { running: 2, waiting: 2, admitted: 0, done: 0 });
  gates[1]?.open();
  await all[1];
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1, 2], 'the first waiting one takes the free runner');
  for (const g of gates) g.open();
  assert.deepEqual(await Promise.all(all), [0, 1, 2, 3]);
  assert.equal(pool.stats().done, 4);
});

test('sign-ins past concurrency + maxWaiting are refused; a cancelled place is given back', async () => {
  const pool = argon2Pool({ concurrency: 1, maxWaiting: 2 });
  const places = [pool.admit(), pool.admit(), pool.admit()];
  assert.ok(places.every((p) => p !== null));
  assert.equal(pool.admit(), null, 'the fourth is refused');
  assert.ok(pool.retryAfterSeconds() >= 1);
  places[2]?.cancel();
  places[2]?.cancel(); // twice is once
  const again = pool.admit();
  assert.ok(again, 'the cancelled place is free again');
  assert.equal(pool.admit(), null);
  const g = gate();
  const running = places[0]?.run(() => g.promise);
  assert.equal(pool.admit(), null, 'a running sign-in still holds its place');
  g.open();
  await running;
  assert.ok(pool.admit(), 'a finished one does not');
  // Work that is not a sign-in always queues, and counts against the sign-ins' room.
  const busy = argon2Pool({ concurrency: 1, maxWaiting: 1 });
  const h = gate();
  const hashing = [busy.run(() => h.promise), busy.run(() => h.promise)];
  assert.equal(busy.admit(), null);
  h.open();
  await Promise.all(hashing);
});
