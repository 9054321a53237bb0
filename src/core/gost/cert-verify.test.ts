import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ncaDer, OPENSSL_FIXTURES, opensslFile } from '../../../test/support/gost-fixtures.js';
import { reversed } from './bytes.js';
import { signCertificate, signCrl } from './cert-sign.js';
import {
  isGostSignatureOid,
  parseCertificate,
  parseCrl,
  verifyCertificateSignature,
  verifyCrlSignature,
} from './cert-verify.js';
import { gostHash } from './hash.js';
import { type GostPrivateKey, generateKeyPair, publicKeyFromCertificate, publicKeyToSpki } from './keys.js';
import { KEY_ALGORITHMS, type KeyAlgorithmName } from './oids.js';
import { verifyDigest } from './verify.js';

/** The DER with one ASCII character of `marker` (a date in the signed part) changed. */
function withOneByteChanged(der: Uint8Array, marker: string): Uint8Array {
  const at = Buffer.from(der).indexOf(marker, 0, 'latin1');
  assert.ok(at > 0, `${marker} is in the DER`);
  const changed = Uint8Array.from(der);
  changed[at + 1] = (changed[at + 1] ?? 0) ^ 0x01; // '5' → '4', a valid date still
  return changed;
}

test('the real NCA GOST root (GOST 34.310-2004, production) verifies its self-signature', () => {
  const root = parseCertificate(ncaDer('root_gost.crt'));
  assert.ok(root);
  assert.equal(root.signatureAlgorithm.algorithmId, '1.2.398.3.10.1.1.1.2');
  assert.equal(verifyCertificateSignature(root, root), 'valid');
});

test('the NCA root verifies with exactly one combination: test S-box and r_le‖s_le', () => {
  const root = parseCertificate(ncaDer('root_gost.crt'));
  assert.ok(root);
  const key = publicKeyFromCertificate(root);
  assert.ok(key.ok);
  const signature = root.signatureValue.valueBlock.valueHexView;
  const results = (['gost94-test', 'gost94-cryptopro'] as const).flatMap((hash) =>
    (['kz', 'ru'] as const).map((order) => ({
      hash,
      order,
      verdict: verifyDigest(key.key, gostHash(hash, root.tbsView), signature, order),
    })),
  );
  assert.deepEqual(
    results.filter((r) => r.verdict === 'valid').map((r) => `${r.hash}/${r.order}`),
    ['gost94-test/kz'],
  );
  // 'ru' read of the same bytes is the byte reverse: reversing them makes it verify as 'ru'.
  assert.equal(
    verifyDigest(key.key, gostHash('gost94-test', root.tbsView), reversed(signature), 'ru'),
    'valid',
  );
});

test('the real NCA test CRL (GOST 34.10-2015-512) verifies against the NCA GOST test CA 2022', () => {
  const crl = parseCrl(ncaDer('nca_gost2022_test.crl'));
  const ca = parseCertificate(ncaDer('nca_gost2015_test.cer'));
  assert.ok(crl && ca);
  assert.equal(crl.signatureAlgorithm.algorithmId, '1.2.398.3.10.1.1.2.3.2');
  assert.equal(verifyCrlSignature(crl, ca), 'valid');
});

test('one byte changed in the signed part of a real NCA object: refused', () => {
  const root = parseCertificate(withOneByteChanged(ncaDer('root_gost.crt'), '150727052049Z'));
  assert.ok(root);
  assert.equal(
    verifyCertificateSignature(root, parseCertificate(ncaDer('root_gost.crt')) ?? root),
    'invalid',
  );
  const crl = parseCrl(withOneByteChanged(ncaDer('nca_gost2022_test.crl'), '220727112606Z'));
  const ca = parseCertificate(ncaDer('nca_gost2015_test.cer'));
  assert.ok(crl && ca);
  assert.equal(verifyCrlSignature(crl, ca), 'invalid');
});

test('the wrong issuer: a key of another algorithm is a key mismatch, not a crash', () => {
  const root = parseCertificate(ncaDer('root_gost.crt'));
  const ca = parseCertificate(ncaDer('nca_gost2015_test.cer'));
  const crl = parseCrl(ncaDer('nca_gost2022_test.crl'));
  assert.ok(root && ca && crl);
  assert.equal(verifyCrlSignature(crl, root), 'key-mismatch');
  assert.equal(verifyCertificateSignature(root, ca), 'key-mismatch');
  // A GOST-2015-512 key that is not the issuer's.
  assert.equal(verifyCrlSignature(crl, generateKeyPair('kz2015-512').publicKey), 'invalid');
});

