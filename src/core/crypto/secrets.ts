/**
 * Random tokens and their keyed hashes.
 *
 * Sessions, email-link tokens, SMS/email codes and invitation codes are stored only as
 * HMAC-SHA256(secret, purpose ‖ value). A database leak then gives nothing usable: without the
 * server secret the hashes can't be checked offline, and short codes can't be brute-forced from
 * the table. The purpose string separates domains so a session token can never pass as a reset
 * token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomBase64url } from './random-pool.js';

export type SecretPurpose =
  | 'session'
  | 'recovery-link'
  | 'recovery-mask'
  | 'email-link'
  | 'sms-code'
  | 'email-code'
  | 'invitation'
  | 'captcha'
  | 'flow-browser'
  | 'device'
  | 'oidc-client-secret'
  | 'oidc-pairwise'
  | 'api-token'
  | 'metrics-token'
  | 'esia-state'
  | 'recovery-code';

export interface KeyedHasher {
  hash(purpose: SecretPurpose, value: string): string;
  /** Constant-time comparison of a presented value with a stored hash. */
  matches(purpose: SecretPurpose, value: string, storedHash: string): boolean;
}

export function keyedHasher(secret: string): KeyedHasher {
  const key = Buffer.from(secret, 'utf8');
  const hash = (purpose: SecretPurpose, value: string): string =>
    createHmac('sha256', key).update(purpose).update('\0').update(value).digest('hex');
  return {
    hash,
    matches(purpose, value, storedHash) {
      const presented = Buffer.from(hash(purpose, value), 'hex');
      const stored = Buffer.from(storedHash, 'hex');
      return presented.length === stored.length && timingSafeEqual(presented, stored);
    },
  };
}

/** 256 bits from the CSPRNG, base64url (43 characters). */
export function newToken(): string {
  return randomBase64url(32);
}

/**
 * An identifier that is safe to show (flows, entities): 128 random bits, base64url. Never starts
 * with `-`, so it can be passed to the CLI as `--person-id <id>` (an argument starting with a dash
 * reads as an option); drawing again keeps the others uniformly likely.
 */
export function newId(): string {
  for (;;) {
    const id = randomBase64url(16);
    if (!id.startsWith('-')) return id;
  }
}
