/**
 * The sign-in's steps after the first factor (a password, a digital signature), as one flow on
 * the engine, bound to the browser and the person:
 *
 *   consents ─→ factor | enrol | done        the realm's consents in a version not yet accepted
 *   factor   ─→ done | locked                a code from the app, a recovery code, or a passkey
 *   enrol    ─→ done                         the realm requires a factor the person does not have
 *
 * Five guesses per state (`spendAttempt`, counted in SQL before the code is looked at) on top of
 * the person's code budget (`code-budget.ts`); past them the flow is `locked` and the person
 * starts again from the password. The session exists only once the flow is `done`.
 */
import { defineFlow } from '../core/flows/machine.js';

export type StepState = 'consents' | 'factor' | 'enrol' | 'done' | 'locked' | 'abandoned';

export type StepData = {
  /** The first factor: `password`, `signature`, `esia`. */
  readonly method: string;
  /** An application's sign-in to go back to (`web/return-path.ts`), or ''. */
  readonly returnTo: string;
  /** While enrolling: the new TOTP secret, sealed. */
  readonly enrolSecret: string | null;
  /** A WebAuthn challenge issued for this step (passkey as the second factor), or null. */
  readonly challenge: string | null;
  /**
   * A step-up: the signed-in session (its id) that gets the second factor, instead of a new
   * session (an application demanded a second factor with `acr_values`). Absent: a sign-in.
   */
  readonly session?: string | null;
};

export const STEP_ATTEMPTS = 5;
export const STEP_TTL_MS = 10 * 60 * 1000;

export const signinStep = defineFlow<StepState, StepData>({
  kind: 'signin-step',
  transitions: {
    consents: ['factor', 'enrol', 'done', 'abandoned'],
    factor: ['factor', 'done', 'locked', 'abandoned'],
    enrol: ['enrol', 'done', 'abandoned'],
    done: [],
    locked: [],
    abandoned: [],
  },
  ended: ['done', 'locked', 'abandoned'],
  attempts: { factor: STEP_ATTEMPTS, enrol: STEP_ATTEMPTS },
});

/** Where a started step continues (`flows/second-factor/routes.ts`). */
export function stepPath(realmId: string, flowId: string): string {
  return `/r/${realmId}/login/step/${flowId}`;
}
