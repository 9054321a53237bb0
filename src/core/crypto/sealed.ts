/**
 * Sealing small secrets at rest that must be read back (unlike tokens, which are only hashed):
 * an outbox letter carries a reset link until it is delivered. AES-256-GCM with a key derived
 * from the service secret by HKDF for this one purpose; a fresh 96-bit IV per message; the
 * authentication tag makes tampering an error rather than garbage.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { randomBuffer } from './random-pool.js';

export interface Sealer {
  seal(plaintext: string): string;
  /** The plaintext, or null when the value was not sealed with this key or was altered. */
  open(sealed: string): string | null;
}

const VERSION = 'v1.';

export function sealer(secret: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'propusk', `seal:${purpose}`, 32));
  return {
    seal(plaintext) {
      const iv = randomBuffer(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed) {
      if (!sealed.startsWith(VERSION)) return null;
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
      if (raw.length < 12 + 16) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(raw.length - 16));
        return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return null;
      }
    },
  };
}
