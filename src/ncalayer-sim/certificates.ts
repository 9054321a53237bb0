// Issuing the test PKI's certificates and CRLs: pkijs builds the structures, the issuer's key
// (keys.ts) signs the DER of the TBS part, and that same encoding is kept, so the bytes signed
// are the bytes written — for RSA and for Kalkan-order GOST alike.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type PkiKey, signatureAlgorithm, signBytes, spkiOf } from './keys.js';

/** Subject attributes in NCA's order: CN, SURNAME, SERIALNUMBER, C, GIVENNAME, O, OU. */
export interface NameParts {
  readonly commonName: string;
  readonly surname?: string;
  readonly serialNumber?: string;
  readonly givenName?: string;
  readonly organisation?: string;
  readonly unit?: string;
}

export function distinguishedName(parts: NameParts): pkijs.RelativeDistinguishedNames {
  const utf8 = (type: string, value: string) =>
    new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) });
  const printable = (type: string, value: string) =>
    new pkijs.AttributeTypeAndValue({ type, value: new asn1js.PrintableString({ value }) });
  const list: pkijs.AttributeTypeAndValue[] = [utf8('2.5.4.3', parts.commonName)];
  if (parts.surname) list.push(utf8('2.5.4.4', parts.surname));
  if (parts.serialNumber) list.push(printable('2.5.4.5', parts.serialNumber));
  list.push(printable('2.5.4.6', 'KZ'));
  if (parts.givenName) list.push(utf8('2.5.4.42', parts.givenName));
  if (parts.organisation) list.push(utf8('2.5.4.10', parts.organisation));
  if (parts.unit) list.push(utf8('2.5.4.11', parts.unit));
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: list });
}

function encodeTbs(structure: pkijs.Certificate | pkijs.CertificateRevocationList): Uint8Array {
  const full: unknown = structure.toSchema(true);
  const tbs = full instanceof asn1js.Sequence ? full.valueBlock.value[0] : undefined;
  if (!tbs) throw new Error('pkijs did not produce a TBS sequence');
  return new Uint8Array(tbs.toBER(false));
}

function signStructure(
  structure: pkijs.Certificate | pkijs.CertificateRevocationList,
  issuerKey: PkiKey,
): Uint8Array {
  structure.signature = signatureAlgorithm(issuerKey);
  structure.signatureAlgorithm = signatureAlgorithm(issuerKey);
  const tbs = encodeTbs(structure);
  structure.tbsView = tbs;
  structure.signatureValue = new asn1js.BitString({ valueHex: signBytes(issuerKey, tbs) });
  return new Uint8Array(structure.toSchema(false).toBER(false));
}

const KU = {
  digitalSignature: 0x80,
  nonRepudiation: 0x40,
  keyEncipherment: 0x20,
  keyCertSign: 0x04,
  cRLSign: 0x02,
};

export interface CertificateSpec {
  readonly subject: NameParts;
  readonly subjectKey: PkiKey;
  readonly issuer: pkijs.RelativeDistinguishedNames;
  readonly issuerKey: PkiKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca?: boolean;
  /** 'auth': digitalSignature + keyEncipherment; 'sign': digitalSignature + nonRepudiation. */
  readonly usage?: 'auth' | 'sign' | 'ocsp';
  readonly extendedKeyUsages?: readonly string[];
  readonly crlUrl?: string;
  readonly ocspUrl?: string;
}

function extension(
  extnID: string,
  critical: boolean,
  value: { toSchema(): asn1js.AsnType } | asn1js.AsnType,
): pkijs.Extension {
  const schema =
    'toSchema' in value && typeof value.toSchema === 'function'
      ? value.toSchema()
      : (value as asn1js.AsnType);
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

/** Issues a certificate; returns it parsed back from its DER (extensions read as a verifier reads them). */
export function issueCertificate(spec: CertificateSpec): pkijs.Certificate {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  cert.issuer = spec.issuer;
  cert.subject = distinguishedName(spec.subject);
  cert.notBefore.value = spec.notBefore;
  cert.notAfter.value = spec.notAfter;
  cert.subjectPublicKeyInfo = spkiOf(spec.subjectKey);
  const keyBits = cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  const ski = new Uint8Array(createHash('sha1').update(keyBits).digest());
  const extensions: pkijs.Extension[] = [
    extension('2.5.29.14', false, new asn1js.OctetString({ valueHex: ski })),
  ];
  if (spec.ca) {
    extensions.push(extension('2.5.29.19', true, new pkijs.BasicConstraints({ cA: true })));
    extensions.push(
      extension(
        '2.5.29.15',
        true,
        new asn1js.BitString({ valueHex: Uint8Array.of(KU.keyCertSign | KU.cRLSign), unusedBits: 1 }),
      ),
    );
  } else {
    const bits =
      spec.usage === 'sign'
        ? KU.digitalSignature | KU.nonRepudiation
        : spec.usage === 'ocsp'
          ? KU.digitalSignature
          : KU.digitalSignature | KU.keyEncipherment;
    extensions.push(
      extension('2.5.29.15', true, new asn1js.BitString({ valueHex: Uint8Array.of(bits), unusedBits: 1 })),
    );
  }
  if (spec.extendedKeyUsages && spec.extendedKeyUsages.length > 0)
    extensions.push(
      extension('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: [...spec.extendedKeyUsages] })),
    );
  if (spec.crlUrl) {
    const point = new pkijs.DistributionPoint({
      distributionPoint: [new pkijs.GeneralName({ type: 6, value: spec.crlUrl })],
    });
    extensions.push(
      extension('2.5.29.31', false, new pkijs.CRLDistributionPoints({ distributionPoints: [point] })),
    );
  }
  if (spec.ocspUrl) {
    const access = new pkijs.AccessDescription({
      accessMethod: '1.3.6.1.5.5.7.48.1',
      accessLocation: new pkijs.GeneralName({ type: 6, value: spec.ocspUrl }),
    });
    extensions.push(
      extension('1.3.6.1.5.5.7.1.1', false, new pkijs.InfoAccess({ accessDescriptions: [access] })),
    );
  }
  cert.extensions = extensions;
  return pkijs.Certificate.fromBER(signStructure(cert, spec.issuerKey));
}

export interface RevokedEntry {
  readonly serial: asn1js.Integer;
  readonly at: Date;
}

/** A CRL of `issuer` listing `revoked`, valid from `thisUpdate` to `nextUpdate`. */
export function issueCrl(
  issuer: pkijs.Certificate,
  issuerKey: PkiKey,
  revoked: readonly RevokedEntry[],
  thisUpdate: Date,
  nextUpdate: Date,
): Uint8Array {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuer.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: thisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: nextUpdate });
  if (revoked.length > 0) {
    crl.revokedCertificates = revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: r.serial,
          revocationDate: new pkijs.Time({ type: 0, value: r.at }),
        }),
    );
  }
  return signStructure(crl, issuerKey);
}

export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

export function certificatePem(cert: pkijs.Certificate): string {
  const lines =
    Buffer.from(certificateDer(cert))
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
