/**
 * Registration by invitation code (ElJur, article 003) at the school's address
 * `/r/:realm/s/:slug/hello`: the code, then a login, a password and contact details, then
 * «регистрация в системе успешно завершена» and sign-in.
 *
 * A registration flow (kind `registration`), bound to the browser that entered the code:
 *
 *   (code page) ──(an active code of this school)──▶ code_ok ──(the account form)──▶ done
 *                                                      └──(1 h pass)──▶ expired (by time)
 *
 * start:    checkShape → admitLookup → verifyCode (realm, status, organisation, profile still
 *           pending) → startFlow
 * complete: loadFlow (realm, kind, this browser, this school, state, time) → loadInvitee (the
 *           flow's code still active) → checkChosenLogin → whoRegisters → checkChosenPassword →
 *           checkContacts → checkChildCodes → commit (one transaction) → done, or afterRollback
 *
 * Rules:
 * - A code is checked for its shape first, each problem with the article's explanation
 *   (no capitals; another prefix means another system). Shape problems are typos and cost
 *   nothing; every failed lookup (unknown, used, void, expired, another school's) counts as a
 *   guess against the IP address: `CODE_FAILURES_PER_IP` per `CODE_WINDOW_SECONDS`, then 429;
 *   lookups sent all at once are bounded by `CODE_LOOKUPS_PER_IP`.
 * - A code belongs to one school: another school's code is refused at this address.
 * - `st`, `tr` and `ar` codes register the pending profile they were issued for, and only while
 *   it is pending. A `pt` code is issued on the child's name and registers a parent: the
 *   school's pending guardian record of that child when the parent says it is them, otherwise a
 *   new person with the name they type (membership `parent`). Parents and staff may add more
 *   `pt` codes under «Дети»; every child of a `pt` code gets the account as guardian.
 * - Email is required for parents (the article) and staff (our call: adults who need
 *   self-service recovery); students may leave it empty. Contacts are stored unconfirmed: the
 *   person confirms the email after signing in.
 * - The password follows the realm's policy with the login, birth date and names as personal
 *   data (the article's warning).
 * - Everything is written in one transaction: the account, memberships, guardianships, every
 *   code consumed, the audit. A code or login taken meanwhile rolls all of it back, and a second
 *   submit of the same flow finds it `done`.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../core/audit/audit.js';
import { type Clock, HOUR } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import { type KeyedHasher, newId } from '../../core/crypto/secrets.js';
import type { FlowStore, LiveFlow } from '../../core/flows/legacy-flow-store.js';
import type { MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import { checkEmail } from '../../core/identifiers/email.js';
import { checkLogin } from '../../core/identifiers/login.js';
import { checkPhone } from '../../core/identifiers/phone.js';
import { checkPassword } from '../../core/password-policy/policy.js';
import type { Limiter, LimiterFactory } from '../../core/throttle/throttle.js';
import type { Database, Invitation, Organisation, Person } from '../../db/schema.js';
import { isPendingLogin, type PeopleStore } from '../../directory/people-store.js';
import {
  type CodePrefix,
  type CodeProblem,
  checkCodeShape,
  ROLE_OF_PREFIX,
} from '../../invitations/codes.js';
import type { InvitationStore } from '../../invitations/invitation-store.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { RegistrationKey } from './messages.js';
import { type AccountFields, type RegistrationStore, registrationStore } from './registration-store.js';

export const KIND = 'registration';
export const FLOW_TTL_MS = HOUR;
/** Failed code lookups one IP address may make per window (a class behind one NAT included). */
export const CODE_FAILURES_PER_IP = 10;
export const CODE_WINDOW_SECONDS = 15 * 60;
/** Code lookups of any outcome one IP address may make per window: bounds guesses sent at once. */
export const CODE_LOOKUPS_PER_IP = 50;
/** Codes one registration may add under «Дети». */
export const MAX_CHILD_CODES = 6;
export const NAME_MAX_LENGTH = 100;

export interface RegistrationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly legacyFlows: FlowStore;
  readonly audit: AuditLog;
  readonly limiters: LimiterFactory;
  readonly people: PeopleStore;
  readonly invitations: InvitationStore;
}

