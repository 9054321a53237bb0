/**
 * "Is this login taken?" — the one question of registration that tells a stranger something
 * about other people's accounts, asked by the account form on submit and by the page's script
 * as the person types. Both paths go through `checkLoginChoice`, so they share one budget:
 *
 * - per flow: `LOGIN_CHECKS_PER_FLOW`, the flow's attempt counter in `code_ok`, spent in SQL
 *   with the limit in the `WHERE` (the engine's `spendAttempt`);
 * - per IP address: `LOGIN_CHECKS_PER_IP` per `LOGIN_CHECK_WINDOW_SECONDS` (a class registering
 *   together behind one NAT fits);
 * - per realm: `LOGIN_CHECKS_PER_REALM` per window, the ceiling for guesses spread over many
 *   addresses and flows, set well above a September morning's registrations.
 *
 * Each is spent before the lookup, atomically, narrowest first (an attacker's own flow runs out
 * before the realm's budget is touched). A login that is not a login (empty, too long, wrong
 * alphabet) is answered without a lookup and costs nothing.
 */
import { checkLogin } from '../../core/identifiers/login.js';
import type { LimiterSpec } from '../../core/throttle/throttle.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { type RegistrationFlow, registrationFlow } from './machine.js';
import { minutesOf, type Problem, type RegistrationDeps } from './registration.js';

export const LOGIN_CHECK_WINDOW_SECONDS = 15 * 60;
export const LOGIN_CHECKS_PER_IP = 300;
export const LOGIN_CHECKS_PER_REALM = 6000;

export interface LoginCheckLimits {
  readonly perIp: LimiterSpec;
  readonly perRealm: LimiterSpec;
}

export const LOGIN_CHECK_LIMITS: LoginCheckLimits = {
  perIp: {
    name: 'registration-login-ip',
    points: LOGIN_CHECKS_PER_IP,
    windowSeconds: LOGIN_CHECK_WINDOW_SECONDS,
  },
  perRealm: {
    name: 'registration-login-realm',
    points: LOGIN_CHECKS_PER_REALM,
    windowSeconds: LOGIN_CHECK_WINDOW_SECONDS,
  },
};

export type LoginVerdict =
  | { readonly kind: 'invalid'; readonly problem: Problem }
  | { readonly kind: 'taken' }
  | { readonly kind: 'free'; readonly login: string; readonly normalized: string }
  /** `flow`: this registration's checks are spent (a new code entry starts a new budget). */
  | { readonly kind: 'throttled'; readonly scope: 'flow' | 'address'; readonly retryAfterSeconds: number };

/** The shared login rules, then — budget permitting — free in this realm. */
export async function checkLoginChoice(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  flow: RegistrationFlow,
  ip: string,
  input: string,
  limits: LoginCheckLimits = LOGIN_CHECK_LIMITS,
): Promise<LoginVerdict> {
  const login = checkLogin(input);
  if (!login.ok)
    return {
      kind: 'invalid',
      problem: { key: login.code === 'login.empty' ? 'registration.error.login_required' : login.code },
    };
  const spent = await deps.flows.spendAttempt(deps.db, registrationFlow, flow);
  if (spent.kind === 'exhausted') {
    const left = Math.ceil((flow.expiresAt - deps.clock.now()) / 1000);
    return { kind: 'throttled', scope: 'flow', retryAfterSeconds: Math.max(1, left) };
  }
  for (const [spec, key] of [
    [limits.perIp, `${realm.id}:${ip}`],
    [limits.perRealm, realm.id],
  ] as const) {
    const state = await deps.limiters.limiter(spec).hit(key);
    if (!state.allowed)
      return { kind: 'throttled', scope: 'address', retryAfterSeconds: state.retryAfterSeconds };
  }
  if (await deps.people.isLoginTaken(realm.id, login.normalized)) return { kind: 'taken' };
  return { kind: 'free', login: login.login, normalized: login.normalized };
}

export const LOGIN_TAKEN: Problem = { key: 'registration.error.login_taken' };

/** What the person is told about a login that cannot be chosen (or checked) now. */
export function loginProblem(verdict: Exclude<LoginVerdict, { kind: 'free' }>): Problem {
  switch (verdict.kind) {
    case 'invalid':
      return verdict.problem;
    case 'taken':
      return LOGIN_TAKEN;
    case 'throttled':
      return verdict.scope === 'flow'
        ? { key: 'registration.login_checks.flow_spent' }
        : {
            key: 'registration.login_checks.throttled',
            params: { minutes: minutesOf(verdict.retryAfterSeconds) },
          };
  }
}
