/**
 * Asking a signed-in person for their current password again (before changing the password,
 * the email or the phone). Guessing it is brute force like any other: one `reauth` budget per
 * person — 5 wrong answers in 15 minutes — shared by every page that asks.
 */
import type { PasswordHasher } from '../core/crypto/passwords.js';
import type { LimiterFactory } from '../core/throttle/throttle.js';
import type { Person } from '../db/schema.js';

export const REAUTH_LIMIT = { name: 'reauth', points: 5, windowSeconds: 15 * 60 } as const;
const MAX_PASSWORD = 256;

export interface Reauthentication {
  /** Whether the person may try at all, before anything else is checked. */
  allowed(): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Checks the typed password; a wrong one spends a point of the budget. */
  verify(password: string): Promise<'ok' | 'missing' | 'wrong'>;
  /** After a right answer and a completed change: the budget starts over. */
  succeeded(): Promise<void>;
}

export function reauthenticate(
  deps: { readonly limiters: LimiterFactory; readonly passwords: PasswordHasher },
  person: Pick<Person, 'id' | 'password_hash'>,
): Reauthentication {
  const limiter = deps.limiters.limiter(REAUTH_LIMIT);
  return {
    allowed: () => limiter.check(person.id),
    async verify(password) {
      if (password.length === 0) return 'missing';
      const right =
        password.length <= MAX_PASSWORD &&
        person.password_hash !== null &&
        (await deps.passwords.verify(person.password_hash, password));
      if (right) return 'ok';
      await limiter.hit(person.id);
      return 'wrong';
    },
    async succeeded() {
      await limiter.reset(person.id);
    },
  };
}
