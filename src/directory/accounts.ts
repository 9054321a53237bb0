/**
 * Operations on accounts that an operator or a curator performs: create a profile with a
 * temporary password, set a password, block and unblock. The CLI uses them now; the curator
 * desk will use the same functions.
 *
 * Rules: input is validated like any form (login alphabet, SNILS and IIN control sums, email,
 * phone); a temporary password satisfies the realm's policy and is shown once, only its hash is
 * kept; setting a password or blocking ends the person's sessions; every change is audited.
 */
import { randomInt } from 'node:crypto';
import type { PasswordHasher } from '../core/crypto/passwords.js';
import { newId } from '../core/crypto/secrets.js';
import type { MessageKey } from '../core/i18n/i18n.js';
import { checkEmail } from '../core/identifiers/email.js';
import { checkIin } from '../core/identifiers/iin.js';
import { checkLogin } from '../core/identifiers/login.js';
import { checkPhone } from '../core/identifiers/phone.js';
import { checkSnils } from '../core/identifiers/snils.js';
import { checkPassword, type PasswordPolicy } from '../core/password-policy/policy.js';
import type { Gender, Person, Role } from '../db/schema.js';
import { isUniqueViolation, PEOPLE_LOGIN, PEOPLE_SNILS } from '../db/unique-violation.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { OrganisationStore } from './organisation-store.js';
import { changePassword, type PasswordOperationDeps, passwordViolations } from './password-operation.js';

export interface AccountDeps extends PasswordOperationDeps {
  readonly organisations: OrganisationStore;
  readonly passwords: PasswordHasher;
}

export interface ProfileInput {
  readonly login: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string | undefined;
  readonly birthDate?: string | undefined;
  readonly gender?: Gender | undefined;
  readonly snils?: string | undefined;
  readonly iin?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly organisationSlug?: string | undefined;
  readonly role?: Role | undefined;
  readonly className?: string | undefined;
}

/** Who acts: a person (desk), or nobody (CLI, API); `detail` is added to the audit event (`via`, a token id). */
export interface OperatorActor {
  readonly actorId: string | null;
  readonly ip?: string | null;
  readonly detail?: Readonly<Record<string, string>>;
}

export type FieldProblems = Partial<Record<keyof ProfileInput, MessageKey>>;

export type CreateOutcome =
  | { readonly kind: 'created'; readonly person: Person; readonly temporaryPassword: string }
  | { readonly kind: 'invalid'; readonly problems: FieldProblems };

const NAME = /^[\p{L}][\p{L}' -]{0,99}$/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(iso: string): boolean {
  const m = ISO_DATE.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900;
}

/** A temporary password that a person can read off paper and type: no 0/O, 1/l/I. */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const special = '-!#%+=?';
  const length = Math.max(10, policy.minLength);
  for (;;) {
    const pools = [lower, upper, digits, ...(policy.require.includes('special') ? [special] : [])];
    const chars: string[] = pools.map((pool) => pool[randomInt(pool.length)] as string);
    const all = pools.join('');
    while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const candidate = chars.join('');
    if (checkPassword(candidate, policy, {}).length === 0) return candidate;
  }
}

/**
 * The login and the SNILS are checked before the insert; two creations at the same moment can
 * both pass that check, and then the database's unique index refuses the second: the same
 * refusal the check gives (a 400 with the field's words, never a 500).
 */
function racedCheck(err: unknown): { readonly problems: FieldProblems } {
  if (isUniqueViolation(err, PEOPLE_SNILS)) return { problems: { snils: 'correction.snils_taken' } };
  if (isUniqueViolation(err, PEOPLE_LOGIN)) return { problems: { login: 'account.login_taken' } };
  throw err;
}

