// ESIA-style JWTs: compact JWS signed with GOST R 34.10-2012 and Streebog.
//
// What ESIA and its reference clients do (proven against `openssl dgst -md_gost12_256` both
// ways): the header names `alg` "GOST3410_2012_256" (libraries also map "GOST3410_2012_512");
// the signature is over the ASCII bytes of `header.payload`, hashed with Streebog of the key's
// size, in the openssl byte order s_be‖r_be, then base64url without padding (RFC 7515).
//
// This file checks only the signature and the shape. The claims (iss, aud, exp, nbf, nonce)
// are the caller's: they depend on the realm and the clock.
import { streebog256, streebog512 } from './hash.js';
import type { GostPrivateKey, GostPublicKey } from './keys.js';
import { signDigest } from './sign.js';
import { type VerifyVerdict, verifyDigest } from './verify.js';

export type GostJwtAlg = 'GOST3410_2012_256' | 'GOST3410_2012_512';

export type JsonObject = { readonly [name: string]: unknown };

/** Tokens longer than this are refused before any hashing (Streebog costs ~0.5 ms per KiB). */
export const MAX_JWT_LENGTH = 64 * 1024;

export function jwtAlgFor(size: 32 | 64): GostJwtAlg {
  return size === 32 ? 'GOST3410_2012_256' : 'GOST3410_2012_512';
}

function hashFor(alg: GostJwtAlg, data: Uint8Array): Uint8Array {
  return alg === 'GOST3410_2012_256' ? streebog256(data) : streebog512(data);
}

const encoder = new TextEncoder();

function base64url(data: Uint8Array | string): string {
  return Buffer.from(typeof data === 'string' ? encoder.encode(data) : data).toString('base64url');
}

/** Strict base64url: the alphabet, no padding, and canonical (re-encodes to the same text). */
function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? Uint8Array.from(bytes) : undefined;
}

function jsonObject(bytes: Uint8Array): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signs `payload` as a GOST JWT. The header gets `alg` from the key's size (whatever the
 * caller put there) and keeps the caller's other fields, e.g. ESIA's `{ ver: 1, typ: 'JWT',
 * sbt: 'id' }`.
 */
export function signJwt(
  key: GostPrivateKey,
  payload: JsonObject,
  header: JsonObject = { typ: 'JWT' },
): string {
  const alg = jwtAlgFor(key.curve.size);
  const signingInput = `${base64url(JSON.stringify({ ...header, alg }))}.${base64url(JSON.stringify(payload))}`;
  const signature = signDigest(key, hashFor(alg, encoder.encode(signingInput)), 'ru');
  return `${signingInput}.${base64url(signature)}`;
}

export type DecodedJwt = {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly signingInput: string;
  readonly signature: Uint8Array;
};

/**
 * Splits and decodes a compact JWS without checking its signature (to pick the key by `alg`
 * before verifying). Never trust what this returns on its own.
 */
export function decodeJwt(token: string): DecodedJwt | undefined {
  if (token.length === 0 || token.length > MAX_JWT_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = fromBase64url(h);
  const payloadBytes = fromBase64url(p);
  const signature = fromBase64url(s);
  if (!headerBytes || !payloadBytes || !signature) return undefined;
  const header = jsonObject(headerBytes);
  const payload = jsonObject(payloadBytes);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature };
}

export type JwtVerdict =
  | { readonly ok: true; readonly header: JsonObject; readonly payload: JsonObject }
  | {
      readonly ok: false;
      /**
       * malformed: not three strict base64url parts of JSON objects, or too long;
       * unsupported-alg: `alg` is not a GOST one (an RS256 token goes to another verifier);
       * alg-mismatch: a GOST alg of the other size than the key;
       * the rest: what `verifyDigest` found.
       */
      readonly reason: 'malformed' | 'unsupported-alg' | 'alg-mismatch' | Exclude<VerifyVerdict, 'valid'>;
    };

/** Verifies a GOST JWT's signature with `key`; claims are left to the caller. */
export function verifyJwt(token: string, key: GostPublicKey): JwtVerdict {
  const decoded = decodeJwt(token);
  if (!decoded) return { ok: false, reason: 'malformed' };
  const { alg } = decoded.header;
  if (alg !== 'GOST3410_2012_256' && alg !== 'GOST3410_2012_512')
    return { ok: false, reason: 'unsupported-alg' };
  if (alg !== jwtAlgFor(key.curve.size)) return { ok: false, reason: 'alg-mismatch' };
  const digest = hashFor(alg, encoder.encode(decoded.signingInput));
  const verdict = verifyDigest(key, digest, decoded.signature, 'ru');
  if (verdict !== 'valid') return { ok: false, reason: verdict };
  return { ok: true, header: decoded.header, payload: decoded.payload };
}
