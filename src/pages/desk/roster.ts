/**
 * What the curator desk reads: the organisations a person runs the desk for, an organisation's
 * classes with their students and the students' parents, its staff, and one member at a time for
 * the actions.
 *
 * Rules:
 * - The desk is for `admin` and `curator` memberships only; `support` is never one of them
 *   (article 003: «Службе технической поддержки данные пользователей не доступны»).
 * - Everything is read for one organisation, found by (realm, slug); a person is a member of it
 *   through a membership there, or as a guardian of one of its students.
 * - People leave this module as name, login (null while the profile is pending), whether email
 *   and phone are confirmed, blocked or not, and the kinds of active codes — never the email
 *   address, phone number, birth date or identity numbers. Only `findMember` returns the whole
 *   row, because the account operations need it; it is never rendered.
 * - Names and classes are sorted here with a Russian collator (the two databases collate
 *   Cyrillic differently), classes in number order: «1А», «6А», «11А».
 */
import type { Kysely } from 'kysely';
import type { Database, Person, Role } from '../../db/schema.js';
import { isPendingLogin } from '../../directory/people-store.js';
import { CODE_PREFIXES, type CodePrefix } from '../../invitations/codes.js';

/** Roles that open the desk. */
export const DESK_ROLES = ['admin', 'curator'] as const satisfies readonly Role[];
/** Roles listed under «Сотрудники». Support is not school staff and is not listed. */
export const STAFF_ROLES = ['teacher', 'staff', 'admin', 'curator'] as const satisfies readonly Role[];
/** People whose password the desk never resets: it would hand their desk, or support, to someone else. */
export const PRIVILEGED_ROLES = ['admin', 'curator', 'support'] as const satisfies readonly Role[];

export interface DeskOrganisation {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: string;
  /** The viewer's desk roles there. */
  readonly roles: readonly Role[];
}

export interface DeskPerson {
  readonly id: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  /** Null while the profile is pending (entered by the school, not yet registered). */
  readonly login: string | null;
  readonly emailConfirmed: boolean;
  readonly phoneConfirmed: boolean;
  readonly blocked: boolean;
  /** Admin, curator or support anywhere: the desk does not reset this password. */
  readonly privileged: boolean;
  /** Kinds of codes issued for this person that are still active. */
  readonly activeCodes: readonly CodePrefix[];
}

export interface DeskStudent extends DeskPerson {
  readonly parents: readonly DeskPerson[];
}

export interface DeskClass {
  readonly id: string;
  readonly name: string;
  readonly students: readonly DeskStudent[];
}

export interface DeskStaff extends DeskPerson {
  readonly roles: readonly Role[];
  readonly classNames: readonly string[];
}

export interface Roster {
  readonly classes: readonly DeskClass[];
  /** Students with no class in this organisation. */
  readonly unassigned: readonly DeskStudent[];
  readonly staff: readonly DeskStaff[];
}

export interface ClassRef {
  readonly id: string;
  readonly name: string;
}

export interface StudentOption {
  readonly id: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly className: string | null;
}

/** One person as the actions see them, with what they are in the organisation. */
export interface DeskMember {
  readonly person: Person;
  /** Roles held in this organisation. */
  readonly roles: ReadonlySet<Role>;
  /** The class this person is a student of here (the first, if several). */
  readonly studentClass: ClassRef | null;
  /** A guardian of a student of this organisation. */
  readonly guardian: boolean;
  readonly privileged: boolean;
}

export interface DeskRoster {
  organisationsOf(realmId: string, personId: string): Promise<DeskOrganisation[]>;
  roster(organisationId: string, now: number): Promise<Roster>;
  classesOf(organisationId: string): Promise<ClassRef[]>;
  /** Students of one class, by name. */
  studentsOfClass(organisationId: string, classId: string): Promise<Person[]>;
  /** Every student of the organisation, for the «Ребёнок» choice. */
  studentOptions(organisationId: string): Promise<StudentOption[]>;
  findMember(realmId: string, organisationId: string, personId: string): Promise<DeskMember | null>;
}

const CLASS_ORDER = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });
const NAME_ORDER = new Intl.Collator('ru', { sensitivity: 'base' });

interface NameParts {
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string | null;
  readonly id: string;
}

