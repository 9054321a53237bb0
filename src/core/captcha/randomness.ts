/**
 * Uniform numbers for drawing a picture.
 *
 * Rules:
 * - A picture is drawn from a keyed stream: AES-256-CTR under a key derived from the service
 *   secret, with the challenge's nonce as the counter block. Nobody without the secret can
 *   predict it (it is as good as the CSPRNG for that), and the same challenge always gives the
 *   same picture, byte for byte — so fetching one picture many times and averaging the copies
 *   wipes out no noise, and any instance can draw a challenge another one issued.
 * - Without a key (tests, the solver's control pictures) the numbers come from the CSPRNG.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export interface Randomness {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T;
}

const POOL = 4096;

class Stream implements Randomness {
  #pool: Buffer;
  #at = 0;
  readonly #refill: () => Buffer;
  constructor(refill: () => Buffer) {
    this.#refill = refill;
    this.#pool = refill();
  }
  next(): number {
    if (this.#at + 4 > this.#pool.length) {
      this.#pool = this.#refill();
      this.#at = 0;
    }
    const value = this.#pool.readUInt32BE(this.#at) / 0x1_0000_0000;
    this.#at += 4;
    return value;
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  below(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new RangeError('nothing to pick from');
    return item;
  }
}

/** Numbers from the CSPRNG (one system call per 1024 numbers). */
export function secureRandomness(): Randomness {
  return new Stream(() => randomBytes(POOL));
}

/** The keyed stream of one challenge: `key` is 32 bytes, `nonce` any string. */
export function keyedRandomness(key: Buffer, nonce: string): Randomness {
  if (key.length !== 32) throw new RangeError('a 256-bit key');
  const iv = createHash('sha256').update(nonce, 'utf8').digest().subarray(0, 16);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const zeros = Buffer.alloc(POOL);
  return new Stream(() => cipher.update(zeros));
}
