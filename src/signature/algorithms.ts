// The signature algorithms a Kazakh ЭЦП can be made with, and checking one raw signature with a
// certificate's key: RSA (PKCS#1 v1.5 with SHA-256, through node:crypto) and the Kazakh GOST
// 34.310-2004 / 34.10-2015 256 and 512 (1.2.398.*, through core/gost). Nothing else is
// accepted: an algorithm we do not know is a refusal with its own verdict, never a guess.
import { createHash, createPublicKey, verify as rsaVerify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  gostHash,
  hashByDigestOid,
  KEY_ALGORITHMS,
  keyAlgorithmByOid,
  publicKeyFromCertificate,
  signatureAlgorithmByOid,
  verifySignedBytes,
} from '../core/gost/index.js';

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha256: '2.16.840.1.101.3.4.2.1',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

/** The family a certificate's key belongs to, or undefined for one we do not accept. */
export function keyFamily(cert: pkijs.Certificate): 'rsa' | 'gost' | undefined {
  const oid = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (oid === OID.rsaEncryption) return 'rsa';
  const gost = keyAlgorithmByOid(oid);
  return gost && gost.country === 'kz' ? 'gost' : undefined;
}

/** The digest a CMS `digestAlgorithm` names: SHA-256 or a Kazakh GOST hash; undefined otherwise. */
export function digestOf(oid: string, data: Uint8Array): Uint8Array | undefined {
  if (oid === OID.sha256) return new Uint8Array(createHash('sha256').update(data).digest());
  if (!oid.startsWith('1.2.398.')) return undefined;
  const hash = hashByDigestOid(oid);
  return hash ? gostHash(hash, data) : undefined;
}

export type RawVerdict = 'valid' | 'invalid' | 'unsupported';

/**
 * A Kazakh signer's `signatureAlgorithm` may name the signature (…1.2.3.2) or, as CMS allows,
 * the key (…1.2.2): the key's own signature algorithm is meant.
 */
function gostSignatureOid(oid: string): string | undefined {
  if (signatureAlgorithmByOid(oid)?.country === 'kz') return oid;
  const key = keyAlgorithmByOid(oid);
  return key && key.country === 'kz' ? KEY_ALGORITHMS[key.name].signatureOid : undefined;
}

/**
 * Checks `signature` over `data` with `signer`'s public key under `algorithmId` (a certificate's,
 * CRL's, OCSP response's or CMS signer's signature algorithm).
 */
export function verifyWithCertificate(
  signer: pkijs.Certificate,
  algorithmId: string,
  data: Uint8Array,
  signature: Uint8Array,
): RawVerdict {
  const family = keyFamily(signer);
  if (family === 'rsa') {
    if (algorithmId !== OID.sha256WithRsa && algorithmId !== OID.rsaEncryption) return 'unsupported';
    try {
      const spki = new Uint8Array(signer.subjectPublicKeyInfo.toSchema().toBER(false));
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      return rsaVerify('sha256', data, key, signature) ? 'valid' : 'invalid';
    } catch {
      return 'invalid';
    }
  }
  if (family === 'gost') {
    const oid = gostSignatureOid(algorithmId);
    if (!oid) return 'unsupported';
    const key = publicKeyFromCertificate(signer);
    if (!key.ok) return 'invalid';
    const verdict = verifySignedBytes(
      data,
      new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() }),
      signature,
      key.key,
    );
    return verdict === 'valid' ? 'valid' : 'invalid';
  }
  return 'unsupported';
}

/** A certificate's (or CRL's) own signature, checked with its issuer's key. */
export function signedByIssuer(
  subject: {
    tbsView: Uint8Array;
    signatureAlgorithm: pkijs.AlgorithmIdentifier;
    signatureValue: asn1js.BitString;
  },
  issuer: pkijs.Certificate,
): boolean {
  if (subject.signatureValue.valueBlock.unusedBits !== 0) return false;
  return (
    verifyWithCertificate(
      issuer,
      subject.signatureAlgorithm.algorithmId,
      subject.tbsView,
      subject.signatureValue.valueBlock.valueHexView,
    ) === 'valid'
  );
}
