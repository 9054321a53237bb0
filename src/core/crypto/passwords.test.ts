import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordHasher } from './passwords.js';

const FAST = { memoryCost: 8192, timeCost: 1, parallelism: 1 };

test('argon2id hashes verify, wrong passwords and malformed hashes do not', async () => {
  const hasher = await passwordHasher(FAST);
  const stored = await hasher.hash('Пароль-123');
  assert.match(stored, /^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
  assert.equal(await hasher.verify(stored, 'Пароль-123'), true);
  assert.equal(await hasher.verify(stored, 'пароль-123'), false);
  assert.equal(await hasher.verify('not a hash', 'x'), false);
  assert.equal(await hasher.verifyAgainstDummy('x'), false);
});

test('a hash made with other parameters needs a rehash', async () => {
  const old = await (await passwordHasher(FAST)).hash('secret');
  const stronger = await passwordHasher({ ...FAST, timeCost: 2 });
  assert.equal(stronger.needsRehash(old), true);
  assert.equal(stronger.needsRehash(await stronger.hash('secret')), false);
  assert.equal(stronger.needsRehash('$2b$10$bcrypt'), true);
});
