// Verifying a Kazakh ЭЦП (a CMS SignedData from NCALayer) for a purpose, in one order:
//
//   size → base64 → ASN.1 → SignedData with one signer → the signer's certificate → the
//   signature (and messageDigest) → the content is what we asked to be signed → the path to a
//   configured root, every certificate valid at the time of signing → the key's purpose →
//   the IIN (and BIN) with their control digits → revocation (network, last).
//
// Every refusal is a verdict (`SignatureRefusal`) with its own message (`refusalMessage`);
// nothing here throws on bad input.
import type * as pkijs from 'pkijs';
import type { MessageKey } from '../core/i18n/i18n.js';
import { buildPath, type TrustStore } from './chain.js';
import { type CmsProblem, checkSignerSignature, parseCms, signerCertificate, signingTime } from './cms.js';
import { type CertificateIdentity, fitsPurpose, identityOf, type KeyPurpose } from './identity.js';
import {
  crlUrls,
  ocspUrls,
  type RevocationChecker,
  type RevocationMode,
  type RevocationSource,
} from './revocation.js';

export interface SignaturePolicy {
  readonly trust: TrustStore;
  readonly revocation: RevocationMode;
  readonly sources: readonly RevocationSource[];
}

export interface Expectation {
  /** The bytes that must have been signed (the challenge, the statement). */
  readonly content: Uint8Array;
  readonly purpose: KeyPurpose;
  readonly now: number;
}

export type SignatureRefusal =
  | CmsProblem
  | 'unknown-issuer'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-purpose'
  | 'no-iin'
  | 'iin-checksum'
  | 'bin-checksum'
  | 'revoked'
  | 'revocation-unavailable';

export interface VerifiedSignature {
  readonly identity: CertificateIdentity;
  readonly certificate: pkijs.Certificate;
  readonly serialHex: string;
  readonly issuer: string;
  readonly algorithm: string;
  /** 'good' from OCSP or a CRL; 'unchecked' when the realm's setting is off or best effort failed. */
  readonly revocation: 'good' | 'unchecked';
}

export type SignatureVerdict =
  | { readonly ok: true; readonly signature: VerifiedSignature }
  | { readonly ok: false; readonly reason: SignatureRefusal };

const SKEW_MS = 5 * 60 * 1000;

function commonName(name: pkijs.RelativeDistinguishedNames): string {
  const cn = name.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  const value: unknown = cn?.value.valueBlock.value;
  return typeof value === 'string' ? value : '';
}

export async function verifySignature(
  revocation: RevocationChecker,
  text: string,
  policy: SignaturePolicy,
  expect: Expectation,
): Promise<SignatureVerdict> {
  const parsed = parseCms(text);
  if (!parsed.ok) return parsed;
  const { cms } = parsed;
  const cert = signerCertificate(cms);
  if (!cert) return { ok: false, reason: 'signer-missing' };
  const content = cms.content ?? expect.content; // detached: the content is ours
  const signature = checkSignerSignature(cms, cert, content);
  if (signature !== 'valid') return { ok: false, reason: signature };
  if (!Buffer.from(content).equals(Buffer.from(expect.content)))
    return { ok: false, reason: 'content-mismatch' };

  // Validity at the time of signing: the signed signingTime when present (it must not lie in
  // the future), else now. A challenge lives minutes, so both are "now" within its lifetime.
  const signedAt = signingTime(cms.signer);
  if (signedAt !== null && signedAt > expect.now + SKEW_MS) return { ok: false, reason: 'not-yet-valid' };
  const at = signedAt ?? expect.now;
  const path = buildPath(cert, cms.certificates, policy.trust, at);
  if (!path.ok) return path;
  if (!fitsPurpose(cert, expect.purpose)) return { ok: false, reason: 'wrong-purpose' };
  const identity = identityOf(cert);
  if (!identity.ok) return identity;

  let status: 'good' | 'unchecked' = 'unchecked';
  if (policy.revocation !== 'off') {
    const issuer = path.path[1] as pkijs.Certificate;
    const answer = await revocation.check(cert, issuer, policy.sources, expect.now);
    if (answer === 'revoked') return { ok: false, reason: 'revoked' };
    if (answer === 'unavailable' && policy.revocation === 'required')
      return { ok: false, reason: 'revocation-unavailable' };
    status = answer === 'good' ? 'good' : 'unchecked';
    // The CAs above: asked where they name a source; only a revoked answer refuses.
    for (let i = 1; i + 1 < path.path.length; i++) {
      const ca = path.path[i] as pkijs.Certificate;
      if (crlUrls(ca).length === 0 && ocspUrls(ca).length === 0) continue;
      const caAnswer = await revocation.check(
        ca,
        path.path[i + 1] as pkijs.Certificate,
        policy.sources,
        expect.now,
      );
      if (caAnswer === 'revoked') return { ok: false, reason: 'revoked' };
    }
  }
  return {
    ok: true,
    signature: {
      identity: identity.identity,
      certificate: cert,
      serialHex: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
      issuer: commonName(cert.issuer),
      algorithm: cert.signatureAlgorithm.algorithmId,
      revocation: status,
    },
  };
}

/** The message each refusal is shown with. */
export const REFUSAL_MESSAGES: Readonly<Record<SignatureRefusal, MessageKey>> = {
  'too-large': 'signature.too_large',
  'malformed-base64': 'signature.malformed_base64',
  'malformed-asn1': 'signature.malformed_asn1',
  'not-signed-data': 'signature.not_signed_data',
  'signer-missing': 'signature.signer_missing',
  'unsupported-algorithm': 'signature.unsupported_algorithm',
  'bad-signature': 'signature.bad_signature',
  'content-mismatch': 'signature.content_mismatch',
  'unknown-issuer': 'signature.unknown_issuer',
  expired: 'signature.expired',
  'not-yet-valid': 'signature.not_yet_valid',
  'wrong-purpose': 'signature.wrong_purpose',
  'no-iin': 'signature.no_iin',
  'iin-checksum': 'signature.iin_checksum',
  'bin-checksum': 'signature.bin_checksum',
  revoked: 'signature.revoked',
  'revocation-unavailable': 'signature.revocation_unavailable',
};

/** The HTTP status of a refusal: 413 for a body too large, 400 for what cannot be read, else 403. */
export function refusalStatus(reason: SignatureRefusal): number {
  if (reason === 'too-large') return 413;
  if (reason === 'malformed-base64' || reason === 'malformed-asn1' || reason === 'not-signed-data')
    return 400;
  if (reason === 'revocation-unavailable') return 503;
  return 403;
}
