import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reversed, toHex } from './bytes.js';
import { CURVE_NAMES, curveByName, type GostCurveName } from './curves.js';
import { gostHash } from './hash.js';
import { type GostPrivateKey, generateKeyPair, privateKeyFromScalar } from './keys.js';
import type { KeyAlgorithmName } from './oids.js';
import { signDigest, signMessage } from './sign.js';
import { decodeSignature } from './signature.js';
import { verifyDigest, verifyMessage } from './verify.js';

const message = new TextEncoder().encode('PROPUSKopenid fullname2024.05.15 07:52:58 +0300state');

function keyOn(curve: GostCurveName): GostPrivateKey {
  const algorithm: KeyAlgorithmName = curveByName(curve).size === 64 ? 'ru2012-512' : 'ru2012-256';
  // A fixed-value key for the test curves (not reachable through generateKeyPair's defaults).
  const made = privateKeyFromScalar(algorithm, curve, 0x1234567890abcdefn * 0xfedcba987654321n + 7n);
  assert.ok(made.ok);
  return made.key;
}

for (const curve of CURVE_NAMES) {
  for (const order of ['ru', 'kz'] as const) {
    test(`sign → verify round trip on ${curve}, ${order} byte order`, () => {
      const key = keyOn(curve);
      const signature = signMessage(key, message, order);
      assert.equal(signature.length, 2 * key.curve.size);
      assert.equal(verifyMessage(key.publicKey, message, signature, order), 'valid');
      // The other byte order, another message and a flipped bit are all refused.
      const other = order === 'ru' ? 'kz' : 'ru';
      assert.notEqual(verifyMessage(key.publicKey, message, signature, other), 'valid');
      assert.equal(
        verifyMessage(key.publicKey, new Uint8Array([...message, 0]), signature, order),
        'invalid',
      );
      const flipped = Uint8Array.from(signature);
      flipped[5] = (flipped[5] ?? 0) ^ 0x10;
      assert.notEqual(verifyMessage(key.publicKey, message, flipped, order), 'valid');
    });
  }
}

test('the two byte orders are exact reverses: ru = s_be‖r_be, kz = r_le‖s_le', () => {
  const key = generateKeyPair('ru2012-256');
  const ru = signMessage(key, message, 'ru');
  assert.equal(verifyMessage(key.publicKey, message, reversed(ru), 'kz'), 'valid');
  const decoded = decodeSignature(key.curve, ru, 'ru');
  assert.ok(decoded.ok);
  // s is the first half in 'ru', read big-endian.
  assert.equal(toHex(ru.subarray(0, 32)), decoded.signature.s.toString(16).padStart(64, '0'));
  assert.equal(toHex(ru.subarray(32)), decoded.signature.r.toString(16).padStart(64, '0'));
});

test('every signing draws a fresh nonce: two signatures of one message differ, both verify', () => {
  const key = generateKeyPair('kz2015-512');
  const a = signMessage(key, message, 'kz');
  const b = signMessage(key, message, 'kz');
  assert.notDeepEqual(a, b);
  assert.equal(verifyMessage(key.publicKey, message, a, 'kz'), 'valid');
  assert.equal(verifyMessage(key.publicKey, message, b, 'kz'), 'valid');
});

test('generated keys: every algorithm, each on its default curve, with the matching hash', () => {
  const expected: Record<KeyAlgorithmName, [GostCurveName, string]> = {
    ru2001: ['cryptopro-a', 'gost94-cryptopro'],
    'ru2012-256': ['cryptopro-a', 'streebog256'],
    'ru2012-512': ['tc26-512-a', 'streebog512'],
    kz2004: ['cryptopro-a', 'gost94-test'],
    'kz2015-256': ['tc26-256-a', 'streebog256'],
    'kz2015-512': ['tc26-512-a', 'streebog512'],
  };
  for (const [name, [curve, hash]] of Object.entries(expected) as Array<
    [KeyAlgorithmName, [GostCurveName, string]]
  >) {
    const key = generateKeyPair(name);
    assert.equal(key.curve.name, curve, name);
    assert.equal(key.publicKey.hash, hash, name);
    const order = key.algorithm.order;
    assert.equal(
      verifyMessage(key.publicKey, message, signMessage(key, message, order), order),
      'valid',
      name,
    );
  }
  assert.throws(() => generateKeyPair('ru2012-256', 'tc26-512-a'), RangeError);
  assert.throws(() => generateKeyPair('kz2004', 'cryptopro-b'), RangeError);
  assert.throws(() => generateKeyPair('ru2012-256', 'test-256'), RangeError);
});

test('a digest or hash of the wrong size for the key is a programming error when signing, a verdict when verifying', () => {
  const key = generateKeyPair('ru2012-256');
  assert.throws(() => signDigest(key, new Uint8Array(64), 'ru'), RangeError);
  assert.throws(() => signMessage(key, message, 'ru', 'streebog512'), RangeError);
  const signature = signMessage(key, message, 'ru');
  assert.equal(
    verifyDigest(key.publicKey, gostHash('streebog512', message), signature, 'ru'),
    'hash-mismatch',
  );
  assert.equal(verifyMessage(key.publicKey, message, signature, 'ru', 'streebog512'), 'hash-mismatch');
});

test('the secret scalar is not visible on the key object (logs, JSON, inspection)', () => {
  const key = generateKeyPair('ru2012-256');
  assert.deepEqual(Object.keys(key).sort(), ['algorithm', 'curve', 'publicKey']);
  assert.ok(Object.isFrozen(key));
});
