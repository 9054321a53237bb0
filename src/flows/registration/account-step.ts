/**
 * Step 2, the account form: its checks, each problem next to its field, then the one
 * transaction (`complete.ts`).
 *
 *   checkLoginChoice (counted) → whoRegisters → checkChosenPassword → checkContacts →
 *   checkChildCodes (counted) → hash → commitRegistration
 *
 * Nothing is written until every check has passed; the password is hashed only then.
 */
import { checkEmail } from '../../core/identifiers/email.js';
import { checkPhone } from '../../core/identifiers/phone.js';
import { checkPassword } from '../../core/password-policy/policy.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { type AccountErrors, type AccountForm, NEW_GUARDIAN, type SingleField } from './account-form.js';
import { checkChildCodes } from './children-step.js';
import { type Committed, commitRegistration, type Registrant } from './complete.js';
import type { Invitee } from './flow-load.js';
import { checkLoginChoice, loginProblem } from './login-check.js';
import { type RegistrationFlow, registrationFlow } from './machine.js';
import type { RegistrationKey } from './messages.js';
import { type Meta, minutesOf, type Place, type Problem, type RegistrationDeps } from './registration.js';
import type { AccountFields } from './registration-store.js';

export const NAME_MAX_LENGTH = 100;

export type CompleteOutcome =
  | Committed
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly problem: Problem }
  /** This flow's login checks are spent: the person enters the code again. */
  | { readonly kind: 'spent' };

type Fields = Partial<Record<SingleField, Problem>>;

