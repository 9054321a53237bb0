/**
 * An organisation's roster, as the curator desk lists it: classes → students with their
 * parents, students without a class, and the staff, each with the kinds of invitation codes
 * still active for them.
 *
 * Rules:
 * - People leave this module as name, login (null while the profile is pending), whether email
 *   and phone are confirmed, blocked or not, privileged or not, and the kinds of active codes —
 *   never the email address, phone number, birth date or identity numbers (they are not even
 *   selected).
 * - A student listed in a class is not listed again as "without a class"; a parent of two
 *   students is listed under each of them.
 * - Sorting follows `members.ts`: Russian collation, classes in number order.
 */
import type { Kysely } from 'kysely';
import { genderOf } from '../core/text/gender.js';
import type { Database, Role } from '../db/schema.js';
import { CODE_PREFIXES, type CodePrefix } from '../invitations/codes.js';
import { byClassName, byName, CLASS_ORDER, PRIVILEGED_ROLES, STAFF_ROLES, studentIdsOf } from './members.js';
import { isPendingLogin } from './people-store.js';

export interface RosterPerson {
  readonly id: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  /** For the gender of generated phrases («не зарегистрирована»): the field, else by name. */
  readonly gender: 'male' | 'female' | null;
  /** Null while the profile is pending (entered by the school, not yet registered). */
  readonly login: string | null;
  readonly emailConfirmed: boolean;
  readonly phoneConfirmed: boolean;
  readonly blocked: boolean;
  /** Admin, curator or support anywhere: a curator does not reset this password. */
  readonly privileged: boolean;
  /** Kinds of codes issued for this person that are still active. */
  readonly activeCodes: readonly CodePrefix[];
}

export interface RosterStudent extends RosterPerson {
  readonly parents: readonly RosterPerson[];
}

export interface RosterClass {
  readonly id: string;
  readonly name: string;
  readonly students: readonly RosterStudent[];
}

export interface RosterStaff extends RosterPerson {
  readonly roles: readonly Role[];
  readonly classNames: readonly string[];
}

export interface Roster {
  readonly classes: readonly RosterClass[];
  /** Students with no class in this organisation. */
  readonly unassigned: readonly RosterStudent[];
  readonly staff: readonly RosterStaff[];
}

/** The columns a roster row is built from: nothing else is selected. */
const PERSON_COLUMNS = [
  'p.id',
  'p.login',
  'p.last_name',
  'p.first_name',
  'p.middle_name',
  'p.gender',
  'p.email',
  'p.email_verified_at',
  'p.phone',
  'p.phone_verified_at',
  'p.status',
] as const;

interface PersonColumns {
  readonly id: string;
  readonly login: string;
  readonly last_name: string;
  readonly first_name: string;
  readonly middle_name: string | null;
  readonly gender: 'male' | 'female' | null;
  readonly email: string | null;
  readonly email_verified_at: number | null;
  readonly phone: string | null;
  readonly phone_verified_at: number | null;
  readonly status: string;
}

interface MemberRow extends PersonColumns {
  readonly role: Role;
  readonly class_id: string | null;
}

function isCodePrefix(value: string): value is CodePrefix {
  return (CODE_PREFIXES as readonly string[]).includes(value);
}