export async function createProfile(
  deps: AccountDeps,
  realm: LoadedRealm,
  input: ProfileInput,
  actor: OperatorActor,
): Promise<CreateOutcome> {
  const problems: FieldProblems = {};
  const login = checkLogin(input.login);
  if (!login.ok) problems.login = login.code;
  else if (await deps.people.isLoginTaken(realm.id, login.normalized)) problems.login = 'account.login_taken';
  for (const field of ['lastName', 'firstName'] as const) {
    if (!NAME.test(input[field].trim())) problems[field] = 'account.name_invalid';
  }
  if (input.middleName && !NAME.test(input.middleName.trim())) problems.middleName = 'account.name_invalid';
  if (input.birthDate && !isRealDate(input.birthDate)) problems.birthDate = 'account.birth_date_invalid';
  const snils = input.snils ? checkSnils(input.snils) : null;
  if (snils && !snils.ok) problems.snils = snils.code;
  // One SNILS is one person in a realm: Gosuslugi sign-in finds people by it (corrections keep it so too).
  else if (snils?.ok && (await deps.people.findBySnils(realm.id, snils.snils)).length > 0) {
    problems.snils = 'correction.snils_taken';
  }
  const iin = input.iin ? checkIin(input.iin) : null;
  if (iin && !iin.ok) problems.iin = iin.code;
  const email = input.email ? checkEmail(input.email) : null;
  if (email && !email.ok) problems.email = email.code;
  const phone = input.phone ? checkPhone(input.phone, realm.settings.phoneCountry) : null;
  if (phone && !phone.ok) problems.phone = phone.code;
  const organisation = input.organisationSlug
    ? await deps.organisations.findBySlug(realm.id, input.organisationSlug)
    : null;
  if (input.organisationSlug && !organisation) problems.organisationSlug = 'account.organisation_unknown';
  if (Object.keys(problems).length > 0 || !login.ok) return { kind: 'invalid', problems };

  const temporaryPassword = generateTemporaryPassword(realm.settings.passwordPolicy);
  const created = await deps.people
    .create({
      realmId: realm.id,
      login: login.login,
      loginNormalized: login.normalized,
      lastName: input.lastName.trim(),
      firstName: input.firstName.trim(),
      middleName: input.middleName?.trim() || null,
      birthDate: input.birthDate ?? null,
      gender: input.gender ?? null,
      snils: snils?.ok ? snils.snils : null,
      iin: iin?.ok ? iin.iin : null,
      email: email?.ok ? email.email : null,
      emailNormalized: email?.ok ? email.normalized : null,
      phone: phone?.ok ? phone.phone : null,
      passwordHash: await deps.passwords.hash(temporaryPassword),
      passwordMustChange: true,
    })
    .catch(racedCheck);
  if ('problems' in created) return { kind: 'invalid', problems: created.problems };
  const person = created;
  if (organisation) {
    const classId = input.className
      ? await deps.organisations.findOrCreateClass(organisation.id, input.className)
      : null;
    await deps.people.addMembership({
      personId: person.id,
      organisationId: organisation.id,
      classId,
      role: input.role ?? 'student',
    });
  }
  await deps.audit.append({
    realmId: realm.id,
    action: 'person.created',
    actorId: actor.actorId,
    subjectId: person.id,
    organisationId: organisation?.id ?? null,
    ip: actor.ip ?? null,
    detail: { login: person.login, temporary_password_issued: true, ...actor.detail },
  });
  return { kind: 'created', person, temporaryPassword };
}

export type PasswordOutcome =
  | { readonly kind: 'set'; readonly temporaryPassword: string | null; readonly sessionsEnded: number }
  | { readonly kind: 'invalid'; readonly problems: readonly MessageKey[] };

/**
 * Sets a person's password: a given one (checked against the policy, permanent) or, when none
 * is given, a generated temporary one the person must change at the next sign-in.
 */
export async function setPasswordByOperator(
  deps: AccountDeps,
  realm: LoadedRealm,
  person: Person,
  password: string | null,
  actor: OperatorActor,
): Promise<PasswordOutcome> {
  if (password !== null) {
    const violations = passwordViolations(realm.settings.passwordPolicy, person, password);
    if (violations.length > 0) return { kind: 'invalid', problems: violations.map((v) => v.key) };
  }
  const temporaryPassword =
    password === null ? generateTemporaryPassword(realm.settings.passwordPolicy) : null;
  const changed = await changePassword(deps, {
    realm,
    person,
    hash: await deps.passwords.hash(password ?? (temporaryPassword as string)),
    mustChange: temporaryPassword !== null,
    keepSessionId: null,
    action: 'password.set_by_operator',
    actorId: actor.actorId,
    meta: { ip: actor.ip ?? null, userAgent: null, locale: realm.settings.defaultLocale },
    idempotencyKey: `password-operator:${person.id}:${newId()}`,
    ...(actor.detail ? { detail: actor.detail } : {}),
  });
  if (changed.kind === 'conflict') return { kind: 'invalid', problems: ['account.person_gone'] };
  return { kind: 'set', temporaryPassword, sessionsEnded: changed.sessionsEnded };
}

export async function setBlocked(
  deps: AccountDeps,
  realm: LoadedRealm,
  person: Person,
  blocked: boolean,
  actor: OperatorActor,
): Promise<{ sessionsEnded: number }> {
  await deps.people.setStatus(person.id, blocked ? 'blocked' : 'active');
  const sessionsEnded = blocked ? await deps.sessions.revokeAllOf(person.id) : 0;
  await deps.audit.append({
    realmId: realm.id,
    action: blocked ? 'person.blocked' : 'person.unblocked',
    actorId: actor.actorId,
    subjectId: person.id,
    ip: actor.ip ?? null,
    detail: { sessions_ended: sessionsEnded, ...actor.detail },
  });
  return { sessionsEnded };
}