export interface RegistrationData extends Record<string, string | number | boolean | null> {
  /** Keyed hash of this browser's registration cookie. */
  readonly browserHash: string;
  readonly organisationId: string;
  /** The code entered on the first page. */
  readonly invitationId: string;
  readonly prefix: string;
  /** Set when done, for the last page. */
  readonly accountId: string | null;
  readonly login: string | null;
  readonly emailGiven: boolean;
}

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
  /** The registration cookie of this browser (made by the route when missing). */
  readonly browserToken: string;
}

export interface Problem {
  readonly key: RegistrationKey | MessageKey;
  readonly params?: MessageParams;
}

export type InviteeRole = 'student' | 'parent' | 'staff';

const SHAPE_KEYS: Readonly<Record<CodeProblem, RegistrationKey>> = {
  'code.empty': 'registration.code.empty',
  'code.capitals': 'registration.code.capitals',
  'code.invalid_chars': 'registration.code.invalid_chars',
  'code.wrong_length': 'registration.code.wrong_length',
  'code.foreign_prefix': 'registration.code.foreign_prefix',
};

type Rejection = 'unknown' | 'used' | 'void' | 'expired' | 'other_school';

const REJECTION_KEYS: Readonly<Record<Rejection, RegistrationKey>> = {
  unknown: 'registration.code.unknown',
  used: 'registration.code.used',
  void: 'registration.code.void',
  expired: 'registration.code.expired',
  other_school: 'registration.code.other_school',
};

const storeOf = (deps: RegistrationDeps): RegistrationStore => registrationStore(deps.db, deps.clock);

// The `invitation` purpose with a prefix no code can have (codes are [a-z0-9] only), so a
// browser token never passes for a code or the other way round.
const browserValue = (token: string): string => `registration-browser:${token}`;

// ---- codes ------------------------------------------------------------------------------------

type Verified =
  | { readonly ok: true; readonly invitation: Invitation; readonly person: Person }
  | { readonly ok: false; readonly reason: Rejection; readonly invitation: Invitation | null };

/**
 * An active code of this school whose profile can still register: `st`/`tr`/`ar` profiles only
 * while pending; a `pt` code names a child, who may have registered already.
 */
async function verifyCode(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  code: string,
): Promise<Verified> {
  const found = await deps.invitations.lookup(realm.id, code);
  if (found.status === 'unknown') return { ok: false, reason: 'unknown', invitation: null };
  const { invitation } = found;
  if (found.status !== 'active') return { ok: false, reason: found.status, invitation };
  if (invitation.organisation_id !== org.id) return { ok: false, reason: 'other_school', invitation };
  const person = await deps.people.findById(realm.id, invitation.person_id);
  if (!person) return { ok: false, reason: 'unknown', invitation };
  if (invitation.prefix !== 'pt' && !isPendingLogin(person.login))
    return { ok: false, reason: 'used', invitation };
  return { ok: true, invitation, person };
}

const failureLimiter = (deps: RegistrationDeps): Limiter =>
  deps.limiters.limiter({
    name: 'registration-code-ip',
    points: CODE_FAILURES_PER_IP,
    windowSeconds: CODE_WINDOW_SECONDS,
  });

const lookupLimiter = (deps: RegistrationDeps): Limiter =>
  deps.limiters.limiter({
    name: 'registration-lookup-ip',
    points: CODE_LOOKUPS_PER_IP,
    windowSeconds: CODE_WINDOW_SECONDS,
  });

/**
 * Admits one code lookup from this IP address, or says how long to wait. Failures are counted
 * after the lookup (only a wrong code should cost), so requests sent all at once would all pass
 * that check; every lookup is also spent up front from a wider allowance, which bounds a burst.
 */
async function admitLookup(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  meta: Meta,
  step: 'code' | 'children',
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const key = `${realm.id}:${meta.ip}`;
  let state = await failureLimiter(deps).check(key);
  if (state.allowed) state = await lookupLimiter(deps).hit(key);
  if (state.allowed) return state;
  await deps.audit.append({
    realmId: realm.id,
    action: 'invitation.rejected',
    organisationId: org.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { reason: 'throttled', step },
  });
  return state;
}

