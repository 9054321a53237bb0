// Reading a CMS SignedData as NCALayer returns it (PEM «-----BEGIN CMS-----» from
// `basics.sign`, bare base64 from `commonUtils`), and checking its one signer's signature.
// Sizes are checked before anything is decoded: a challenge's CMS with its certificate chain is
// a few KiB, so anything over MAX_CMS_CHARS is refused unread.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashByDigestOid, keyAlgorithmByOid } from '../core/gost/index.js';
import { digestOf, keyFamily, OID, verifyWithCertificate } from './algorithms.js';

export const MAX_CMS_CHARS = 48 * 1024;

export type CmsProblem =
  | 'too-large'
  | 'malformed-base64'
  | 'malformed-asn1'
  | 'not-signed-data'
  | 'signer-missing'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'content-mismatch';

export interface ParsedCms {
  readonly signed: pkijs.SignedData;
  readonly signer: pkijs.SignerInfo;
  /** The encapsulated content, or null for a detached signature. */
  readonly content: Uint8Array | null;
  readonly certificates: readonly pkijs.Certificate[];
}

const PEM = /^-----BEGIN (CMS|PKCS7)-----([A-Za-z0-9+/=\s]*)-----END \1-----$/;

function decodeBase64(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  const pem = PEM.exec(trimmed);
  const body = (pem ? (pem[2] ?? '') : trimmed).replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  return new Uint8Array(Buffer.from(body, 'base64'));
}

export type ParseResult =
  | { readonly ok: true; readonly cms: ParsedCms }
  | { readonly ok: false; readonly reason: CmsProblem };

export function parseCms(text: string): ParseResult {
  if (text.length > MAX_CMS_CHARS) return { ok: false, reason: 'too-large' };
  const der = decodeBase64(text);
  if (!der) return { ok: false, reason: 'malformed-base64' };
  const asn = asn1js.fromBER(der);
  if (asn.offset !== der.length || asn.result.error) return { ok: false, reason: 'malformed-asn1' };
  let signed: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== OID.signedData) return { ok: false, reason: 'not-signed-data' };
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    return { ok: false, reason: 'malformed-asn1' };
  }
  const signer = signed.signerInfos.length === 1 ? signed.signerInfos[0] : undefined;
  if (!signer) return { ok: false, reason: 'signer-missing' };
  const certificates = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const eContent = signed.encapContentInfo.eContent;
  let content: Uint8Array | null = null;
  if (eContent) {
    // pkijs may hold a constructed OCTET STRING: its value is the concatenation of the pieces.
    content = new Uint8Array(eContent.getValue());
  }
  return { ok: true, cms: { signed, signer, content, certificates } };
}

/** The certificate the signer's SID names, among those the CMS carries. */
export function signerCertificate(cms: ParsedCms): pkijs.Certificate | undefined {
  const sid: unknown = cms.signer.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return cms.certificates.find(
      (c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
    );
  }
  if (sid instanceof asn1js.Primitive || sid instanceof asn1js.OctetString) {
    const ski = Buffer.from(sid.valueBlock.valueHexView);
    return cms.certificates.find((c) => {
      const ext: unknown = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue;
      return ext instanceof asn1js.OctetString && Buffer.from(ext.valueBlock.valueHexView).equals(ski);
    });
  }
  return undefined;
}

function attribute(signer: pkijs.SignerInfo, type: string): asn1js.AsnType | undefined {
  const found = signer.signedAttrs?.attributes.filter((a) => a.type === type) ?? [];
  if (found.length !== 1 || found[0]?.values.length !== 1) return undefined;
  return found[0].values[0];
}

/** The signingTime signed attribute, when the signer wrote one. */
export function signingTime(signer: pkijs.SignerInfo): number | null {
  const value = attribute(signer, OID.signingTime);
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime)
    return value.toDate().getTime();
  return null;
}

/** The digest algorithm fits the key: SHA-256 for RSA, the key's own GOST hash for GOST. */
function digestFitsKey(cert: pkijs.Certificate, digestOid: string): boolean {
  const family = keyFamily(cert);
  if (family === 'rsa') return digestOid === OID.sha256;
  const key = keyAlgorithmByOid(cert.subjectPublicKeyInfo.algorithm.algorithmId);
  return family === 'gost' && key !== undefined && hashByDigestOid(digestOid) === key.hash;
}

/**
 * The signer's signature over `content` (the encapsulated content, or the detached one): with
 * signed attributes, messageDigest must be the content's digest and the signature is over the
 * DER of the attributes as a SET; without them, over the content itself.
 */
export function checkSignerSignature(
  cms: ParsedCms,
  cert: pkijs.Certificate,
  content: Uint8Array,
): 'valid' | 'unsupported-algorithm' | 'bad-signature' {
  const { signer } = cms;
  const digestOid = signer.digestAlgorithm.algorithmId;
  if (!digestFitsKey(cert, digestOid)) return 'unsupported-algorithm';
  const signature = signer.signature.valueBlock.valueHexView;
  let signedBytes = content;
  if (signer.signedAttrs) {
    const digest = digestOf(digestOid, content);
    const told = attribute(signer, OID.messageDigest);
    if (!digest || !(told instanceof asn1js.OctetString)) return 'bad-signature';
    if (!Buffer.from(told.valueBlock.valueHexView).equals(Buffer.from(digest))) return 'bad-signature';
    const type = attribute(signer, OID.contentType);
    if (
      !(type instanceof asn1js.ObjectIdentifier) ||
      type.valueBlock.toString() !== cms.signed.encapContentInfo.eContentType
    )
      return 'bad-signature';
    const encoded = new Uint8Array(signer.signedAttrs.encodedValue);
    signedBytes = Uint8Array.from(encoded);
    signedBytes[0] = 0x31; // signed as a SET OF, not as the [0] IMPLICIT it is written as
  }
  const verdict = verifyWithCertificate(cert, signer.signatureAlgorithm.algorithmId, signedBytes, signature);
  if (verdict === 'unsupported') return 'unsupported-algorithm';
  return verdict === 'valid' ? 'valid' : 'bad-signature';
}
