/**
 * Checking a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6) the
 * way a relying application must: a JWS signed by one of the issuer's keys (ES256 or RS256,
 * found by `kid` in its JWKS), `typ` logout+jwt, issued by the issuer for this client, recent,
 * with the back-channel-logout event, a `sid` or `sub`, and no `nonce`.
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';

export interface LogoutClaims {
  readonly sid: string | null;
  readonly sub: string | null;
}

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const MAX_AGE_S = 300;

function part(value: string | undefined): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The token's sid and sub when it is valid; null otherwise. */
export function checkLogoutToken(
  token: string,
  expected: { readonly issuer: string; readonly clientId: string; readonly keys: readonly JsonWebKey[] },
  nowSeconds: number,
): LogoutClaims | null {
  const [head, body, signature] = token.split('.');
  const header = part(head);
  const claims = part(body);
  if (!header || !claims || !signature || token.length > 8192) return null;
  const alg = header.alg;
  if (alg !== 'ES256' && alg !== 'RS256') return null;
  if (header.typ !== 'logout+jwt') return null;
  const jwk = expected.keys.find(
    (k) => (k as { kid?: unknown }).kid === header.kid && (k as { alg?: unknown }).alg === alg,
  );
  if (!jwk) return null;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const signed = Buffer.from(`${head}.${body}`);
  const ok =
    alg === 'ES256'
      ? verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
      : verify('sha256', signed, key, Buffer.from(signature, 'base64url'));
  if (!ok) return null;
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const events = claims.events as Record<string, unknown> | undefined;
  const iat = typeof claims.iat === 'number' ? claims.iat : 0;
  if (claims.iss !== expected.issuer || !audience.includes(expected.clientId)) return null;
  if (!events || typeof events[EVENT] !== 'object' || 'nonce' in claims) return null;
  if (Math.abs(nowSeconds - iat) > MAX_AGE_S) return null;
  const sid = typeof claims.sid === 'string' ? claims.sid : null;
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  return sid || sub ? { sid, sub } : null;
}
