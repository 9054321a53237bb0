/**
 * Registration's machine on the flow engine (`core/flows`):
 *
 *   (a good code) ──start──▶ code_ok ──(the account form, one transaction)──▶ done
 *                              └──(an hour passes)──▶ expired (by time, not a state)
 *
 * The flow is bound to the browser that entered the code (the engine's cookie binding): its id
 * alone, leaked or guessed, opens nothing in another browser. `done` is over: a second submit
 * finds the flow moved, and the last page reads the login from its data.
 *
 * Guesses counted in `code_ok` are the login checks ("is this login taken?"), spent in SQL before
 * each lookup; the code guesses under «Дети» are counted per flow by a limiter, since a right
 * code gives its point back (`code-guesses.ts`).
 */
import { HOUR } from '../../core/clock.js';
import type { Flow } from '../../core/flows/flow-store.js';
import { defineFlow } from '../../core/flows/machine.js';

export type RegistrationState = 'code_ok' | 'done';

export interface RegistrationData extends Record<string, string | number | boolean | null> {
  /** The school whose address the code was entered at. */
  readonly organisationId: string;
  /** The code entered on the first page. */
  readonly invitationId: string;
  readonly prefix: string;
  /** Set when done, for the last page. */
  readonly accountId: string | null;
  readonly login: string | null;
  readonly emailGiven: boolean;
}

export type RegistrationFlow = Flow<RegistrationState, RegistrationData>;

export const FLOW_TTL_MS = HOUR;

/**
 * "Is this login taken?" answers one flow may get, from the form and the script together. The
 * script asks once per pause in typing; forty covers a person trying several logins.
 */
export const LOGIN_CHECKS_PER_FLOW = 40;

/** Failed code lookups under «Дети» one registration flow may make, whatever the address. */
export const CODE_FAILURES_PER_FLOW = 10;

export const registrationFlow = defineFlow<RegistrationState, RegistrationData>({
  kind: 'registration',
  transitions: { code_ok: ['done'], done: [] },
  ended: ['done'],
  attempts: { code_ok: LOGIN_CHECKS_PER_FLOW },
});
