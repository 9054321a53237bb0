import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import {
  ncaDer,
  OPENSSL_FIXTURES,
  opensslFile,
  opensslMessage,
} from '../../../test/support/gost-fixtures.js';
import { derFromPem, oidSequenceSchema, pemFromDer } from './asn1.js';
import { bigToBE, bigToLE } from './bytes.js';
import { parseCertificate } from './cert-verify.js';
import { curveByName } from './curves.js';
import {
  generateKeyPair,
  privateKeyToPem,
  publicKeyFromCertificate,
  publicKeyFromSpki,
  publicKeyToPem,
  publicKeyToSpki,
  readPrivateKeyPem,
} from './keys.js';
import { signMessage } from './sign.js';
import { verifyMessage } from './verify.js';

for (const fixture of OPENSSL_FIXTURES) {
  test(`an openssl GOST private key (PKCS#8 PEM) is read, matches its certificate, and is written back identically: ${fixture.name}`, () => {
    const pem = opensslFile(fixture.name, 'key.pem');
    const read = readPrivateKeyPem(pem);
    assert.ok(read.ok, fixture.name);
    const key = read.key;
    assert.equal(key.algorithm.name, fixture.algorithm);
    assert.equal(key.curve.name, fixture.curve);
    assert.equal(
      key.publicKey.hash,
      fixture.algorithm === 'ru2001' ? 'gost94-cryptopro' : key.algorithm.hash,
    );
    const cert = parseCertificate(opensslFile(fixture.name, 'crt.pem'));
    assert.ok(cert);
    const fromCert = publicKeyFromCertificate(cert);
    assert.ok(fromCert.ok);
    assert.ok(
      key.publicKey.point.equals(fromCert.key.point),
      'the public key derived from d is the certificate key',
    );
    // What we write is byte for byte what openssl wrote.
    assert.equal(privateKeyToPem(key), pem);
    // A JS signature with the key openssl made verifies with the certificate key.
    const signature = signMessage(key, opensslMessage(), 'ru');
    assert.equal(verifyMessage(fromCert.key, opensslMessage(), signature, 'ru'), 'valid');
  });
}

/** A PKCS#8 PrivateKeyInfo with the given algorithm, parameter OIDs and privateKey content. */
function pkcs8(algorithmOid: string, params: readonly string[], content: Uint8Array, version = 0): string {
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: version }),
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: algorithmOid }), oidSequenceSchema(params)],
      }),
      new asn1js.OctetString({ valueHex: content }),
    ],
  });
  return pemFromDer(new Uint8Array(info.toBER(false)), 'PRIVATE KEY');
}

const CP_A = ['1.2.643.2.2.35.1', '1.2.643.7.1.1.2.2'];

test('PKCS#8: d as raw little-endian bytes, as an inner OCTET STRING, or as an INTEGER all read the same', () => {
  const d = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefn;
  const raw = readPrivateKeyPem(pkcs8('1.2.643.7.1.1.1.1', CP_A, bigToLE(d, 32)));
  const octet = readPrivateKeyPem(
    pkcs8(
      '1.2.643.7.1.1.1.1',
      CP_A,
      new Uint8Array(new asn1js.OctetString({ valueHex: bigToLE(d, 32) }).toBER(false)),
    ),
  );
  const integer = readPrivateKeyPem(
    pkcs8(
      '1.2.643.7.1.1.1.1',
      CP_A,
      new Uint8Array(new asn1js.Integer({ valueHex: bigToBE(d, 32) }).toBER(false)),
    ),
  );
  assert.ok(raw.ok && octet.ok && integer.ok);
  assert.ok(raw.key.publicKey.point.equals(curveByName('cryptopro-a').Point.BASE.multiply(d)));
  assert.ok(octet.key.publicKey.point.equals(raw.key.publicKey.point));
  assert.ok(integer.key.publicKey.point.equals(raw.key.publicKey.point));
});