const NAME = /^\p{L}[\p{L}\p{M}'’ -]*$/u;

/** A name as typed: NFC, single spaces; letters, spaces, hyphens and apostrophes only. */
function checkName(
  input: string,
  required: RegistrationKey | null,
): { ok: true; value: string | null } | { ok: false; problem: Problem } {
  const value = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (value === '') return required ? { ok: false, problem: { key: required } } : { ok: true, value: null };
  if ([...value].length > NAME_MAX_LENGTH || !NAME.test(value))
    return { ok: false, problem: { key: 'registration.error.name_invalid' } };
  return { ok: true, value };
}

function whoRegisters(invitee: Invitee, form: AccountForm, fields: Fields): Registrant | null {
  if (invitee.role !== 'parent') return { kind: 'pending', person: invitee.person, invitee: true };
  if (invitee.guardians.length > 0 && form.guardian !== NEW_GUARDIAN) {
    const chosen = invitee.guardians.find((g) => g.id === form.guardian);
    if (chosen) return { kind: 'pending', person: chosen, invitee: false };
    fields.guardian = { key: 'registration.error.guardian_invalid' };
    return null;
  }
  const last = checkName(form.lastName, 'registration.error.last_name_required');
  const first = checkName(form.firstName, 'registration.error.first_name_required');
  const middle = checkName(form.middleName, null);
  if (!last.ok) fields.lastName = last.problem;
  if (!first.ok) fields.firstName = first.problem;
  if (!middle.ok) fields.middleName = middle.problem;
  if (!last.ok || !first.ok || !middle.ok || last.value === null || first.value === null) return null;
  return { kind: 'new', lastName: last.value, firstName: first.value, middleName: middle.value };
}

/**
 * The realm's policy, with what a guesser tries first (the article: not the login, the birth
 * date, the names), and the repeat.
 */
function checkChosenPassword(
  realm: LoadedRealm,
  form: AccountForm,
  registrant: Registrant | null,
  fields: Fields,
): Problem[] {
  const names =
    registrant?.kind === 'pending'
      ? [registrant.person.last_name, registrant.person.first_name, registrant.person.middle_name]
      : registrant?.kind === 'new'
        ? [registrant.lastName, registrant.firstName, registrant.middleName]
        : [form.lastName, form.firstName, form.middleName];
  const problems: Problem[] = checkPassword(form.password, realm.settings.passwordPolicy, {
    login: form.login.trim(),
    birthDate: registrant?.kind === 'pending' ? registrant.person.birth_date : null,
    names,
  }).map((v) => ({ key: v.key, ...(v.params ? { params: v.params } : {}) }));
  if (form.password2.length === 0) fields.password2 = { key: 'password_change.repeat_required' };
  else if (form.password2 !== form.password) fields.password2 = { key: 'password_change.mismatch' };
  return problems;
}

/** Email required for parents and staff, optional for students; a mobile number optional. */
function checkContacts(
  realm: LoadedRealm,
  invitee: Invitee,
  form: AccountForm,
  fields: Fields,
): Pick<AccountFields, 'email' | 'phone'> {
  let email: AccountFields['email'] = null;
  if (form.email.trim() === '') {
    if (invitee.role === 'parent') fields.email = { key: 'registration.error.email_required_parent' };
    else if (invitee.role === 'staff') fields.email = { key: 'registration.error.email_required' };
  } else {
    const checked = checkEmail(form.email);
    if (checked.ok) email = { email: checked.email, normalized: checked.normalized };
    else fields.email = { key: checked.code };
  }
  let phone: string | null = null;
  if (form.phone.trim() !== '') {
    const checked = checkPhone(form.phone, realm.settings.phoneCountry);
    if (checked.ok) phone = checked.phone;
    else fields.phone = { key: checked.code };
  }
  return { email, phone };
}

/**
 * A second submit racing the first finds its login taken — by the first. If the flow finished
 * meanwhile, the person is shown how it ended, not a «логин занят» about their own new login.
 */
async function finishedMeanwhile(
  deps: RegistrationDeps,
  place: Place,
  flow: RegistrationFlow,
  browserToken: string,
): Promise<boolean> {
  // With this browser's token: the flow is bound to it, and without one it reads as unknown.
  const now = await deps.flows.load(registrationFlow, place.realm.id, flow.id, { browserToken });
  return now.kind === 'ended';
}

export async function completeRegistration(
  deps: RegistrationDeps,
  place: Place,
  flow: RegistrationFlow,
  invitee: Invitee,
  form: AccountForm,
  meta: Meta,
): Promise<CompleteOutcome> {
  const fields: Fields = {};
  const login = await checkLoginChoice(deps, place.realm, flow, meta.ip, form.login);
  if (login.kind === 'throttled') {
    // The flow's guesses are spent, or the flow moved on: a second submit racing the first.
    if (login.scope === 'flow')
      return (await finishedMeanwhile(deps, place, flow, meta.browserToken))
        ? { kind: 'gone' }
        : { kind: 'spent' };
    return { kind: 'throttled', retryAfterSeconds: login.retryAfterSeconds, problem: loginProblem(login) };
  }
  if (login.kind !== 'free') fields.login = loginProblem(login);
  const registrant = whoRegisters(invitee, form, fields);
  const password = checkChosenPassword(place.realm, form, registrant, fields);
  const contacts = checkContacts(place.realm, invitee, form, fields);
  const children = await checkChildCodes(deps, place, flow, invitee, form.childCodes, meta);
  if (children.kind === 'throttled') {
    const minutes = minutesOf(children.retryAfterSeconds);
    const problem: Problem = { key: 'registration.code.throttled', params: { minutes } };
    return { kind: 'throttled', retryAfterSeconds: children.retryAfterSeconds, problem };
  }
  const errors: AccountErrors = {
    fields,
    password,
    childCodes: children.kind === 'invalid' ? children.errors : form.childCodes.map(() => null),
  };
  const invalid =
    login.kind !== 'free' ||
    !registrant ||
    children.kind === 'invalid' ||
    Object.keys(fields).length > 0 ||
    password.length > 0;
  if (invalid)
    return (await finishedMeanwhile(deps, place, flow, meta.browserToken))
      ? { kind: 'gone' }
      : { kind: 'invalid', errors };
  if (login.kind !== 'free' || !registrant) return { kind: 'invalid', errors }; // (narrows the types)

  const account: AccountFields = {
    login: login.login,
    loginNormalized: login.normalized,
    passwordHash: await deps.passwords.hash(form.password),
    ...contacts,
  };
  return commitRegistration(
    deps,
    place,
    { flow, invitee, registrant, account, childCodes: children.codes },
    meta,
  );
}
