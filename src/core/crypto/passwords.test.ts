import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argon2Pool } from './argon2-pool.js';
import { parametersOf, passwordHasher, type StoredParameterSource } from './passwords.js';

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

test('parameters the service would not compute are not read from a stored hash', () => {
  assert.deepEqual(parametersOf('$argon2id$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA'), FAST);
  assert.equal(parametersOf('$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$aGFzaA'), null);
  assert.equal(parametersOf('$argon2id$v=19$m=8192,t=900,p=1$c2FsdA$aGFzaA'), null);
  assert.equal(parametersOf('$argon2i$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA'), null);
});

/** A table of stored hashes, as the people store answers about it. */
function table(rows: string[]): StoredParameterSource & { rows: string[]; queries: number } {
  const source = {
    rows,
    queries: 0,
    async findOther(known: readonly string[]) {
      source.queries++;
      return source.rows.find((h) => !known.some((p) => h.startsWith(p))) ?? null;
    },
    async has(prefix: string) {
      source.queries++;
      return source.rows.some((h) => h.startsWith(prefix));
    },
  };
  return source;
}

test('a failed sign-in pays for every parameter set still stored, and only for those', async () => {
  const older = await passwordHasher({ ...FAST, timeCost: 2 });
  const oldHash = await older.hash('old-secret');
  let now = 0;
  const stored = table([oldHash, 'not a hash at all']);
  const pool = argon2Pool({ concurrency: 1, maxWaiting: 10 });
  const hasher = await passwordHasher(FAST, { pool, stored, now: () => now });
  const currentHash = await hasher.hash('new-secret');
  stored.rows.push(currentHash);

  const verifications = async (storedHash: string | null, password: string) => {
    const before = pool.stats().done;
    const admission = hasher.admit();
    assert.ok(admission);
    const right = await hasher.verifyForSignin(storedHash, password, admission);
    return { right, work: pool.stats().done - before };
  };
  // Before the first sign-in the stored sets are read (and a dummy made for the older one).
  assert.equal((await hasher.parameterSets()).length, 2, 'current + the older set; garbage is no set');
  // One pool task per sign-in, whatever it holds; what it holds is checked by the timing test.
  assert.deepEqual(await verifications(oldHash, 'old-secret'), { right: true, work: 1 });
  assert.deepEqual(await verifications(oldHash, 'wrong'), { right: false, work: 1 });
  assert.deepEqual(await verifications(currentHash, 'new-secret'), { right: true, work: 1 });
  assert.deepEqual(await verifications(null, 'x'), { right: false, work: 1 });
  assert.deepEqual(await verifications('garbage', 'x'), { right: false, work: 1 });
  assert.equal((await hasher.parameterSets()).length, 2);

  // The old hash is upgraded; ten minutes later the set is dropped.
  stored.rows = stored.rows.filter((h) => h !== oldHash);
  now += 11 * 60_000;
  await hasher.parameterSets(); // starts the re-check
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(await hasher.parameterSets(), ['$argon2id$v=19$m=8192,t=1,p=1$']);

  // A hash with a set never seen before (another instance's settings) joins at once.
  const other = await (await passwordHasher({ ...FAST, memoryCost: 9216 })).hash('third');
  assert.equal((await verifications(other, 'third')).right, true);
  assert.equal((await hasher.parameterSets()).length, 2);
});
