/**
 * Password hashing with argon2id (OWASP: m=19 MiB, t=2, p=1 by default, configurable).
 *
 * - Verification runs on libuv's thread pool (@node-rs/argon2 is async), so sign-ins use every
 *   core and never block the event loop.
 * - `needsRehash` reads the parameters out of the PHC string: when an operator raises them, each
 *   person's hash is upgraded at their next successful sign-in.
 * - `verifyAgainstDummy` spends the same time as a real verification, so an unknown login and a
 *   wrong password cannot be told apart by timing.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is a const enum, which isolated modules can't read at run time: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm.Argon2id;

export interface Argon2Params {
  readonly memoryCost: number; // KiB
  readonly timeCost: number;
  readonly parallelism: number;
}

export const OWASP_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(storedHash: string, password: string): Promise<boolean>;
  /** Burns the time of one verification; always false. */
  verifyAgainstDummy(password: string): Promise<false>;
  needsRehash(storedHash: string): boolean;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

export async function passwordHasher(params: Argon2Params): Promise<PasswordHasher> {
  const options = { algorithm: ARGON2ID, ...params };
  const dummyHash = await hash('dummy password that no one has', options);
  return {
    hash: (password) => hash(password, options),
    async verify(storedHash, password) {
      try {
        return await verify(storedHash, password);
      } catch {
        return false; // a malformed stored hash must not become a 500 or a success
      }
    },
    async verifyAgainstDummy(password) {
      await verify(dummyHash, password).catch(() => false);
      return false;
    },
    needsRehash(storedHash) {
      const m = PHC.exec(storedHash);
      if (!m) return true;
      return (
        Number(m[1]) !== params.memoryCost ||
        Number(m[2]) !== params.timeCost ||
        Number(m[3]) !== params.parallelism
      );
    },
  };
}
