/**
 * The sign-in step's actions (`factors/step-flow.ts`), each ending with the session or a reason:
 *
 *   submitCode:   shape (free) → the person's code budget → the flow's attempt (both counted in
 *                 the database before the code is compared) → compare → accept once → done
 *   submitEnrol:  the same with the enrolment's secret → factor + recovery codes + done, together
 *   acceptStepConsents: both ticked → recorded → the factor step, or done
 */

import { extended } from '../../core/extended.js';
import type { Flow } from '../../core/flows/flow-store.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Person } from '../../db/schema.js';
import { codeBudget } from '../../factors/code-budget.js';
import { type CodeKind, type CodeVerdict, checkCode, checkEnrolmentCode } from '../../factors/codes.js';
import { enrolTotp } from '../../factors/enrolment.js';
import {
  completeSignin,
  type FirstFactor,
  factorNeed,
  type SecondFactor,
  type SigninMeta,
} from '../../factors/signin-step.js';
import { type StepData, type StepState, signinStep } from '../../factors/step-flow.js';
import {
  authenticationOptions,
  parseCredential,
  relyingParty,
  verifyAssertion,
} from '../../factors/webauthn.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';

export type StepFlow = Flow<StepState, StepData>;

export type StepResult =
  /** `token` null: the signed-in session was raised (a step-up), the cookie stays. */
  | {
      readonly kind: 'signed_in';
      readonly token: string | null;
      readonly codes?: readonly string[];
      /** The first sign-in after registration: «Обновление информации о пользователе» next. */
      readonly afterRegistration?: boolean;
    }
  | { readonly kind: 'moved' }
  | { readonly kind: 'again'; readonly status: 400 | 401; readonly error: MessageKey; readonly left?: number }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'locked' }
  | { readonly kind: 'over' };

const firstFactorOf = (flow: StepFlow): FirstFactor => flow.data.method as FirstFactor;

async function finish(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  factor: SecondFactor | null,
  meta: SigninMeta,
): Promise<StepResult> {
  if (!(await services.flows.move(services.db, signinStep, flow, 'done'))) return { kind: 'over' };
  return begin(services, realm, flow, person, factor, meta);
}

/** The session: a new one, or — a step-up — the signed-in one, now with its second factor. */
async function begin(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  factor: SecondFactor | null,
  meta: SigninMeta,
): Promise<{ kind: 'signed_in'; token: string | null; afterRegistration: boolean }> {
  if (flow.data.session) {
    const raised = factor !== null && (await services.sessions.raise(person.id, flow.data.session, factor));
    if (raised) return { kind: 'signed_in', token: null, afterRegistration: false };
  }
  const { token, afterRegistration } = await completeSignin(
    services,
    realm,
    person,
    firstFactorOf(flow),
    factor,
    meta,
  );
  return { kind: 'signed_in', token, afterRegistration };
}

async function audit(
  services: Services,
  realm: LoadedRealm,
  person: Person,
  meta: SigninMeta,
  action:
    | 'second_factor.passed'
    | 'second_factor.failed'
    | 'second_factor.reused'
    | 'second_factor.throttled'
    | 'second_factor.locked'
    | 'recovery_codes.used',
  detail: Record<string, string | number>,
): Promise<void> {
  await services.audit.append({
    realmId: realm.id,
    action,
    actorId: person.id,
    subjectId: person.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail,
  });
}

/** What a refused code answers; `locked` ends the flow. */
async function refusal(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  meta: SigninMeta,
  verdict: Exclude<CodeVerdict, { kind: 'ok' }>,
  wrongKey: MessageKey,
): Promise<StepResult> {
  switch (verdict.kind) {
    case 'empty':
      return { kind: 'again', status: 400, error: 'mfa.code_required' };
    case 'malformed':
      return {
        kind: 'again',
        status: 400,
        error: wrongKey === 'mfa.recovery_wrong' ? 'mfa.recovery_malformed' : 'mfa.code_malformed',
      };
    case 'throttled':
      await audit(services, realm, person, meta, 'second_factor.throttled', {
        retry_after: verdict.retryAfterSeconds,
      });
      return verdict;
    case 'exhausted':
      await services.flows.end(services.db, signinStep, flow, 'locked');
      await audit(services, realm, person, meta, 'second_factor.locked', { state: flow.state });
      return { kind: 'locked' };
    default: {
      await audit(
        services,
        realm,
        person,
        meta,
        verdict.kind === 'reused' ? 'second_factor.reused' : 'second_factor.failed',
        {
          state: flow.state,
          reason: verdict.kind,
        },
      );
      const fresh = await services.flows.load(signinStep, realm.id, flow.id);
      const used = fresh.kind === 'live' ? fresh.flow.attempts : flow.attempts + 1;
      const left = Math.max(0, (signinStep.attempts[flow.state] ?? 0) - used);
      if (left === 0) {
        await services.flows.end(services.db, signinStep, flow, 'locked');
        await audit(services, realm, person, meta, 'second_factor.locked', { state: flow.state });
        return { kind: 'locked' };
      }
      return { kind: 'again', status: 401, error: wrongKey, left };
    }
  }
}

const spendOn = (services: Services, flow: StepFlow) => async (): Promise<boolean> =>
  (await services.flows.spendAttempt(services.db, signinStep, flow)).kind === 'counted';

