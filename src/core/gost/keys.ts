// GOST keys: the in-memory types, reading a private key from PEM (PKCS#8) and a public key
// from a SubjectPublicKeyInfo, writing both back, and generating key pairs (tests and the
// simulators: the ESIA test key, the NCALayer test PKI).
//
// Encodings (RFC 4491, RFC 9215, and what the openssl GOST engine writes, checked here):
// - algorithm parameters are `SEQUENCE { curve OID, [digest OID], [cipher OID] }`;
// - the SPKI BIT STRING holds a DER OCTET STRING of X_le‖Y_le;
// - the PKCS#8 privateKey OCTET STRING holds d little-endian — as the raw bytes (openssl 3's
//   engine), or wrapped in an inner OCTET STRING (older engines), or as an INTEGER
//   (big-endian, some containers). All three are read; we write the first.
// Every refusal is a value with a reason, never an exception.
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derFromPem, oidSequence, oidSequenceSchema, parseAsn1, pemFromDer } from './asn1.js';
import { bigFromBE, bigFromLE, bigToLE, ownBytes } from './bytes.js';
import {
  curveByName,
  curveByOid,
  curveOid,
  type GostCurve,
  type GostCurveName,
  type GostPoint,
} from './curves.js';
import { isValidScalar } from './ec.js';
import type { GostHashName } from './hash.js';
import {
  gost94ByParamOid,
  KEY_ALGORITHMS,
  type KeyAlgorithm,
  type KeyAlgorithmName,
  keyAlgorithmByOid,
} from './oids.js';
import { decodePoint, encodePoint } from './signature.js';

export interface GostPublicKey {
  readonly algorithm: KeyAlgorithm;
  readonly curve: GostCurve;
  /** Validated: on the curve, in the generator's subgroup, not infinity. */
  readonly point: GostPoint;
  /** The hash that goes with this key (the S-box of a 2001 key comes from its parameters). */
  readonly hash: GostHashName;
  /**
   * The parameter OIDs (curve first, then digest) as read, so a key is written back as it came
   * (an XchB key stays XchB); for new keys, what openssl writes. Empty for the test curves.
   */
  readonly parameters: readonly string[];
}

/** A private key. The secret scalar is not a property: it cannot end up in a log or JSON. */
export interface GostPrivateKey {
  readonly algorithm: KeyAlgorithm;
  readonly curve: GostCurve;
  readonly publicKey: GostPublicKey;
}

const scalars = new WeakMap<GostPrivateKey, bigint>();

/** The secret scalar d; for `sign.ts` and the PKCS#8 writer only. */
export function secretScalar(key: GostPrivateKey): bigint {
  const d = scalars.get(key);
  if (d === undefined) throw new TypeError('not a key made by this module');
  return d;
}

export type KeyProblem =
  | 'not-pem'
  | 'encrypted'
  | 'malformed'
  | 'unsupported-algorithm'
  | 'unsupported-parameters'
  | 'wrong-length'
  | 'not-on-curve'
  | 'out-of-range';

export type KeyResult<K> =
  | { readonly ok: true; readonly key: K }
  | { readonly ok: false; readonly reason: KeyProblem };

/** A uniformly random scalar in 1…q−1 from the platform CSPRNG (keys and signing nonces). */
export function randomScalar(curve: GostCurve): bigint {
  const mask = (1n << BigInt(curve.q.toString(2).length)) - 1n;
  for (;;) {
    const x = bigFromBE(randomBytes(curve.size)) & mask;
    if (isValidScalar(curve, x)) return x;
  }
}

function makePrivateKey(d: bigint, parameters: Parameters): GostPrivateKey {
  const { algorithm, curve } = parameters;
  const publicKey: GostPublicKey = Object.freeze({ ...parameters, point: curve.Point.BASE.multiply(d) });
  const key: GostPrivateKey = Object.freeze({ algorithm, curve, publicKey });
  scalars.set(key, d);
  return key;
}

/** A private key from its scalar (known-answer tests, fixed test keys). */
export function privateKeyFromScalar(
  algorithmName: KeyAlgorithmName,
  curveName: GostCurveName,
  d: bigint,
): KeyResult<GostPrivateKey> {
  const algorithm = KEY_ALGORITHMS[algorithmName];
  const curve = curveByName(curveName);
  if (curve.size !== algorithm.size) return { ok: false, reason: 'unsupported-parameters' };
  if (!isValidScalar(curve, d)) return { ok: false, reason: 'out-of-range' };
  return { ok: true, key: makePrivateKey(d, defaultParameters(algorithm, curve)) };
}

