// The test PKI's OCSP responder: reads a request (RFC 6960), answers good / revoked / unknown
// for each certificate the CA issued, echoes the nonce, and signs with the CA's own key.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type PkiKey, signatureAlgorithm, signBytes } from './keys.js';

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const NONCE = '1.3.6.1.5.5.7.48.1.2';

export interface OcspAuthority {
  readonly ca: pkijs.Certificate;
  readonly key: PkiKey;
  /** Serial (hex) → revocation time, for every certificate this CA revoked. */
  readonly revoked: ReadonlyMap<string, Date>;
  /** Serials (hex) this CA issued. */
  readonly issued: ReadonlySet<string>;
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
const hex = (i: asn1js.Integer): string => Buffer.from(i.valueBlock.valueHexView).toString('hex');

function failure(status: number): Uint8Array {
  const response = new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) });
  return new Uint8Array(response.toSchema().toBER(false));
}

/** The DER answer to an OCSP request's DER; malformed requests get `malformedRequest` (1). */
export function answerOcsp(
  requestDer: Uint8Array,
  authorities: readonly OcspAuthority[],
  now: Date,
): Uint8Array {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(requestDer);
  } catch {
    return failure(1);
  }
  const first = request.tbsRequest.requestList[0];
  if (!first) return failure(1);
  const keyHash = Buffer.from(first.reqCert.issuerKeyHash.valueBlock.valueHexView);
  const authority = authorities.find((a) =>
    sha256(a.ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).equals(keyHash),
  );
  if (!authority) return failure(6); // unauthorized
  const responses = request.tbsRequest.requestList.map((r) => {
    const serial = hex(r.reqCert.serialNumber);
    const revokedAt = authority.revoked.get(serial);
    const certStatus = revokedAt
      ? new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 1 },
          value: [new asn1js.GeneralizedTime({ valueDate: revokedAt })],
        })
      : new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: authority.issued.has(serial) ? 0 : 2 } });
    return new pkijs.SingleResponse({
      certID: r.reqCert,
      certStatus,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 60 * 60 * 1000),
    });
  });
  const data = new pkijs.ResponseData({
    responderID: authority.ca.subject,
    producedAt: now,
    responses,
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === NONCE);
  if (nonce)
    data.responseExtensions = [
      new pkijs.Extension({
        extnID: NONCE,
        extnValue: new Uint8Array(nonce.extnValue.valueBlock.valueHexView).buffer,
      }),
    ];
  const tbs = new Uint8Array(data.toSchema(true).toBER(false));
  data.tbsView = tbs;
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: data,
    signatureAlgorithm: signatureAlgorithm(authority.key),
    signature: new asn1js.BitString({ valueHex: signBytes(authority.key, tbs) }),
  });
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OCSP_BASIC,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}
