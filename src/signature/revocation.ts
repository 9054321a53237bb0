// Is a certificate revoked? Asked of its issuer's OCSP responder or CRL — the addresses the
// certificate itself names (AIA, CDP) — per the realm's setting:
//   required     no good answer from any source → refused («не удалось проверить отзыв»);
//   best-effort  an unreachable source is logged and the signature accepted; a revoked
//                answer still refuses;
//   off          nothing asked.
// Every answer's signature is checked with the issuer's key (or an OCSP responder certificate
// the issuer signed for OCSP signing): NCANode does not, we do. Fetched CRLs are cached until
// their nextUpdate (at most a day), so a CRL of megabytes is fetched once, not per sign-in.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signedByIssuer, verifyWithCertificate } from './algorithms.js';
import { extendedKeyUsages } from './identity.js';

export type RevocationMode = 'required' | 'best-effort' | 'off';
export type RevocationSource = 'ocsp' | 'crl';
export type RevocationStatus = 'good' | 'revoked' | 'unavailable';

export type FetchBytes = (
  url: string,
  request?: { body: Uint8Array; contentType: string },
) => Promise<Uint8Array | null>;

const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 4000;
const SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

/** HTTP GET (CRL) or POST (OCSP) with a timeout and a size cap; null on any failure. */
export const httpFetchBytes: FetchBytes = async (url, request) => {
  if (!/^https?:\/\//.test(url)) return null;
  try {
    const response = await fetch(url, {
      method: request ? 'POST' : 'GET',
      ...(request ? { body: request.body, headers: { 'content-type': request.contentType } } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return null;
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_ANSWER_BYTES) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > MAX_ANSWER_BYTES ? null : bytes;
  } catch {
    return null;
  }
};

function uris(names: readonly pkijs.GeneralName[]): string[] {
  return names.filter((n) => n.type === 6 && typeof n.value === 'string').map((n) => String(n.value));
}

export function crlUrls(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === '2.5.29.31')?.parsedValue;
  if (!(parsed instanceof pkijs.CRLDistributionPoints)) return [];
  return parsed.distributionPoints.flatMap((dp) =>
    Array.isArray(dp.distributionPoint) ? uris(dp.distributionPoint) : [],
  );
}

export function ocspUrls(cert: pkijs.Certificate): string[] {
  const parsed: unknown = cert.extensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.1.1')?.parsedValue;
  if (!(parsed instanceof pkijs.InfoAccess)) return [];
  return parsed.accessDescriptions
    .filter((d) => d.accessMethod === '1.3.6.1.5.5.7.48.1')
    .flatMap((d) => uris([d.accessLocation]));
}

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

/** The OCSP CertID of `cert` (SHA-256 over the issuer's name and key, as NCANode asks). */
export function certIdOf(cert: pkijs.Certificate, issuer: pkijs.Certificate): pkijs.CertID {
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: '2.16.840.1.101.3.4.2.1',
      algorithmParams: new asn1js.Null(),
    }),
    issuerNameHash: new asn1js.OctetString({
      valueHex: sha256(new Uint8Array(issuer.subject.toSchema().toBER(false))),
    }),
    issuerKeyHash: new asn1js.OctetString({
      valueHex: sha256(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    }),
    serialNumber: cert.serialNumber,
  });
}

function sameCertId(a: pkijs.CertID, b: pkijs.CertID): boolean {
  return (
    a.serialNumber.isEqual(b.serialNumber) &&
    Buffer.from(a.issuerKeyHash.valueBlock.valueHexView).equals(
      Buffer.from(b.issuerKeyHash.valueBlock.valueHexView),
    ) &&
    Buffer.from(a.issuerNameHash.valueBlock.valueHexView).equals(
      Buffer.from(b.issuerNameHash.valueBlock.valueHexView),
    )
  );
}

interface CachedCrl {
  readonly crl: pkijs.CertificateRevocationList;
  readonly until: number;
}

export interface RevocationChecker {
  check(
    cert: pkijs.Certificate,
    issuer: pkijs.Certificate,
    sources: readonly RevocationSource[],
    now: number,
  ): Promise<RevocationStatus>;
  /** How many CRL downloads were made (tests: a cached CRL is not fetched again). */
  readonly downloads: () => number;
}

