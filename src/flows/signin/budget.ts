/**
 * Which counters a sign-in attempt spends, and what a success gives back (docs/SECURITY.md,
 * "Throttling", says why these and these numbers).
 *
 * - From a known device of this person (device-cookie.ts): the device's own counter only.
 * - From anywhere else: the login and address pair, the login (from every address together),
 *   and the address (attempts on logins that have not signed in from it).
 *
 * Every counter grows its delays (core/throttle/backoff.ts) instead of locking. An attempt is
 * counted on all of its counters before argon2 runs, each atomically, in the order pair → login
 * → address; when one of them makes it wait, the ones already counted are given back, so a
 * refused attempt costs nothing anywhere. On success the pair (or the device) starts over, the
 * address gets back what this login spent there — a school where people mistype and then get in
 * never adds up — and the login gets back this one attempt only: its earlier failures are left to
 * be forgotten with time, so the owner's successes never hand an attacker elsewhere a fresh
 * budget, while a person who signs in often is never slowed by it.
 */
import type { Backoff } from '../../core/throttle/backoff.js';
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

interface Counter {
  readonly by: ThrottledBy;
  readonly backoff: Backoff;
  readonly key: string;
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
  const counter = (by: ThrottledBy, name: string, spec: RealmSettings['throttle']['login'], key: string) => ({
    by,
    backoff: limiters.backoff({ name, ...spec }),
    key: `${realmId}:${key}`,
  });
  const counters: Counter[] = device
    ? [counter('device', 'signin-device', settings.device, device)]
    : [
        counter('account_ip', 'signin-login-ip', settings.loginAndAddress, `${login}:${ip}`),
        counter('account', 'signin-login', settings.login, login),
        counter('ip', 'signin-ip', settings.address, ip),
      ];
  /** This attempt's count on each counter, once spent. */
  const counts = new Map<ThrottledBy, number>();

  return {
    async spend() {
      for (const c of counters) {
        const state = await c.backoff.attempt(c.key);
        if (!state.allowed) {
          for (const done of counters) {
            if (counts.has(done.by)) await done.backoff.forgive(done.key, 1);
          }
          counts.clear();
          return { allowed: false, retryAfterSeconds: state.retryAfterSeconds, by: c.by };
        }
        counts.set(c.by, state.count);
      }
      return { allowed: true };
    },
    async succeeded() {
      const [first, login, address] = counters;
      if (!first) return;
      await Promise.all([
        first.backoff.reset(first.key),
        login?.backoff.forgive(login.key, 1),
        address?.backoff.forgive(address.key, counts.get('account_ip') ?? 1),
      ]);
    },
  };
}