/**
 * A fresh key pair; the curve defaults to the one the algorithm is normally used with. A curve
 * of another size, or one the algorithm's country has no OID for, is a programming error.
 */
export function generateKeyPair(algorithmName: KeyAlgorithmName, curveName?: GostCurveName): GostPrivateKey {
  const algorithm = KEY_ALGORITHMS[algorithmName];
  const curve = curveByName(curveName ?? algorithm.defaultCurve);
  const parameters = defaultParameters(algorithm, curve);
  if (curve.size !== algorithm.size || parameters.parameters.length === 0) {
    throw new RangeError(`${curve.name} does not fit ${algorithm.name}`);
  }
  return makePrivateKey(randomScalar(curve), parameters);
}

/** A public key from X_le‖Y_le on a known curve (a raw key, outside any certificate). */
export function publicKeyFromBytes(
  algorithmName: KeyAlgorithmName,
  curveName: GostCurveName,
  bytes: Uint8Array,
): KeyResult<GostPublicKey> {
  const algorithm = KEY_ALGORITHMS[algorithmName];
  const curve = curveByName(curveName);
  if (curve.size !== algorithm.size) return { ok: false, reason: 'unsupported-parameters' };
  const decoded = decodePoint(curve, bytes);
  if (!decoded.ok) return decoded;
  return { ok: true, key: Object.freeze({ ...defaultParameters(algorithm, curve), point: decoded.point }) };
}

export function publicKeyBytes(key: GostPublicKey): Uint8Array {
  return encodePoint(key.curve, key.point);
}

type Parameters = Omit<GostPublicKey, 'point'>;

/** What openssl writes: the curve, then the digest OID, except for TC26-256-A (RFC 9215). */
function defaultParameters(algorithm: KeyAlgorithm, curve: GostCurve): Parameters {
  const curveId = curveOid(curve.name, algorithm.country);
  const digest =
    algorithm.digestParamOid !== undefined && curve.name !== 'tc26-256-a'
      ? algorithm.digestParamOid
      : undefined;
  const parameters = curveId === undefined ? [] : digest === undefined ? [curveId] : [curveId, digest];
  return { algorithm, curve, hash: algorithm.hash, parameters };
}

/**
 * An AlgorithmIdentifier of a GOST key → algorithm, curve and hash. The curve OID must be of
 * the algorithm's own country (a Kazakh key names 1.2.398 curves) and of its size.
 */
function readParameters(oid: string, params: unknown): Parameters | KeyProblem {
  const algorithm = keyAlgorithmByOid(oid);
  if (!algorithm) return 'unsupported-algorithm';
  const oids = oidSequence(params);
  const [curveId, digestId] = oids ?? [];
  if (curveId === undefined) return 'unsupported-parameters';
  const prefix = algorithm.country === 'kz' ? '1.2.398.' : '1.2.643.';
  const curve = curveId.startsWith(prefix) ? curveByOid(curveId) : undefined;
  if (!curve || curve.size !== algorithm.size) return 'unsupported-parameters';
  let hash = algorithm.hash;
  if ((algorithm.name === 'ru2001' || algorithm.name === 'kz2004') && digestId !== undefined) {
    const named = gost94ByParamOid(digestId);
    if (!named) return 'unsupported-parameters';
    hash = named;
  }
  return { algorithm, curve, hash, parameters: oids ?? [] };
}

function parametersSchema(key: GostPublicKey): asn1js.Sequence {
  if (key.parameters.length === 0) throw new RangeError(`${key.curve.name} keys cannot be written`);
  return oidSequenceSchema(key.parameters);
}

// --- SubjectPublicKeyInfo -------------------------------------------------------------------

