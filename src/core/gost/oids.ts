// GOST algorithm identifiers, Russian (1.2.643, RFC 4357 / RFC 4491 / RFC 9215) and Kazakh
// (1.2.398, НУЦ РК / Kalkan), and what each means for us: which curve size, which hash,
// which signature byte order.
//
// A Kazakh OID always means the Kalkan byte order (r_le‖s_le); a Russian one the RFC 4491 /
// openssl order (s_be‖r_be). Both proven by experiment (see `signature.ts`).
import type { GostCurveName } from './curves.js';
import type { GostHashName } from './hash.js';
import type { SignatureOrder } from './signature.js';

export type KeyAlgorithmName =
  | 'ru2001'
  | 'ru2012-256'
  | 'ru2012-512'
  | 'kz2004'
  | 'kz2015-256'
  | 'kz2015-512';

export interface KeyAlgorithm {
  readonly name: KeyAlgorithmName;
  /** SubjectPublicKeyInfo / PKCS#8 algorithm OID. */
  readonly oid: string;
  readonly country: 'ru' | 'kz';
  readonly size: 32 | 64;
  readonly order: SignatureOrder;
  /** The hash signatures by such a key use (for ru2001: unless the key names the test S-box). */
  readonly hash: GostHashName;
  /** The digest parameter OID written after the curve OID in the key parameters, if any. */
  readonly digestParamOid: string | undefined;
  /** The signature algorithm OID of certificates and CRLs signed by such a key. */
  readonly signatureOid: string;
  readonly defaultCurve: GostCurveName;
}

export const KEY_ALGORITHMS: Readonly<Record<KeyAlgorithmName, KeyAlgorithm>> = {
  ru2001: {
    name: 'ru2001',
    oid: '1.2.643.2.2.19',
    country: 'ru',
    size: 32,
    order: 'ru',
    hash: 'gost94-cryptopro',
    digestParamOid: '1.2.643.2.2.30.1',
    signatureOid: '1.2.643.2.2.3',
    defaultCurve: 'cryptopro-a',
  },
  'ru2012-256': {
    name: 'ru2012-256',
    oid: '1.2.643.7.1.1.1.1',
    country: 'ru',
    size: 32,
    order: 'ru',
    hash: 'streebog256',
    digestParamOid: '1.2.643.7.1.1.2.2',
    signatureOid: '1.2.643.7.1.1.3.2',
    defaultCurve: 'cryptopro-a',
  },
  'ru2012-512': {
    name: 'ru2012-512',
    oid: '1.2.643.7.1.1.1.2',
    country: 'ru',
    size: 64,
    order: 'ru',
    hash: 'streebog512',
    digestParamOid: '1.2.643.7.1.1.2.3',
    signatureOid: '1.2.643.7.1.1.3.3',
    defaultCurve: 'tc26-512-a',
  },
  kz2004: {
    name: 'kz2004',
    oid: '1.2.398.3.10.1.1.1.1',
    country: 'kz',
    size: 32,
    order: 'kz',
    hash: 'gost94-test',
    digestParamOid: '1.2.398.3.10.1.3.1.1.0',
    signatureOid: '1.2.398.3.10.1.1.1.2',
    defaultCurve: 'cryptopro-a',
  },
  // Not seen in a real certificate yet; conventions assumed to be those of kz2015-512.
  'kz2015-256': {
    name: 'kz2015-256',
    oid: '1.2.398.3.10.1.1.2.1',
    country: 'kz',
    size: 32,
    order: 'kz',
    hash: 'streebog256',
    digestParamOid: '1.2.398.3.10.1.3.2',
    signatureOid: '1.2.398.3.10.1.1.2.3.1',
    defaultCurve: 'tc26-256-a',
  },
  'kz2015-512': {
    name: 'kz2015-512',
    oid: '1.2.398.3.10.1.1.2.2',
    country: 'kz',
    size: 64,
    order: 'kz',
    hash: 'streebog512',
    digestParamOid: '1.2.398.3.10.1.3.3',
    signatureOid: '1.2.398.3.10.1.1.2.3.2',
    defaultCurve: 'tc26-512-a',
  },
};