test('PKCS#8 refusals come with a reason: not PEM, encrypted, malformed, other algorithms, bad parameters, d out of range', () => {
  const q = curveByName('cryptopro-a').q;
  const reason = (pem: string): string => {
    const r = readPrivateKeyPem(pem);
    return r.ok ? 'ok' : r.reason;
  };
  assert.equal(reason(''), 'not-pem');
  assert.equal(reason('just text'), 'not-pem');
  assert.equal(reason(opensslFile('cp-a', 'crt.pem')), 'not-pem');
  assert.equal(reason(pemFromDer(new Uint8Array([1, 2, 3]), 'ENCRYPTED PRIVATE KEY')), 'encrypted');
  assert.equal(reason(pemFromDer(new Uint8Array([0x30, 0x03, 0x02]), 'PRIVATE KEY')), 'malformed');
  const good = derFromPem(opensslFile('cp-a', 'key.pem'), ['PRIVATE KEY']);
  assert.ok(good);
  assert.equal(reason(pemFromDer(new Uint8Array([...good, 0]), 'PRIVATE KEY')), 'malformed');
  assert.equal(reason(pemFromDer(good.subarray(0, good.length - 1), 'PRIVATE KEY')), 'malformed');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  assert.equal(reason(rsa), 'unsupported-algorithm');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  assert.equal(reason(ec), 'unsupported-algorithm');
  const d = bigToLE(5n, 32);
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.1', CP_A, bigToLE(0n, 32))), 'out-of-range');
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.1', CP_A, bigToLE(q, 32))), 'out-of-range');
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.1', CP_A, d, 2)), 'malformed');
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.1', CP_A, new Uint8Array(31))), 'malformed');
  // A 512-bit algorithm on a 256-bit curve, a Kazakh key on a Russian OID, a test curve, no curve.
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.2', CP_A, bigToLE(5n, 64))), 'unsupported-parameters');
  assert.equal(reason(pkcs8('1.2.398.3.10.1.1.1.1', ['1.2.643.2.2.35.1'], d)), 'unsupported-parameters');
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.1', ['1.2.643.2.2.35.0'], d)), 'unsupported-parameters');
  assert.equal(reason(pkcs8('1.2.643.7.1.1.1.1', [], d)), 'unsupported-parameters');
  // A 2001 key naming an unknown digest parameter set.
  assert.equal(
    reason(pkcs8('1.2.643.2.2.19', ['1.2.643.2.2.35.1', '1.2.643.2.2.30.9'], d)),
    'unsupported-parameters',
  );
});

test('a 2001 key naming the test S-box hashes with it', () => {
  const read = readPrivateKeyPem(
    pkcs8('1.2.643.2.2.19', ['1.2.643.2.2.35.1', '1.2.643.2.2.30.0'], bigToLE(5n, 32)),
  );
  assert.ok(read.ok);
  assert.equal(read.key.publicKey.hash, 'gost94-test');
});

test('generated keys of every algorithm survive PEM and SPKI round trips', () => {
  for (const name of ['ru2001', 'ru2012-256', 'ru2012-512', 'kz2004', 'kz2015-256', 'kz2015-512'] as const) {
    const key = generateKeyPair(name);
    const back = readPrivateKeyPem(privateKeyToPem(key));
    assert.ok(back.ok, name);
    assert.equal(back.key.algorithm.name, name);
    assert.equal(back.key.curve.name, key.curve.name);
    assert.ok(back.key.publicKey.point.equals(key.publicKey.point));
    const spki = publicKeyFromSpki(publicKeyToSpki(key.publicKey));
    assert.ok(spki.ok, name);
    assert.ok(spki.key.point.equals(key.publicKey.point));
    assert.equal(spki.key.hash, key.publicKey.hash);
    assert.match(publicKeyToPem(key.publicKey), /^-----BEGIN PUBLIC KEY-----\n/);
  }
  // TC26-256-A keys are also written for Russia (the 2012 parameter set A).
  const tc = generateKeyPair('ru2012-256', 'tc26-256-a');
  const tcBack = readPrivateKeyPem(privateKeyToPem(tc));
  assert.ok(tcBack.ok && tcBack.key.curve.name === 'tc26-256-a');
});

test('the real NCA certificates: their keys read as Kazakh GOST 2004 and 2015-512', () => {
  const root = parseCertificate(ncaDer('root_gost.crt'));
  const ca = parseCertificate(ncaDer('nca_gost2015_test.cer'));
  assert.ok(root && ca);
  const rootKey = publicKeyFromCertificate(root);
  assert.ok(rootKey.ok);
  assert.equal(rootKey.key.algorithm.name, 'kz2004');
  assert.equal(rootKey.key.curve.name, 'cryptopro-a');
  assert.equal(rootKey.key.hash, 'gost94-test');
  const caKey = publicKeyFromCertificate(ca);
  assert.ok(caKey.ok);
  assert.equal(caKey.key.algorithm.name, 'kz2015-512');
  assert.equal(caKey.key.curve.name, 'tc26-512-a');
});

test('a SubjectPublicKeyInfo with a point off the curve or a bare BIT STRING is refused', () => {
  const key = generateKeyPair('kz2015-512');
  const spki = publicKeyToSpki(key.publicKey);
  const content = new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView);
  content[10] = (content[10] ?? 0) ^ 1;
  spki.subjectPublicKey = new asn1js.BitString({ valueHex: content });
  assert.deepEqual(publicKeyFromSpki(spki), { ok: false, reason: 'not-on-curve' });
  // X‖Y straight in the BIT STRING, without the inner OCTET STRING.
  const bare = publicKeyToSpki(key.publicKey);
  bare.subjectPublicKey = new asn1js.BitString({ valueHex: new Uint8Array(128).fill(1) });
  assert.deepEqual(publicKeyFromSpki(bare), { ok: false, reason: 'malformed' });
});
