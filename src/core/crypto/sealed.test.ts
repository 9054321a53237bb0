import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sealer } from './sealed.js';

test('sealed values open with the same key and purpose only, and tampering is detected', () => {
  const box = sealer('a'.repeat(40), 'outbox');
  const sealed = box.seal('Ссылка: https://id.example/reset/abc');
  assert.ok(!sealed.includes('abc'));
  assert.notEqual(box.seal('x'), box.seal('x'), 'fresh IV each time');
  assert.equal(box.open(sealed), 'Ссылка: https://id.example/reset/abc');
  assert.equal(sealer('b'.repeat(40), 'outbox').open(sealed), null);
  assert.equal(sealer('a'.repeat(40), 'other').open(sealed), null);
  // One character of the tag changed to another (never to itself: the IV is random, so any
  // character may be there).
  const at = sealed.length - 2;
  const flipped = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
  assert.notEqual(flipped, sealed);
  assert.equal(box.open(flipped), null);
  assert.equal(box.open('garbage'), null);
});
