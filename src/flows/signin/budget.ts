/**
 * Which counters a sign-in attempt spends, and what a success gives back (docs/SECURITY.md,
 * "Throttling", says why these and these numbers).
 *
 * - From a known device of this person (device-cookie.ts): the device's own counter only.
 * - From anywhere else: the login and address pair, the login (from every address together),
 *   and the address (attempts on logins that have not signed in from it).
 *
 * Every counter grows its delays (core/throttle/backoff.ts) instead of locking. An attempt is
 * counted on all of its counters before argon2 runs, each atomically, as one group (in the
 * database one batch, core/throttle/database-backoff.ts); the first of pair → login → address
 * that makes it wait refuses it, and what was counted elsewhere is given back, so a refused
 * attempt costs nothing anywhere. On success the pair (or the device) starts over, the
 * address gets back what this login spent there — a school where people mistype and then get in
 * never adds up — and the login gets back this one attempt only: its earlier failures are left to
 * be forgotten with time, so the owner's successes never hand an attacker elsewhere a fresh
 * budget, while a person who signs in often is never slowed by it.
 */

import { extended } from '../../core/extended.js';
import type { BackoffCounter } from '../../core/throttle/backoff.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { RealmSettings } from '../../realms/presets.js';

export type ThrottledBy = 'device' | 'account_ip' | 'account' | 'ip';

export type Spent = { allowed: true } | { allowed: false; retryAfterSeconds: number; by: ThrottledBy };

export interface SigninBudget {
  /** Counts this attempt on every counter, or on none. */
  spend(): Promise<Spent>;
  /** After the right password. */
  succeeded(): Promise<void>;
}

export function signinBudget(
  limiters: LimiterFactory,
  settings: RealmSettings['throttle'],
  where: {
    readonly realmId: string;
    readonly login: string;
    readonly ip: string;
    readonly device: string | null;
  },
): SigninBudget {
  const { realmId, login, ip, device } = where;
  const counter = (name: string, spec: RealmSettings['throttle']['login'], key: string): BackoffCounter => ({
    spec: { name, ...spec },
    key: `${realmId}:${key}`,
  });
  const counters: readonly BackoffCounter[] = device
    ? [counter('signin-device', settings.device, device)]
    : [
        counter('signin-login-ip', settings.loginAndAddress, `${login}:${ip}`),
        counter('signin-login', settings.login, login),
        counter('signin-ip', settings.address, ip),
      ];
  const by: readonly ThrottledBy[] = device ? ['device'] : ['account_ip', 'account', 'ip'];
  /** This attempt's count on the first counter (the pair, or the device), once spent. */
  let firstCount = 1;

  return {
    async spend() {
      const spent = await limiters.backoffs.attempt(counters);
      if (!spent.allowed) {
        return {
          allowed: false,
          retryAfterSeconds: spent.retryAfterSeconds,
          by: by[spent.refusedBy] ?? 'ip',
        };
      }
      firstCount = spent.counts[0] ?? 1;
      return { allowed: true };
    },
    async succeeded() {
      const [first, login, address] = counters;
      if (!first) return;
      await limiters.backoffs.settle([
        extended(first, { forgive: 'all' as const }),
        ...(login ? [extended(login, { forgive: 1 })] : []),
        ...(address ? [extended(address, { forgive: firstCount })] : []),
      ]);
    },
  };
}
