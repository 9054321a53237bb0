/**
 * What every first factor calls once it has identified the person (the password sign-in, the
 * digital signature, Gosuslugi): `continueSignin` decides whether the sign-in needs more before
 * the session begins, and `completeSignin` begins it.
 *
 *   recordTickedConsents → whichStep (consents not accepted in their current version; a factor
 *   the person has; a factor the realm requires after this method) → the session now, or a
 *   `signin-step` flow (step-flow.ts) whose pages (`flows/second-factor/`) finish the sign-in.
 *
 * The session records both: `method` (the first factor) and `second_factor` (totp,
 * recovery_code, passkey) — `oidc/acr.ts` reads them as the sign-in's class.
 */

import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import type { FlowEngine } from '../core/flows/flow-store.js';
import type { Database, Person } from '../db/schema.js';
import { writeBatch } from '../db/write-batch.js';
import { takeFirstSignin } from '../directory/after-registration.js';
import type { PeopleStore } from '../directory/people-store.js';
import type { Jobs } from '../messaging/jobs.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { SessionService } from '../sessions/sessions.js';
import { askedConsents } from './consents.js';
import { STEP_TTL_MS, type StepState, signinStep } from './step-flow.js';
import type { FactorProbe, FactorStores } from './stores.js';

export type FirstFactor = 'password' | 'signature' | 'esia' | 'passkey';
export type SecondFactor = 'totp' | 'recovery_code' | 'passkey';

export interface StepDeps {
  readonly db: Kysely<Database>;
  readonly flows: FlowEngine;
  readonly sessions: SessionService;
  readonly people: PeopleStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly factors: FactorStores;
  readonly jobs: Jobs;
}

export interface SigninMeta {
  readonly ip: string;
  readonly userAgent: string | null;
}

export interface PrimaryDone {
  readonly realm: LoadedRealm;
  readonly person: Person;
  readonly method: FirstFactor;
  /** The second-factor probe, when the lookup that found the person read it too. */
  readonly factorProbe?: FactorProbe;
  /** Consents ticked on the page the person signed in on (they saw the current texts), if any. */
  readonly consentsTicked: ReadonlySet<string>;
  readonly meta: SigninMeta;
  /** This browser's flow token (`web/flow-browser.ts`): the step is bound to it. */
  readonly browserToken: string;
  /** An application's sign-in to return to afterwards, already checked. */
  readonly returnTo: string | null;
}

export type ContinueOutcome =
  | { readonly kind: 'signed_in'; readonly token: string; readonly afterRegistration: boolean }
  | { readonly kind: 'step'; readonly flowId: string; readonly state: StepState };

/** Whether the person has a second factor, and whether the realm requires one after `method`. */
export async function factorNeed(
  deps: Pick<StepDeps, 'factors'>,
  realm: LoadedRealm,
  person: Pick<Person, 'id'>,
  method: FirstFactor,
  probe?: FactorProbe,
): Promise<'factor' | 'enrol' | null> {
  // A passkey sign-in is itself two factors (a device, unlocked by the person).
  if (method === 'passkey') return null;
  const has = probe ? deps.factors.hasFactorIn(probe) : await deps.factors.hasFactor(person.id);
  if (has) return 'factor';
  const required = (realm.settings.secondFactor.required as readonly string[]).includes(method);
  return required ? 'enrol' : null;
}

export async function continueSignin(deps: StepDeps, done: PrimaryDone): Promise<ContinueOutcome> {
  const { realm, person, meta } = done;
  // recordTickedConsents: the sign-in form showed the current texts; its ticks accept them.
  const asked = askedConsents(realm);
  const ticked = asked.filter((a) => done.consentsTicked.has(a.consent));
  if (ticked.length > 0) await deps.factors.consents.accept(deps.db, realm, person.id, ticked, meta);
  const missing = ticked.length === asked.length ? [] : await deps.factors.consents.missing(realm, person.id);

  // whichStep
  const need = await factorNeed(deps, realm, person, done.method, done.factorProbe);
  const state: StepState | null = missing.length > 0 ? 'consents' : need;
  if (state === null) {
    const { token, afterRegistration } = await completeSignin(deps, realm, person, done.method, null, meta);
    return { kind: 'signed_in', token, afterRegistration };
  }
  const flow = await deps.flows.start(deps.db, signinStep, {
    realmId: realm.id,
    state,
    personId: person.id,
    data: { method: done.method, returnTo: done.returnTo ?? '', enrolSecret: null, challenge: null },
    ttlMs: STEP_TTL_MS,
    browserToken: done.browserToken,
  });
  return { kind: 'step', flowId: flow.id, state };
}

/**
 * The session, the first sign-in's activation and the audit event. `afterRegistration`: this is
 * the first sign-in after registration (directory/after-registration.ts), whose confirmation
 * letter is now queued; the page then shows «Обновление информации о пользователе».
 */
export async function completeSignin(
  deps: Pick<StepDeps, 'sessions' | 'people' | 'audit' | 'db' | 'flows' | 'jobs' | 'clock'>,
  realm: LoadedRealm,
  person: Person,
  method: FirstFactor,
  secondFactor: SecondFactor | null,
  meta: SigninMeta,
): Promise<{ token: string; afterRegistration: boolean }> {
  // The session and its audit event in one commit, sent as one (db/write-batch.ts): a sign-in
  // waits for one write to the disk and, on PostgreSQL, one round trip; on SQLite it runs on the
  // connection at once when that is free.
  const created = deps.sessions.toCreate({
    realmId: realm.id,
    personId: person.id,
    lifetimes: realm.settings.session,
    ip: meta.ip,
    userAgent: meta.userAgent,
    method,
    secondFactor,
  });
  const event = deps.audit.toAppend({
    realmId: realm.id,
    action: 'signin.succeeded',
    actorId: person.id,
    subjectId: person.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: secondFactor ? { method, second_factor: secondFactor } : { method },
  });
  await writeBatch(deps.db, { onConnection: true })([created.write, event.write]);
  event.written();
  const { token } = created;
  let afterRegistration = false;
  if (person.activated_at === null) {
    await deps.people.markActivated(person.id);
    afterRegistration = await takeFirstSignin(deps, realm, person.id, deps.clock.now());
  }
  return { token, afterRegistration };
}
