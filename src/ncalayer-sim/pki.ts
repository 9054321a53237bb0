// The simulator's test PKI, made at first start and kept in a directory: per family (RSA, and
// Kazakh GOST 34.10-2015 with 512- and with 256-bit keys, and GOST 34.310-2004) a root, an NCA-like intermediate with a CRL and an OCSP responder (on
// the simulator's own HTTP address), and the demo people's keys:
//
//   individual   Ахметов Нурлан, IIN, authentication key (and a signing key: «signing»)
//   employee     Сеитова Айгерим, IIN + BIN of ТОО «ЭкоТранс Алматы», authentication key
//   expired      Омаров Ержан, an authentication certificate that expired
//   revoked      Ким Виктория, an authentication certificate on the CA's CRL
//   signing      Ахметов's signing key (emailProtection): refused for sign-in, right for the statement
//   unknown      Исаев Тимур, a person this system does not know
//
// Every key's password (as NCALayer asks for the key file's) is `Qwerty12`, NCA's test password.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { certificatesFromPem } from '../signature/chain.js';
import {
  certificatePem,
  distinguishedName as distinguished,
  issueCertificate,
  issueCrl,
  type NameParts,
} from './certificates.js';
import { type KeyFamily, keyFromPem, keyToPem, newKey, type PkiKey } from './keys.js';
import type { OcspAuthority } from './ocsp-responder.js';

export const KEY_PASSWORD = 'Qwerty12';
export const FAMILIES: readonly KeyFamily[] = ['rsa', 'gost', 'gost256', 'gost2004'];

const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_EMAIL = '1.3.6.1.5.5.7.3.4';
const INDIVIDUAL = '1.2.398.3.3.4.1.1';
const EMPLOYEE = '1.2.398.3.3.4.1.2.5';

export type DemoKeyId = 'individual' | 'employee' | 'expired' | 'revoked' | 'signing' | 'unknown';

interface Holder {
  readonly id: DemoKeyId;
  readonly label: string;
  readonly name: NameParts;
  readonly purpose: 'auth' | 'sign';
  readonly expired?: boolean;
  readonly revoked?: boolean;
}

const HOLDERS: readonly Holder[] = [
  {
    id: 'individual',
    label: 'Ахметов Нурлан — физическое лицо, ключ аутентификации',
    name: {
      commonName: 'АХМЕТОВ НУРЛАН',
      surname: 'АХМЕТОВ',
      serialNumber: 'IIN061211600012',
      givenName: 'СЕРИКОВИЧ',
    },
    purpose: 'auth',
  },
  {
    id: 'employee',
    label: 'Сеитова Айгерим — сотрудник ТОО «ЭкоТранс Алматы» (БИН), ключ аутентификации',
    name: {
      commonName: 'СЕИТОВА АЙГЕРИМ',
      surname: 'СЕИТОВА',
      serialNumber: 'IIN880501300124',
      organisation: 'ТОО «ЭкоТранс Алматы»',
      unit: 'BIN061211600012',
    },
    purpose: 'auth',
  },
  {
    id: 'expired',
    label: 'Омаров Ержан — сертификат с истёкшим сроком',
    name: { commonName: 'ОМАРОВ ЕРЖАН', surname: 'ОМАРОВ', serialNumber: 'IIN910722400458' },
    purpose: 'auth',
    expired: true,
  },
  {
    id: 'revoked',
    label: 'Ким Виктория — отозванный сертификат',
    name: { commonName: 'КИМ ВИКТОРИЯ', surname: 'КИМ', serialNumber: 'IIN850303500918' },
    purpose: 'auth',
    revoked: true,
  },
  {
    id: 'signing',
    label: 'Ахметов Нурлан — ключ подписи (для входа не подходит)',
    name: {
      commonName: 'АХМЕТОВ НУРЛАН',
      surname: 'АХМЕТОВ',
      serialNumber: 'IIN061211600012',
      givenName: 'СЕРИКОВИЧ',
    },
    purpose: 'sign',
  },
  {
    id: 'unknown',
    label: 'Исаев Тимур — человек, которого нет в системе',
    name: { commonName: 'ИСАЕВ ТИМУР', surname: 'ИСАЕВ', serialNumber: 'IIN951201000112' },
    purpose: 'auth',
  },
];

export interface DemoKey {
  readonly id: DemoKeyId;
  readonly family: KeyFamily;
  readonly label: string;
  readonly purpose: 'auth' | 'sign';
  readonly key: PkiKey;
  readonly certificate: pkijs.Certificate;
}

export interface FamilyPki {
  readonly family: KeyFamily;
  readonly root: pkijs.Certificate;
  readonly ca: pkijs.Certificate;
  readonly caKey: PkiKey;
  readonly crl: Uint8Array;
  readonly authority: OcspAuthority;
}

export interface TestPki {
  readonly baseUrl: string;
  readonly families: readonly FamilyPki[];
  readonly keys: readonly DemoKey[];
  /** The roots as one PEM bundle: what a realm trusts in the demo. */
  readonly rootsPem: string;
}

const YEAR = 365 * 24 * 60 * 60 * 1000;
const hex = (c: pkijs.Certificate): string =>
  Buffer.from(c.serialNumber.valueBlock.valueHexView).toString('hex');

interface Stored {
  readonly baseUrl: string;
  readonly families: { family: KeyFamily; rootPem: string; rootKey: string; caPem: string; caKey: string }[];
  readonly keys: { id: DemoKeyId; family: KeyFamily; certPem: string; keyPem: string }[];
}