export function publicKeyFromSpki(spki: pkijs.PublicKeyInfo): KeyResult<GostPublicKey> {
  const parameters = readParameters(spki.algorithm.algorithmId, spki.algorithm.algorithmParams);
  if (typeof parameters === 'string') return { ok: false, reason: parameters };
  if (spki.subjectPublicKey.valueBlock.unusedBits !== 0) return { ok: false, reason: 'malformed' };
  const inner = parseAsn1(spki.subjectPublicKey.valueBlock.valueHexView);
  if (!(inner instanceof asn1js.OctetString) || inner.idBlock.isConstructed)
    return { ok: false, reason: 'malformed' };
  const decoded = decodePoint(parameters.curve, inner.valueBlock.valueHexView);
  if (!decoded.ok) return decoded;
  return { ok: true, key: Object.freeze({ ...parameters, point: decoded.point }) };
}

export function publicKeyFromCertificate(cert: pkijs.Certificate): KeyResult<GostPublicKey> {
  return publicKeyFromSpki(cert.subjectPublicKeyInfo);
}

export function publicKeyToSpki(key: GostPublicKey): pkijs.PublicKeyInfo {
  const point = new asn1js.OctetString({ valueHex: publicKeyBytes(key) });
  return new pkijs.PublicKeyInfo({
    algorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: key.algorithm.oid,
      algorithmParams: parametersSchema(key),
    }),
    subjectPublicKey: new asn1js.BitString({ valueHex: point.toBER(false) }),
  });
}

// --- PKCS#8 ---------------------------------------------------------------------------------

/** The scalar inside PKCS#8 privateKey: raw LE bytes, an inner OCTET STRING (LE) or INTEGER (BE). */
function readScalar(curve: GostCurve, content: Uint8Array): bigint | undefined {
  if (content.length === curve.size) return bigFromLE(content);
  const inner = parseAsn1(content);
  if (inner instanceof asn1js.OctetString && !inner.idBlock.isConstructed) {
    const bytes = inner.valueBlock.valueHexView;
    return bytes.length === curve.size ? bigFromLE(bytes) : undefined;
  }
  if (inner instanceof asn1js.Integer) {
    const bytes = inner.valueBlock.valueHexView;
    if (bytes.length > curve.size + 1 || (bytes[0] ?? 0) >= 0x80) return undefined;
    return bigFromBE(bytes);
  }
  return undefined;
}

/** A GOST private key from PEM text (`-----BEGIN PRIVATE KEY-----`, PKCS#8, unencrypted). */
export function readPrivateKeyPem(text: string): KeyResult<GostPrivateKey> {
  if (derFromPem(text, ['ENCRYPTED PRIVATE KEY'])) return { ok: false, reason: 'encrypted' };
  const der = derFromPem(text, ['PRIVATE KEY']);
  if (!der) return { ok: false, reason: 'not-pem' };
  return readPrivateKeyDer(der);
}

export function readPrivateKeyDer(der: Uint8Array): KeyResult<GostPrivateKey> {
  if (!parseAsn1(der)) return { ok: false, reason: 'malformed' };
  let info: pkijs.PrivateKeyInfo;
  try {
    info = pkijs.PrivateKeyInfo.fromBER(ownBytes(der));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (info.version !== 0 && info.version !== 1) return { ok: false, reason: 'malformed' };
  const parameters = readParameters(
    info.privateKeyAlgorithm.algorithmId,
    info.privateKeyAlgorithm.algorithmParams,
  );
  if (typeof parameters === 'string') return { ok: false, reason: parameters };
  const d = readScalar(parameters.curve, info.privateKey.valueBlock.valueHexView);
  if (d === undefined) return { ok: false, reason: 'malformed' };
  if (!isValidScalar(parameters.curve, d)) return { ok: false, reason: 'out-of-range' };
  return { ok: true, key: makePrivateKey(d, parameters) };
}

/** PKCS#8 PEM as the openssl GOST engine writes it (and reads it back). */
export function privateKeyToPem(key: GostPrivateKey): string {
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: key.algorithm.oid }), parametersSchema(key.publicKey)],
      }),
      new asn1js.OctetString({ valueHex: bigToLE(secretScalar(key), key.curve.size) }),
    ],
  });
  return pemFromDer(new Uint8Array(info.toBER(false)), 'PRIVATE KEY');
}

export function publicKeyToPem(key: GostPublicKey): string {
  return pemFromDer(new Uint8Array(publicKeyToSpki(key).toSchema().toBER(false)), 'PUBLIC KEY');
}
