/**
 * Random bytes for the tokens and identifiers every request makes, drawn from the CSPRNG in
 * blocks. Each call of `crypto.randomBytes` costs about 5 µs on its own, whatever its size (a
 * crypto job object, a native call): a form page drawing three values spent more on that than on
 * reading the database. Node draws its `randomUUID`s the same way.
 *
 * Rules:
 * - Every byte is handed out once: the position only moves forward, and a refill overwrites the
 *   block from the CSPRNG (`randomFillSync`) before any of it is read again.
 * - Only small draws come from the block; a larger one goes to the CSPRNG directly.
 * - The block is this process's own memory (a child process starts with its own), and what it
 *   gives is exactly what the CSPRNG gave: the same strength as `randomBytes`.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const BLOCK = 4096;
/** Larger draws bypass the block. */
const LARGEST = 64;

const block = Buffer.allocUnsafe(BLOCK);
let at = BLOCK;

/** The position of `n` fresh bytes in the block, refilled first when fewer are left. */
function take(n: number): number {
  if (at + n > BLOCK) {
    randomFillSync(block);
    at = 0;
  }
  const start = at;
  at += n;
  return start;
}

/** `n` random bytes, base64url: tokens and identifiers. */
export function randomBase64url(n: number): string {
  if (n > LARGEST) return randomBytes(n).toString('base64url');
  const start = take(n);
  return block.toString('base64url', start, start + n);
}

/** `n` random bytes in a buffer of their own (an IV, a serial number). */
export function randomBuffer(n: number): Buffer {
  if (n > LARGEST) return randomBytes(n);
  const start = take(n);
  return Buffer.from(block.subarray(start, start + n));
}
