// The path from a signer's certificate up to one of the realm's roots (the NCA roots the
// operator installed, or the simulator's test root in the demo), every link's signature
// checked with our own code (RSA and Kazakh GOST alike), every certificate valid at the time
// of signing, every issuer a CA. Certificates the CMS carries may fill the gaps between the
// signer and a configured root; they are never trusted by themselves.
import * as pkijs from 'pkijs';
import { signedByIssuer } from './algorithms.js';
import { isCa } from './identity.js';

export interface TrustStore {
  /** Trusted roots (self-signed or not: a configured certificate is an anchor). */
  readonly roots: readonly pkijs.Certificate[];
  /** Configured intermediate CAs (e.g. NCA RK under the root). */
  readonly intermediates: readonly pkijs.Certificate[];
}

export type ChainResult =
  | { readonly ok: true; readonly path: readonly pkijs.Certificate[] }
  | { readonly ok: false; readonly reason: 'unknown-issuer' | 'expired' | 'not-yet-valid' };

const MAX_DEPTH = 6;

function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  return Buffer.from(a.tbsView).equals(Buffer.from(b.tbsView));
}

function issuerOf(
  cert: pkijs.Certificate,
  candidates: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  return candidates.find(
    (c) => c.subject.isEqual(cert.issuer) && !sameCertificate(c, cert) && isCa(c) && signedByIssuer(cert, c),
  );
}

function validity(cert: pkijs.Certificate, at: number): 'ok' | 'expired' | 'not-yet-valid' {
  if (cert.notBefore.value.getTime() > at) return 'not-yet-valid';
  if (cert.notAfter.value.getTime() < at) return 'expired';
  return 'ok';
}

/**
 * The path [signer, …, root] or why there is none. The signer's own validity is reported before
 * an unknown issuer only when the path exists: an expired certificate from nowhere is "unknown".
 */
export function buildPath(
  signer: pkijs.Certificate,
  carried: readonly pkijs.Certificate[],
  trust: TrustStore,
  at: number,
): ChainResult {
  const path: pkijs.Certificate[] = [signer];
  const pool = [...trust.intermediates, ...carried];
  let current = signer;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (trust.roots.some((r) => sameCertificate(r, current))) return checkDates(path, at);
    const root = issuerOf(current, trust.roots);
    if (root) return checkDates([...path, root], at);
    const next = issuerOf(current, pool);
    if (!next || path.some((p) => sameCertificate(p, next))) break;
    path.push(next);
    current = next;
  }
  return { ok: false, reason: 'unknown-issuer' };
}

function checkDates(path: pkijs.Certificate[], at: number): ChainResult {
  for (const cert of path) {
    const v = validity(cert, at);
    if (v !== 'ok') return { ok: false, reason: v };
  }
  return { ok: true, path };
}

/** Parses the realm's configured certificates (PEM bundles or DER files' contents). */
export function certificatesFromPem(text: string): pkijs.Certificate[] {
  const out: pkijs.Certificate[] = [];
  for (const match of text.matchAll(
    /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g,
  )) {
    const der = Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64');
    out.push(pkijs.Certificate.fromBER(new Uint8Array(der)));
  }
  return out;
}
