// Byte ↔ integer conversions for the GOST layer.
//
// GOST mixes byte orders, and every bug we know of in GOST interop is a byte-order bug, so
// each conversion says its order in its name and there is no "default" order anywhere:
// - digests are read as little-endian integers (e = LE(H) mod q);
// - public keys are X_le‖Y_le (RFC 4491, and the same in Kazakh certificates);
// - signatures are s_be‖r_be (openssl, RFC 4491, ESIA) or r_le‖s_le (Kalkan, CryptoPro raw),
//   which are exact byte reverses of each other.

/** Reads bytes as an unsigned big-endian integer. */
export function bigFromBE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** Reads bytes as an unsigned little-endian integer. */
export function bigFromLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
}

/** Writes n as exactly `length` big-endian bytes; throws if it does not fit (a bug, not input). */
export function bigToBE(n: bigint, length: number): Uint8Array {
  return bigToLE(n, length).reverse();
}

/** Writes n as exactly `length` little-endian bytes; throws if it does not fit. */
export function bigToLE(n: bigint, length: number): Uint8Array {
  if (n < 0n) throw new RangeError('negative integer');
  const out = new Uint8Array(length);
  let v = n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`integer does not fit in ${String(length)} bytes`);
  return out;
}

/**
 * A copy with its own ArrayBuffer of exactly its length. Libraries that read `.buffer` (GostCrypto,
 * asn1js, pkijs) would otherwise see all of a Node Buffer's shared pool — and `Buffer#slice()`
 * is a view, not a copy, so it cannot be used for this.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** A reversed copy (the input is left alone). */
export function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse();
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Hex (any case, no separators) to bytes; throws on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('not a hex string');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Constant-time-enough equality for public values (lengths are public). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
