// Signing with a GOST private key: hash (or take a digest), draw a nonce k from the platform
// CSPRNG (node:crypto), compute (r, s), and encode in the byte order the receiver expects.
//
// The nonce is never derived from anything guessable: a repeated or biased k reveals the key.
// Signing runs in-process and synchronously (about 5–10 ms for 256-bit keys, 15–20 ms for
// 512-bit ones); callers sign small things (a client_secret string, a JWT, signed attributes).
import { signWithNonce } from './ec.js';
import { type GostHashName, gostHash, HASH_BYTES } from './hash.js';
import { type GostPrivateKey, randomScalar, secretScalar } from './keys.js';
import { encodeSignature, type SignatureOrder } from './signature.js';

/** Signs a digest made with the hash that goes with the key's size. */
export function signDigest(key: GostPrivateKey, digest: Uint8Array, order: SignatureOrder): Uint8Array {
  if (digest.length !== key.curve.size) {
    throw new RangeError(`a ${String(key.curve.size * 8)}-bit key signs a digest of that size`);
  }
  const d = secretScalar(key);
  for (;;) {
    const sig = signWithNonce(key.curve, d, digest, randomScalar(key.curve));
    if (sig) return encodeSignature(key.curve, sig, order);
  }
}

/**
 * Hashes `message` with the key's hash (Streebog of its size, or GOST R 34.11-94 for
 * 2001/2004 keys) unless another is named, and signs it. `order` is the receiver's byte
 * order: 'ru' for openssl, RU certificates and ESIA; 'kz' for Kalkan.
 */
export function signMessage(
  key: GostPrivateKey,
  message: Uint8Array,
  order: SignatureOrder,
  hash: GostHashName = key.publicKey.hash,
): Uint8Array {
  if (HASH_BYTES[hash] !== key.curve.size)
    throw new RangeError(`${hash} does not fit a ${key.curve.name} key`);
  return signDigest(key, gostHash(hash, message), order);
}