/** A failed lookup: one guess spent, and a line in the audit. */
async function recordFailure(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  meta: Meta,
  rejected: { reason: Rejection; invitation: Invitation | null },
  step: 'code' | 'children',
): Promise<void> {
  await failureLimiter(deps).hit(`${realm.id}:${meta.ip}`);
  await deps.audit.append({
    realmId: realm.id,
    action: 'invitation.rejected',
    subjectId: rejected.invitation?.person_id ?? null,
    organisationId: org.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { reason: rejected.reason, step },
  });
}

// ---- step 1: the code -------------------------------------------------------------------------

export type StartOutcome =
  | { readonly kind: 'started'; readonly flowId: string }
  | { readonly kind: 'invalid'; readonly problem: Problem }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export function readCode(body: unknown): string {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return typeof fields.code === 'string' ? fields.code.slice(0, 200) : '';
}

export async function startWithCode(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  input: string,
  meta: Meta,
): Promise<StartOutcome> {
  const shape = checkCodeShape(input);
  if (!shape.ok) return { kind: 'invalid', problem: { key: SHAPE_KEYS[shape.problem] } };

  const throttle = await admitLookup(deps, realm, org, meta, 'code');
  if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };

  const verified = await verifyCode(deps, realm, org, shape.code);
  if (!verified.ok) {
    await recordFailure(deps, realm, org, meta, verified, 'code');
    return { kind: 'invalid', problem: { key: REJECTION_KEYS[verified.reason] } };
  }

  const flow = await deps.legacyFlows.create<RegistrationData>(deps.db, {
    realmId: realm.id,
    kind: KIND,
    state: 'code_ok',
    personId: verified.invitation.person_id,
    data: {
      browserHash: deps.keyed.hash('invitation', browserValue(meta.browserToken)),
      organisationId: org.id,
      invitationId: verified.invitation.id,
      prefix: verified.invitation.prefix,
      accountId: null,
      login: null,
      emailGiven: false,
    },
    ttlMs: FLOW_TTL_MS,
  });
  return { kind: 'started', flowId: flow.id };
}

// ---- the flow and whom it is for --------------------------------------------------------------

export type FlowCheck =
  | { readonly kind: 'live' | 'done'; readonly flow: LiveFlow<RegistrationData> }
  | { readonly kind: 'expired' | 'gone' };

/** The flow of this browser at this school; a flow id alone opens nothing. */
export async function loadFlow(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  flowId: string,
  browserToken: string,
): Promise<FlowCheck> {
  const lookup = await deps.legacyFlows.find<RegistrationData>(realm.id, KIND, flowId);
  if (lookup.status === 'missing') return { kind: 'gone' };
  const { flow } = lookup;
  if (!deps.keyed.matches('invitation', browserValue(browserToken), flow.data.browserHash))
    return { kind: 'gone' };
  if (flow.data.organisationId !== org.id) return { kind: 'gone' };
  if (flow.state === 'done') return { kind: 'done', flow };
  if (lookup.status === 'expired') return { kind: 'expired' };
  if (flow.state !== 'code_ok') return { kind: 'gone' };
  return { kind: 'live', flow };
}

export interface Invitee {
  readonly invitation: Invitation;
  readonly role: InviteeRole;
  /** The profile the code names: the student, the staff member, or (for `pt`) the child. */
  readonly person: Person;
  readonly className: string | null;
  /** For `pt`: the child's guardians the school entered who have not registered yet. */
  readonly guardians: readonly Person[];
}

/** The flow's own code, still active: it may have been voided, used or expired meanwhile. */
export async function loadInvitee(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  flow: LiveFlow<RegistrationData>,
): Promise<Invitee | null> {
  const store = storeOf(deps);
  const invitation = await store.invitationById(realm.id, flow.data.invitationId);
  if (invitation?.status !== 'active' || invitation.organisation_id !== org.id) return null;
  if (deps.clock.now() >= invitation.expires_at) return null;
  const person = await deps.people.findById(realm.id, invitation.person_id);
  if (!person) return null;
  const role = ROLE_OF_PREFIX[invitation.prefix as CodePrefix];
  if (role !== 'parent' && !isPendingLogin(person.login)) return null;
  const [className, guardians] = await Promise.all([
    store.classNameOf(person.id, org.id),
    role === 'parent' ? store.pendingGuardiansOf(realm.id, person.id) : Promise.resolve([]),
  ]);
  return { invitation, role, person, className, guardians };
}