export async function submitCode(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  kind: CodeKind,
  typed: string,
  meta: SigninMeta,
): Promise<StepResult> {
  const deps = { factors: services.factors, budget: codeBudget(services.limiters), clock: services.clock };
  const verdict = await checkCode(deps, person.id, kind, typed, spendOn(services, flow));
  if (verdict.kind !== 'ok') {
    return refusal(
      services,
      realm,
      flow,
      person,
      meta,
      verdict,
      kind === 'recovery' ? 'mfa.recovery_wrong' : 'mfa.code_wrong',
    );
  }
  await audit(services, realm, person, meta, 'second_factor.passed', { factor: verdict.factor });
  if (verdict.factor === 'recovery_code')
    await audit(services, realm, person, meta, 'recovery_codes.used', { remaining: verdict.remaining ?? 0 });
  return finish(services, realm, flow, person, verdict.factor, meta);
}

/** The enrolment's secret, or null when it has none yet or it does not open. */
export function enrolSecretOf(services: Services, flow: StepFlow): string | null {
  return flow.data.enrolSecret ? services.factors.enrolment.open(flow.data.enrolSecret) : null;
}

export async function submitEnrol(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  typed: string,
  meta: SigninMeta,
): Promise<StepResult> {
  const secret = enrolSecretOf(services, flow);
  if (!secret) return { kind: 'over' };
  const deps = { factors: services.factors, budget: codeBudget(services.limiters), clock: services.clock };
  const verdict = await checkEnrolmentCode(deps, person.id, secret, typed, spendOn(services, flow));
  if (verdict.kind !== 'ok') return refusal(services, realm, flow, person, meta, verdict, 'mfa.code_wrong');
  const codes = await enrolTotp(services, realm, person.id, secret, verdict.step, meta, (trx) =>
    services.flows.move(trx, signinStep, flow, 'done'),
  );
  if (!codes) return { kind: 'over' };
  const { token, afterRegistration } = await begin(services, realm, flow, person, 'totp', meta);
  return { kind: 'signed_in', token, codes, afterRegistration };
}

export async function acceptStepConsents(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  ticked: ReadonlySet<string>,
  meta: SigninMeta,
): Promise<StepResult> {
  const missing = await services.factors.consents.missing(realm, person.id);
  if (realm.settings.signinConsents.some((c) => !ticked.has(c)))
    return { kind: 'again', status: 400, error: 'signin.consents_required' };
  await services.factors.consents.accept(services.db, realm, person.id, missing, meta);
  const need = await factorNeed(services, realm, person, firstFactorOf(flow));
  if (need === null) return finish(services, realm, flow, person, null, meta);
  return (await services.flows.move(services.db, signinStep, flow, need))
    ? { kind: 'moved' }
    : { kind: 'over' };
}

/** A challenge for this step's passkey, kept in the flow (a new one replaces the last). */
export async function passkeyChallenge(services: Services, flow: StepFlow, person: Person) {
  const rp = relyingParty(services.config.baseUrl, '');
  const options = await authenticationOptions(rp, await services.factors.passkeys.listOf(person.id));
  const saved = await services.flows.update(services.db, flow, { data: { challenge: options.challenge } });
  return saved ? options : null;
}

/** The browser's assertion: one of the person's passkeys, over the flow's challenge (spent once). */
export async function submitPasskey(
  services: Services,
  realm: LoadedRealm,
  flow: StepFlow,
  person: Person,
  posted: string,
  meta: SigninMeta,
): Promise<StepResult> {
  const challenge = flow.data.challenge;
  const response = parseCredential<Parameters<typeof verifyAssertion>[1]>(posted);
  const passkey = response ? await services.factors.passkeys.find(realm.id, response.id) : null;
  const rejected = async (reason: string): Promise<StepResult> => {
    await services.audit.append({
      realmId: realm.id,
      action: 'passkey.rejected',
      actorId: person.id,
      subjectId: person.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      detail: { reason, at: 'signin' },
    });
    return refusal(services, realm, flow, person, meta, { kind: 'wrong' }, 'mfa.passkey_failed');
  };
  if (!challenge || !response) return { kind: 'again', status: 400, error: 'mfa.passkey_failed' };
  // The challenge is spent before the assertion is checked: a replay finds none.
  if (!(await services.flows.update(services.db, flow, { data: { challenge: null } })))
    return { kind: 'over' };
  if ((await services.flows.spendAttempt(services.db, signinStep, flow)).kind !== 'counted')
    return refusal(services, realm, flow, person, meta, { kind: 'exhausted' }, 'mfa.passkey_failed');
  if (!passkey || passkey.personId !== person.id) return rejected('unknown_credential');
  const counter = await verifyAssertion(
    relyingParty(services.config.baseUrl, ''),
    response,
    challenge,
    passkey,
  );
  if (counter === null) return rejected('not_verified');
  if (!(await services.factors.passkeys.used(passkey.id, counter))) return rejected('counter');
  await audit(services, realm, person, meta, 'second_factor.passed', { factor: 'passkey' });
  const moved = extended(flow, { version: flow.version + 1, data: extended(flow.data, { challenge: null }) });
  return finish(services, realm, moved, person, 'passkey', meta);
}
