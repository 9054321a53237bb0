/** The signed cookies' signer: @fastify/cookie's HMAC, with what it verified kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signerFactory } from '@fastify/cookie';
import { type CookieSigner, cookieSigner, KEPT_SIGNED } from './cookie-signer.js';

const SECRET = 'a-secret-of-the-service-32-bytes!';

function counted(secret: string): { inner: CookieSigner; calls(): number } {
  const real = signerFactory(secret);
  let calls = 0;
  return {
    inner: {
      sign: (value) => real.sign(value),
      unsign(signed) {
        calls++;
        return real.unsign(signed);
      },
    },
    calls: () => calls,
  };
}

test('a verified cookie is checked once; what it answers is what the HMAC answers', () => {
  const { inner, calls } = counted(SECRET);
  const signer = cookieSigner(SECRET, inner);
  const signed = signer.sign('csrf-secret');
  assert.equal(signed, signerFactory(SECRET).sign('csrf-secret'), 'signed as @fastify/cookie signs');
  for (let i = 0; i < 3; i++)
    assert.deepEqual(signer.unsign(signed), { valid: true, renew: false, value: 'csrf-secret' });
  assert.equal(calls(), 1);
});

test('a forged, altered or unsigned cookie is checked every time and never kept', () => {
  const { inner, calls } = counted(SECRET);
  const signer = cookieSigner(SECRET, inner);
  const good = signer.sign('csrf-secret');
  const forged = signerFactory('another-secret-of-32-bytes-length').sign('csrf-secret');
  const altered = `x${good}`;
  for (const bad of [forged, altered, 'csrf-secret', '', '.']) {
    assert.deepEqual(signer.unsign(bad), { valid: false, renew: false, value: null });
    assert.deepEqual(signer.unsign(bad), { valid: false, renew: false, value: null });
  }
  assert.equal(calls(), 10, 'two checks of each of five bad values');
  assert.equal(signer.unsign(good).value, 'csrf-secret');
  assert.equal(calls(), 11);
});

test('what is kept is bounded: the oldest is checked again', () => {
  const { inner, calls } = counted(SECRET);
  const signer = cookieSigner(SECRET, inner);
  const values = Array.from({ length: KEPT_SIGNED + 1 }, (_, i) => signer.sign(`v${i}`));
  for (const v of values) signer.unsign(v);
  assert.equal(calls(), KEPT_SIGNED + 1);
  assert.equal(signer.unsign(values[KEPT_SIGNED] ?? '').value, `v${KEPT_SIGNED}`);
  assert.equal(calls(), KEPT_SIGNED + 1, 'the newest is kept');
  assert.equal(signer.unsign(values[0] ?? '').value, 'v0');
  assert.equal(calls(), KEPT_SIGNED + 2, 'the oldest was let go');
});

test('a kept answer cannot be changed by its caller', () => {
  const signer = cookieSigner(SECRET);
  const signed = signer.sign('csrf-secret');
  signer.unsign(signed);
  const kept = signer.unsign(signed);
  assert.throws(() => {
    (kept as { value: string }).value = 'other';
  }, TypeError);
  assert.equal(signer.unsign(signed).value, 'csrf-secret');
});
