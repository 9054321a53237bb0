// Who a Kazakh certificate names, and what its key is for (protocols.md §6.4).
//
// Subject of an NCA RK certificate: CN=<SURNAME NAME>, SURNAME=…, SERIALNUMBER=IIN<12 digits>,
// C=KZ, GIVENNAME=<patronymic>, and for an employee O=<organisation>, OU=BIN<12 digits>. Both
// numbers carry a control digit (core/identifiers/iin.ts); a certificate whose number fails it
// is refused, as is one with no IIN at all.
//
// Purpose: an authentication key has the clientAuth EKU (1.3.6.1.5.5.7.3.2) — NCA's keys also
// keyUsage digitalSignature + keyEncipherment; a signing key has emailProtection
// (1.3.6.1.5.5.7.3.4) and keyUsage nonRepudiation. Sign-in takes an authentication key; the
// statement of the reset a signing key.
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { isValidIin } from '../core/identifiers/iin.js';

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
/** User-type OIDs (root.gov.kz/oid): an individual, an employee of a legal entity (any kind). */
export const USER_INDIVIDUAL = '1.2.398.3.3.4.1.1';
export const USER_EMPLOYEE = '1.2.398.3.3.4.1.2';

const ATTR = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  givenName: '2.5.4.42',
  organisation: '2.5.4.10',
  unit: '2.5.4.11',
} as const;

export type KeyPurpose = 'auth' | 'sign';

export interface CertificateIdentity {
  readonly iin: string;
  readonly bin: string | null;
  readonly organisation: string | null;
  readonly commonName: string | null;
}

export type IdentityResult =
  | { readonly ok: true; readonly identity: CertificateIdentity }
  | { readonly ok: false; readonly reason: 'no-iin' | 'iin-checksum' | 'bin-checksum' };

function attribute(cert: pkijs.Certificate, type: string): string | null {
  for (const tv of cert.subject.typesAndValues) {
    if (tv.type !== type) continue;
    const value: unknown = tv.value.valueBlock.value;
    return typeof value === 'string' ? value.trim() : null;
  }
  return null;
}

/** The IIN (and BIN and organisation of an employee's certificate) from the subject. */
export function identityOf(cert: pkijs.Certificate): IdentityResult {
  const serial = attribute(cert, ATTR.serialNumber);
  const iinMatch = serial ? /^IIN(\d{12})$/.exec(serial) : null;
  if (!iinMatch?.[1]) return { ok: false, reason: 'no-iin' };
  if (!isValidIin(iinMatch[1])) return { ok: false, reason: 'iin-checksum' };
  const unit = attribute(cert, ATTR.unit);
  const binMatch = unit ? /^BIN(\d{12})$/.exec(unit) : null;
  if (unit?.startsWith('BIN') && !binMatch) return { ok: false, reason: 'bin-checksum' };
  if (binMatch?.[1] && !isValidIin(binMatch[1])) return { ok: false, reason: 'bin-checksum' };
  return {
    ok: true,
    identity: {
      iin: iinMatch[1],
      bin: binMatch?.[1] ?? null,
      organisation: binMatch ? attribute(cert, ATTR.organisation) : null,
      commonName: attribute(cert, ATTR.commonName),
    },
  };
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

/** The certificate's extended key usages (empty when it has none). */
export function extendedKeyUsages(cert: pkijs.Certificate): string[] {
  const ext = extension(cert, '2.5.29.37');
  const parsed: unknown = ext?.parsedValue;
  if (parsed && typeof parsed === 'object' && 'keyPurposes' in parsed && Array.isArray(parsed.keyPurposes))
    return parsed.keyPurposes.filter((p): p is string => typeof p === 'string');
  return [];
}

/** keyUsage bits, by name; undefined when the certificate has no keyUsage extension. */
function keyUsage(
  cert: pkijs.Certificate,
): { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign: boolean } | undefined {
  const ext = extension(cert, '2.5.29.15');
  const parsed: unknown = ext?.parsedValue;
  if (!(parsed instanceof asn1js.BitString)) return undefined;
  const bytes = parsed.valueBlock.valueHexView;
  const bit = (n: number): boolean => (((bytes[n >> 3] ?? 0) >> (7 - (n & 7))) & 1) === 1;
  return { digitalSignature: bit(0), nonRepudiation: bit(1), keyCertSign: bit(5) };
}

/** Whether the certificate's key may be used for `purpose`. */
export function fitsPurpose(cert: pkijs.Certificate, purpose: KeyPurpose): boolean {
  const eku = extendedKeyUsages(cert);
  const usage = keyUsage(cert);
  if (purpose === 'auth') return eku.includes(EKU_CLIENT_AUTH) && (usage?.digitalSignature ?? true);
  return (
    eku.includes(EKU_EMAIL_PROTECTION) && (usage ? usage.digitalSignature || usage.nonRepudiation : true)
  );
}

/** A CA certificate: basicConstraints cA and, when keyUsage is present, keyCertSign. */
export function isCa(cert: pkijs.Certificate): boolean {
  const parsed: unknown = extension(cert, '2.5.29.19')?.parsedValue;
  const ca = parsed && typeof parsed === 'object' && 'cA' in parsed && parsed.cA === true;
  const usage = keyUsage(cert);
  return Boolean(ca) && (usage ? usage.keyCertSign : true);
}
