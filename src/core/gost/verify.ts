// Verifying a GOST signature against a public key. Every outcome is a value: a signature
// of the wrong length, with r or s = 0 or ≥ q, or made with another hash size is refused with
// a reason, so hostile input can never surface as an exception (and a 500).
import { verifyRaw } from './ec.js';
import { type GostHashName, gostHash, HASH_BYTES } from './hash.js';
import type { GostPublicKey } from './keys.js';
import { decodeSignature, type SignatureOrder } from './signature.js';

export type VerifyVerdict =
  /** The signature is good. */
  | 'valid'
  /** Well-formed, but not a signature of this digest by this key. */
  | 'invalid'
  /** Not 2·size bytes. */
  | 'wrong-length'
  /** r or s is 0 or not below q: no signer produces that. */
  | 'out-of-range'
  /** The digest or hash does not match the key's size (a 256-bit key with a 512-bit hash). */
  | 'hash-mismatch';

export function verifyDigest(
  key: GostPublicKey,
  digest: Uint8Array,
  signature: Uint8Array,
  order: SignatureOrder,
): VerifyVerdict {
  if (digest.length !== key.curve.size) return 'hash-mismatch';
  const decoded = decodeSignature(key.curve, signature, order);
  if (!decoded.ok) return decoded.reason;
  return verifyRaw(key.curve, key.point, digest, decoded.signature) ? 'valid' : 'invalid';
}

/** Hashes `message` with the key's hash unless another is named, and verifies. */
export function verifyMessage(
  key: GostPublicKey,
  message: Uint8Array,
  signature: Uint8Array,
  order: SignatureOrder,
  hash: GostHashName = key.hash,
): VerifyVerdict {
  if (HASH_BYTES[hash] !== key.curve.size) return 'hash-mismatch';
  // Length first: no reason to hash a large message for a signature that cannot be one.
  if (signature.length !== 2 * key.curve.size) return 'wrong-length';
  return verifyDigest(key, gostHash(hash, message), signature, order);
}
