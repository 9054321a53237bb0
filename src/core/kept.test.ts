import assert from 'node:assert/strict';
import test from 'node:test';
import { kept } from './kept.js';

test('kept values: bounded, the oldest out first, a key kept twice keeps its first place', () => {
  const values = kept<string, number>(3);
  values.keep('a', 1);
  values.keep('b', 2);
  values.keep('a', 9);
  assert.equal(values.get('a'), 1, 'keeping a kept key again changes nothing');
  values.keep('c', 3);
  values.keep('d', 4);
  assert.equal(values.size, 3);
  assert.equal(values.get('a'), undefined, 'the oldest went first');
  assert.deepEqual(
    ['b', 'c', 'd'].map((k) => values.get(k)),
    [2, 3, 4],
  );
  values.forget('c');
  assert.equal(values.get('c'), undefined);
  assert.equal(values.size, 2);
});

test('kept values: the limit must be a positive integer', () => {
  assert.throws(() => kept(0), /positive integer/);
  assert.throws(() => kept(1.5), /positive integer/);
});
