/**
 * A person's email address and mobile phone, and whether each is confirmed.
 *
 * Rules: a new address or number is unconfirmed until its letter or code comes back; a
 * confirmation counts only for the value it was sent to (if the person has replaced it since,
 * nothing is confirmed). Every method takes the executor, so that the change joins the caller's
 * transaction with its flow, its audit event and its letter.
 */
import type { Clock } from '../core/clock.js';
import type { Executor } from '../db/schema.js';

export interface ContactStore {
  /** Replaces the email address; it is unconfirmed until its link is opened. */
  changeEmail(
    executor: Executor,
    personId: string,
    email: { readonly email: string; readonly normalized: string },
  ): Promise<void>;
  /** Marks the address confirmed if it is still `normalized`; false when it has changed. */
  confirmEmail(executor: Executor, personId: string, normalized: string): Promise<boolean>;
  /** Replaces the phone number; it is unconfirmed until its code comes back. */
  changePhone(executor: Executor, personId: string, phone: string): Promise<void>;
  /** Marks the number confirmed if it is still `phone`; false when it has changed. */
  confirmPhone(executor: Executor, personId: string, phone: string): Promise<boolean>;
}

export function contactStore(clock: Clock): ContactStore {
  return {
    async changeEmail(executor, personId, { email, normalized }) {
      await executor
        .updateTable('people')
        .set({ email, email_normalized: normalized, email_verified_at: null, updated_at: clock.now() })
        .where('id', '=', personId)
        .execute();
    },
    async confirmEmail(executor, personId, normalized) {
      const result = await executor
        .updateTable('people')
        .set({ email_verified_at: clock.now() })
        .where('id', '=', personId)
        .where('email_normalized', '=', normalized)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async changePhone(executor, personId, phone) {
      await executor
        .updateTable('people')
        .set({ phone, phone_verified_at: null, updated_at: clock.now() })
        .where('id', '=', personId)
        .execute();
    },
    async confirmPhone(executor, personId, phone) {
      const result = await executor
        .updateTable('people')
        .set({ phone_verified_at: clock.now() })
        .where('id', '=', personId)
        .where('phone', '=', phone)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
