/**
 * The signed parts of an ESIA request (protocols.md §2.2–2.3):
 *
 * - `timestamp` as `yyyy.MM.dd HH:mm:ss +0000` (UTC; the `+` is percent-encoded by URLSearchParams);
 * - `client_secret`: the raw GOST R 34.10-2012 / Streebog-256 signature of
 *   `client_id + scope + timestamp + state + redirect_uri [+ code]`, base64url without padding;
 * - `client_certificate_hash`: Streebog-256 of the certificate's DER, upper-case hex.
 */
import { streebog256, toHex } from '../core/gost/index.js';
import type { EsiaSigner } from './signer.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** ESIA's timestamp of a moment, in UTC. */
export function esiaTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const TIMESTAMP = /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** The moment an ESIA timestamp names, or null when it is not one. */
export function parseEsiaTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m as unknown as string[];
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return null;
  const offset = (Number(oh) * 60 + Number(om)) * 60_000;
  return sign === '+' ? utc - offset : utc + offset;
}

export interface SecretParts {
  readonly clientId: string;
  readonly scope: string;
  readonly timestamp: string;
  readonly state: string;
  readonly redirectUri: string;
  /** Only in the token request for an authorization code. */
  readonly code?: string;
}

/** The exact text ESIA verifies the signature over. */
export function secretInput(p: SecretParts): string {
  return `${p.clientId}${p.scope}${p.timestamp}${p.state}${p.redirectUri}${p.code ?? ''}`;
}

export async function clientSecret(signer: EsiaSigner, parts: SecretParts): Promise<string> {
  const signature = await signer.sign(new TextEncoder().encode(secretInput(parts)));
  return Buffer.from(signature).toString('base64url');
}

/** The value ESIA's technology portal shows for an uploaded certificate. */
export function certificateHash(der: Uint8Array): string {
  return toHex(streebog256(der)).toUpperCase();
}
