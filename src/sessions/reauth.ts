/**
 * Asking a signed-in person for their current password again (before changing the password,
 * the email or the phone). Guessing it is brute force like any other: one `reauth` budget per
 * person — 5 wrong answers in 15 minutes — shared by every page that asks.
 *
 * The guess is counted before argon2 looks at it, atomically in the limiter: twenty requests
 * racing with twenty guesses spend twenty points, and those past the budget are never checked.
 * A right answer gives the budget back.
 */
import type { PasswordHasher } from '../core/crypto/passwords.js';
import type { LimiterFactory } from '../core/throttle/throttle.js';
import type { Person } from '../db/schema.js';

export const REAUTH_LIMIT = { name: 'reauth', points: 5, windowSeconds: 15 * 60 } as const;
const MAX_PASSWORD = 256;

export type ReauthVerdict =
  | { readonly kind: 'ok' | 'missing' | 'wrong' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export interface Reauthentication {
  /** Whether the person may try at all, before anything else is checked. */
  allowed(): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Spends a point of the budget, then checks the typed password. */
  verify(password: string): Promise<ReauthVerdict>;
}

export function reauthenticate(
  deps: { readonly limiters: LimiterFactory; readonly passwords: PasswordHasher },
  person: Pick<Person, 'id' | 'password_hash'>,
): Reauthentication {
  const limiter = deps.limiters.limiter(REAUTH_LIMIT);
  return {
    allowed: () => limiter.check(person.id),
    async verify(password) {
      if (password.length === 0) return { kind: 'missing' };
      const spent = await limiter.hit(person.id);
      if (!spent.allowed) return { kind: 'throttled', retryAfterSeconds: spent.retryAfterSeconds };
      const right =
        password.length <= MAX_PASSWORD &&
        person.password_hash !== null &&
        (await deps.passwords.verify(person.password_hash, password));
      if (!right) return { kind: 'wrong' };
      await limiter.reset(person.id);
      return { kind: 'ok' };
    },
  };
}
