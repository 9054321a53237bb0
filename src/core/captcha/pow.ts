/**
 * Proof of work in the ALTCHA (v1) style: the server picks a secret number n ≤ maxnumber and a
 * salt, publishes challenge = hex(SHA-256(salt ‖ n)), and the browser finds n by trying every
 * number. One hash to check, tens of thousands to find: cheap for one person, costly in bulk, and
 * nothing to read, so it is the accessible alternative to the picture.
 *
 * Rules:
 * - Implemented here with `node:crypto` instead of the `altcha-lib` package: its default export
 *   (2.x) speaks the newer v2 protocol, the v1 one we use lives on a compatibility path, it reads
 *   `Date.now()` for expiry (we have an injected clock) and compares signatures with `===`. The
 *   algorithm is these few lines; the wire format stays compatible, so an ALTCHA v1 widget or
 *   verifier given the same key can solve or check our challenges.
 * - The salt carries the challenge's nonce and expiry, like ALTCHA's `?expires=` parameter, so a
 *   solution for one challenge is no solution for another.
 * - `solvePow` is the exact algorithm of `public/altcha-solver.js` (same loop, same batches), so
 *   the tests that solve with it test the browser script's logic.
 */
import { createHash, createHmac, randomInt, timingSafeEqual, webcrypto } from 'node:crypto';

export const POW_ALGORITHM = 'SHA-256';

export interface PowChallenge {
  readonly algorithm: string;
  readonly challenge: string;
  readonly salt: string;
  readonly maxnumber: number;
  /** ALTCHA v1 signature: hex HMAC-SHA256(key, challenge). Informational: we verify by token. */
  readonly signature: string;
}

export function powSalt(nonce: string, expiresAt: number): string {
  return `${nonce}?expires=${Math.ceil(expiresAt / 1000)}&`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function newPowNumber(maxnumber: number): number {
  return randomInt(0, maxnumber + 1);
}

export function powChallenge(
  salt: string,
  secretNumber: number,
  maxnumber: number,
  hmacKey: string,
): PowChallenge {
  const challenge = sha256Hex(`${salt}${secretNumber}`);
  return {
    algorithm: POW_ALGORITHM,
    challenge,
    salt,
    maxnumber,
    signature: createHmac('sha256', hmacKey).update(challenge).digest('hex'),
  };
}

/** The canonical decimal form of a submitted number, or null (leading zeros would hash apart). */
export function powNumber(answer: string, maxnumber: number): string | null {
  const trimmed = answer.trim();
  if (!/^[0-9]{1,10}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= maxnumber ? String(n) : null;
}

/** Whether `number` (canonical, see `powNumber`) solves `challenge` for `salt`. */
export function powSolves(salt: string, number: string, challengeHex: string): boolean {
  const presented = Buffer.from(sha256Hex(`${salt}${number}`), 'hex');
  const expected = Buffer.from(challengeHex, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** How many hashes the browser starts at once; the same constant as in altcha-solver.js. */
export const SOLVER_BATCH = 256;

/** The browser's brute force, with Web Crypto as in the browser. Null when no number fits. */
export async function solvePow(challenge: string, salt: string, maxnumber: number): Promise<number | null> {
  const encoder = new TextEncoder();
  const hex = (buffer: ArrayBuffer): string =>
    Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  for (let start = 0; start <= maxnumber; start += SOLVER_BATCH) {
    const numbers: number[] = [];
    for (let n = start; n < start + SOLVER_BATCH && n <= maxnumber; n++) numbers.push(n);
    const hashes = await Promise.all(
      numbers.map((n) => webcrypto.subtle.digest('SHA-256', encoder.encode(salt + n))),
    );
    const found = hashes.findIndex((h) => hex(h) === challenge);
    if (found >= 0) return numbers[found] ?? null;
  }
  return null;
}
