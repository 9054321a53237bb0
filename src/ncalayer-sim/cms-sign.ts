// Making a CMS SignedData as NCALayer's `basics.sign` (format cms) does: the signer's
// certificate and its chain inside, attached (encapsulate) or detached, with CAdES-like signed
// attributes (contentType, signingTime, messageDigest) or without them.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, digestAlgorithm, type PkiKey, signatureAlgorithm, signBytes } from './keys.js';

const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';

export interface CmsOptions {
  readonly attached: boolean;
  readonly signedAttributes: boolean;
  readonly signingTime: Date;
}

export function signCms(
  key: PkiKey,
  cert: pkijs.Certificate,
  chain: readonly pkijs.Certificate[],
  content: Uint8Array,
  options: CmsOptions,
): Uint8Array {
  const signer = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: digestAlgorithm(key),
    signatureAlgorithm: signatureAlgorithm(key),
  });
  let signed = content;
  if (options.signedAttributes) {
    const attributes = [
      new pkijs.Attribute({
        type: '1.2.840.113549.1.9.3',
        values: [new asn1js.ObjectIdentifier({ value: DATA })],
      }),
      new pkijs.Attribute({
        type: '1.2.840.113549.1.9.5',
        values: [new asn1js.UTCTime({ valueDate: options.signingTime })],
      }),
      new pkijs.Attribute({
        type: '1.2.840.113549.1.9.4',
        values: [new asn1js.OctetString({ valueHex: digest(key, content) })],
      }),
    ];
    signer.signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
    signed = new Uint8Array(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(false));
  }
  signer.signature = new asn1js.OctetString({ valueHex: signBytes(key, signed) });
  const data = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithm(key)],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: DATA,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: content }) } : {}),
    }),
    certificates: [cert, ...chain],
    signerInfos: [signer],
  });
  const info = new pkijs.ContentInfo({ contentType: SIGNED_DATA, content: data.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

/** PEM with the label NCALayer's `basics.sign` uses. */
export function cmsPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CMS-----\n${lines.join('\n')}\n-----END CMS-----\n`;
}