export function keyAlgorithmByOid(oid: string): KeyAlgorithm | undefined {
  return Object.values(KEY_ALGORITHMS).find((a) => a.oid === oid);
}

/**
 * Digest parameter OIDs of GOST R 34.11-94: which S-box. The Kazakh 1.2.398.3.10.1.3.1.1.0
 * mirrors the Russian test parameter set, which is what its certificates verify with.
 */
const GOST94_PARAMS: Readonly<Record<string, GostHashName>> = {
  '1.2.643.2.2.30.0': 'gost94-test',
  '1.2.643.2.2.30.1': 'gost94-cryptopro',
  '1.2.398.3.10.1.3.1.1.0': 'gost94-test',
};

export function gost94ByParamOid(oid: string): GostHashName | undefined {
  return Object.hasOwn(GOST94_PARAMS, oid) ? GOST94_PARAMS[oid] : undefined;
}

export interface SignatureAlgorithm {
  readonly oid: string;
  readonly country: 'ru' | 'kz';
  readonly size: 32 | 64;
  readonly order: SignatureOrder;
  /** 'key' = GOST R 34.11-94 with the S-box the signer's key parameters name (RFC 4491 §2.2.2). */
  readonly hash: GostHashName | 'key';
  /** The signer's key must be of one of these algorithms. */
  readonly keys: readonly KeyAlgorithmName[];
}

const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = [
  { oid: '1.2.643.2.2.3', country: 'ru', size: 32, order: 'ru', hash: 'key', keys: ['ru2001'] },
  {
    oid: '1.2.643.7.1.1.3.2',
    country: 'ru',
    size: 32,
    order: 'ru',
    hash: 'streebog256',
    keys: ['ru2012-256'],
  },
  {
    oid: '1.2.643.7.1.1.3.3',
    country: 'ru',
    size: 64,
    order: 'ru',
    hash: 'streebog512',
    keys: ['ru2012-512'],
  },
  {
    oid: '1.2.398.3.10.1.1.1.2',
    country: 'kz',
    size: 32,
    order: 'kz',
    hash: 'gost94-test',
    keys: ['kz2004'],
  },
  {
    oid: '1.2.398.3.10.1.1.2.3.1',
    country: 'kz',
    size: 32,
    order: 'kz',
    hash: 'streebog256',
    keys: ['kz2015-256'],
  },
  {
    oid: '1.2.398.3.10.1.1.2.3.2',
    country: 'kz',
    size: 64,
    order: 'kz',
    hash: 'streebog512',
    keys: ['kz2015-512'],
  },
];

export function signatureAlgorithmByOid(oid: string): SignatureAlgorithm | undefined {
  return SIGNATURE_ALGORITHMS.find((a) => a.oid === oid);
}

/**
 * Digest algorithm OIDs (CMS `digestAlgorithm`). GOST R 34.11-94 under its Russian OID takes
 * its S-box from the parameters; without them it is the CryptoPro one (RFC 4357 §10.4).
 */
const DIGEST_OIDS: Readonly<Record<string, GostHashName>> = {
  '1.2.643.2.2.9': 'gost94-cryptopro',
  '1.2.643.7.1.1.2.2': 'streebog256',
  '1.2.643.7.1.1.2.3': 'streebog512',
  '1.2.398.3.10.1.3.1': 'gost94-test',
  '1.2.398.3.10.1.3.2': 'streebog256',
  '1.2.398.3.10.1.3.3': 'streebog512',
};

export function hashByDigestOid(oid: string): GostHashName | undefined {
  return Object.hasOwn(DIGEST_OIDS, oid) ? DIGEST_OIDS[oid] : undefined;
}