// ---- step 2: the account ----------------------------------------------------------------------

export interface AccountForm {
  readonly login: string;
  readonly password: string;
  readonly password2: string;
  readonly email: string;
  readonly phone: string;
  /** A pending guardian's id, or `new`; empty when there was no choice. */
  readonly guardian: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  /** The non-empty «Дети» inputs, in page order. */
  readonly childCodes: readonly string[];
}

export const NEW_GUARDIAN = 'new';

export function readAccountForm(body: unknown): AccountForm {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string, max: number): string =>
    typeof fields[name] === 'string' ? (fields[name] as string).slice(0, max) : '';
  // Repeated inputs arrive as an array; anything past a generous bound is not even read.
  const codes = fields.child_code;
  const list = Array.isArray(codes) ? codes.slice(0, 50) : [codes];
  return {
    login: text('login', 1000),
    password: text('password', 1000),
    password2: text('password2', 1000),
    email: text('email', 1000),
    phone: text('phone', 100),
    guardian: text('guardian', 64),
    lastName: text('last_name', 400),
    firstName: text('first_name', 400),
    middleName: text('middle_name', 400),
    childCodes: list
      .filter((c): c is string => typeof c === 'string')
      .map((c) => c.slice(0, 200).trim())
      .filter((c) => c !== ''),
  };
}

export type SingleField =
  | 'login'
  | 'password2'
  | 'email'
  | 'phone'
  | 'guardian'
  | 'lastName'
  | 'firstName'
  | 'middleName';

export interface AccountErrors {
  readonly fields: Partial<Record<SingleField, Problem>>;
  readonly password: readonly Problem[];
  /** One entry per code of `AccountForm.childCodes`, null when that code is fine. */
  readonly childCodes: readonly (Problem | null)[];
  /** A message above the form (a code taken meanwhile). */
  readonly banner?: Problem;
}

export const NO_ERRORS: AccountErrors = { fields: {}, password: [], childCodes: [] };

export type CompleteOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'invalid'; readonly errors: AccountErrors }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  /** The flow's own code stopped working (used, voided, expired, its profile registered). */
  | { readonly kind: 'lost' }
  /** The flow moved meanwhile: a second submit of a finished registration. */
  | { readonly kind: 'gone' };

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

/** Who the account is: a profile the school entered, or a parent new to the school's records. */
type Registrant =
  | { readonly kind: 'pending'; readonly person: Person; readonly invitee: boolean }
  | {
      readonly kind: 'new';
      readonly lastName: string;
      readonly firstName: string;
      readonly middleName: string | null;
    };

function whoRegisters(
  invitee: Invitee,
  form: AccountForm,
  fields: Partial<Record<SingleField, Problem>>,
): Registrant | null {
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
  if (!last.ok || !first.ok || !middle.ok) return null;
  return {
    kind: 'new',
    lastName: last.value as string,
    firstName: first.value as string,
    middleName: middle.value,
  };
}

interface ChildCode {
  readonly invitation: Invitation;
  readonly child: Person;
}

type ChildCodesCheck =
  | { readonly kind: 'ok'; readonly codes: readonly ChildCode[] }
  | { readonly kind: 'invalid'; readonly errors: readonly (Problem | null)[] }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

/**
 * «Дети»: each an active `pt` code of this school, each child once (the child of the flow's own
 * `pt` code included). Students have no «Дети»; what they post there is ignored.
 */
