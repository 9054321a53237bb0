// Checking the GOST signature on a certificate, a CRL, or any signed structure (OCSP
// responses, CMS signed attributes) against the issuer's public key.
//
// Neither pkijs nor @peculiar/x509 can do it: pkijs' `verify()` throws "Unsupported signature
// algorithm" and @peculiar/x509's returns false without saying why. So callers dispatch on
// the signature OID (`isGostSignatureOid`) and send GOST objects here:
//   the signed bytes exactly as received (pkijs' `tbsView`, never a re-encoding)
//   → the hash the signature OID names (for GOST R 34.10-2001, the S-box of the issuer key)
//   → the signature BIT STRING split in the OID's byte order (Kazakh OIDs: r_le‖s_le)
//   → verification with the issuer's key.
// This is the signature only: names, validity, key usage and revocation are the chain
// builder's business.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derFromText, parseAsn1 } from './asn1.js';
import { ownBytes } from './bytes.js';
import { gostHash, HASH_BYTES } from './hash.js';
import { type GostPublicKey, publicKeyFromCertificate } from './keys.js';
import { signatureAlgorithmByOid } from './oids.js';
import { type VerifyVerdict, verifyDigest } from './verify.js';

export type SignedObjectVerdict =
  | 'valid'
  /** Not a GOST signature algorithm: another verifier's job (RSA, ECDSA). */
  | 'not-gost'
  /** The outer and inner (tbs) signature algorithms differ, or parameters other than NULL. */
  | 'malformed'
  /** The issuer's key is not a usable GOST key (unknown curve, not on the curve…). */
  | 'issuer-key-unusable'
  /** The issuer's key is of another algorithm or size than the signature. */
  | 'key-mismatch'
  | Exclude<VerifyVerdict, 'valid' | 'hash-mismatch'>;

export function isGostSignatureOid(oid: string): boolean {
  return signatureAlgorithmByOid(oid) !== undefined;
}

/** GOST signature AlgorithmIdentifiers carry no parameters, or NULL (Kalkan writes NULL). */
function hasNoParameters(algorithm: pkijs.AlgorithmIdentifier): boolean {
  const params: unknown = algorithm.algorithmParams;
  return params === undefined || params instanceof asn1js.Null;
}

/**
 * Verifies a GOST signature over `signedBytes`. `signatureValue` is the BIT STRING of the
 * structure (certificate, CRL, OCSP response) or the OCTET STRING content of a CMS SignerInfo.
 */
export function verifySignedBytes(
  signedBytes: Uint8Array,
  algorithm: pkijs.AlgorithmIdentifier,
  signatureValue: asn1js.BitString | Uint8Array,
  issuerKey: GostPublicKey,
): SignedObjectVerdict {
  const sigAlg = signatureAlgorithmByOid(algorithm.algorithmId);
  if (!sigAlg) return 'not-gost';
  if (!hasNoParameters(algorithm)) return 'malformed';
  if (!sigAlg.keys.includes(issuerKey.algorithm.name) || issuerKey.curve.size !== sigAlg.size)
    return 'key-mismatch';
  let signature: Uint8Array;
  if (signatureValue instanceof asn1js.BitString) {
    if (signatureValue.valueBlock.unusedBits !== 0) return 'malformed';
    signature = signatureValue.valueBlock.valueHexView;
  } else {
    signature = signatureValue;
  }
  if (signature.length !== 2 * sigAlg.size) return 'wrong-length';
  const hash = sigAlg.hash === 'key' ? issuerKey.hash : sigAlg.hash;
  if (HASH_BYTES[hash] !== sigAlg.size) return 'key-mismatch';
  const verdict = verifyDigest(issuerKey, gostHash(hash, signedBytes), signature, sigAlg.order);
  return verdict === 'hash-mismatch' ? 'key-mismatch' : verdict;
}

type Issuer = pkijs.Certificate | GostPublicKey;

function issuerKeyOf(issuer: Issuer): GostPublicKey | undefined {
  if (!(issuer instanceof pkijs.Certificate)) return issuer;
  const read = publicKeyFromCertificate(issuer);
  return read.ok ? read.key : undefined;
}

function sameAlgorithm(a: pkijs.AlgorithmIdentifier, b: pkijs.AlgorithmIdentifier): boolean {
  return a.algorithmId === b.algorithmId && hasNoParameters(a) === hasNoParameters(b);
}

function verifyStructure(
  tbs: Uint8Array,
  inner: pkijs.AlgorithmIdentifier,
  outer: pkijs.AlgorithmIdentifier,
  signatureValue: asn1js.BitString,
  issuer: Issuer,
): SignedObjectVerdict {
  if (!isGostSignatureOid(outer.algorithmId)) return 'not-gost';
  // RFC 5280 §4.1.1.2: the signed copy of the algorithm must be the one used.
  if (!sameAlgorithm(inner, outer)) return 'malformed';
  const key = issuerKeyOf(issuer);
  if (!key) return 'issuer-key-unusable';
  return verifySignedBytes(tbs, outer, signatureValue, key);
}

/** The certificate's GOST signature, checked with the issuer certificate's (or a given) key. */
export function verifyCertificateSignature(cert: pkijs.Certificate, issuer: Issuer): SignedObjectVerdict {
  return verifyStructure(cert.tbsView, cert.signature, cert.signatureAlgorithm, cert.signatureValue, issuer);
}

/** The CRL's GOST signature, checked with the issuer certificate's (or a given) key. */
export function verifyCrlSignature(
  crl: pkijs.CertificateRevocationList,
  issuer: Issuer,
): SignedObjectVerdict {
  return verifyStructure(crl.tbsView, crl.signature, crl.signatureAlgorithm, crl.signatureValue, issuer);
}

function parseWith<T>(
  input: Uint8Array | string,
  labels: readonly string[],
  parse: (der: Uint8Array) => T,
): T | undefined {
  const der = derFromText(input, labels);
  // One DER value and nothing after it: pkijs alone would ignore trailing bytes.
  if (!der || !parseAsn1(der)) return undefined;
  try {
    return parse(ownBytes(der));
  } catch {
    return undefined;
  }
}

/** A certificate from DER, PEM or base64 of DER; undefined if it is none of them. */
export function parseCertificate(input: Uint8Array | string): pkijs.Certificate | undefined {
  return parseWith(input, ['CERTIFICATE'], (der) => pkijs.Certificate.fromBER(der));
}

/** A CRL from DER, PEM or base64 of DER; undefined if it is none of them. */
export function parseCrl(input: Uint8Array | string): pkijs.CertificateRevocationList | undefined {
  return parseWith(input, ['X509 CRL'], (der) => pkijs.CertificateRevocationList.fromBER(der));
}
