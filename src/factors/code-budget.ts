/**
 * The budget of second-factor guesses (docs/SECURITY.md, "Second factor"): one growing-delay
 * counter per person, shared by every place a code is typed — the sign-in step, confirming an
 * enrolment, turning the app off. Each guess is counted before the code is checked; a right code
 * gives its own guess back (earlier failures are forgotten with time, as on sign-in).
 *
 * Six digits with the steps before and after accepted are three codes in a million: five free
 * guesses, then waits of 30 s doubling up to 15 min, one guess forgotten every 15 min, leave
 * about 100 guesses a day per person, a chance of about 3 in 10,000 a day — on top of the
 * password it follows (and the sign-in step's own limit of five guesses per password).
 */
import type { BackoffSpec } from '../core/throttle/backoff.js';
import type { LimiterFactory } from '../core/throttle/throttle.js';

export const CODE_BUDGET: BackoffSpec = {
  name: 'second-factor',
  free: 5,
  firstDelaySeconds: 30,
  maxDelaySeconds: 900,
  forgetSeconds: 900,
};

export type CodeSpent = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface CodeBudget {
  /** Counts one guess of this person's, or refuses it (uncounted) while a wait runs. */
  spend(personId: string): Promise<CodeSpent>;
  /** The guess was right: it is given back. */
  right(personId: string): Promise<void>;
}

export function codeBudget(limiters: LimiterFactory): CodeBudget {
  const backoff = limiters.backoff(CODE_BUDGET);
  return {
    async spend(personId) {
      const state = await backoff.attempt(personId);
      return state.allowed
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: state.retryAfterSeconds };
    },
    right: (personId) => backoff.forgive(personId, 1),
  };
}
