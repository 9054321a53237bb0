/**
 * Who a roster row already is: a person of the realm with the row's SNILS, else with its name
 * and birth date — looked up for many rows at once (chunks of 500 values per IN list, over the
 * `people_realm_snils` and `people_realm_birth_date` indexes), and what they already are in the
 * school (their memberships there, their children).
 */
import type { Executor, Role } from '../db/schema.js';
import { type ChildRef, nameKey } from './rows.js';

const CHUNK = 500;

export interface KnownPerson {
  readonly id: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly birthDate: string | null;
  readonly snils: string | null;
}

export interface Matches {
  readonly bySnils: ReadonlyMap<string, KnownPerson>;
  readonly byName: ReadonlyMap<string, readonly KnownPerson[]>;
  /** Members of the school by full name: rows with neither SNILS nor birth date match here. */
  readonly inSchool: ReadonlyMap<string, readonly KnownPerson[]>;
}

export function fullNameKey(lastName: string, firstName: string, middleName: string | null): string {
  const f = (s: string | null) => (s ?? '').trim().toLowerCase().replace(/ё/g, 'е');
  return `${f(lastName)}|${f(firstName)}|${f(middleName)}`;
}

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

export async function findKnown(
  db: Executor,
  realmId: string,
  wanted: {
    readonly organisationId: string;
    /** Last names of rows with neither SNILS nor birth date. */
    readonly bare: readonly string[];
    readonly snils: readonly string[];
    readonly names: readonly { readonly lastName: string; readonly birthDate: string }[];
  },
): Promise<Matches> {
  const bySnils = new Map<string, KnownPerson>();
  const byName = new Map<string, KnownPerson[]>();
  const columns = ['id', 'last_name', 'first_name', 'birth_date', 'snils'] as const;
  const keep = (r: {
    id: string;
    last_name: string;
    first_name: string;
    birth_date: string | null;
    snils: string | null;
  }) => {
    const p: KnownPerson = {
      id: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      birthDate: r.birth_date,
      snils: r.snils,
    };
    if (p.snils !== null && !bySnils.has(p.snils)) bySnils.set(p.snils, p);
    if (p.birthDate !== null) {
      const key = nameKey(p.lastName, p.firstName, p.birthDate);
      const list = byName.get(key) ?? [];
      if (!list.some((q) => q.id === p.id)) list.push(p);
      byName.set(key, list);
    }
  };
  for (const chunk of chunks([...new Set(wanted.snils)])) {
    const rows = await db
      .selectFrom('people')
      .select(columns)
      .where('realm_id', '=', realmId)
      .where('snils', 'in', chunk)
      .execute();
    rows.forEach(keep);
  }
  // Both lists of a chunk of rows narrow the read: the planner walks whichever index is rarer.
  for (const chunk of chunks(wanted.names)) {
    const rows = await db
      .selectFrom('people')
      .select(columns)
      .where('realm_id', '=', realmId)
      .where('birth_date', 'in', [...new Set(chunk.map((n) => n.birthDate))])
      .where('last_name', 'in', [...new Set(chunk.map((n) => n.lastName))])
      .execute();
    rows.forEach(keep);
  }
  const inSchool = new Map<string, KnownPerson[]>();
  for (const chunk of chunks([...new Set(wanted.bare)])) {
    const rows = await db
      .selectFrom('people as p')
      .innerJoin('memberships as m', 'm.person_id', 'p.id')
      .select(['p.id', 'p.last_name', 'p.first_name', 'p.middle_name', 'p.birth_date', 'p.snils'])
      .where('m.organisation_id', '=', wanted.organisationId)
      .where('p.last_name', 'in', chunk)
      .execute();
    for (const r of rows) {
      const key = fullNameKey(r.last_name, r.first_name, r.middle_name);
      const list = inSchool.get(key) ?? [];
      if (!list.some((q) => q.id === r.id))
        list.push({
          id: r.id,
          lastName: r.last_name,
          firstName: r.first_name,
          birthDate: r.birth_date,
          snils: r.snils,
        });
      inSchool.set(key, list);
    }
  }
  return { bySnils, byName, inSchool };
}

export type Match =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly person: KnownPerson; readonly by: 'snils' | 'name' }
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'snils_conflict' };

/** By SNILS, else by name and birth date (one person only; a different SNILS stored is a conflict). */
export function matchOf(
  matches: Matches,
  row: {
    readonly snils: string | null;
    readonly lastName: string;
    readonly firstName: string;
    readonly middleName?: string | null;
    readonly birthDate: string | null;
  },
): Match {
  if (row.snils !== null) {
    const p = matches.bySnils.get(row.snils);
    if (p) return { kind: 'one', person: p, by: 'snils' };
  }
  if (row.birthDate === null) {
    if (row.snils !== null || row.lastName === '') return { kind: 'none' };
    const here = matches.inSchool.get(fullNameKey(row.lastName, row.firstName, row.middleName ?? null)) ?? [];
    if (here.length > 1) return { kind: 'ambiguous' };
    return here[0] ? { kind: 'one', person: here[0], by: 'name' } : { kind: 'none' };
  }
  const found = matches.byName.get(nameKey(row.lastName, row.firstName, row.birthDate)) ?? [];
  if (found.length === 0) return { kind: 'none' };
  if (found.length > 1) return { kind: 'ambiguous' };
  const [p] = found as [KnownPerson];
  if (row.snils !== null && p.snils !== null && p.snils !== row.snils) return { kind: 'snils_conflict' };
  return { kind: 'one', person: p, by: 'name' };
}

export function childMatch(matches: Matches, ref: ChildRef): Match {
  return 'snils' in ref
    ? matchOf(matches, { snils: ref.snils, lastName: '', firstName: '', birthDate: null })
    : matchOf(matches, { snils: null, ...ref });
}

/** The roles (and classes) each person already has in the organisation. */
export async function membershipsIn(
  db: Executor,
  organisationId: string,
  personIds: readonly string[],
): Promise<Map<string, { role: Role; classId: string | null }[]>> {
  const out = new Map<string, { role: Role; classId: string | null }[]>();
  for (const chunk of chunks([...new Set(personIds)])) {
    const rows = await db
      .selectFrom('memberships')
      .select(['person_id', 'role', 'class_id'])
      .where('organisation_id', '=', organisationId)
      .where('person_id', 'in', chunk)
      .execute();
    for (const r of rows) {
      const list = out.get(r.person_id) ?? [];
      list.push({ role: r.role, classId: r.class_id });
      out.set(r.person_id, list);
    }
  }
  return out;
}

export function knownIds(known: Matches): string[] {
  return [
    ...known.bySnils.values(),
    ...[...known.byName.values()].flat(),
    ...[...known.inSchool.values()].flat(),
  ].map((p) => p.id);
}
