/**
 * The first sign-in after registration (article 003: «Войдя в систему после регистрации, вам
 * будет необходимо подтвердить свою эл. почту. На почту будет отправлено очередное письмо для
 * подтверждения»).
 *
 * Registration's transaction leaves an `after-registration` flow for the new account (`due`).
 * The sign-in that begins the account's first session ends it (`due → done`, once: two sign-ins
 * racing cannot both take it) and, in the same transaction, queues the `first-signin-letter`
 * job, which the outbox worker turns into the confirmation letter
 * (flows/email-verification/first-signin.ts). The sign-in then shows «Обновление информации о
 * пользователе». Only a first session looks (`activated_at` still empty), so later sign-ins
 * pay nothing; an account the school or an operator made, never registered, has no such flow.
 */

import type { Kysely } from 'kysely';
import { DAY } from '../core/clock.js';
import type { FlowEngine } from '../core/flows/flow-store.js';
import { defineFlow, type FlowData } from '../core/flows/machine.js';
import type { Database, Executor } from '../db/schema.js';
import type { Jobs } from '../messaging/jobs.js';

export const afterRegistration = defineFlow<'due' | 'done', FlowData>({
  kind: 'after-registration',
  transitions: { due: ['done'], done: [] },
  ended: ['done'],
});

/** The page of that sign-in, under the realm: «Обновление информации о пользователе». */
export const WELCOME_PATH = '/welcome';

/** The job that sends the confirmation letter of the first sign-in. */
export const FIRST_SIGNIN_JOB = 'first-signin-letter';

/** How long a registered account waits for its first sign-in to be treated as one. */
export const AFTER_REGISTRATION_TTL_MS = 180 * DAY;

/** In the registration's transaction: the account's first sign-in is still to come. */
export async function markRegistered(
  flows: FlowEngine,
  trx: Executor,
  realmId: string,
  personId: string,
): Promise<void> {
  await flows.start(trx, afterRegistration, {
    realmId,
    state: 'due',
    personId,
    data: {},
    ttlMs: AFTER_REGISTRATION_TTL_MS,
  });
}

/**
 * At a first session: whether it is the first sign-in after registration. When it is, the flow is
 * ended and the letter's job queued in one transaction, so it happens once whatever races it.
 */
export async function takeFirstSignin(
  deps: { readonly db: Kysely<Database>; readonly flows: FlowEngine; readonly jobs: Jobs },
  realm: { readonly id: string; readonly settings: { readonly defaultLocale: string } },
  personId: string,
  at: number,
): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const ended = await deps.flows.endAllOf(trx, afterRegistration, personId, 'done');
    if (ended === 0) return false;
    await deps.jobs.enqueue(trx, {
      realmId: realm.id,
      name: FIRST_SIGNIN_JOB,
      locale: realm.settings.defaultLocale,
      idempotencyKey: `first-signin:${personId}`,
      input: { personId, at },
    });
    return true;
  });
}
