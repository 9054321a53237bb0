/**
 * Corrections an organisation's administrator makes (article 002: «для исправления ФИО / номера
 * СНИЛС / даты рождения»), and attaching or detaching an existing profile («Для привязки новой
 * организации к вашему существующему профилю обратитесь к сотруднику образовательной
 * организации…»). The desk, the CLI and the admin API call these.
 *
 * Rules:
 * - A correction names its reason (required, up to 500 characters); every field is checked as
 *   a form is (name alphabet, a real date, the SNILS check digit; a SNILS another person of the
 *   realm holds is refused); the change and its audit event (old and new value of each changed
 *   field, the reason) commit together. Nothing changed is no event.
 * - Attach: a person of the realm, found by login, gets a membership here (role student,
 *   parent, teacher or staff; a class for a student). Detach removes this organisation's
 *   memberships of one role. Running roles (admin, curator) and support are never attached or
 *   detached here, nor is the acting person themself.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { MessageKey } from '../core/i18n/i18n.js';
import { checkSnils } from '../core/identifiers/snils.js';
import type { Database, Person, Role } from '../db/schema.js';
import { isUniqueViolation, PEOPLE_SNILS } from '../db/unique-violation.js';
import { isRealDate } from './accounts.js';

export interface CorrectionDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export interface CorrectionActor {
  readonly actorId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly via: 'desk' | 'cli' | 'api';
}

export interface CorrectionInput {
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly snils: string;
  readonly birthDate: string;
  readonly reason: string;
}

export type CorrectionField = keyof CorrectionInput;
export type CorrectionProblems = Partial<Record<CorrectionField, MessageKey>>;

export type CorrectionOutcome =
  | { readonly kind: 'invalid'; readonly problems: CorrectionProblems }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'corrected'; readonly fields: readonly string[] };

const NAME = /^[\p{L}][\p{L}' -]{0,99}$/u;
export const ATTACHABLE_ROLES = ['student', 'parent', 'teacher', 'staff'] as const satisfies readonly Role[];
export type AttachableRole = (typeof ATTACHABLE_ROLES)[number];

export async function correctPerson(
  deps: CorrectionDeps,
  scope: { readonly realmId: string; readonly organisationId: string },
  person: Person,
  input: CorrectionInput,
  actor: CorrectionActor,
): Promise<CorrectionOutcome> {
  const problems: CorrectionProblems = {};
  const lastName = input.lastName.trim();
  const firstName = input.firstName.trim();
  const middleName = input.middleName.trim() || null;
  if (!NAME.test(lastName)) problems.lastName = 'account.name_invalid';
  if (!NAME.test(firstName)) problems.firstName = 'account.name_invalid';
  if (middleName !== null && !NAME.test(middleName)) problems.middleName = 'account.name_invalid';
  const birthDate = input.birthDate.trim() || null;
  if (birthDate !== null && !isRealDate(birthDate)) problems.birthDate = 'account.birth_date_invalid';
  let snils: string | null = null;
  if (input.snils.trim() !== '') {
    const checked = checkSnils(input.snils);
    if (!checked.ok) problems.snils = checked.code;
    else snils = checked.snils;
  }
  const reason = input.reason.trim();
  if (reason === '') problems.reason = 'correction.reason_required';
  else if (reason.length > 500) problems.reason = 'form.too_long';
  if (snils !== null && snils !== person.snils && !problems.snils) {
    const holder = await deps.db
      .selectFrom('people')
      .select('id')
      .where('realm_id', '=', scope.realmId)
      .where('snils', '=', snils)
      .where('id', '!=', person.id)
      .executeTakeFirst();
    if (holder) problems.snils = 'correction.snils_taken';
  }
  if (Object.keys(problems).length > 0) return { kind: 'invalid', problems };
  const next = {
    last_name: lastName,
    first_name: firstName,
    middle_name: middleName,
    birth_date: birthDate,
    snils,
  };
  const detail: Record<string, string | null> = {};
  const fields: string[] = [];
  for (const [column, value] of Object.entries(next) as [keyof typeof next, string | null][]) {
    if (person[column] === value) continue;
    fields.push(column);
    detail[`old_${column}`] = person[column];
    detail[`new_${column}`] = value;
  }
  if (fields.length === 0) return { kind: 'unchanged' };
  // Two corrections giving one SNILS at the same moment both pass the check above; the unique
  // index refuses the second, with the check's words.
  const raced = await deps.db
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('people')
        .set({ ...next, updated_at: deps.clock.now() })
        .where('id', '=', person.id)
        .execute();
      await deps.audit.append(
        {
          realmId: scope.realmId,
          action: 'person.corrected',
          actorId: actor.actorId,
          subjectId: person.id,
          organisationId: scope.organisationId,
          ip: actor.ip,
          userAgent: actor.userAgent,
          detail: { ...detail, fields: fields.join(' '), reason, via: actor.via },
        },
        trx,
      );
      return false;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err, PEOPLE_SNILS)) return true;
      throw err;
    });
  if (raced) return { kind: 'invalid', problems: { snils: 'correction.snils_taken' } };
  return { kind: 'corrected', fields };
}

export type AttachOutcome =
  | { readonly kind: 'attached'; readonly person: Person }
  | { readonly kind: 'refused'; readonly key: MessageKey; readonly status: number };

export async function attachProfile(
  deps: CorrectionDeps,
  scope: { readonly realmId: string; readonly organisationId: string },
  person: Person | null,
  role: AttachableRole,
  classId: string | null,
  actor: CorrectionActor,
): Promise<AttachOutcome> {
  if (!person) return { kind: 'refused', key: 'correction.login_unknown', status: 404 };
  if (person.id === actor.actorId) return { kind: 'refused', key: 'desk.error.self', status: 409 };
  if (role === 'student' && classId === null)
    return { kind: 'refused', key: 'correction.class_required', status: 400 };
  const existing = await deps.db
    .selectFrom('memberships')
    .select('id')
    .where('person_id', '=', person.id)
    .where('organisation_id', '=', scope.organisationId)
    .where('role', '=', role)
    .executeTakeFirst();
  if (existing) return { kind: 'refused', key: 'correction.already_member', status: 409 };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        organisation_id: scope.organisationId,
        class_id: classId,
        role,
        created_at: deps.clock.now(),
      })
      .execute();
    await deps.audit.append(
      {
        realmId: scope.realmId,
        action: 'membership.added',
        actorId: actor.actorId,
        subjectId: person.id,
        organisationId: scope.organisationId,
        ip: actor.ip,
        userAgent: actor.userAgent,
        detail: { role, class_id: classId, via: actor.via },
      },
      trx,
    );
  });
  return { kind: 'attached', person };
}

/** Removes this organisation's memberships of `role`; the number removed (0: nothing to detach). */
export async function detachProfile(
  deps: CorrectionDeps,
  scope: { readonly realmId: string; readonly organisationId: string },
  person: Person,
  role: AttachableRole,
  actor: CorrectionActor,
): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('memberships')
      .where('person_id', '=', person.id)
      .where('organisation_id', '=', scope.organisationId)
      .where('role', '=', role)
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    if (removed > 0)
      await deps.audit.append(
        {
          realmId: scope.realmId,
          action: 'membership.removed',
          actorId: actor.actorId,
          subjectId: person.id,
          organisationId: scope.organisationId,
          ip: actor.ip,
          userAgent: actor.userAgent,
          detail: { role, via: actor.via },
        },
        trx,
      );
    return removed;
  });
}
