// The keys of the NCALayer simulator's test PKI: RSA (node:crypto) and Kazakh GOST 34.10-2015
// with 512- and 256-bit keys and the older 34.310-2004 (core/gost), behind one small interface — its public key, its signature algorithm, its
// digest, signing bytes — so certificates, CRLs, OCSP answers and CMS are built the same way
// for both families.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign as rsaSign,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  type GostPrivateKey,
  generateKeyPair,
  gostHash,
  KEY_ALGORITHMS,
  privateKeyToPem,
  publicKeyToSpki,
  readPrivateKeyPem,
  signMessage,
} from '../core/gost/index.js';

/**
 * `gost`: GOST 34.10-2015 with a 512-bit key (what NCA issues today); `gost256`: its 256-bit key;
 * `gost2004`: the older GOST 34.310-2004 (GOST 34.311-95 hash), still in NCA's older certificates.
 */
export type KeyFamily = 'rsa' | 'gost' | 'gost256' | 'gost2004';
type GostFamily = Exclude<KeyFamily, 'rsa'>;

export type PkiKey =
  | { readonly family: 'rsa'; readonly key: KeyObject }
  | { readonly family: GostFamily; readonly key: GostPrivateKey };

const GOST = {
  gost: KEY_ALGORITHMS['kz2015-512'],
  gost256: KEY_ALGORITHMS['kz2015-256'],
  gost2004: KEY_ALGORITHMS.kz2004,
} as const;
const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_RSA = '1.2.840.113549.1.1.11';

export function newKey(family: KeyFamily): PkiKey {
  if (family !== 'rsa') return { family, key: generateKeyPair(GOST[family].name) };
  return { family, key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
}

export function keyToPem(key: PkiKey): string {
  return key.family !== 'rsa'
    ? privateKeyToPem(key.key)
    : String(key.key.export({ type: 'pkcs8', format: 'pem' }));
}

export function keyFromPem(family: KeyFamily, pem: string): PkiKey {
  if (family === 'rsa') return { family, key: createPrivateKey(pem) };
  const read = readPrivateKeyPem(pem);
  if (!read.ok) throw new Error(`simulator key unreadable: ${read.reason}`);
  return { family, key: read.key };
}

export function spkiOf(key: PkiKey): pkijs.PublicKeyInfo {
  if (key.family !== 'rsa') return publicKeyToSpki(key.key.publicKey);
  return pkijs.PublicKeyInfo.fromBER(
    new Uint8Array(createPublicKey(key.key).export({ type: 'spki', format: 'der' })),
  );
}

/** The signature AlgorithmIdentifier of certificates, CRLs and OCSP answers this key signs. */
export function signatureAlgorithm(key: PkiKey): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({
    algorithmId: key.family !== 'rsa' ? GOST[key.family].signatureOid : SHA256_RSA,
    algorithmParams: new asn1js.Null(),
  });
}

/**
 * The digest a CMS names: the hash's own OID (NCA's CMS say 1.2.398.3.10.1.3.1 for GOST 34.311-95,
 * not the key's hash parameter 1.2.398.3.10.1.3.1.1.0; for Streebog the two are the same).
 */
const DIGEST_OID = {
  gost: '1.2.398.3.10.1.3.3',
  gost256: '1.2.398.3.10.1.3.2',
  gost2004: '1.2.398.3.10.1.3.1',
};

export function digestAlgorithm(key: PkiKey): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({
    algorithmId: key.family !== 'rsa' ? DIGEST_OID[key.family] : SHA256,
    algorithmParams: new asn1js.Null(),
  });
}

export function digest(key: PkiKey, data: Uint8Array): Uint8Array {
  return key.family !== 'rsa'
    ? gostHash(GOST[key.family].hash, data)
    : new Uint8Array(createHash('sha256').update(data).digest());
}

/** Signs `data` (hashing it with the key's hash): Kalkan byte order for GOST, PKCS#1 v1.5 for RSA. */
export function signBytes(key: PkiKey, data: Uint8Array): Uint8Array {
  if (key.family !== 'rsa') return signMessage(key.key, data, 'kz');
  return new Uint8Array(rsaSign('sha256', data, key.key));
}