/** Everything the roster is built from, read in one round of parallel queries. */
function readRoster(db: Kysely<Database>, organisationId: string, now: number) {
  const students = studentIdsOf(db, organisationId);
  return Promise.all([
    db.selectFrom('classes').select(['id', 'name']).where('organisation_id', '=', organisationId).execute(),
    db
      .selectFrom('memberships as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select([...PERSON_COLUMNS, 'm.role', 'm.class_id'])
      .where('m.organisation_id', '=', organisationId)
      .execute(),
    db
      .selectFrom('guardianships as g')
      .innerJoin('people as p', 'p.id', 'g.parent_id')
      .select([...PERSON_COLUMNS, 'g.child_id'])
      .where('g.child_id', 'in', students)
      .execute(),
    db
      .selectFrom('invitations')
      .select(['person_id', 'prefix'])
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .execute(),
    // Who of them is privileged anywhere, read from their own memberships by person (an index
    // each): one query with `person_id in (…) or person_id in (…)` made PostgreSQL read every
    // membership of the realm (a sequential scan, 10 ms at 30,000 people, growing with them).
    db
      .selectFrom('memberships as m')
      .innerJoin('memberships as p', 'p.person_id', 'm.person_id')
      .select('p.person_id')
      .where('m.organisation_id', '=', organisationId)
      .where('p.role', 'in', PRIVILEGED_ROLES)
      .execute(),
    db
      .selectFrom('memberships as s')
      .innerJoin('guardianships as g', 'g.child_id', 's.person_id')
      .innerJoin('memberships as p', 'p.person_id', 'g.parent_id')
      .select('p.person_id')
      .where('s.organisation_id', '=', organisationId)
      .where('s.role', '=', 'student')
      .where('p.role', 'in', PRIVILEGED_ROLES)
      .execute(),
  ]);
}

/** The kinds of active codes per person, each list sorted. */
function activeCodesOf(codes: readonly { person_id: string; prefix: string }[]): Map<string, CodePrefix[]> {
  const active = new Map<string, CodePrefix[]>();
  for (const c of codes) {
    if (!isCodePrefix(c.prefix)) continue;
    const list = active.get(c.person_id) ?? [];
    if (!list.includes(c.prefix)) list.push(c.prefix);
    active.set(c.person_id, list.sort());
  }
  return active;
}

export async function organisationRoster(
  db: Kysely<Database>,
  organisationId: string,
  now: number,
): Promise<Roster> {
  const [classes, members, guardians, codes, privilegedMembers, privilegedParents] = await readRoster(
    db,
    organisationId,
    now,
  );
  const privileged = new Set([...privilegedMembers, ...privilegedParents].map((r) => r.person_id));
  const activeCodes = activeCodesOf(codes);
  const person = (row: PersonColumns): RosterPerson => ({
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    gender: genderOf({ gender: row.gender, middleName: row.middle_name, lastName: row.last_name }),
    login: isPendingLogin(row.login) ? null : row.login,
    emailConfirmed: row.email !== null && row.email_verified_at !== null,
    phoneConfirmed: row.phone !== null && row.phone_verified_at !== null,
    blocked: row.status === 'blocked',
    privileged: privileged.has(row.id),
    activeCodes: activeCodes.get(row.id) ?? [],
  });

  const parentsOf = new Map<string, RosterPerson[]>();
  for (const g of guardians) {
    const list = parentsOf.get(g.child_id) ?? [];
    if (!list.some((p) => p.id === g.id)) list.push(person(g));
    parentsOf.set(g.child_id, list);
  }
  const student = (row: PersonColumns): RosterStudent => ({
    ...person(row),
    parents: [...(parentsOf.get(row.id) ?? [])].sort(byName),
  });

  const classNames = new Map(classes.map((c) => [c.id, c.name]));
  const grouped = groupMembers(members, classNames);
  return {
    classes: classes.sort(byClassName).map((c) => ({
      id: c.id,
      name: c.name,
      students: (grouped.byClass.get(c.id) ?? []).map(student).sort(byName),
    })),
    unassigned: grouped.unassigned.map(student).sort(byName),
    staff: grouped.staff
      .map((s) => ({
        ...person(s.row),
        roles: STAFF_ROLES.filter((r) => s.roles.includes(r)),
        classNames: s.classNames.sort((a, b) => CLASS_ORDER.compare(a, b)),
      }))
      .sort(byName),
  };
}

/** Students by class (or without one) and staff with their roles and classes, one row each. */
function groupMembers(members: readonly MemberRow[], classNames: ReadonlyMap<string, string>) {
  const byClass = new Map<string, Map<string, MemberRow>>();
  const unassigned = new Map<string, MemberRow>();
  const staff = new Map<string, { row: MemberRow; roles: Role[]; classNames: string[] }>();
  const studentsWithClass = new Set<string>();
  for (const m of members) {
    const className = m.class_id !== null ? classNames.get(m.class_id) : undefined;
    if (m.role === 'student') {
      if (m.class_id !== null && className !== undefined) {
        const list = byClass.get(m.class_id) ?? new Map<string, MemberRow>();
        list.set(m.id, m);
        byClass.set(m.class_id, list);
        studentsWithClass.add(m.id);
      } else {
        unassigned.set(m.id, m);
      }
    } else if ((STAFF_ROLES as readonly Role[]).includes(m.role)) {
      const entry = staff.get(m.id) ?? { row: m, roles: [], classNames: [] };
      if (!entry.roles.includes(m.role)) entry.roles.push(m.role);
      if (className !== undefined && !entry.classNames.includes(className)) entry.classNames.push(className);
      staff.set(m.id, entry);
    }
  }
  // A student listed in a class is not listed again as "without a class".
  for (const id of studentsWithClass) unassigned.delete(id);
  return {
    byClass: new Map([...byClass].map(([id, rows]) => [id, [...rows.values()]])),
    unassigned: [...unassigned.values()],
    staff: [...staff.values()],
  };
}
