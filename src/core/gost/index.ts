// The GOST layer's public surface: hashes, keys, signatures, JWTs, certificate signatures.
// The modules say why they are as they are; start with `signature.ts` for the byte orders.
export { equalBytes, fromHex, toHex } from './bytes.js';
export { signCertificate, signCrl } from './cert-sign.js';
export {
  isGostSignatureOid,
  parseCertificate,
  parseCrl,
  type SignedObjectVerdict,
  verifyCertificateSignature,
  verifyCrlSignature,
  verifySignedBytes,
} from './cert-verify.js';
export { CURVE_NAMES, curveByName, curveByOid, type GostCurve, type GostCurveName } from './curves.js';
export { type GostHashName, gostHash, HASH_BYTES, streebog256, streebog512 } from './hash.js';
export { decodeJwt, type GostJwtAlg, type JwtVerdict, signJwt, verifyJwt } from './jwt.js';
export {
  type GostPrivateKey,
  type GostPublicKey,
  generateKeyPair,
  type KeyProblem,
  type KeyResult,
  privateKeyFromScalar,
  privateKeyToPem,
  publicKeyBytes,
  publicKeyFromBytes,
  publicKeyFromCertificate,
  publicKeyFromSpki,
  publicKeyToPem,
  publicKeyToSpki,
  readPrivateKeyDer,
  readPrivateKeyPem,
} from './keys.js';
export {
  hashByDigestOid,
  KEY_ALGORITHMS,
  type KeyAlgorithm,
  type KeyAlgorithmName,
  keyAlgorithmByOid,
  signatureAlgorithmByOid,
} from './oids.js';
export { signDigest, signMessage } from './sign.js';
export type { SignatureOrder } from './signature.js';
export { type VerifyVerdict, verifyDigest, verifyMessage } from './verify.js';
