/**
 * Checking the tokens ESIA returns (protocols.md §2.5): the signature by one of ESIA's keys
 * configured for the realm — GOST3410_2012_256 (Streebog-256, openssl byte order), or RS256
 * for the older RSA keys — then the claims: `iss` is ESIA's, the token is for us (`aud` of the
 * id_token, `client_id` of the access token), it is within `nbf`…`exp` (a minute of leeway
 * for clocks), the id_token carries the nonce we sent, and both name the same person.
 */
import { createVerify } from 'node:crypto';
import { decodeJwt, verifyJwt } from '../core/gost/index.js';
import type { EsiaKeys } from './config.js';

export const LEEWAY_MS = 60_000;

export type TokenProblem =
  | 'malformed'
  | 'unsupported-alg'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-nonce'
  | 'wrong-subject';

export type Claims = { readonly [name: string]: unknown };

export type TokenCheck =
  | { readonly ok: true; readonly claims: Claims }
  | { readonly ok: false; readonly problem: TokenProblem };

/** Whether one of ESIA's keys signed `token`; the claims are not looked at here. */
export function verifyEsiaSignature(token: string, keys: EsiaKeys): TokenCheck {
  const decoded = decodeJwt(token);
  if (!decoded) return { ok: false, problem: 'malformed' };
  const alg = decoded.header.alg;
  if (alg === 'GOST3410_2012_256') {
    for (const key of keys.gost) if (verifyJwt(token, key).ok) return { ok: true, claims: decoded.payload };
    return { ok: false, problem: 'bad-signature' };
  }
  if (alg === 'RS256') {
    for (const key of keys.rsa) {
      const verifier = createVerify('RSA-SHA256');
      verifier.update(decoded.signingInput, 'ascii');
      if (verifier.verify(key, Buffer.from(decoded.signature))) return { ok: true, claims: decoded.payload };
    }
    return { ok: false, problem: 'bad-signature' };
  }
  return { ok: false, problem: 'unsupported-alg' };
}

export interface Expected {
  readonly issuer: string;
  readonly clientId: string;
  readonly now: number;
}

function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;
}

function timeProblem(claims: Claims, now: number): TokenProblem | null {
  const exp = seconds(claims.exp);
  if (exp === null || now > exp + LEEWAY_MS) return 'expired';
  const nbf = seconds(claims.nbf);
  if (nbf !== null && now + LEEWAY_MS < nbf) return 'not-yet-valid';
  return null;
}

function audienceOf(claims: Claims): readonly unknown[] {
  return Array.isArray(claims.aud) ? claims.aud : [claims.aud];
}

/** The id_token: ESIA's signature, `iss`, `aud`, time, `nonce`; its `sub` is the person's oid. */
export function checkIdToken(
  token: string,
  keys: EsiaKeys,
  expected: Expected & { readonly nonce: string },
): TokenCheck {
  const signed = verifyEsiaSignature(token, keys);
  if (!signed.ok) return signed;
  const c = signed.claims;
  if (c.iss !== expected.issuer) return { ok: false, problem: 'wrong-issuer' };
  if (!audienceOf(c).includes(expected.clientId)) return { ok: false, problem: 'wrong-audience' };
  const time = timeProblem(c, expected.now);
  if (time) return { ok: false, problem: time };
  if (c.nonce !== expected.nonce) return { ok: false, problem: 'wrong-nonce' };
  if (typeof c.sub !== 'string' && typeof c.sub !== 'number') return { ok: false, problem: 'wrong-subject' };
  return signed;
}

/** The access token: ESIA's signature, `iss`, `client_id`, time, and the same person as the id_token. */
export function checkAccessToken(
  token: string,
  keys: EsiaKeys,
  expected: Expected & { readonly oid: string },
): TokenCheck {
  const signed = verifyEsiaSignature(token, keys);
  if (!signed.ok) return signed;
  const c = signed.claims;
  if (c.iss !== expected.issuer) return { ok: false, problem: 'wrong-issuer' };
  if (c.client_id !== expected.clientId) return { ok: false, problem: 'wrong-audience' };
  const time = timeProblem(c, expected.now);
  if (time) return { ok: false, problem: time };
  if (String(c['urn:esia:sbj_id']) !== expected.oid) return { ok: false, problem: 'wrong-subject' };
  return signed;
}
