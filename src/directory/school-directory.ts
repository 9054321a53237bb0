/**
 * The queries of the public school directory: a narrow read-only store over the directory
 * tables, for the public pages (pages/schools/), which can only ever read what it returns.
 *
 * Rules:
 * - Everything is scoped to one realm; an organisation is found by (realm, slug), never by slug
 *   alone, so another realm's school does not exist here.
 * - People are read as last and first name only — no login, email, phone, middle name or id
 *   leaves this module — and only active people: a blocked account is nobody to turn to. (The
 *   class page's staff read the middle name and gender only to choose the role word's gender.)
 * - A search never reads every organisation: the realm's index in this process
 *   (school-search/) finds the ids of the page in (name, id) order, and the page's rows are
 *   read by id, with the realm's organisation version in the same statement; when that is not
 *   the version the index was built at, the index is brought up to date and asked again. The text is folded (`fold`) and matched as a plain substring — `%`, `_` and `\`
 *   are characters like any other — or, as a number, compared with `number` exactly. Search
 *   text never reaches SQL.
 */
import type { Kysely } from 'kysely';
import { fold } from '../core/text/fold.js';
import { type GrammaticalGender, genderOf } from '../core/text/gender.js';
import { oneOf } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { organisationVersion, type SchoolSearchIndex } from './school-search/search-index.js';

/** What a school search asks: a cleaned text or none, a region of the realm or none. */
export interface SchoolSearchInput {
  /** Cleaned search text, or null for none. */
  readonly text: string | null;
  /** A region id of this realm, or null for every region. */
  readonly regionId: string | null;
}

/** The text as a school number: «№ 1399» and «№1399» mean «1399». */
export function numberCandidate(text: string): string | null {
  const n = text.replace(/^№\s*/, '').trim();
  return n === '' ? null : n;
}

export interface RegionOption {
  readonly id: string;
  readonly name: string;
}

export interface SchoolSummary {
  readonly slug: string;
  readonly name: string;
  readonly number: string | null;
  readonly regionName: string | null;
}

export interface SchoolDetails extends SchoolSummary {
  readonly id: string;
  readonly kind: string;
  readonly office: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

/** How a person is named on a public page: «Фамилия Имя». */
export interface PublicName {
  readonly lastName: string;
  readonly firstName: string;
}

export interface SchoolContacts {
  readonly admins: readonly PublicName[];
  readonly curators: readonly PublicName[];
}

export interface ClassWithStaff {
  readonly id: string;
  readonly name: string;
  /** Teachers linked to this class («Сотрудники класса»). */
  readonly staff: readonly PublicName[];
}

/** One person of «Сотрудники класса» on the class page: name, role and the role word's gender. */
export interface ClassStaffMember extends PublicName {
  readonly role: 'teacher' | 'staff';
  /** For «Учитель» / «Учительница»; null when nothing tells (the masculine form). */
  readonly gender: GrammaticalGender | null;
}

export interface ClassDetails {
  readonly id: string;
  readonly name: string;
  readonly staff: readonly ClassStaffMember[];
}

export interface SchoolDirectory {
  regions(realmId: string): Promise<RegionOption[]>;
  /** Organisations of the realm matching the input, by name; at most `limit`. */
  search(realmId: string, input: SchoolSearchInput, limit: number): Promise<SchoolSummary[]>;
  findBySlug(realmId: string, slug: string): Promise<SchoolDetails | null>;
  contactsOf(organisationId: string): Promise<SchoolContacts>;
  classesOf(organisationId: string): Promise<ClassWithStaff[]>;
  /** A class of this organisation with its staff, or null (unknown, or another school's class). */
  classOf(organisationId: string, classId: string): Promise<ClassDetails | null>;
}

// Class names are «1А», «6А», «11А»: numeric order, then the letter.
const CLASS_ORDER = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });
const NAME_ORDER = new Intl.Collator('ru', { sensitivity: 'base' });

function byName(a: PublicName, b: PublicName): number {
  return NAME_ORDER.compare(a.lastName, b.lastName) || NAME_ORDER.compare(a.firstName, b.firstName);
}

/** One entry per person (someone may hold a role twice), in name order. */
function uniqueNames(rows: readonly { id: string; last_name: string; first_name: string }[]): PublicName[] {
  const seen = new Map<string, PublicName>();
  for (const r of rows)
    if (!seen.has(r.id)) seen.set(r.id, { lastName: r.last_name, firstName: r.first_name });
  return [...seen.values()].sort(byName);
}

