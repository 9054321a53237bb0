import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBase64url, randomBuffer } from './random-pool.js';

test('no draw repeats another, across many refills of the block and both kinds of draw', () => {
  const seen = new Set<string>();
  // 60,000 draws of 16 bytes and 20,000 of 12: about 1.2 MB, some 300 refills of a 4 KiB block.
  for (let i = 0; i < 20_000; i++) {
    for (const value of [
      randomBase64url(16),
      randomBuffer(16).toString('hex'),
      randomBase64url(16),
      randomBuffer(12).toString('hex'),
    ]) {
      assert.equal(seen.has(value), false, `a draw came back: ${value}`);
      seen.add(value);
    }
  }
});

test('draws have the asked length; large ones too; the first draw is from the CSPRNG, not empty memory', () => {
  assert.match(randomBase64url(32), /^[A-Za-z0-9_-]{43}$/);
  assert.match(randomBase64url(16), /^[A-Za-z0-9_-]{22}$/);
  assert.equal(randomBuffer(12).length, 12);
  assert.equal(randomBuffer(200).length, 200);
  assert.match(randomBase64url(100), /^[A-Za-z0-9_-]{134}$/);
  // Every byte value turns up in 64 KiB of draws (each is expected 256 times).
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < 4096; i++) for (const byte of randomBuffer(16)) counts[byte] = (counts[byte] ?? 0) + 1;
  assert.equal(
    counts.every((n) => n > 150 && n < 370),
    true,
    'byte values far from uniform',
  );
});

test('a buffer drawn is its own: changing it changes no later draw', () => {
  const first = randomBuffer(16);
  first.fill(0);
  for (let i = 0; i < 300; i++) assert.notEqual(randomBuffer(16).toString('hex'), '0'.repeat(32));
});