export function byName(a: NameParts, b: NameParts): number {
  return (
    NAME_ORDER.compare(a.lastName, b.lastName) ||
    NAME_ORDER.compare(a.firstName, b.firstName) ||
    NAME_ORDER.compare(a.middleName ?? '', b.middleName ?? '') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function byClassName(a: ClassRef, b: ClassRef): number {
  return CLASS_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
}

/** The columns a desk row is built from: nothing else is selected. */
const PERSON_COLUMNS = [
  'p.id',
  'p.login',
  'p.last_name',
  'p.first_name',
  'p.middle_name',
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
  readonly email: string | null;
  readonly email_verified_at: number | null;
  readonly phone: string | null;
  readonly phone_verified_at: number | null;
  readonly status: string;
}

function toDeskPerson(
  row: PersonColumns,
  privileged: ReadonlySet<string>,
  codes: ReadonlyMap<string, CodePrefix[]>,
): DeskPerson {
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    login: isPendingLogin(row.login) ? null : row.login,
    emailConfirmed: row.email !== null && row.email_verified_at !== null,
    phoneConfirmed: row.phone !== null && row.phone_verified_at !== null,
    blocked: row.status === 'blocked',
    privileged: privileged.has(row.id),
    activeCodes: codes.get(row.id) ?? [],
  };
}

function isCodePrefix(value: string): value is CodePrefix {
  return (CODE_PREFIXES as readonly string[]).includes(value);
}

export function deskRoster(db: Kysely<Database>): DeskRoster {
  const studentIdsOf = (organisationId: string) =>
    db
      .selectFrom('memberships')
      .select('person_id')
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'student');

  return {
    async organisationsOf(realmId, personId) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(['o.id', 'o.slug', 'o.name', 'o.kind', 'm.role'])
        .where('m.person_id', '=', personId)
        .where('o.realm_id', '=', realmId)
        .where('m.role', 'in', DESK_ROLES)
        .execute();
      const byId = new Map<string, { id: string; slug: string; name: string; kind: string; roles: Role[] }>();
      for (const r of rows) {
        const org = byId.get(r.id) ?? { id: r.id, slug: r.slug, name: r.name, kind: r.kind, roles: [] };
        if (!org.roles.includes(r.role)) org.roles.push(r.role);
        byId.set(r.id, org);
      }
      return [...byId.values()].sort((a, b) => NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
    },

    async roster(organisationId, now) {
      const [classes, members, guardians, codes, privilegedRows] = await Promise.all([
        db
          .selectFrom('classes')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .execute(),
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
          .where('g.child_id', 'in', studentIdsOf(organisationId))
          .execute(),
        db
          .selectFrom('invitations')
          .select(['person_id', 'prefix'])
          .where('organisation_id', '=', organisationId)
          .where('status', '=', 'active')
          .where('expires_at', '>', now)
          .execute(),
        db
          .selectFrom('memberships')
          .select('person_id')
          .where('role', 'in', PRIVILEGED_ROLES)
          .where((eb) =>
            eb.or([
              eb(
                'person_id',
                'in',
                eb
                  .selectFrom('memberships')
                  .select('person_id')
                  .where('organisation_id', '=', organisationId),
              ),
              eb(
                'person_id',
                'in',
                eb
                  .selectFrom('guardianships')
                  .select('parent_id')
                  .where('child_id', 'in', studentIdsOf(organisationId)),
              ),
            ]),
          )
          .execute(),
      ]);
      const privileged = new Set(privilegedRows.map((r) => r.person_id));
      const activeCodes = new Map<string, CodePrefix[]>();
      for (const c of codes) {
        if (!isCodePrefix(c.prefix)) continue;
        const list = activeCodes.get(c.person_id) ?? [];
        if (!list.includes(c.prefix)) list.push(c.prefix);
        activeCodes.set(c.person_id, list.sort());
      }
      const person = (row: PersonColumns): DeskPerson => toDeskPerson(row, privileged, activeCodes);

      const parentsOf = new Map<string, DeskPerson[]>();
      for (const g of guardians) {
        const list = parentsOf.get(g.child_id) ?? [];
        if (!list.some((p) => p.id === g.id)) list.push(person(g));
        parentsOf.set(g.child_id, list);
      }
      const student = (row: PersonColumns): DeskStudent => ({
        ...person(row),
        parents: [...(parentsOf.get(row.id) ?? [])].sort(byName),
      });

      const classNames = new Map(classes.map((c) => [c.id, c.name]));
      const studentsByClass = new Map<string, Map<string, DeskStudent>>();
      const unassigned = new Map<string, DeskStudent>();
      const staff = new Map<string, { row: PersonColumns; roles: Role[]; classNames: string[] }>();
      const studentsWithClass = new Set<string>();
      for (const m of members) {
        if (m.role === 'student') {
          const className = m.class_id !== null ? classNames.get(m.class_id) : undefined;
          if (m.class_id !== null && className !== undefined) {
            const list = studentsByClass.get(m.class_id) ?? new Map<string, DeskStudent>();
            list.set(m.id, student(m));
            studentsByClass.set(m.class_id, list);
            studentsWithClass.add(m.id);
          } else {
            unassigned.set(m.id, student(m));
          }
        } else if ((STAFF_ROLES as readonly Role[]).includes(m.role)) {
          const entry = staff.get(m.id) ?? { row: m, roles: [], classNames: [] };
          if (!entry.roles.includes(m.role)) entry.roles.push(m.role);
          const className = m.class_id !== null ? classNames.get(m.class_id) : undefined;
          if (className !== undefined && !entry.classNames.includes(className))
            entry.classNames.push(className);
          staff.set(m.id, entry);
        }
      }
      // A student listed in a class is not listed again as "without a class".
      for (const id of studentsWithClass) unassigned.delete(id);

      return {
        classes: classes.sort(byClassName).map((c) => ({
          id: c.id,
          name: c.name,
          students: [...(studentsByClass.get(c.id)?.values() ?? [])].sort(byName),
        })),
        unassigned: [...unassigned.values()].sort(byName),
        staff: [...staff.values()]
          .map((s) => ({
            ...person(s.row),
            roles: STAFF_ROLES.filter((r) => s.roles.includes(r)),
            classNames: s.classNames.sort((a, b) => CLASS_ORDER.compare(a, b)),
          }))
          .sort(byName),
      };
    },

    async classesOf(organisationId) {
      const rows = await db
        .selectFrom('classes')
        .select(['id', 'name'])
        .where('organisation_id', '=', organisationId)
        .execute();
      return rows.sort(byClassName);
    },

    async studentsOfClass(organisationId, classId) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .selectAll('p')
        .where('m.organisation_id', '=', organisationId)
        .where('m.class_id', '=', classId)
        .where('m.role', '=', 'student')
        .execute();
      const unique = new Map(rows.map((p) => [p.id, p]));
      return [...unique.values()].sort((a, b) =>
        byName(
          { id: a.id, lastName: a.last_name, firstName: a.first_name, middleName: a.middle_name },
          { id: b.id, lastName: b.last_name, firstName: b.first_name, middleName: b.middle_name },
        ),
      );
    },

    async studentOptions(organisationId) {
      const [rows, classes] = await Promise.all([
        db
          .selectFrom('memberships as m')
          .innerJoin('people as p', 'p.id', 'm.person_id')
          .select(['p.id', 'p.last_name', 'p.first_name', 'm.class_id'])
          .where('m.organisation_id', '=', organisationId)
          .where('m.role', '=', 'student')
          .execute(),
        db
          .selectFrom('classes')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .execute(),
      ]);
      const classNames = new Map(classes.map((c) => [c.id, c.name]));
      const options = new Map<string, StudentOption>();
      for (const r of rows) {
        const className = r.class_id !== null ? (classNames.get(r.class_id) ?? null) : null;
        const known = options.get(r.id);
        if (known && known.className !== null) continue;
        options.set(r.id, { id: r.id, lastName: r.last_name, firstName: r.first_name, className });
      }
      return [...options.values()].sort(
        (a, b) => CLASS_ORDER.compare(a.className ?? '', b.className ?? '') || byName(a, b),
      );
    },

    async findMember(realmId, organisationId, personId) {
      const person = await db
        .selectFrom('people')
        .selectAll()
        .where('realm_id', '=', realmId)
        .where('id', '=', personId)
        .executeTakeFirst();
      if (!person) return null;
      const [memberships, guardian, privileged] = await Promise.all([
        db
          .selectFrom('memberships as m')
          .leftJoin('classes as c', 'c.id', 'm.class_id')
          .select(['m.role', 'm.class_id', 'c.name as class_name'])
          .where('m.person_id', '=', personId)
          .where('m.organisation_id', '=', organisationId)
          .execute(),
        db
          .selectFrom('guardianships')
          .select('child_id')
          .where('parent_id', '=', personId)
          .where('child_id', 'in', studentIdsOf(organisationId))
          .executeTakeFirst(),
        db
          .selectFrom('memberships')
          .select('id')
          .where('person_id', '=', personId)
          .where('role', 'in', PRIVILEGED_ROLES)
          .executeTakeFirst(),
      ]);
      if (memberships.length === 0 && !guardian) return null;
      const studentClasses = memberships
        .filter((m) => m.role === 'student' && m.class_id !== null && m.class_name !== null)
        .map((m) => ({ id: m.class_id as string, name: m.class_name as string }))
        .sort(byClassName);
      return {
        person,
        roles: new Set(memberships.map((m) => m.role)),
        studentClass: studentClasses[0] ?? null,
        guardian: guardian !== undefined,
        privileged: privileged !== undefined,
      };
    },
  };
}
