// The realm's side of signature verification: which roots it trusts (the PEM bundle the
// operator installed, read again when the file changes; in demo mode without one, the NCALayer
// simulator's test roots), its revocation mode, one revocation checker (its CRL cache) for the
// process, and the address of NCALayer the page's script talks to.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { certificatesFromPem, type TrustStore } from './chain.js';
import { isCa } from './identity.js';
import { type FetchBytes, httpFetchBytes, type RevocationChecker, revocationChecker } from './revocation.js';
import { type Expectation, type SignaturePolicy, type SignatureVerdict, verifySignature } from './verify.js';

/** Real NCALayer's address on the person's computer. */
export const NCALAYER_URL = 'wss://127.0.0.1:13579/';

export function ncalayerUrl(config: Pick<Config, 'demo' | 'ncalayerSim'>): string {
  return config.demo ? `ws://127.0.0.1:${String(config.ncalayerSim.port)}/` : NCALAYER_URL;
}

/** The origins the pages' scripts may connect to (the CSP's connect-src). */
export function ncalayerOrigins(config: Pick<Config, 'demo' | 'ncalayerSim'>): string[] {
  const origins = ['wss://127.0.0.1:13579'];
  if (config.demo) origins.push(`ws://127.0.0.1:${String(config.ncalayerSim.port)}`);
  return origins;
}

export interface SignatureService {
  /** The realm's policy, or null when the realm takes no signatures or has no roots. */
  policyFor(realm: LoadedRealm): SignaturePolicy | null;
  verify(realm: LoadedRealm, text: string, expect: Expectation): Promise<SignatureVerdict | null>;
  readonly ncalayerUrl: string;
}

interface Cached {
  readonly mtimeMs: number;
  readonly trust: TrustStore;
}

export function signatureService(
  config: Pick<Config, 'demo' | 'ncalayerSim'>,
  fetchBytes: FetchBytes = httpFetchBytes,
): SignatureService {
  const revocation: RevocationChecker = revocationChecker(fetchBytes);
  const files = new Map<string, Cached>();

  function trustFrom(path: string): TrustStore | null {
    try {
      const { mtimeMs } = statSync(path);
      const cached = files.get(path);
      if (cached && cached.mtimeMs === mtimeMs) return cached.trust;
      const certs = certificatesFromPem(readFileSync(path, 'utf8'));
      const selfSigned = certs.filter((c) => c.subject.isEqual(c.issuer));
      const trust = {
        roots: selfSigned,
        intermediates: certs.filter((c) => !c.subject.isEqual(c.issuer) && isCa(c)),
      };
      files.set(path, { mtimeMs, trust });
      return trust;
    } catch {
      return null;
    }
  }

  function policyFor(realm: LoadedRealm): SignaturePolicy | null {
    const settings = realm.settings.signature;
    if (!settings) return null;
    const path = settings.rootsFile ?? (config.demo ? join(config.ncalayerSim.dir, 'roots.pem') : null);
    const trust = path ? trustFrom(path) : null;
    if (!trust || trust.roots.length === 0) return null;
    return { trust, revocation: settings.revocation, sources: settings.revocationSources };
  }

  return {
    policyFor,
    async verify(realm, text, expect) {
      const policy = policyFor(realm);
      return policy ? verifySignature(revocation, text, policy, expect) : null;
    },
    ncalayerUrl: ncalayerUrl(config),
  };
}
