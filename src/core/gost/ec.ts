// The GOST R 34.10-2012 signature scheme itself (the 2001 scheme is the same, and so are
// Kazakhstan's 34.310-2004 and 34.10-2015), on integers and points. Byte orders live in
// `signature.ts`; where k comes from lives in `sign.ts`. Standard §6.1 and §6.2:
//
//   e = α mod q, where α is the digest read as a little-endian integer; e = 0 → e = 1
//   sign:   C = kG, r = x_C mod q, s = (r·d + k·e) mod q; r = 0 or s = 0 → another k
//   verify: 0 < r, s < q; v = e⁻¹ mod q; z1 = s·v, z2 = −r·v (mod q);
//           C = z1·G + z2·Q; valid iff x_C mod q = r
//
// Verification only handles public values, so it uses noble's variable-time multiplication
// (`multiplyUnsafe`, about 3× faster); signing multiplies the secret nonce with the
// constant-time `multiply`.
import { bigFromLE } from './bytes.js';
import type { GostCurve, GostPoint } from './curves.js';

export interface RawSignature {
  readonly r: bigint;
  readonly s: bigint;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm (q is prime, a ≠ 0 mod q). */
function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

/** e from a digest: LE(H) mod q, with 0 replaced by 1 (standard §6.1 step 2). */
export function digestToE(curve: GostCurve, digest: Uint8Array): bigint {
  const e = bigFromLE(digest) % curve.q;
  return e === 0n ? 1n : e;
}

/** A secret scalar (key or nonce) is usable iff 0 < x < q. */
export function isValidScalar(curve: GostCurve, x: bigint): boolean {
  return x > 0n && x < curve.q;
}

/**
 * Signs a digest with secret key d and nonce k. Returns undefined in the (negligible) cases the
 * standard says to draw another k: r = 0 or s = 0. The caller owns k: a fresh CSPRNG value for
 * real signatures (`sign.ts`), the standard's fixed value in known-answer tests.
 */
export function signWithNonce(
  curve: GostCurve,
  d: bigint,
  digest: Uint8Array,
  k: bigint,
): RawSignature | undefined {
  if (!isValidScalar(curve, d) || !isValidScalar(curve, k)) throw new RangeError('scalar out of range');
  const e = digestToE(curve, digest);
  const r = mod(curve.Point.BASE.multiply(k).toAffine().x, curve.q);
  if (r === 0n) return undefined;
  const s = mod(r * d + k * e, curve.q);
  if (s === 0n) return undefined;
  return { r, s };
}

/**
 * Checks a signature on a digest against a public point. The point must already be validated
 * (on the curve, in the subgroup, not infinity: `publicKeyFromBytes` does it). Out-of-range r
 * or s is an invalid signature, never an exception.
 */
export function verifyRaw(curve: GostCurve, Q: GostPoint, digest: Uint8Array, sig: RawSignature): boolean {
  const { r, s } = sig;
  const q = curve.q;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const v = invert(digestToE(curve, digest), q);
  const z1 = mod(s * v, q);
  const z2 = mod(-r * v, q);
  const C = curve.Point.BASE.multiplyUnsafe(z1).add(Q.multiplyUnsafe(z2));
  if (C.is0()) return false;
  return mod(C.toAffine().x, q) === r;
}