export function schoolDirectory(db: Kysely<Database>, index: SchoolSearchIndex): SchoolDirectory {
  /**
   * The schools of `ids`, in that order, and the realm's organisation version read with them
   * (undefined when no row came back to carry it).
   */
  async function readPage(
    realmId: string,
    ids: readonly string[],
  ): Promise<{ version: string | null | undefined; schools: SchoolSummary[] }> {
    if (ids.length === 0) return { version: await organisationVersion(db, realmId), schools: [] };
    const rows = await db
      .selectFrom('organisations as o')
      .leftJoin('regions as r', 'r.id', 'o.region_id')
      .select(['o.id', 'o.realm_id', 'o.slug', 'o.name', 'o.number', 'r.name as region_name'])
      .select((eb) =>
        eb
          .selectFrom('organisation_versions')
          .select('version')
          .where('realm_id', '=', realmId)
          .as('version'),
      )
      .where(oneOf(db, 'o.id', ids))
      .execute();
    // The realm is checked here, not in SQL: with it there, SQLite may walk the realm's names
    // instead of looking the ids up.
    const byId = new Map(rows.filter((r) => r.realm_id === realmId).map((r) => [r.id, r]));
    const schools = ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ slug: r.slug, name: r.name, number: r.number, regionName: r.region_name }] : [];
    });
    return { version: rows[0] === undefined ? undefined : rows[0].version, schools };
  }

  return {
    async regions(realmId) {
      const rows = await db
        .selectFrom('regions')
        .select(['id', 'name'])
        .where('realm_id', '=', realmId)
        .execute();
      // Sorted here, not in SQL: the two dialects collate Cyrillic differently.
      return rows.sort((a, b) => NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
    },

    async search(realmId, input, limit) {
      const { text, regionId } = input;
      const query = {
        folded: text === null ? null : fold(text),
        number: text === null ? null : numberCandidate(text),
        regionId,
        limit,
      };
      // One statement when nothing was written since the snapshot held was built: the page's
      // rows with the realm's version; otherwise the index is brought up to date first.
      const held = index.findHeld(realmId, query);
      if (held) {
        const page = await readPage(realmId, held.ids);
        if (page.version === held.version) return page.schools;
      }
      return (await readPage(realmId, (await index.find(realmId, query)).ids)).schools;
    },

    async findBySlug(realmId, slug) {
      const row = await db
        .selectFrom('organisations as o')
        .leftJoin('regions as r', 'r.id', 'o.region_id')
        .select([
          'o.id',
          'o.kind',
          'o.slug',
          'o.name',
          'o.number',
          'o.contact_office',
          'o.contact_email',
          'o.contact_phone',
          'r.name as region_name',
        ])
        .where('o.realm_id', '=', realmId)
        .where('o.slug', '=', slug)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        kind: row.kind,
        slug: row.slug,
        name: row.name,
        number: row.number,
        regionName: row.region_name,
        office: row.contact_office,
        email: row.contact_email,
        phone: row.contact_phone,
      };
    },

    async contactsOf(organisationId) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select(['p.id', 'p.last_name', 'p.first_name', 'm.role'])
        .where('m.organisation_id', '=', organisationId)
        .where('m.role', 'in', ['admin', 'curator'])
        .where('p.status', '=', 'active')
        .execute();
      return {
        admins: uniqueNames(rows.filter((r) => r.role === 'admin')),
        curators: uniqueNames(rows.filter((r) => r.role === 'curator')),
      };
    },

    async classesOf(organisationId) {
      const [classes, teachers] = await Promise.all([
        db
          .selectFrom('classes')
          .select(['id', 'name'])
          .where('organisation_id', '=', organisationId)
          .execute(),
        db
          .selectFrom('memberships as m')
          .innerJoin('people as p', 'p.id', 'm.person_id')
          .select(['m.class_id', 'p.id', 'p.last_name', 'p.first_name'])
          .where('m.organisation_id', '=', organisationId)
          .where('m.role', '=', 'teacher')
          .where('m.class_id', 'is not', null)
          .where('p.status', '=', 'active')
          .execute(),
      ]);
      return classes
        .sort((a, b) => CLASS_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
        .map((c) => ({
          id: c.id,
          name: c.name,
          staff: uniqueNames(teachers.filter((t) => t.class_id === c.id)),
        }));
    },

    async classOf(organisationId, classId) {
      // The organisation is in the WHERE: another school's class is as unknown as no class.
      const found = await db
        .selectFrom('classes')
        .select(['id', 'name'])
        .where('id', '=', classId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (!found) return null;
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name', 'p.gender', 'm.role'])
        .where('m.organisation_id', '=', organisationId)
        .where('m.class_id', '=', classId)
        .where('m.role', 'in', ['teacher', 'staff'])
        .where('p.status', '=', 'active')
        .execute();
      const seen = new Set<string>();
      const staff: ClassStaffMember[] = [];
      // A teacher first when someone holds both roles in the class; one entry per person and role.
      for (const r of [...rows].sort((a, b) => (a.role === b.role ? 0 : a.role === 'teacher' ? -1 : 1))) {
        const key = `${r.id}:${r.role}`;
        if (seen.has(key) || (r.role !== 'teacher' && r.role !== 'staff')) continue;
        seen.add(key);
        staff.push({
          lastName: r.last_name,
          firstName: r.first_name,
          role: r.role,
          gender: genderOf({ gender: r.gender, middleName: r.middle_name, lastName: r.last_name }),
        });
      }
      staff.sort((a, b) => (a.role === b.role ? byName(a, b) : a.role === 'teacher' ? -1 : 1));
      return { id: found.id, name: found.name, staff };
    },
  };
}
