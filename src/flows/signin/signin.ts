/**
 * Password sign-in, as a list of named checks:
 *
 *   readForm → checkConsents → admit → findPerson → spendBudget → verifyPassword → countFailure
 *   → checkStatus → upgradeHash → continueSignin (factors/: consents, second factor) → record
 *
 * Rules it enforces:
 * - One answer for an unknown login and a wrong password («Неверное имя пользователя или
 *   пароль…»), in the same time: an unknown login is verified against dummy hashes, and every
 *   failure does the same argon2 work whatever parameters the stored hash has (passwords.ts).
 * - A blocked person learns it only after giving the right password, so the message can't be
 *   used to find accounts.
 * - Every attempt is counted before argon2 sees the password, atomically (budget.ts): racing
 *   guesses past the budget are never checked. Budgets grow delays instead of locking, and a
 *   known device of the person (device-cookie.ts) has its own; past a budget the answer is "try
 *   again in …" whether the login exists or not.
 * - When more sign-ins wait for argon2 than the pool allows, the answer is 503 at once.
 * - findPerson reads whether the person has a second factor too (lookup.ts): a sign-in is four
 *   statements — the person, the counters, the session with its audit event, the settling.
 * - A fresh session token at every sign-in; the first sign-in activates the account.
 * - argon2 parameters raised by the operator are applied to this person's hash now.
 */
import { z } from 'zod';
import type { AuditLog } from '../../core/audit/audit.js';
import type { Clock } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { checkLogin } from '../../core/identifiers/login.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Person } from '../../db/schema.js';
import type { PeopleStore } from '../../directory/people-store.js';
import { continueSignin, type StepDeps } from '../../factors/signin-step.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { SessionService } from '../../sessions/sessions.js';
import { formText, parseForm } from '../../web/form.js';
import { signinBudget } from './budget.js';
import type { KnownDevices } from './device-cookie.js';
import { findForSignin, type SigninLookup } from './lookup.js';

export interface SigninDeps extends StepDeps {
  readonly people: PeopleStore;
  readonly passwords: PasswordHasher;
  readonly sessions: SessionService;
  readonly limiters: LimiterFactory;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly devices: KnownDevices;
}

export interface SigninForm {
  readonly login: string;
  readonly password: string;
  readonly consents: ReadonlySet<string>;
}

export interface RequestMeta {
  readonly ip: string;
  readonly userAgent: string | null;
  /** The known-device cookie the browser sent, if any. */
  readonly deviceCookie: string | null;
  /** This browser's flow token: a second step after the password is bound to it. */
  readonly browserToken: string;
  /** An application's sign-in to return to afterwards, already checked. */
  readonly returnTo: string | null;
}

export type FieldErrors = Partial<Record<'login' | 'password' | 'consents', MessageKey>>;

export type SigninOutcome =
  | {
      readonly kind: 'signed_in';
      readonly person: Person;
      readonly token: string;
      readonly mustChange: boolean;
      /** The first sign-in after registration: «Обновление информации о пользователе» next. */
      readonly afterRegistration: boolean;
      /** The known-device cookie to set: this browser is now a known device of the person. */
      readonly deviceCookie: string;
    }
  | {
      /** The password was right; the sign-in continues on the step's pages (factors/step-flow.ts). */
      readonly kind: 'next_step';
      readonly flowId: string;
      readonly deviceCookie: string;
    }
  | { readonly kind: 'invalid_form'; readonly errors: FieldErrors }
  | { readonly kind: 'wrong_credentials' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'busy'; readonly retryAfterSeconds: number }
  | { readonly kind: 'blocked' };

const MAX_PASSWORD = 256;

/** The body limit: no longer field can arrive. */
const TEXT_MAX = 64 * 1024;

/**
 * The posted form, read by a schema: a field that is missing, repeated or not text reads as
 * empty (the field checks below then name it); the checks give the precise «too long» messages.
 */
const SigninFields = z.object({
  login: formText(TEXT_MAX).catch(''),
  password: formText(TEXT_MAX).catch(''),
  consent_personal_data: formText(10).catch(''),
  consent_signature_liability: formText(10).catch(''),
});

/** Parses the posted form. Anything that is not a single string counts as empty. */
export function readForm(body: unknown): SigninForm {
  const parsed = parseForm(SigninFields, body);
  const fields = parsed.ok ? parsed.form : parsed.raw;
  const consents = new Set<string>();
  for (const key of ['personal_data', 'signature_liability'] as const) {
    if (fields[`consent_${key}`] === 'on') consents.add(key);
  }
  return { login: fields.login, password: fields.password, consents };
}