function assemble(stored: Stored, now: Date): TestPki {
  const families: FamilyPki[] = [];
  const keys: DemoKey[] = [];
  for (const f of stored.families) {
    const [root] = certificatesFromPem(f.rootPem);
    const [ca] = certificatesFromPem(f.caPem);
    if (!root || !ca) throw new Error('simulator PKI file is damaged');
    const caKey = keyFromPem(f.family, f.caKey);
    const mine = stored.keys.filter((k) => k.family === f.family);
    const revoked = new Map<string, Date>();
    const issued = new Set<string>();
    for (const k of mine) {
      const [cert] = certificatesFromPem(k.certPem);
      const holder = HOLDERS.find((h) => h.id === k.id);
      if (!cert || !holder) throw new Error('simulator PKI file is damaged');
      issued.add(hex(cert));
      if (holder.revoked) revoked.set(hex(cert), cert.notBefore.value);
      keys.push({
        id: k.id,
        family: f.family,
        label: holder.label,
        purpose: holder.purpose,
        key: keyFromPem(f.family, k.keyPem),
        certificate: cert,
      });
    }
    const crl = issueCrl(
      ca,
      caKey,
      [...revoked].map(([serial, at]) => ({ serial: integerFromHex(serial), at })),
      new Date(now.getTime() - 60 * 60 * 1000),
      new Date(now.getTime() + 24 * 60 * 60 * 1000),
    );
    families.push({ family: f.family, root, ca, caKey, crl, authority: { ca, key: caKey, revoked, issued } });
  }
  return {
    baseUrl: stored.baseUrl,
    families,
    keys,
    rootsPem: stored.families.map((f) => f.rootPem).join(''),
  };
}

function integerFromHex(serial: string): asn1js.Integer {
  return new asn1js.Integer({ valueHex: new Uint8Array(Buffer.from(serial, 'hex')) });
}

/** A new test PKI whose certificates name `baseUrl` for their CRL and OCSP responder. */
export function generatePki(baseUrl: string, now: Date): Stored {
  const families: Stored['families'] = [];
  const keys: Stored['keys'] = [];
  for (const family of FAMILIES) {
    const tag = { rsa: 'RSA', gost: 'GOST', gost256: 'GOST-256', gost2004: 'GOST-2004' }[family];
    const rootKey = newKey(family);
    const rootName = { commonName: `ТЕСТОВЫЙ КОРНЕВОЙ УЦ (${tag})` };
    const root = issueCertificate({
      subject: rootName,
      subjectKey: rootKey,
      issuer: distinguished(rootName),
      issuerKey: rootKey,
      notBefore: new Date(now.getTime() - YEAR),
      notAfter: new Date(now.getTime() + 10 * YEAR),
      ca: true,
    });
    const caKey = newKey(family);
    const caName = { commonName: `ТЕСТОВЫЙ НУЦ РК (${tag})` };
    const ca = issueCertificate({
      subject: caName,
      subjectKey: caKey,
      issuer: root.subject,
      issuerKey: rootKey,
      notBefore: new Date(now.getTime() - YEAR),
      notAfter: new Date(now.getTime() + 5 * YEAR),
      ca: true,
    });
    for (const holder of HOLDERS) {
      const key = newKey(family);
      const cert = issueCertificate({
        subject: holder.name,
        subjectKey: key,
        issuer: ca.subject,
        issuerKey: caKey,
        notBefore: new Date(now.getTime() - (holder.expired ? 2 * YEAR : 30 * 24 * 3600 * 1000)),
        notAfter: new Date(now.getTime() + (holder.expired ? -YEAR : YEAR)),
        usage: holder.purpose,
        extendedKeyUsages: [
          holder.purpose === 'auth' ? EKU_CLIENT_AUTH : EKU_EMAIL,
          holder.name.unit ? EMPLOYEE : INDIVIDUAL,
        ],
        crlUrl: `${baseUrl}/crl/${family}.crl`,
        ocspUrl: `${baseUrl}/ocsp/${family}`,
      });
      keys.push({ id: holder.id, family, certPem: certificatePem(cert), keyPem: keyToPem(key) });
    }
    families.push({
      family,
      rootPem: certificatePem(root),
      rootKey: keyToPem(rootKey),
      caPem: certificatePem(ca),
      caKey: keyToPem(caKey),
    });
  }
  return { baseUrl, families, keys };
}

/** A fresh PKI in memory (tests). */
export function testPki(baseUrl: string, now: Date = new Date()): TestPki {
  return assemble(generatePki(baseUrl, now), now);
}

/**
 * The PKI kept in `dir` (made there at first start). `roots.pem` beside it is what a realm
 * trusts. A PKI made for another address is made again.
 */
export function loadOrCreatePki(dir: string, baseUrl: string, now: Date = new Date()): TestPki {
  const file = join(dir, 'pki.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
    // Made for this address, with every family of keys (one kept from before a family came is made again).
    if (stored.baseUrl === baseUrl && FAMILIES.every((f) => stored.families.some((x) => x.family === f))) {
      const pki = assemble(stored, now);
      writeFileSync(join(dir, 'roots.pem'), pki.rootsPem);
      return pki;
    }
  }
  mkdirSync(dir, { recursive: true });
  const stored = generatePki(baseUrl, now);
  writeFileSync(file, JSON.stringify(stored, null, 1), { mode: 0o600 });
  const pki = assemble(stored, now);
  writeFileSync(join(dir, 'roots.pem'), pki.rootsPem);
  return pki;
}

export function findKey(pki: TestPki, family: KeyFamily, id: DemoKeyId): DemoKey {
  const key = pki.keys.find((k) => k.family === family && k.id === id);
  if (!key) throw new Error(`no ${family} key ${id}`);
  return key;
}

/** The chain NCALayer puts in a CMS: the intermediate (the root is the verifier's own). */
export function chainOf(pki: TestPki, family: KeyFamily): pkijs.Certificate[] {
  const f = pki.families.find((x) => x.family === family);
  return f ? [f.ca] : [];
}