for (const fixture of OPENSSL_FIXTURES) {
  test(`an openssl self-signed GOST certificate verifies (RU OIDs, s_be‖r_be): ${fixture.name}`, () => {
    const cert = parseCertificate(opensslFile(fixture.name, 'crt.pem'));
    assert.ok(cert);
    assert.equal(verifyCertificateSignature(cert, cert), 'valid');
  });
}

function name(cn: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }),
    ],
  });
}

function certificate(subject: GostPrivateKey, subjectName: string, issuerName: string): pkijs.Certificate {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: 4242 });
  cert.issuer = name(issuerName);
  cert.subject = name(subjectName);
  cert.notBefore.value = new Date('2025-01-01T00:00:00Z');
  cert.notAfter.value = new Date('2035-01-01T00:00:00Z');
  cert.subjectPublicKeyInfo = publicKeyToSpki(subject.publicKey);
  return cert;
}

function crlBy(issuerName: string): pkijs.CertificateRevocationList {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = name(issuerName);
  crl.thisUpdate = new pkijs.Time({ type: 0, value: new Date('2025-06-01T00:00:00Z') });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: new Date('2025-06-02T00:00:00Z') });
  crl.revokedCertificates = [
    new pkijs.RevokedCertificate({
      userCertificate: new asn1js.Integer({ value: 77 }),
      revocationDate: new pkijs.Time({ type: 0, value: new Date('2025-05-31T00:00:00Z') }),
    }),
  ];
  return crl;
}

for (const algorithm of Object.keys(KEY_ALGORITHMS) as KeyAlgorithmName[]) {
  test(`a JS-built ${algorithm} CA, user certificate and CRL verify, in the ${KEY_ALGORITHMS[algorithm].order} byte order`, () => {
    const caKey = generateKeyPair(algorithm);
    const userKey = generateKeyPair(algorithm);
    const caDer = signCertificate(certificate(caKey, 'Test CA', 'Test CA'), caKey);
    const userDer = signCertificate(certificate(userKey, 'Test user', 'Test CA'), caKey);
    const crlDer = signCrl(crlBy('Test CA'), caKey);
    // Parsed back from the DER, as a verifier meets them.
    const ca = parseCertificate(caDer);
    const user = parseCertificate(userDer);
    const crl = parseCrl(crlDer);
    assert.ok(ca && user && crl);
    assert.equal(ca.signatureAlgorithm.algorithmId, KEY_ALGORITHMS[algorithm].signatureOid);
    assert.equal(verifyCertificateSignature(ca, ca), 'valid');
    assert.equal(verifyCertificateSignature(user, ca), 'valid');
    assert.equal(verifyCrlSignature(crl, ca), 'valid');
    // Signed by the CA, not by the user; and one byte of the CRL's date changed.
    assert.equal(verifyCertificateSignature(user, user), 'invalid');
    const changed = parseCrl(withOneByteChanged(crlDer, '250601000000Z'));
    assert.ok(changed);
    assert.equal(verifyCrlSignature(changed, ca), 'invalid');
  });
}