/** Field checks that need no database: empty, too long, control characters, mixed alphabets. */
function validate(form: SigninForm, realm: LoadedRealm): { errors: FieldErrors; loginNormalized: string } {
  const errors: FieldErrors = {};
  let loginNormalized = '';
  const login = checkLogin(form.login);
  if (login.ok) loginNormalized = login.normalized;
  else errors.login = login.code === 'login.empty' ? 'signin.login_required' : login.code;
  if (form.password.length === 0) errors.password = 'signin.password_required';
  else if (form.password.length > MAX_PASSWORD) errors.password = 'signin.password_too_long';
  else if (form.password.includes('\u0000')) errors.password = 'signin.password_invalid_chars';
  const missing = realm.settings.signinConsents.some((c) => !form.consents.has(c));
  if (missing) errors.consents = 'signin.consents_required';
  return { errors, loginNormalized };
}

export async function signIn(
  deps: SigninDeps,
  realm: LoadedRealm,
  form: SigninForm,
  meta: RequestMeta,
): Promise<SigninOutcome> {
  // readForm/validate: nothing reaches the database or argon2 without passing the field checks.
  const { errors, loginNormalized } = validate(form, realm);
  if (Object.keys(errors).length > 0) return { kind: 'invalid_form', errors };

  // admit: a place in the argon2 queue, or 503 at once when too many already wait.
  const admission = deps.passwords.admit();
  if (!admission) return { kind: 'busy', retryAfterSeconds: deps.passwords.retryAfterSeconds() };
  let found: SigninLookup | null;
  let person: Person | null;
  let verified: boolean;
  const { throttle } = realm.settings;
  try {
    // findPerson, then spendBudget: the attempt is counted before argon2 runs.
    found = await findForSignin(deps.db, realm.id, loginNormalized);
    person = found?.person ?? null;
    const device = person
      ? deps.devices.deviceOf(meta.deviceCookie, {
          realmId: realm.id,
          personId: person.id,
          now: deps.clock.now(),
          days: throttle.deviceDays,
        })
      : null;
    const budget = signinBudget(deps.limiters, throttle, {
      realmId: realm.id,
      login: loginNormalized,
      ip: meta.ip,
      device,
    });
    const spent = await budget.spend();
    if (!spent.allowed) {
      await record(deps, realm, meta, 'signin.throttled', person, { login: loginNormalized, by: spent.by });
      return { kind: 'throttled', retryAfterSeconds: spent.retryAfterSeconds };
    }
    // verifyPassword: the same argon2 work whether or not the person exists, and whatever
    // parameters their hash was made with.
    verified = await deps.passwords.verifyForSignin(person?.password_hash ?? null, form.password, admission);
    if (verified) await budget.succeeded();
  } finally {
    admission.cancel(); // no-op once the verification used the place
  }

  // countFailure: already counted; the audit says which kind.
  if (!found || !verified) {
    const reason = person ? 'wrong_password' : 'unknown_login';
    await record(deps, realm, meta, 'signin.failed', person, { login: loginNormalized, reason });
    return { kind: 'wrong_credentials' };
  }
  return signedIn(deps, realm, form, meta, found);
}

/** checkStatus → upgradeHash → startSession → record, after the right password. */
async function signedIn(
  deps: SigninDeps,
  realm: LoadedRealm,
  form: SigninForm,
  meta: RequestMeta,
  { person, probe }: SigninLookup,
): Promise<SigninOutcome> {
  // checkStatus: only now, after the right password.
  if (person.status !== 'active') {
    await record(deps, realm, meta, 'signin.blocked_person', person);
    return { kind: 'blocked' };
  }

  // upgradeHash: parameters raised since this hash was made.
  if (deps.passwords.needsRehash(person.password_hash as string)) {
    await deps.people.replaceHash(person.id, await deps.passwords.hash(form.password));
    await deps.audit.append({ realmId: realm.id, action: 'password.rehashed', subjectId: person.id });
  }

  // continueSignin: the session now, or the consents and the second factor first. The known
  // device is this browser either way: the password was right (device budgets guard passwords).
  const next = await continueSignin(deps, {
    realm,
    person,
    method: 'password',
    factorProbe: probe,
    consentsTicked: form.consents,
    meta,
    browserToken: meta.browserToken,
    returnTo: meta.returnTo,
  });
  const deviceCookie = deps.devices.afterSignin(meta.deviceCookie, {
    realmId: realm.id,
    personId: person.id,
    now: deps.clock.now(),
    days: realm.settings.throttle.deviceDays,
  });
  if (next.kind === 'step') return { kind: 'next_step', flowId: next.flowId, deviceCookie };
  return {
    kind: 'signed_in',
    person,
    token: next.token,
    mustChange: person.password_must_change === 1,
    afterRegistration: next.afterRegistration,
    deviceCookie,
  };
}

function record(
  deps: SigninDeps,
  realm: LoadedRealm,
  meta: RequestMeta,
  action: 'signin.throttled' | 'signin.failed' | 'signin.blocked_person',
  person: Person | null,
  detail?: Record<string, string>,
): Promise<unknown> {
  return deps.audit.append({
    realmId: realm.id,
    action,
    subjectId: person?.id ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    ...(detail ? { detail } : {}),
  });
}
