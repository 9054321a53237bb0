/**
 * Password hashing with argon2id (OWASP: m=19 MiB, t=2, p=1 by default, configurable).
 *
 * - Every computation goes through the argon2 pool (argon2-pool.ts): one per core at a time, and
 *   sign-ins beyond the pool's queue are refused rather than kept waiting.
 * - `needsRehash` reads the parameters out of the PHC string: when an operator raises them, each
 *   person's hash is upgraded at their next successful sign-in.
 * - `verifyForSignin` costs the same whether the login exists or not, and whatever parameters the
 *   stored hash was made with (below).
 *
 * Why every failed sign-in verifies once per parameter set still stored: a wrong password for a
 * person whose hash predates a raise of ARGON2_MEMORY_KIB is checked at the old, cheaper
 * parameters, while an unknown login is checked against a dummy at the current ones, so the
 * first answered faster and told that the login exists. Paying "the difference" after the cheap
 * check cannot be made exact (argon2's time is not linear in its parameters: cache sizes and page
 * faults make two small hashes cheaper than one large one), and checking the old hash plus one
 * dummy at the current parameters makes that person slower instead of faster. What is exact is
 * doing the same argon2 work on every failure: one verification for each parameter set that
 * stored hashes still have — the person's own hash for its set, a dummy for every other set, and
 * dummies only for an unknown login. Until the last old hash has been upgraded (at its owner's
 * next sign-in) a failure costs one verification per set; after that, one again. Which sets
 * exist is read from the database (parameter-sets.ts).
 */
import { type Algorithm, hash as libuvHash, verify as libuvVerify } from '@node-rs/argon2';
import { type Admission, type Argon2Pool, argon2Pool, defaultArgon2Pool } from './argon2-pool.js';
import type { Argon2Threads } from './argon2-threads.js';
import { parameterSets, type StoredParameterSource } from './parameter-sets.js';

export type { StoredParameterSource } from './parameter-sets.js';

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
  /**
   * Sign-in: checks `password` against `storedHash` (null for an unknown login or a person
   * without a password) with the same argon2 work on every failure — see the module comment —
   * in the place the sign-in was admitted to.
   */
  verifyForSignin(storedHash: string | null, password: string, admission: Admission): Promise<boolean>;
  /** A place in the argon2 queue for a sign-in, or null when the service is too busy. */
  admit(): Admission | null;
  /** How long a sign-in refused for lack of a place should wait. */
  retryAfterSeconds(): number;
  needsRehash(storedHash: string): boolean;
  /** PHC prefixes of the parameter sets a failed sign-in pays for, the current one included. */
  parameterSets(): Promise<readonly string[]>;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

/** `$argon2id$v=19$m=…,t=…,p=…$` of a hash made with `params`. */
export function prefixOf(params: Argon2Params): string {
  return `$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$`;
}

/**
 * The parameters of a stored hash, or null when it is not an argon2id v19 PHC string with
 * parameters this service could compute (a forged row must not make every sign-in hash 4 GiB).
 */
export function parametersOf(storedHash: string): Argon2Params | null {
  const m = PHC.exec(storedHash);
  if (!m) return null;
  const params = { memoryCost: Number(m[1]), timeCost: Number(m[2]), parallelism: Number(m[3]) };
  const sane =
    params.parallelism >= 1 &&
    params.parallelism <= 16 &&
    params.memoryCost >= 8 * params.parallelism &&
    params.memoryCost <= 1_048_576 &&
    params.timeCost >= 1 &&
    params.timeCost <= 20;
  return sane ? params : null;
}

const DUMMY_PASSWORD = 'dummy password that no one has';

export interface PasswordHasherOptions {
  /** Where argon2 runs; a pool of its own (one per core) when not given. */
  readonly pool?: Argon2Pool;
  /**
   * Where argon2 computes: threads of its own (argon2-threads.ts, what the service uses), or
   * when not given @node-rs/argon2's async functions on libuv's pool.
   */
  readonly threads?: Pick<Argon2Threads, 'hash' | 'verify'>;
  /** Where the stored hashes' parameter sets are read; none: only the current set. */
  readonly stored?: StoredParameterSource;
  readonly now?: () => number;
}

export async function passwordHasher(
  params: Argon2Params,
  options: PasswordHasherOptions = {},
): Promise<PasswordHasher> {
  const pool = options.pool ?? argon2Pool(defaultArgon2Pool());
  const { hash, verify } = options.threads ?? { hash: libuvHash, verify: libuvVerify };
  const current = prefixOf(params);
  const argon = { algorithm: ARGON2ID, ...params };
  const currentDummy = await hash(DUMMY_PASSWORD, argon);
  const sets = parameterSets({
    current: { prefix: current, dummy: currentDummy },
    prefixOf(storedHash) {
      const found = parametersOf(storedHash);
      return found ? prefixOf(found) : null;
    },
    dummyLike: (storedHash) =>
      pool.run(() => hash(DUMMY_PASSWORD, { algorithm: ARGON2ID, ...(parametersOf(storedHash) ?? params) })),
    source: options.stored ?? null,
    now: options.now ?? Date.now,
  });

  // A malformed stored hash must not become a 500 or a success.
  const safeVerify = (storedHash: string, password: string): Promise<boolean> =>
    verify(storedHash, password).catch(() => false);

  return {
    hash: (password) => pool.run(() => hash(password, argon)),
    verify: (storedHash, password) => pool.run(() => safeVerify(storedHash, password)),
    async verifyAgainstDummy(password) {
      await pool.run(() => safeVerify(currentDummy, password));
      return false;
    },
    async verifyForSignin(storedHash, password, admission) {
      let all: Awaited<ReturnType<typeof sets.all>>;
      let own: string | null = null;
      try {
        if (storedHash !== null && (await sets.meet(storedHash))) {
          own = prefixOf(parametersOf(storedHash) as Argon2Params);
        }
        all = await sets.all();
      } catch (err) {
        admission.cancel();
        throw err;
      }
      return admission.run(async () => {
        // The same verifications, in the same order, for every failure: the person's own hash
        // in its set's turn, a dummy in every other.
        for (const set of all) {
          if (set.prefix === own) {
            if (await safeVerify(storedHash as string, password)) return true;
          } else {
            await safeVerify(set.dummy, password);
          }
        }
        return false;
      });
    },
    admit: () => pool.admit(),
    retryAfterSeconds: () => pool.retryAfterSeconds(),
    needsRehash: (storedHash) => !storedHash.startsWith(current) || parametersOf(storedHash) === null,
    async parameterSets() {
      return (await sets.all()).map((s) => s.prefix);
    },
  };
}