async function checkChildCodes(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  invitee: Invitee,
  codes: readonly string[],
  meta: Meta,
): Promise<ChildCodesCheck> {
  if (invitee.role === 'student' || codes.length === 0) return { kind: 'ok', codes: [] };
  const errors: (Problem | null)[] = codes.map(() => null);
  const found: ChildCode[] = [];
  const seenCodes = new Set<string>();
  const seenChildren = new Set<string>(invitee.role === 'parent' ? [invitee.person.id] : []);
  for (const [i, input] of codes.entries()) {
    if (i >= MAX_CHILD_CODES) {
      errors[i] = { key: 'registration.error.too_many_codes', params: { max: MAX_CHILD_CODES } };
      continue;
    }
    const shape = checkCodeShape(input);
    if (!shape.ok) {
      errors[i] = { key: SHAPE_KEYS[shape.problem] };
      continue;
    }
    if (shape.prefix !== 'pt') {
      errors[i] = { key: 'registration.error.child_code_prefix' };
      continue;
    }
    if (
      seenCodes.has(shape.code) ||
      deps.keyed.matches('invitation', shape.code, invitee.invitation.code_hash)
    ) {
      errors[i] = { key: 'registration.error.child_code_duplicate' };
      continue;
    }
    seenCodes.add(shape.code);
    // Before every lookup: six codes per submit must not buy six guesses past the limit.
    const throttle = await admitLookup(deps, realm, org, meta, 'children');
    if (!throttle.allowed) return { kind: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
    const verified = await verifyCode(deps, realm, org, shape.code);
    if (!verified.ok) {
      await recordFailure(deps, realm, org, meta, verified, 'children');
      errors[i] = { key: REJECTION_KEYS[verified.reason] };
      continue;
    }
    if (seenChildren.has(verified.person.id)) {
      errors[i] = { key: 'registration.error.child_duplicate' };
      continue;
    }
    seenChildren.add(verified.person.id);
    found.push({ invitation: verified.invitation, child: verified.person });
  }
  return errors.some((e) => e !== null) ? { kind: 'invalid', errors } : { kind: 'ok', codes: found };
}

/** Why a commit was rolled back; thrown inside the transaction, caught around it. */
class Rollback extends Error {
  constructor(
    readonly reason: 'flow' | 'lost' | 'guardian' | 'child_code',
    readonly index = -1,
  ) {
    super(reason);
  }
}

type Fields = Partial<Record<SingleField, Problem>>;

/** The shared login rules, then free in this realm. */
async function checkChosenLogin(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  form: AccountForm,
  fields: Fields,
): Promise<ReturnType<typeof checkLogin>> {
  const login = checkLogin(form.login);
  if (!login.ok)
    fields.login = { key: login.code === 'login.empty' ? 'registration.error.login_required' : login.code };
  else if (await deps.people.isLoginTaken(realm.id, login.normalized))
    fields.login = { key: 'registration.error.login_taken' };
  return login;
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
    const checked = checkPhone(form.phone, 'RU');
    if (checked.ok) phone = checked.phone;
    else fields.phone = { key: checked.code };
  }
  return { email, phone };
}

export async function completeRegistration(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  flow: LiveFlow<RegistrationData>,
  invitee: Invitee,
  form: AccountForm,
  meta: Meta,
): Promise<CompleteOutcome> {
  const fields: Fields = {};
  const login = await checkChosenLogin(deps, realm, form, fields);
  const registrant = whoRegisters(invitee, form, fields);
  const password = checkChosenPassword(realm, form, registrant, fields);
  const contacts = checkContacts(invitee, form, fields);
  const children = await checkChildCodes(deps, realm, org, invitee, form.childCodes, meta);
  if (children.kind === 'throttled') return children;
  const childErrors = children.kind === 'invalid' ? children.errors : form.childCodes.map(() => null);
  if (
    Object.keys(fields).length > 0 ||
    password.length > 0 ||
    children.kind === 'invalid' ||
    !login.ok ||
    !registrant
  )
    return { kind: 'invalid', errors: { fields, password, childCodes: childErrors } };

  const account: AccountFields = {
    login: login.login,
    loginNormalized: login.normalized,
    passwordHash: await deps.passwords.hash(form.password),
    ...contacts,
  };
  try {
    await commit(deps, realm, org, flow, invitee, registrant, account, children.codes, meta);
    return { kind: 'done' };
  } catch (err) {
    return afterRollback(deps, realm, err, account, childErrors);
  }
}