export function revocationChecker(fetchBytes: FetchBytes = httpFetchBytes): RevocationChecker {
  const crlCache = new Map<string, CachedCrl>();
  let downloads = 0;

  async function crlFor(
    url: string,
    issuer: pkijs.Certificate,
    now: number,
  ): Promise<pkijs.CertificateRevocationList | null> {
    const cached = crlCache.get(url);
    if (cached && cached.until > now && cached.crl.issuer.isEqual(issuer.subject)) return cached.crl;
    downloads++;
    const bytes = await fetchBytes(url);
    if (!bytes) return null;
    let crl: pkijs.CertificateRevocationList;
    try {
      crl = pkijs.CertificateRevocationList.fromBER(bytes);
    } catch {
      return null;
    }
    if (!crl.issuer.isEqual(issuer.subject) || !signedByIssuer(crl, issuer)) return null;
    if (crl.thisUpdate.value.getTime() > now + SKEW_MS) return null;
    const next = crl.nextUpdate?.value.getTime() ?? now + DAY_MS;
    if (next < now - SKEW_MS) return null;
    if (crlCache.size > 64) crlCache.clear();
    crlCache.set(url, { crl, until: Math.min(next, now + DAY_MS) });
    return crl;
  }

  async function byCrl(
    cert: pkijs.Certificate,
    issuer: pkijs.Certificate,
    now: number,
  ): Promise<RevocationStatus> {
    for (const url of crlUrls(cert)) {
      const crl = await crlFor(url, issuer, now);
      if (!crl) continue;
      const revoked = (crl.revokedCertificates ?? []).some((r) =>
        r.userCertificate.isEqual(cert.serialNumber),
      );
      return revoked ? 'revoked' : 'good';
    }
    return 'unavailable';
  }

  async function byOcsp(
    cert: pkijs.Certificate,
    issuer: pkijs.Certificate,
    now: number,
  ): Promise<RevocationStatus> {
    const certId = certIdOf(cert, issuer);
    const nonce = randomBytes(8);
    const request = new pkijs.OCSPRequest();
    request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({
        extnID: OCSP_NONCE,
        extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false),
      }),
    ];
    const body = new Uint8Array(request.toSchema(true).toBER(false));
    for (const url of ocspUrls(cert)) {
      const bytes = await fetchBytes(url, { body, contentType: 'application/ocsp-request' });
      const status = bytes ? readOcsp(bytes, certId, issuer, nonce, now) : 'unavailable';
      if (status !== 'unavailable') return status;
    }
    return 'unavailable';
  }

  return {
    async check(cert, issuer, sources, now) {
      for (const source of sources) {
        const status = source === 'ocsp' ? await byOcsp(cert, issuer, now) : await byCrl(cert, issuer, now);
        if (status !== 'unavailable') return status;
      }
      return 'unavailable';
    },
    downloads: () => downloads,
  };
}

/** One OCSP answer read and checked; anything wrong with it is 'unavailable', never 'good'. */
function readOcsp(
  bytes: Uint8Array,
  certId: pkijs.CertID,
  issuer: pkijs.Certificate,
  nonce: Uint8Array,
  now: number,
): RevocationStatus {
  try {
    const response = pkijs.OCSPResponse.fromBER(bytes);
    if (response.responseStatus.valueBlock.valueDec !== 0 || !response.responseBytes) return 'unavailable';
    if (response.responseBytes.responseType !== OCSP_BASIC) return 'unavailable';
    const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    const data = basic.tbsResponseData;
    const delegated = (basic.certs ?? []).filter(
      (c) =>
        extendedKeyUsages(c).includes(EKU_OCSP_SIGNING) &&
        c.issuer.isEqual(issuer.subject) &&
        signedByIssuer(c, issuer),
    );
    const signature = basic.signature.valueBlock.valueHexView;
    const signed = [issuer, ...delegated].some(
      (c) =>
        verifyWithCertificate(c, basic.signatureAlgorithm.algorithmId, data.tbsView, signature) === 'valid',
    );
    if (!signed) return 'unavailable';
    const echoed = data.responseExtensions?.find((e) => e.extnID === OCSP_NONCE);
    if (echoed) {
      const inner = asn1js.fromBER(echoed.extnValue.valueBlock.valueHexView).result;
      const value = inner instanceof asn1js.OctetString ? inner.valueBlock.valueHexView : new Uint8Array();
      if (!Buffer.from(value).equals(Buffer.from(nonce))) return 'unavailable';
    }
    const single = data.responses.find((r) => sameCertId(r.certID, certId));
    if (!single) return 'unavailable';
    if (single.thisUpdate.getTime() > now + SKEW_MS) return 'unavailable';
    if (single.nextUpdate && single.nextUpdate.getTime() < now - SKEW_MS) return 'unavailable';
    const status: unknown = single.certStatus;
    const tag =
      status && typeof status === 'object' && 'idBlock' in status
        ? (status as asn1js.BaseBlock).idBlock.tagNumber
        : -1;
    if (tag === 0) return 'good';
    if (tag === 1) return 'revoked';
    return 'unavailable';
  } catch {
    return 'unavailable';
  }
}
