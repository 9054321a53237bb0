/**
 * The test PKI of the ESIA simulator and of Propusk's demo: our system's GOST 2012-256 key and
 * certificate (what an operator registers on ESIA's technology portal), the simulator's GOST
 * key and certificate (what ESIA signs tokens with), and an RSA key and certificate (ESIA's
 * older tokens, RS256). Made at first start and kept as PEM files in one directory, so the
 * simulator and Propusk, started separately, read the same ones. Test keys only: nothing here
 * is production material.
 */
import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  type GostPrivateKey,
  generateKeyPair,
  privateKeyToPem,
  publicKeyToSpki,
  readPrivateKeyPem,
  signCertificate,
} from '../../core/gost/index.js';

export interface SimPki {
  readonly dir: string;
  readonly clientKeyPath: string;
  readonly clientCertPath: string;
  readonly esiaGostCertPath: string;
  readonly esiaRsaCertPath: string;
  readonly clientCertificate: Uint8Array;
  readonly esiaGostKey: GostPrivateKey;
  readonly esiaRsaKey: KeyObject;
}

function name(cn: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }),
    ],
  });
}

function pem(der: Uint8Array, label: string): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

function derOf(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
}

function frame(cn: string, serial: number): pkijs.Certificate {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial });
  cert.issuer = name(cn);
  cert.subject = name(cn);
  cert.notBefore.value = new Date('2025-01-01T00:00:00Z');
  cert.notAfter.value = new Date('2045-01-01T00:00:00Z');
  return cert;
}

function gostCertificate(key: GostPrivateKey, cn: string, serial: number): Uint8Array {
  const cert = frame(cn, serial);
  cert.subjectPublicKeyInfo = publicKeyToSpki(key.publicKey);
  return signCertificate(cert, key);
}

function rsaCertificate(key: { privateKey: KeyObject; publicKey: KeyObject }): Uint8Array {
  const cert = frame('ЕСИА, симулятор (RSA)', 3);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    key.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const algorithm = () =>
    new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.11',
      algorithmParams: new asn1js.Null(),
    });
  cert.signature = algorithm();
  cert.signatureAlgorithm = algorithm();
  const full: unknown = cert.toSchema(true);
  const tbsNode = full instanceof asn1js.Sequence ? full.valueBlock.value[0] : undefined;
  if (!tbsNode) throw new Error('pkijs did not produce a TBS sequence');
  const tbs = new Uint8Array(tbsNode.toBER(false));
  const signer = createSign('RSA-SHA256');
  signer.update(tbs);
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(signer.sign(key.privateKey)) });
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

const FILES = {
  clientKey: 'propusk-client.key.pem',
  clientCert: 'propusk-client.crt.pem',
  esiaKey: 'esia-sim-gost.key.pem',
  esiaCert: 'esia-sim-gost.crt.pem',
  rsaKey: 'esia-sim-rsa.key.pem',
  rsaCert: 'esia-sim-rsa.crt.pem',
} as const;

/** Reads the test PKI in `dir`, making whatever is missing. */
export async function ensureSimPki(dir: string): Promise<SimPki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (file: string): string => join(dir, file);
  if (!existsSync(path(FILES.clientCert)) || !existsSync(path(FILES.clientKey))) {
    const key = generateKeyPair('ru2012-256');
    writeFileSync(path(FILES.clientKey), privateKeyToPem(key), { mode: 0o600 });
    writeFileSync(
      path(FILES.clientCert),
      pem(gostCertificate(key, 'Пропуск, тестовая система', 1), 'CERTIFICATE'),
    );
  }
  if (!existsSync(path(FILES.esiaCert)) || !existsSync(path(FILES.esiaKey))) {
    const key = generateKeyPair('ru2012-256');
    writeFileSync(path(FILES.esiaKey), privateKeyToPem(key), { mode: 0o600 });
    writeFileSync(
      path(FILES.esiaCert),
      pem(gostCertificate(key, 'ЕСИА, симулятор (ГОСТ)', 2), 'CERTIFICATE'),
    );
  }
  if (!existsSync(path(FILES.rsaCert)) || !existsSync(path(FILES.rsaKey))) {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path(FILES.rsaKey), key.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    writeFileSync(path(FILES.rsaCert), pem(rsaCertificate(key), 'CERTIFICATE'));
  }
  const esiaKey = readPrivateKeyPem(readFileSync(path(FILES.esiaKey), 'utf8'));
  if (!esiaKey.ok) throw new Error(`${path(FILES.esiaKey)}: ${esiaKey.reason}`);
  return {
    dir,
    clientKeyPath: path(FILES.clientKey),
    clientCertPath: path(FILES.clientCert),
    esiaGostCertPath: path(FILES.esiaCert),
    esiaRsaCertPath: path(FILES.rsaCert),
    clientCertificate: derOf(readFileSync(path(FILES.clientCert), 'utf8')),
    esiaGostKey: esiaKey.key,
    esiaRsaKey: createPrivateKey(readFileSync(path(FILES.rsaKey))),
  };
}