test('structural refusals: not GOST, inner ≠ outer algorithm, parameters, bad issuer key, bad BIT STRING', () => {
  const pem = opensslFile('cp-a', 'crt.pem');
  const fresh = (): pkijs.Certificate => {
    const cert = parseCertificate(pem);
    assert.ok(cert);
    return cert;
  };
  const issuer = fresh();
  let cert = fresh();
  cert.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11' });
  assert.equal(verifyCertificateSignature(cert, issuer), 'not-gost');
  cert = fresh();
  cert.signature = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.643.7.1.1.3.3' });
  assert.equal(verifyCertificateSignature(cert, issuer), 'malformed');
  cert = fresh();
  const withParams = new pkijs.AlgorithmIdentifier({
    algorithmId: '1.2.643.7.1.1.3.2',
    algorithmParams: new asn1js.Integer({ value: 1 }),
  });
  cert.signature = withParams;
  cert.signatureAlgorithm = withParams;
  assert.equal(verifyCertificateSignature(cert, issuer), 'malformed');
  cert = fresh();
  cert.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(63) });
  assert.equal(verifyCertificateSignature(cert, issuer), 'wrong-length');
  cert = fresh();
  cert.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(64), unusedBits: 1 });
  assert.equal(verifyCertificateSignature(cert, issuer), 'malformed');
  cert = fresh();
  cert.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(64) });
  assert.equal(verifyCertificateSignature(cert, issuer), 'out-of-range');
  // An issuer whose key is not GOST, or whose point is broken.
  const broken = fresh();
  broken.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({
    algorithm: issuer.subjectPublicKeyInfo.algorithm,
    subjectPublicKey: new asn1js.BitString({
      valueHex: new asn1js.OctetString({ valueHex: new Uint8Array(64) }).toBER(),
    }),
  });
  assert.equal(verifyCertificateSignature(fresh(), broken), 'issuer-key-unusable');
  const rsaIssuer = fresh();
  rsaIssuer.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({
    algorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.1',
      algorithmParams: new asn1js.Null(),
    }),
    subjectPublicKey: new asn1js.BitString({ valueHex: new Uint8Array(10) }),
  });
  assert.equal(verifyCertificateSignature(fresh(), rsaIssuer), 'issuer-key-unusable');
  assert.equal(isGostSignatureOid('1.2.840.113549.1.1.11'), false);
  assert.equal(isGostSignatureOid('1.2.398.3.10.1.1.2.3.2'), true);
});

test('parseCertificate and parseCrl: garbage is undefined, never an exception', () => {
  const der = ncaDer('root_gost.crt');
  for (const bad of [
    '',
    'MIIB',
    'not base64 at all!',
    new Uint8Array(0),
    new Uint8Array([0x30, 0x82, 0xff, 0xff, 0x00]),
    new Uint8Array([...der, 0x00]),
    der.subarray(0, der.length - 1),
    opensslFile('cp-a', 'key.pem'),
    Buffer.from(der).toString('base64').slice(0, -4),
  ]) {
    assert.equal(parseCertificate(bad), undefined);
    assert.equal(parseCrl(bad), undefined);
  }
  // DER, base64 of DER and PEM are all read.
  assert.ok(parseCertificate(der));
  assert.ok(parseCertificate(Buffer.from(der).toString('base64')));
  assert.ok(parseCertificate(opensslFile('cp-a', 'crt.pem')));
  assert.ok(parseCrl(ncaDer('nca_gost2022_test.crl')));
});

test('mutated real certificates and CRLs (a byte changed anywhere): a verdict or undefined, never an exception', () => {
  // A fixed-seed generator keeps the run reproducible; each case changes one byte at a random place.
  let seed = 0x2545f491;
  const next = (n: number): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const ca = parseCertificate(ncaDer('nca_gost2015_test.cer'));
  const root = parseCertificate(ncaDer('root_gost.crt'));
  assert.ok(ca && root);
  let verdicts = 0;
  for (let i = 0; i < 120; i++) {
    const source = i % 2 === 0 ? ncaDer('root_gost.crt') : ncaDer('nca_gost2022_test.crl');
    const bytes = Uint8Array.from(source);
    const at = next(bytes.length);
    bytes[at] = (bytes[at] ?? 0) ^ (1 + next(255));
    if (i % 2 === 0) {
      const cert = parseCertificate(bytes);
      if (cert) {
        const verdict = verifyCertificateSignature(cert, cert);
        assert.equal(typeof verdict, 'string');
        // The issuer key is part of what changed; against the real root it must not pass.
        assert.notEqual(verifyCertificateSignature(cert, root), 'valid');
        verdicts++;
      }
    } else {
      const crl = parseCrl(bytes);
      if (crl) {
        assert.notEqual(verifyCrlSignature(crl, ca), 'valid');
        verdicts++;
      }
    }
  }
  assert.ok(verdicts > 20, `enough mutations parse to reach the verifier (${String(verdicts)})`);
});

test('an oversized input is refused before it is parsed', () => {
  const der = ncaDer('root_gost.crt');
  const padded = `${Buffer.from(der).toString('base64')}${' '.repeat(1024 * 1024)}`;
  assert.equal(parseCertificate(padded), undefined);
  assert.equal(parseCertificate(`-----BEGIN CERTIFICATE-----\n${'A'.repeat(1024 * 1024)}`), undefined);
});