/** What a rolled-back commit means for the person; anything unexplained is rethrown. */
async function afterRollback(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  err: unknown,
  account: AccountFields,
  childErrors: readonly (Problem | null)[],
): Promise<CompleteOutcome> {
  const meanwhile: Problem = { key: 'registration.error.code_taken_meanwhile' };
  if (err instanceof Rollback) {
    switch (err.reason) {
      case 'flow':
        return { kind: 'gone' };
      case 'lost':
        return { kind: 'lost' };
      case 'guardian':
        return {
          kind: 'invalid',
          errors: { ...NO_ERRORS, childCodes: childErrors, fields: { guardian: meanwhile } },
        };
      case 'child_code':
        return {
          kind: 'invalid',
          errors: {
            ...NO_ERRORS,
            childCodes: childErrors.map((_, i) => (i === err.index ? meanwhile : null)),
            banner: meanwhile,
          },
        };
    }
  }
  // Another registration took the login between the check and the write: the unique index
  // refused this one, and the whole transaction is gone.
  if (await deps.people.isLoginTaken(realm.id, account.loginNormalized)) {
    return {
      kind: 'invalid',
      errors: {
        ...NO_ERRORS,
        childCodes: childErrors,
        fields: { login: { key: 'registration.error.login_taken' } },
      },
    };
  }
  throw err;
}

/** The one transaction of a registration (see the rules above). */
async function commit(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  org: Organisation,
  flow: LiveFlow<RegistrationData>,
  invitee: Invitee,
  registrant: Registrant,
  account: AccountFields,
  childCodes: readonly ChildCode[],
  meta: Meta,
): Promise<void> {
  const store = storeOf(deps);
  // Chosen before the transaction so the flow can record it as its first write.
  const accountId = registrant.kind === 'pending' ? registrant.person.id : newId();
  await deps.db.transaction().execute(async (trx) => {
    // Single use: the flow moves to `done` once; a second submit finds it moved.
    const moved = await deps.legacyFlows.transition(trx, flow, {
      state: 'done',
      data: { ...flow.data, accountId, login: account.login, emailGiven: account.email !== null },
    });
    if (!moved) throw new Rollback('flow');

    if (registrant.kind === 'pending') {
      if (!(await store.claimPending(trx, registrant.person.id, account)))
        throw new Rollback(registrant.invitee ? 'lost' : 'guardian');
    } else {
      await store.createParent(
        trx,
        accountId,
        {
          realmId: realm.id,
          lastName: registrant.lastName,
          firstName: registrant.firstName,
          middleName: registrant.middleName,
        },
        account,
      );
    }

    const children = [
      ...(invitee.role === 'parent' ? [invitee.person] : []),
      ...childCodes.map((c) => c.child),
    ];
    if (children.length > 0) await store.ensureMembership(trx, accountId, org.id, 'parent');
    for (const child of children) await store.linkGuardian(trx, accountId, child.id);

    const codes = [invitee.invitation, ...childCodes.map((c) => c.invitation)];
    for (const [i, invitation] of codes.entries()) {
      if (!(await deps.invitations.consume(trx, invitation.id, accountId)))
        throw i === 0 ? new Rollback('lost') : new Rollback('child_code', i - 1);
      await deps.audit.append(
        {
          realmId: realm.id,
          action: 'invitation.used',
          actorId: accountId,
          subjectId: invitation.person_id,
          organisationId: org.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
          detail: { invitationId: invitation.id, prefix: invitation.prefix },
        },
        trx,
      );
    }
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'registration.completed',
        actorId: accountId,
        subjectId: accountId,
        organisationId: org.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: {
          flowId: flow.id,
          role: invitee.role,
          profile: registrant.kind === 'pending' ? 'school_record' : 'new',
          children: children.length,
          email: account.email !== null,
          phone: account.phone !== null,
        },
      },
      trx,
    );
  });
}

// ---- the last page and the login check ----------------------------------------------------------

/** The children the new account is guardian of, for «Регистрация … завершена». */
export async function childrenOfAccount(
  deps: RegistrationDeps,
  flow: LiveFlow<RegistrationData>,
): Promise<Person[]> {
  return flow.data.accountId ? deps.people.childrenOf(flow.data.accountId) : [];
}

/** Whether a login can be chosen: the same checks as on submit, for a script to ask as one types. */
export async function loginAvailability(
  deps: RegistrationDeps,
  realm: LoadedRealm,
  input: string,
): Promise<{ readonly available: boolean; readonly problem: Problem }> {
  const login = checkLogin(input.slice(0, 1000));
  if (!login.ok)
    return {
      available: false,
      problem: { key: login.code === 'login.empty' ? 'registration.error.login_required' : login.code },
    };
  if (await deps.people.isLoginTaken(realm.id, login.normalized))
    return { available: false, problem: { key: 'registration.error.login_taken' } };
  return { available: true, problem: { key: 'registration.login_available' } };
}
