/**
 * What an application learns about a person: the standard claims in the order Russian names are
 * written, and with the `school` scope the person's memberships (organisation, role, class) and,
 * for a parent, the children with theirs.
 *
 * oidc-provider picks, from what this returns, the claims the token's scopes (and the `claims`
 * parameter) ask for. Two rules are kept here rather than trusted to that:
 *
 * - SNILS and IIN are returned only from the UserInfo endpoint and only when the token's own
 *   scope holds `snils` / `iin` — never in an ID token, never because the `claims` parameter
 *   named them;
 * - memberships cost two queries, so they are read only when the `school` scope is there.
 */
import type { Kysely } from 'kysely';
import type { JsonObject } from 'oidc-provider';
import type { Database, Person } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';

export interface Membership {
  readonly organisation: {
    readonly id: string;
    readonly name: string;
    readonly number: string | null;
    readonly region: { readonly code: string; readonly name: string } | null;
  };
  readonly role: string;
  readonly class: string | null;
}

export function fullName(person: Pick<Person, 'last_name' | 'first_name' | 'middle_name'>): string {
  return [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(' ');
}

/** What the claims are made of: the person's names, dates, contacts and state identifiers. */
export type ClaimsPerson = Pick<
  Person,
  | 'id'
  | 'last_name'
  | 'first_name'
  | 'middle_name'
  | 'birth_date'
  | 'gender'
  | 'email'
  | 'email_verified_at'
  | 'phone'
  | 'phone_verified_at'
  | 'snils'
  | 'iin'
>;

/**
 * The standard claims of a person (oidc-provider masks them by scope), in this order. Built by
 * assignment rather than spreads: UserInfo's fast path makes this object on every call.
 */
export function standardClaims(person: ClaimsPerson, realm: LoadedRealm): JsonObject {
  const claims: JsonObject = { sub: person.id, family_name: person.last_name, given_name: person.first_name };
  if (person.middle_name) claims.middle_name = person.middle_name;
  claims.name = fullName(person);
  if (person.birth_date) claims.birthdate = person.birth_date;
  if (person.gender) claims.gender = person.gender;
  if (person.email) {
    claims.email = person.email;
    claims.email_verified = person.email_verified_at !== null;
  }
  if (person.phone) {
    claims.phone_number = person.phone;
    claims.phone_number_verified = person.phone_verified_at !== null;
  }
  claims.locale = realm.settings.defaultLocale;
  return claims;
}

async function membershipsOf(db: Kysely<Database>, personIds: readonly string[]) {
  if (personIds.length === 0) return new Map<string, Membership[]>();
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('regions as r', 'r.id', 'o.region_id')
    .leftJoin('classes as c', 'c.id', 'm.class_id')
    .select([
      'm.person_id as personId',
      'o.id as orgId',
      'o.name as orgName',
      'o.number as orgNumber',
      'r.code as regionCode',
      'r.name as regionName',
      'm.role as role',
      'c.name as className',
    ])
    .where('m.person_id', 'in', personIds)
    .orderBy('o.name')
    .orderBy('m.role')
    .execute();
  const byPerson = new Map<string, Membership[]>();
  for (const row of rows) {
    const list = byPerson.get(row.personId) ?? [];
    list.push({
      organisation: {
        id: row.orgId,
        name: row.orgName,
        number: row.orgNumber,
        region:
          row.regionCode !== null && row.regionName !== null
            ? { code: row.regionCode, name: row.regionName }
            : null,
      },
      role: row.role,
      class: row.className,
    });
    byPerson.set(row.personId, list);
  }
  return byPerson;
}

/**
 * The `school` claims: `memberships`, and `children` (each with a `sub` of its own for this
 * application, computed by `subjectFor`).
 */
export async function schoolClaims(
  db: Kysely<Database>,
  person: Pick<Person, 'id'>,
  subjectFor: (personId: string) => Promise<string>,
): Promise<JsonObject> {
  const children = await db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.child_id')
    .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name', 'p.birth_date'])
    .where('g.parent_id', '=', person.id)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
  const memberships = await membershipsOf(db, [person.id, ...children.map((c) => c.id)]);
  return {
    memberships: memberships.get(person.id) ?? [],
    children: await Promise.all(
      children.map(async (child) => ({
        sub: await subjectFor(child.id),
        family_name: child.last_name,
        given_name: child.first_name,
        ...(child.middle_name ? { middle_name: child.middle_name } : {}),
        name: fullName(child),
        ...(child.birth_date ? { birthdate: child.birth_date } : {}),
        memberships: memberships.get(child.id) ?? [],
      })),
    ),
  };
}

/** SNILS and IIN: only to the UserInfo endpoint, only under their own scopes. */
export function stateIdentifierClaims(
  person: Pick<Person, 'snils' | 'iin'>,
  use: string,
  scope: string,
): JsonObject {
  const claims: JsonObject = {};
  if (use !== 'userinfo' || (!person.snils && !person.iin)) return claims;
  const granted = scope.split(' ');
  if (person.snils && granted.includes('snils')) claims.snils = person.snils;
  if (person.iin && granted.includes('iin')) claims.iin = person.iin;
  return claims;
}
