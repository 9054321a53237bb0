/**
 * Recovery codes: ten per person, made when the authenticator app is enrolled (or asked for
 * again), shown once, kept only as keyed hashes. Each is ten characters of an alphabet without
 * look-alikes (about 50 bits), shown as `xxxxx-xxxxx`; typed with or without the dash, in any
 * case. Spending one is a single conditional update (`used_at IS NULL`): of two submissions of
 * one code, one wins.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import type { Database, Executor } from '../db/schema.js';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;
const SHAPE = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

/** A code as a person types it, normalised; null when it cannot be a recovery code. */
export function normaliseRecoveryCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toLowerCase();
  return SHAPE.test(code) ? code : null;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** How a code is shown: `abcde-fghjk`. */
export function showCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export interface RecoveryCodeStore {
  /** Replaces the person's codes with ten new ones; returns them (the only time they exist). */
  replace(executor: Executor, personId: string): Promise<string[]>;
  /** Spends a code; false when it is not one of the person's unused codes. */
  spend(personId: string, normalised: string): Promise<boolean>;
  remaining(personId: string): Promise<number>;
  removeAll(executor: Executor, personId: string): Promise<void>;
}

export function recoveryCodeStore(db: Kysely<Database>, keyed: KeyedHasher, clock: Clock): RecoveryCodeStore {
  const hashOf = (personId: string, code: string): string =>
    keyed.hash('recovery-code', `${personId}:${code}`);
  return {
    async replace(executor, personId) {
      await executor.deleteFrom('recovery_codes').where('person_id', '=', personId).execute();
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
      const now = clock.now();
      await executor
        .insertInto('recovery_codes')
        .values(
          codes.map((c) => ({
            code_hash: hashOf(personId, c),
            person_id: personId,
            created_at: now,
            used_at: null,
          })),
        )
        .execute();
      return codes;
    },
    async spend(personId, normalised) {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: clock.now() })
        .where('code_hash', '=', hashOf(personId, normalised))
        .where('person_id', '=', personId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remaining(personId) {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('person_id', '=', personId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async removeAll(executor, personId) {
      await executor.deleteFrom('recovery_codes').where('person_id', '=', personId).execute();
    },
  };
}
