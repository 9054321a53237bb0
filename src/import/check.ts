/**
 * The dry run: every row of a parsed roster read and checked, against itself (duplicates) and
 * against the school (its classes, who is already there), without writing anything. The same
 * reading orders the rows for the import: everyone but parents first, so that a parent's child
 * exists when the parent is linked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { childMatch, findKnown, knownIds, type Matches, matchOf, membershipsIn } from './match.js';
import type { ParsedRow } from './parse.js';
import {
  duplicatesInFile,
  nameKey,
  normalizeClassName,
  type RosterRow,
  type RowProblem,
  readRow,
} from './rows.js';

export type RowStatus = 'new' | 'attach' | 'exists' | 'error';

export interface RowReport {
  readonly line: number;
  readonly name: string;
  readonly className: string;
  readonly role: string;
  readonly status: RowStatus;
  readonly problems: readonly RowProblem[];
}

export interface ImportContext {
  readonly realm: LoadedRealm;
  readonly organisationId: string;
  readonly createClasses: boolean;
}

export interface RosterCheck {
  readonly reports: readonly RowReport[];
  readonly counts: Readonly<Record<RowStatus, number>>;
  /** The rows without errors, in import order: what the import will write. */
  readonly importable: readonly RosterRow[];
}

/** The rows that can be imported, in import order, and the problems of the others (pure). */
export function readRows(
  parsed: readonly ParsedRow[],
  realm: LoadedRealm,
): { readonly rows: readonly RosterRow[]; readonly problems: Map<number, RowProblem[]> } {
  const problems = new Map<number, RowProblem[]>();
  const rows: RosterRow[] = [];
  parsed.forEach((p, index) => {
    const read = readRow(p, index, realm.settings.phoneCountry);
    if (read.row) rows.push(read.row);
    else problems.set(index, read.problems);
  });
  const duplicates = duplicatesInFile(rows);
  for (const [index, line] of duplicates)
    problems.set(index, [{ column: null, key: 'import.row.duplicate', params: { line } }]);
  const valid = rows.filter((r) => !duplicates.has(r.index));
  const order = (r: RosterRow): number => (r.role === 'parent' ? 1 : 0);
  valid.sort((a, b) => order(a) - order(b) || a.index - b.index);
  return { rows: valid, problems };
}

/** What to look up for these rows: their SNILS and names, and their children's. */
export function lookupsOf(organisationId: string, rows: readonly RosterRow[]) {
  const bare: string[] = [];
  const snils: string[] = [];
  const names: { lastName: string; birthDate: string }[] = [];
  for (const r of rows) {
    if (r.snils) snils.push(r.snils);
    if (r.birthDate) names.push({ lastName: r.lastName, birthDate: r.birthDate });
    if (!r.snils && !r.birthDate) bare.push(r.lastName);
    for (const c of r.children) {
      if ('snils' in c) snils.push(c.snils);
      else names.push({ lastName: c.lastName, birthDate: c.birthDate });
    }
  }
  return { organisationId, bare, snils, names };
}

/** A child reference found among the file's students (by SNILS or by name and birth date). */
export function fileStudents(rows: readonly RosterRow[]): { bySnils: Set<string>; byName: Set<string> } {
  const bySnils = new Set<string>();
  const byName = new Set<string>();
  for (const r of rows) {
    if (r.role !== 'student') continue;
    if (r.snils) bySnils.add(r.snils);
    if (r.birthDate) byName.add(nameKey(r.lastName, r.firstName, r.birthDate));
  }
  return { bySnils, byName };
}

export async function checkRoster(
  db: Kysely<Database>,
  ctx: ImportContext,
  parsed: readonly ParsedRow[],
): Promise<RosterCheck> {
  const { rows, problems } = readRows(parsed, ctx.realm);
  const classes = await db
    .selectFrom('classes')
    .select('name')
    .where('organisation_id', '=', ctx.organisationId)
    .execute();
  const classNames = new Set(classes.map((c) => normalizeClassName(c.name)));
  const known: Matches = await findKnown(db, ctx.realm.id, lookupsOf(ctx.organisationId, rows));
  const ids: string[] = knownIds(known);
  const memberships = await membershipsIn(db, ctx.organisationId, ids);
  const inFile = fileStudents(rows);
  const status = new Map<number, RowStatus>();
  for (const r of rows) {
    const found: RowProblem[] = [];
    if (r.className && !ctx.createClasses && !classNames.has(r.className))
      found.push({ column: 'className', key: 'import.row.class_unknown' });
    const match = matchOf(known, r);
    if (match.kind === 'ambiguous') found.push({ column: null, key: 'import.row.ambiguous' });
    if (match.kind === 'snils_conflict') found.push({ column: 'snils', key: 'import.row.snils_conflict' });
    for (const c of r.children) {
      const here =
        'snils' in c
          ? inFile.bySnils.has(c.snils)
          : inFile.byName.has(nameKey(c.lastName, c.firstName, c.birthDate));
      const m = childMatch(known, c);
      const student =
        m.kind === 'one' && (memberships.get(m.person.id) ?? []).some((x) => x.role === 'student');
      if (!here && !student) found.push({ column: 'child', key: 'import.row.child_unknown' });
    }
    if (found.length > 0) {
      problems.set(r.index, found);
      continue;
    }
    const held = match.kind === 'one' ? (memberships.get(match.person.id) ?? []) : [];
    status.set(
      r.index,
      match.kind === 'none' ? 'new' : held.some((m) => m.role === r.role) ? 'exists' : 'attach',
    );
  }
  const counts: Record<RowStatus, number> = { new: 0, attach: 0, exists: 0, error: 0 };
  const reports = parsed.map((p, index): RowReport => {
    const s: RowStatus = problems.has(index) ? 'error' : (status.get(index) ?? 'error');
    counts[s]++;
    const c = p.cells;
    return {
      line: p.line,
      name: [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' '),
      className: c.className,
      role: c.role,
      status: s,
      problems: problems.get(index) ?? [],
    };
  });
  return { reports, counts, importable: rows.filter((r) => !problems.has(r.index)) };
}
