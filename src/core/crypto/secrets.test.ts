import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyedHasher, newId, newToken } from './secrets.js';

test('ids are 22 base64url characters and never start with a dash (CLI arguments)', () => {
  for (let i = 0; i < 5000; i++) {
    const id = newId();
    assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  }
  assert.match(newToken(), /^[A-Za-z0-9_-]{43}$/);
});

test('keyed hashes depend on the purpose and compare in constant time', () => {
  const k = keyedHasher('s'.repeat(40));
  const h = k.hash('session', 'abc');
  assert.notEqual(h, k.hash('recovery-link', 'abc'));
  assert.equal(k.matches('session', 'abc', h), true);
  assert.equal(k.matches('session', 'abd', h), false);
  assert.equal(k.matches('session', 'abc', 'short'), false);
});
