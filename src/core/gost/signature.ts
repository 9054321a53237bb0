// The byte orders of GOST signatures and public keys, at the edges only.
//
// Proven by experiment (openssl GOST engine both ways, real NCA certificates and CRLs):
// - 'ru': s_be‖r_be — openssl `dgst -sign`, X.509/CMS signature values in Russian PKIX
//   (RFC 4491 §2.2.2), ESIA's client_secret and GOST JWTs;
// - 'kz': r_le‖s_le — Kalkan (НУЦ РК certificates, CRLs, OCSP, CMS) and CryptoPro's raw
//   output; it is the exact byte reverse of 'ru';
// - public keys are X_le‖Y_le in both (the content of the OCTET STRING inside the SPKI
//   BIT STRING).
// Anything of the wrong length or out of range is refused with a reason, never thrown.
import { bigFromBE, bigFromLE, bigToBE, bigToLE, concatBytes, reversed } from './bytes.js';
import type { GostCurve, GostPoint } from './curves.js';
import type { RawSignature } from './ec.js';

export type SignatureOrder = 'ru' | 'kz';

export function encodeSignature(curve: GostCurve, sig: RawSignature, order: SignatureOrder): Uint8Array {
  const ru = concatBytes(bigToBE(sig.s, curve.size), bigToBE(sig.r, curve.size));
  return order === 'ru' ? ru : reversed(ru);
}

export type DecodedSignature =
  | { readonly ok: true; readonly signature: RawSignature }
  | { readonly ok: false; readonly reason: 'wrong-length' | 'out-of-range' };

/** Splits a signature into r and s; refuses a wrong length and r or s outside 1…q−1. */
export function decodeSignature(
  curve: GostCurve,
  bytes: Uint8Array,
  order: SignatureOrder,
): DecodedSignature {
  const n = curve.size;
  if (bytes.length !== 2 * n) return { ok: false, reason: 'wrong-length' };
  const r = order === 'ru' ? bigFromBE(bytes.subarray(n, 2 * n)) : bigFromLE(bytes.subarray(0, n));
  const s = order === 'ru' ? bigFromBE(bytes.subarray(0, n)) : bigFromLE(bytes.subarray(n, 2 * n));
  if (r <= 0n || r >= curve.q || s <= 0n || s >= curve.q) return { ok: false, reason: 'out-of-range' };
  return { ok: true, signature: { r, s } };
}

export function encodePoint(curve: GostCurve, point: GostPoint): Uint8Array {
  const { x, y } = point.toAffine();
  return concatBytes(bigToLE(x, curve.size), bigToLE(y, curve.size));
}

export type DecodedPoint =
  | { readonly ok: true; readonly point: GostPoint }
  | { readonly ok: false; readonly reason: 'wrong-length' | 'not-on-curve' };

/**
 * X_le‖Y_le → a validated point: coordinates below p, on the curve, not infinity, and in the
 * generator's subgroup. The last check matters on the cofactor-4 TC26-256-A curve: a point
 * outside the subgroup is not d·G for any d, so it is no one's key and is refused.
 */
export function decodePoint(curve: GostCurve, bytes: Uint8Array): DecodedPoint {
  const n = curve.size;
  if (bytes.length !== 2 * n) return { ok: false, reason: 'wrong-length' };
  const x = bigFromLE(bytes.subarray(0, n));
  const y = bigFromLE(bytes.subarray(n, 2 * n));
  const { Fp } = curve.Point;
  if (!Fp.isValid(x) || !Fp.isValid(y)) return { ok: false, reason: 'not-on-curve' };
  try {
    const point = curve.Point.fromAffine({ x, y });
    point.assertValidity();
    if (point.is0()) return { ok: false, reason: 'not-on-curve' };
    return { ok: true, point };
  } catch {
    return { ok: false, reason: 'not-on-curve' };
  }
}
