/**
 * The authenticator app (TOTP, RFC 6238 through `otpauth`): SHA-1, six digits, 30-second steps,
 * the codes of the step before and after accepted too (clocks drift).
 *
 * - The secret (160 random bits) is sealed at rest (`core/crypto/sealed.ts`, its own purpose):
 *   unlike a password it must be read back to check a code.
 * - A code is accepted once: the factor keeps the last step a code was accepted in, and a code is
 *   accepted only by moving that step forward, `UPDATE … SET last_step = :step WHERE last_step <
 *   :step` — of two submissions of one code (or of two codes of one window racing), one wins.
 * - While enrolling, the secret lives sealed in the enrolment flow, and becomes a factor only
 *   with a first right code.
 */
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { Clock } from '../core/clock.js';
import type { Sealer } from '../core/crypto/sealed.js';
import type { Database, Executor } from '../db/schema.js';

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** Steps on either side of now whose codes are accepted. */
export const TOTP_WINDOW = 1;

/** Six digits; spaces a person types between groups are dropped before this check. */
export const TOTP_SHAPE = /^\d{6}$/;

export interface TotpFactor {
  readonly personId: string;
  readonly secret: string;
  readonly lastStep: number;
  readonly createdAt: number;
}

/** A new secret, base32 (what the manual key shows). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpOf(secret: string, label = '', issuer = ''): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** `otpauth://totp/…`: what the QR code carries. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return totpOf(secret, account, issuer).toString();
}

/** The step a right code belongs to (within the window around now), or null. */
export function matchingStep(secret: string, code: string, now: number): number | null {
  if (!TOTP_SHAPE.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return OTPAuth.TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta;
}

/** The code of `now` (tests and the demo compute codes the way an app does). */
export function codeAt(secret: string, now: number): string {
  return totpOf(secret).generate({ timestamp: now });
}

/** Spaces and dashes a person may type inside a code, removed. */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

export interface TotpStore {
  find(personId: string): Promise<TotpFactor | null>;
  /** Creates the factor, its first code's step already used. False when the person has one. */
  create(
    executor: Executor,
    input: { realmId: string; personId: string; secret: string; step: number },
  ): Promise<boolean>;
  /** Moves the last accepted step forward to `step`; false when a code of that step (or later) was accepted. */
  acceptStep(personId: string, step: number): Promise<boolean>;
  remove(executor: Executor, personId: string): Promise<boolean>;
}

export function totpStore(db: Kysely<Database>, sealer: Sealer, clock: Clock): TotpStore {
  return {
    async find(personId) {
      const row = await db
        .selectFrom('totp_factors')
        .selectAll()
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (!row) return null;
      const secret = sealer.open(row.secret_sealed);
      if (secret === null) return null;
      return { personId, secret, lastStep: Number(row.last_step), createdAt: Number(row.created_at) };
    },
    async create(executor, { realmId, personId, secret, step }) {
      const result = await executor
        .insertInto('totp_factors')
        .values({
          person_id: personId,
          realm_id: realmId,
          secret_sealed: sealer.seal(secret),
          last_step: step,
          created_at: clock.now(),
        })
        .onConflict((oc) => oc.column('person_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async acceptStep(personId, step) {
      const result = await db
        .updateTable('totp_factors')
        .set({ last_step: step })
        .where('person_id', '=', personId)
        .where('last_step', '<', step)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(executor, personId) {
      const result = await executor
        .deleteFrom('totp_factors')
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
