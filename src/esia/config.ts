/**
 * ESIA per realm: a JSON file named by ESIA_CONFIG, `{ "<realm>": { … } }`, read and checked
 * once at start. Each bad value is one line naming the realm and the key (`dnevnik.key: cannot
 * read /etc/propusk/esia.key: no such file`), and the service does not start.
 *
 * What a realm says: the ESIA host (test, production, or a URL — the simulator), our mnemonic
 * (`clientId`), our certificate and how we sign (a PEM key, or an external command), ESIA's
 * certificates that sign its tokens (GOST and RSA), the scopes, and how long to wait for ESIA.
 * The matching rules and the required account level are realm settings (`realms/presets.ts`).
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  equalBytes,
  type GostPrivateKey,
  type GostPublicKey,
  parseCertificate,
  publicKeyBytes,
  publicKeyFromCertificate,
  readPrivateKeyPem,
} from '../core/gost/index.js';
import { certificateHash } from './secret.js';
import { commandSigner, type EsiaSigner, pemSigner } from './signer.js';

export const ESIA_HOSTS = {
  test: { url: 'https://esia-portal1.test.gosuslugi.ru', issuer: 'http://esia-portal1.test.gosuslugi.ru/' },
  production: { url: 'https://esia.gosuslugi.ru', issuer: 'http://esia.gosuslugi.ru/' },
} as const;

export const DEFAULT_SCOPES = [
  'openid',
  'fullname',
  'birthdate',
  'gender',
  'snils',
  'email',
  'mobile',
] as const;
const SCOPE = /^[a-z_]{2,40}$/;

const realmSchema = z
  .object({
    /** `test`, `production`, or the base URL of another ESIA (the simulator). */
    host: z.union([
      z.enum(['test', 'production']),
      z.url({ protocol: /^https?$/, error: 'must be test, production or an http(s) URL' }),
    ]),
    /** Who signs ESIA's tokens (`iss`); by default the one of the host. Required with a URL host. */
    issuer: z.string().min(1).max(200).optional(),
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be the system mnemonic (letters, digits, _ . -)'),
    /** Our certificate as registered on the technology portal (PEM or DER file). */
    certificate: z.string().min(1),
    /** Our GOST R 34.10-2012 (256-bit) key in PEM, unencrypted; or `signer` instead. */
    key: z.string().min(1).optional(),
    signer: z
      .object({
        command: z.array(z.string().min(1)).min(1),
        order: z.enum(['openssl', 'cryptopro']),
        output: z.enum(['raw', 'base64']).default('raw'),
        timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
      })
      .strict()
      .optional(),
    /** ESIA's certificates whose keys sign its tokens (GOST 2012-256 and, for older keys, RSA). */
    esiaCertificates: z.array(z.string().min(1)).min(1),
    scopes: z
      .array(z.string().regex(SCOPE, 'must be a scope name'))
      .min(1)
      .refine((s) => s.includes('openid'), { message: 'must include openid' })
      .default([...DEFAULT_SCOPES]),
    timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  })
  .strict()
  .refine((c) => (c.key === undefined) !== (c.signer === undefined), {
    message: 'give either key (a PEM file) or signer (a command), not both or neither',
  })
  .refine((c) => c.issuer !== undefined || c.host === 'test' || c.host === 'production', {
    message: 'issuer is required when host is a URL',
  });

export type EsiaRealmInput = z.input<typeof realmSchema>;

/** ESIA's keys that may sign its tokens. */
export interface EsiaKeys {
  readonly gost: readonly GostPublicKey[];
  readonly rsa: readonly KeyObject[];
}

export interface EsiaRealmConfig {
  readonly realmId: string;
  readonly baseUrl: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly certificateHash: string;
  readonly signer: EsiaSigner;
  readonly esiaKeys: EsiaKeys;
  readonly scopes: readonly string[];
  /** Where ESIA sends the browser back: BASE_URL/r/<realm>/esia/callback. */
  readonly redirectUri: string;
  readonly timeoutMs: number;
}

export type EsiaConfigResult =
  | { readonly ok: true; readonly realms: ReadonlyMap<string, EsiaRealmConfig> }
  | { readonly ok: false; readonly errors: readonly string[] };

function readFile(path: string): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  try {
    return { ok: true, bytes: readFileSync(path) };
  } catch (err) {
    return {
      ok: false,
      error: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    };
  }
}

/** A certificate file (PEM or DER) → its DER. */
export function certificateDer(bytes: Uint8Array): Uint8Array | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(text);
  const der = pem ? Uint8Array.from(Buffer.from((pem[1] ?? '').replace(/\s+/g, ''), 'base64')) : bytes;
  return parseCertificate(der) ? der : undefined;
}

