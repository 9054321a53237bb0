import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opensslFile } from '../../../test/support/gost-fixtures.js';
import { parseCertificate } from './cert-verify.js';
import { streebog256 } from './hash.js';
import { decodeJwt, MAX_JWT_LENGTH, signJwt, verifyJwt } from './jwt.js';
import { type GostPublicKey, generateKeyPair, publicKeyFromCertificate, readPrivateKeyPem } from './keys.js';
import { verifyDigest } from './verify.js';

function opensslKey(): GostPublicKey {
  const cert = parseCertificate(opensslFile('cp-a', 'crt.pem'));
  assert.ok(cert);
  const key = publicKeyFromCertificate(cert);
  assert.ok(key.ok);
  return key.key;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

test('an ESIA-style JWT signed by openssl (GOST3410_2012_256, s_be‖r_be) verifies', () => {
  const token = opensslFile('cp-a', 'jwt').trim();
  const verdict = verifyJwt(token, opensslKey());
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.deepEqual(verdict.header, { ver: 1, typ: 'JWT', sbt: 'access', alg: 'GOST3410_2012_256' });
  assert.equal(verdict.payload['urn:esia:sbj_id'], 1000299681);
  assert.equal(verdict.payload.client_id, 'PROPUSK');
});

test('JWT round trip: our token, signed with the openssl key, verifies as openssl computes it', () => {
  const key = readPrivateKeyPem(opensslFile('cp-a', 'key.pem'));
  assert.ok(key.ok);
  const token = signJwt(key.key, { sub: '1000299654', aud: 'PROPUSK' }, { ver: 1, typ: 'JWT', sbt: 'id' });
  const [h, p, s] = token.split('.');
  assert.ok(h && p && s);
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), {
    ver: 1,
    typ: 'JWT',
    sbt: 'id',
    alg: 'GOST3410_2012_256',
  });
  assert.doesNotMatch(token, /[=+/]/);
  // The check openssl makes: Streebog-256 over the ASCII `h.p`, signature bytes as they are.
  const digest = streebog256(new TextEncoder().encode(`${h}.${p}`));
  assert.equal(verifyDigest(opensslKey(), digest, Buffer.from(s, 'base64url'), 'ru'), 'valid');
  const verdict = verifyJwt(token, opensslKey());
  assert.ok(verdict.ok);
  assert.equal(verdict.payload.sub, '1000299654');
});

test('a 512-bit key signs GOST3410_2012_512 tokens; the caller cannot set alg', () => {
  const key = generateKeyPair('ru2012-512');
  const token = signJwt(key, { a: 1 }, { alg: 'none', typ: 'JWT' });
  assert.equal(decodeJwt(token)?.header.alg, 'GOST3410_2012_512');
  assert.ok(verifyJwt(token, key.publicKey).ok);
  // The same token against a 256-bit key: refused before any curve arithmetic.
  assert.deepEqual(verifyJwt(token, opensslKey()), { ok: false, reason: 'alg-mismatch' });
});

test('tampered, forged and malformed JWTs are refused with a reason, never an exception', () => {
  const key = generateKeyPair('ru2012-256');
  const token = signJwt(key, { sub: '1', exp: 2 });
  const [h, p, s] = token.split('.') as [string, string, string];
  const reason = (t: string, k: GostPublicKey = key.publicKey): string => {
    const v = verifyJwt(t, k);
    return v.ok ? 'ok' : v.reason;
  };
  assert.equal(reason(token), 'ok');
  // Another payload under the same signature, another key, a signature with one bit changed.
  assert.equal(reason(`${h}.${b64({ sub: '2', exp: 2 })}.${s}`), 'invalid');
  assert.equal(reason(token, generateKeyPair('ru2012-256').publicKey), 'invalid');
  const sig = Buffer.from(s, 'base64url');
  sig[40] = (sig[40] ?? 0) ^ 4;
  assert.notEqual(reason(`${h}.${p}.${sig.toString('base64url')}`), 'ok');
  // Other algorithms are not ours to verify, and `none` never passes.
  assert.equal(reason(`${b64({ alg: 'RS256', typ: 'JWT' })}.${p}.${s}`), 'unsupported-alg');
  assert.equal(reason(`${b64({ alg: 'none' })}.${p}.`), 'malformed');
  assert.equal(reason(`${b64({ alg: 'none' })}.${p}.${s}`), 'unsupported-alg');
  assert.equal(reason(`${b64({ typ: 'JWT' })}.${p}.${s}`), 'unsupported-alg');
  // Signature lengths and values that no signer makes.
  assert.equal(reason(`${h}.${p}.${Buffer.alloc(63).toString('base64url')}`), 'wrong-length');
  assert.equal(reason(`${h}.${p}.${Buffer.alloc(64).toString('base64url')}`), 'out-of-range');
  assert.equal(reason(`${h}.${p}.${Buffer.alloc(64, 0xff).toString('base64url')}`), 'out-of-range');
  // Shape: empty, parts, alphabet, padding, non-canonical base64url, JSON that is no object.
  for (const bad of [
    '',
    '.',
    '..',
    `${h}.${p}`,
    `${h}.${p}.${s}.x`,
    `${h}.${p}.${s}=`,
    `${h}.${p}.${s.replace(/.$/, '+')}`,
    `${h}=.${p}.${s}`,
    `${Buffer.from('not json').toString('base64url')}.${p}.${s}`,
    `${b64([1, 2])}.${p}.${s}`,
    `${h}.${b64('string')}.${s}`,
    `${h}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.${s}`,
    ` ${token}`,
    `${'a'.repeat(MAX_JWT_LENGTH)}.${p}.${s}`,
  ]) {
    assert.notEqual(reason(bad), 'ok', JSON.stringify(bad.slice(0, 40)));
  }
  assert.equal(reason(`${h}.${p}.${s}=`), 'malformed');
  assert.equal(reason(`${'a'.repeat(MAX_JWT_LENGTH)}.${p}.${s}`), 'malformed');
});

test('non-canonical base64url in the signature (stray low bits) is refused, not silently accepted', () => {
  const key = generateKeyPair('ru2012-256');
  const token = signJwt(key, { n: 1 });
  const [h, p, s] = token.split('.') as [string, string, string];
  // 64 bytes → 86 characters; the last one carries 2 unused bits. Setting one keeps the
  // decoded bytes the same, so a lenient decoder would accept a second spelling of the token.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(s.at(-1) ?? 'A');
  const twin = `${s.slice(0, -1)}${alphabet[last | 1]}`;
  assert.notEqual(twin, s);
  assert.deepEqual(Buffer.from(twin, 'base64url'), Buffer.from(s, 'base64url'));
  assert.deepEqual(verifyJwt(`${h}.${p}.${twin}`, key.publicKey), { ok: false, reason: 'malformed' });
});
