// Signing certificates and CRLs with a GOST key, for the simulators' test PKIs (the ESIA
// simulator's certificate, the NCALayer simulator's Kazakh GOST-2015 root, CA and users).
//
// pkijs builds the structures; its own `sign()` only knows WebCrypto algorithms, so the
// signature is made here: the algorithm identifier of the key's family (with NULL
// parameters, as both openssl and Kalkan write them) goes into the TBS and the outer field,
// the TBS is DER-encoded once, hashed and signed in the key's byte order, and that same TBS
// encoding is kept, so the bytes signed are the bytes written.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { GostPrivateKey } from './keys.js';
import { signMessage } from './sign.js';

function signatureAlgorithm(key: GostPrivateKey): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({
    algorithmId: key.algorithm.signatureOid,
    algorithmParams: new asn1js.Null(),
  });
}

/** Encodes the TBS part of a certificate or CRL (the first element of its full encoding). */
function encodeTbs(structure: pkijs.Certificate | pkijs.CertificateRevocationList): Uint8Array {
  const full: unknown = structure.toSchema(true);
  const tbs = full instanceof asn1js.Sequence ? full.valueBlock.value[0] : undefined;
  if (!tbs) throw new Error('pkijs did not produce a TBS sequence');
  return new Uint8Array(tbs.toBER(false));
}

function signStructure(
  structure: pkijs.Certificate | pkijs.CertificateRevocationList,
  issuerKey: GostPrivateKey,
): Uint8Array {
  structure.signature = signatureAlgorithm(issuerKey);
  structure.signatureAlgorithm = signatureAlgorithm(issuerKey);
  const tbs = encodeTbs(structure);
  const signature = signMessage(issuerKey, tbs, issuerKey.algorithm.order);
  structure.tbsView = tbs;
  structure.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(structure.toSchema(false).toBER(false));
}

/**
 * Signs `cert` (everything but the signature already filled in) with the issuer's key and
 * returns its DER. The certificate object is updated too.
 */
export function signCertificate(cert: pkijs.Certificate, issuerKey: GostPrivateKey): Uint8Array {
  return signStructure(cert, issuerKey);
}

/** Signs `crl` with the issuer's key and returns its DER. */
export function signCrl(crl: pkijs.CertificateRevocationList, issuerKey: GostPrivateKey): Uint8Array {
  return signStructure(crl, issuerKey);
}