/** One ESIA certificate: a GOST key, an RSA key, or a message saying why not. */
function esiaKeyOf(der: Uint8Array): { gost: GostPublicKey } | { rsa: KeyObject } | { error: string } {
  const cert = parseCertificate(der);
  if (!cert) return { error: 'is not an X.509 certificate' };
  const gost = publicKeyFromCertificate(cert);
  if (gost.ok) {
    if (gost.key.curve.size !== 32) return { error: 'is a 512-bit GOST key; ESIA signs with 256-bit keys' };
    return { gost: gost.key };
  }
  try {
    const key = new X509Certificate(Buffer.from(der)).publicKey;
    if (key.asymmetricKeyType === 'rsa') return { rsa: key };
  } catch {
    // neither a GOST nor an RSA key
  }
  return { error: 'holds neither a GOST R 34.10-2012 nor an RSA key' };
}

function checkRealm(
  realmId: string,
  input: unknown,
  baseUrl: string,
  errors: string[],
): EsiaRealmConfig | null {
  const parsed = realmSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push(`${[realmId, ...issue.path.map(String)].join('.')}: ${issue.message}`);
    return null;
  }
  const c = parsed.data;
  const before = errors.length;
  const fail = (key: string, message: string): void => {
    errors.push(`${realmId}.${key}: ${message}`);
  };
  let certificate: Uint8Array | undefined;
  let certKey: GostPublicKey | undefined;
  const certFile = readFile(c.certificate);
  if (!certFile.ok) fail('certificate', certFile.error);
  else {
    certificate = certificateDer(certFile.bytes);
    const cert = certificate ? parseCertificate(certificate) : undefined;
    const key = cert ? publicKeyFromCertificate(cert) : undefined;
    if (!certificate || !key) fail('certificate', `${c.certificate} is not an X.509 certificate`);
    else if (!key.ok || key.key.algorithm.name !== 'ru2012-256')
      fail('certificate', `${c.certificate} does not hold a GOST R 34.10-2012 256-bit key`);
    else certKey = key.key;
  }
  let signer: EsiaSigner | undefined;
  if (c.key !== undefined) {
    const keyFile = readFile(c.key);
    if (!keyFile.ok) fail('key', keyFile.error);
    else {
      const key = readPrivateKeyPem(keyFile.bytes.toString('utf8'));
      if (!key.ok) fail('key', `${c.key} is not a usable GOST private key (${key.reason})`);
      else if (key.key.algorithm.name !== 'ru2012-256')
        fail('key', `${c.key} is not a GOST R 34.10-2012 256-bit key`);
      else if (certKey && !sameKey(key.key, certKey))
        fail('key', `${c.key} does not belong to the certificate ${c.certificate}`);
      else signer = pemSigner(key.key);
    }
  } else if (c.signer && certKey) {
    signer = commandSigner(c.signer, certKey);
  }
  const gost: GostPublicKey[] = [];
  const rsa: KeyObject[] = [];
  c.esiaCertificates.forEach((path, i) => {
    const file = readFile(path);
    if (!file.ok) {
      fail(`esiaCertificates.${i}`, file.error);
      return;
    }
    const der = certificateDer(file.bytes);
    const key = der ? esiaKeyOf(der) : { error: 'is not an X.509 certificate' };
    if ('error' in key) fail(`esiaCertificates.${i}`, `${path} ${key.error}`);
    else if ('gost' in key) gost.push(key.gost);
    else rsa.push(key.rsa);
  });
  if (errors.length > before || !certificate || !signer) return null;
  const host = c.host === 'test' || c.host === 'production' ? ESIA_HOSTS[c.host] : null;
  return {
    realmId,
    baseUrl: (host ? host.url : (c.host as string)).replace(/\/+$/, ''),
    issuer: c.issuer ?? (host as { issuer: string }).issuer,
    clientId: c.clientId,
    certificateHash: certificateHash(certificate),
    signer,
    esiaKeys: { gost, rsa },
    scopes: c.scopes,
    redirectUri: `${baseUrl}/r/${realmId}/esia/callback`,
    timeoutMs: c.timeoutMs,
  };
}

function sameKey(key: GostPrivateKey, pub: GostPublicKey): boolean {
  return equalBytes(publicKeyBytes(key.publicKey), publicKeyBytes(pub));
}

/** Checks every realm of an ESIA configuration object; `baseUrl` is Propusk's own. */
export function checkEsiaConfig(value: unknown, baseUrl: string): EsiaConfigResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, errors: ['ESIA_CONFIG: must contain one JSON object of realms'] };
  const errors: string[] = [];
  const realms = new Map<string, EsiaRealmConfig>();
  for (const [realmId, input] of Object.entries(value)) {
    if (!/^[a-z0-9-]{1,40}$/.test(realmId)) {
      errors.push(`${realmId}: not a realm id`);
      continue;
    }
    const realm = checkRealm(realmId, input, baseUrl, errors);
    if (realm) realms.set(realmId, realm);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, realms };
}

/** Reads and checks the file named by ESIA_CONFIG. */
export function loadEsiaConfig(path: string, baseUrl: string): EsiaConfigResult {
  const file = readFile(path);
  if (!file.ok) return { ok: false, errors: [`ESIA_CONFIG: ${file.error}`] };
  let value: unknown;
  try {
    value = JSON.parse(file.bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, errors: [`ESIA_CONFIG: ${path} is not JSON: ${(err as Error).message}`] };
  }
  return checkEsiaConfig(value, baseUrl);
}
