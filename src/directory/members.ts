/**
 * The people of one organisation as the account operations see them: who runs it, its classes,
 * the students of a class, and one member at a time with what they are there. The curator desk
 * and `propusk invite` both find people here, by the same rules.
 *
 * Rules:
 * - A person is a member of an organisation through a membership there, or as a guardian of one
 *   of its students. Everything is looked up inside one organisation of one realm.
 * - `admin` and `curator` run an organisation (they open its desk); `support` never does
 *   (article 003: «Службе технической поддержки данные пользователей не доступны»).
 * - Names and classes are sorted here with a Russian collator (the two databases collate
 *   Cyrillic differently), classes in number order: «1А», «6А», «11А».
 */
import type { Kysely } from 'kysely';
import type { Database, Person, Role } from '../db/schema.js';

/** Roles that run an organisation (and open its desk). */
export const RUNNING_ROLES = ['admin', 'curator'] as const satisfies readonly Role[];
/** Roles listed as the organisation's staff. Support is not school staff and is not listed. */
export const STAFF_ROLES = ['teacher', 'staff', 'admin', 'curator'] as const satisfies readonly Role[];
/** People whose password no curator resets: it would hand their desk, or support, to someone else. */
export const PRIVILEGED_ROLES = ['admin', 'curator', 'support'] as const satisfies readonly Role[];

export interface RunOrganisation {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly kind: string;
  /** The person's running roles there. */
  readonly roles: readonly Role[];
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
export interface OrganisationMember {
  readonly person: Person;
  /** Roles held in this organisation. */
  readonly roles: ReadonlySet<Role>;
  /** The class this person is a student of here (the first, if several). */
  readonly studentClass: ClassRef | null;
  /** A guardian of a student of this organisation. */
  readonly guardian: boolean;
  /** Admin, curator or support anywhere. */
  readonly privileged: boolean;
}

export interface MemberStore {
  /** The organisations of this realm the person runs (admin or curator), by name. */
  organisationsRunBy(realmId: string, personId: string): Promise<RunOrganisation[]>;
  classesOf(organisationId: string): Promise<ClassRef[]>;
  /** Students of one class, by name. */
  studentsOfClass(organisationId: string, classId: string): Promise<Person[]>;
  /** Every student of the organisation, for the «Ребёнок» choice. */
  studentOptions(organisationId: string): Promise<StudentOption[]>;
  findMember(realmId: string, organisationId: string, personId: string): Promise<OrganisationMember | null>;
}

export const CLASS_ORDER = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });
export const NAME_ORDER = new Intl.Collator('ru', { sensitivity: 'base' });

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

export function byClassName(a: ClassRef, b: ClassRef): number {
  return CLASS_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
}

const personName = (p: Person): NameParts => ({
  id: p.id,
  lastName: p.last_name,
  firstName: p.first_name,
  middleName: p.middle_name,
});

/** The ids of an organisation's students, as a subquery. */
export function studentIdsOf(db: Kysely<Database>, organisationId: string) {
  return db
    .selectFrom('memberships')
    .select('person_id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'student');
}

export function memberStore(db: Kysely<Database>): MemberStore {
  const classesOf = async (organisationId: string): Promise<ClassRef[]> => {
    const rows = await db
      .selectFrom('classes')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .execute();
    return rows.sort(byClassName);
  };

  return {
    classesOf,

    async organisationsRunBy(realmId, personId) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(['o.id', 'o.slug', 'o.name', 'o.kind', 'm.role'])
        .where('m.person_id', '=', personId)
        .where('o.realm_id', '=', realmId)
        .where('m.role', 'in', RUNNING_ROLES)
        .execute();
      const byId = new Map<string, { id: string; slug: string; name: string; kind: string; roles: Role[] }>();
      for (const r of rows) {
        const org = byId.get(r.id) ?? { id: r.id, slug: r.slug, name: r.name, kind: r.kind, roles: [] };
        if (!org.roles.includes(r.role)) org.roles.push(r.role);
        byId.set(r.id, org);
      }
      return [...byId.values()].sort((a, b) => NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
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
      return [...unique.values()].sort((a, b) => byName(personName(a), personName(b)));
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
        classesOf(organisationId),
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
          .where('child_id', 'in', studentIdsOf(db, organisationId))
          .executeTakeFirst(),
        db
          .selectFrom('memberships')
          .select('id')
          .where('person_id', '=', personId)
          .where('role', 'in', PRIVILEGED_ROLES)
          .executeTakeFirst(),
      ]);
      if (memberships.length === 0 && !guardian) return null;
      const studentClasses: ClassRef[] = [];
      for (const m of memberships) {
        if (m.role === 'student' && m.class_id !== null && m.class_name !== null)
          studentClasses.push({ id: m.class_id, name: m.class_name });
      }
      return {
        person,
        roles: new Set(memberships.map((m) => m.role)),
        studentClass: studentClasses.sort(byClassName)[0] ?? null,
        guardian: guardian !== undefined,
        privileged: privileged !== undefined,
      };
    },
  };
}
