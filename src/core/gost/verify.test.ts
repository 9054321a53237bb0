import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OPENSSL_FIXTURES,
  opensslFile,
  opensslMessage,
  opensslSignature,
} from '../../../test/support/gost-fixtures.js';
import { bigToBE, bigToLE, concatBytes } from './bytes.js';
import { parseCertificate } from './cert-verify.js';
import { curveByName } from './curves.js';
import { generateKeyPair, publicKeyBytes, publicKeyFromBytes, publicKeyFromCertificate } from './keys.js';
import { signMessage } from './sign.js';
import { decodePoint } from './signature.js';
import { verifyMessage } from './verify.js';

const message = new TextEncoder().encode('challenge 8f1c');

for (const fixture of OPENSSL_FIXTURES) {
  test(`openssl's signature verifies with the key from its certificate: ${fixture.name}`, () => {
    const cert = parseCertificate(opensslFile(fixture.name, 'crt.pem'));
    assert.ok(cert);
    const key = publicKeyFromCertificate(cert);
    assert.ok(key.ok, fixture.name);
    assert.equal(key.key.curve.name, fixture.curve);
    assert.equal(key.key.algorithm.name, fixture.algorithm);
    const signature = opensslSignature(fixture.name);
    assert.equal(verifyMessage(key.key, opensslMessage(), signature, 'ru'), 'valid');
    // The same bytes are not a Kalkan-order signature, and one changed message byte fails.
    assert.notEqual(verifyMessage(key.key, opensslMessage(), signature, 'kz'), 'valid');
    const changed = Uint8Array.from(opensslMessage());
    changed[0] = (changed[0] ?? 0) ^ 1;
    assert.equal(verifyMessage(key.key, changed, signature, 'ru'), 'invalid');
  });
}

test('malformed signatures are verdicts, never exceptions: empty, wrong length, r or s = 0 or ≥ q', () => {
  for (const algorithm of ['ru2012-256', 'kz2015-512'] as const) {
    const key = generateKeyPair(algorithm);
    const { size, q } = key.curve;
    const good = signMessage(key, message, 'ru');
    const sig = (r: bigint, s: bigint): Uint8Array => concatBytes(bigToBE(s, size), bigToBE(r, size));
    assert.equal(verifyMessage(key.publicKey, message, new Uint8Array(0), 'ru'), 'wrong-length');
    assert.equal(verifyMessage(key.publicKey, message, good.subarray(1), 'ru'), 'wrong-length');
    assert.equal(verifyMessage(key.publicKey, message, new Uint8Array([...good, 0]), 'ru'), 'wrong-length');
    assert.equal(verifyMessage(key.publicKey, message, new Uint8Array(4 * size), 'ru'), 'wrong-length');
    assert.equal(verifyMessage(key.publicKey, message, new Uint8Array(2 * size), 'ru'), 'out-of-range');
    assert.equal(verifyMessage(key.publicKey, message, sig(0n, 5n), 'ru'), 'out-of-range');
    assert.equal(verifyMessage(key.publicKey, message, sig(5n, 0n), 'ru'), 'out-of-range');
    assert.equal(verifyMessage(key.publicKey, message, sig(q, 5n), 'ru'), 'out-of-range');
    assert.equal(verifyMessage(key.publicKey, message, sig(5n, q), 'ru'), 'out-of-range');
    assert.equal(
      verifyMessage(key.publicKey, message, new Uint8Array(2 * size).fill(0xff), 'kz'),
      'out-of-range',
    );
    assert.equal(verifyMessage(key.publicKey, message, sig(1n, 1n), 'ru'), 'invalid');
    assert.equal(verifyMessage(key.publicKey, message, sig(q - 1n, q - 1n), 'ru'), 'invalid');
  }
});

test('a signature by another key is invalid', () => {
  const a = generateKeyPair('ru2012-256');
  const b = generateKeyPair('ru2012-256');
  assert.equal(verifyMessage(b.publicKey, message, signMessage(a, message, 'ru'), 'ru'), 'invalid');
});

test('public keys: X_le‖Y_le round trip; wrong length and points off the curve are refused', () => {
  const key = generateKeyPair('kz2015-512');
  const bytes = publicKeyBytes(key.publicKey);
  assert.equal(bytes.length, 128);
  const back = publicKeyFromBytes('kz2015-512', 'tc26-512-a', bytes);
  assert.ok(back.ok);
  assert.ok(back.key.point.equals(key.publicKey.point));
  assert.deepEqual(publicKeyFromBytes('kz2015-512', 'tc26-512-a', new Uint8Array(0)), {
    ok: false,
    reason: 'wrong-length',
  });
  assert.deepEqual(publicKeyFromBytes('kz2015-512', 'tc26-512-a', bytes.subarray(0, 64)), {
    ok: false,
    reason: 'wrong-length',
  });
  const moved = Uint8Array.from(bytes);
  moved[0] = (moved[0] ?? 0) ^ 1;
  assert.deepEqual(publicKeyFromBytes('kz2015-512', 'tc26-512-a', moved), {
    ok: false,
    reason: 'not-on-curve',
  });
  // All zeros (would be "infinity" in some encodings) and coordinates ≥ p.
  assert.deepEqual(publicKeyFromBytes('kz2015-512', 'tc26-512-a', new Uint8Array(128)), {
    ok: false,
    reason: 'not-on-curve',
  });
  assert.deepEqual(publicKeyFromBytes('kz2015-512', 'tc26-512-a', new Uint8Array(128).fill(0xff)), {
    ok: false,
    reason: 'not-on-curve',
  });
  // A key of the wrong size for the algorithm.
  assert.deepEqual(publicKeyFromBytes('kz2015-512', 'cryptopro-a', bytes), {
    ok: false,
    reason: 'unsupported-parameters',
  });
});

test('TC26-256-A (cofactor 4): a point on the curve outside the generator subgroup is refused', () => {
  const curve = curveByName('tc26-256-a');
  const { Fp, BASE } = curve.Point;
  const { a, b } = {
    a: 0xc2173f1513981673af4892c23035a27ce25e2013bf95aa33b22c656f277e7335n,
    b: 0x295f9bae7428ed9ccc20e7c359a9d41a22fccd9108e17bf7ba9337a6f8ae9513n,
  };
  let found = false;
  for (let x = 1n; x < 200n && !found; x++) {
    const rhs = Fp.add(Fp.add(Fp.pow(x, 3n), Fp.mul(a, x)), b);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    const P = curve.Point.fromAffine({ x, y });
    // (q−1)·P = −P exactly when q·P = 0 (adding P instead would make a point of order 2, which
    // noble refuses to represent).
    const inSubgroup = P.multiplyUnsafe(curve.q - 1n).equals(P.negate());
    if (inSubgroup) continue;
    found = true;
    const bytes = concatBytes(bigToLE(x, 32), bigToLE(y, 32));
    assert.deepEqual(decodePoint(curve, bytes), { ok: false, reason: 'not-on-curve' });
  }
  assert.ok(found, 'a point outside the subgroup exists among small x');
  // And the generator itself is accepted.
  const G = BASE.toAffine();
  assert.ok(decodePoint(curve, concatBytes(bigToLE(G.x, 32), bigToLE(G.y, 32))).ok);
});
