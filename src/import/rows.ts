/**
 * One roster row read into what the import needs, or its problems: the checks of each cell
 * (name alphabet, a date that exists, the SNILS check digit, a known class, a role a school may
 * import, email and phone) and the duplicates within the file.
 *
 * Rules:
 * - Dates are `ДД.ММ.ГГГГ` (or `Д.М.ГГГГ`, or `ГГГГ-ММ-ДД`); 31.02 and the 13th month are
 *   «impossible», not guessed at.
 * - Roles: student (default), parent, teacher, staff, in Russian or English. Administrators,
 *   curators and support are never imported (a file must not hand out the desk).
 * - A student needs a class. A row is a duplicate of an earlier row with the same SNILS, or with
 *   the same name and birth date.
 */
import type { MessageKey } from '../core/i18n/i18n.js';
import { checkEmail } from '../core/identifiers/email.js';
import { checkPhone } from '../core/identifiers/phone.js';
import { isValidSnils, normalizeSnils } from '../core/identifiers/snils.js';
import type { Role } from '../db/schema.js';
import { isRealDate } from '../directory/accounts.js';
import type { ImportColumn, ParsedRow } from './parse.js';

export type ImportRole = Extract<Role, 'student' | 'parent' | 'teacher' | 'staff'>;

export type ChildRef =
  | { readonly snils: string }
  | { readonly lastName: string; readonly firstName: string; readonly birthDate: string };

export interface RosterRow {
  readonly index: number;
  readonly line: number;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly birthDate: string | null;
  readonly snils: string | null;
  readonly role: ImportRole;
  readonly className: string | null;
  readonly email: { readonly email: string; readonly normalized: string } | null;
  readonly phone: string | null;
  readonly children: readonly ChildRef[];
}

export interface RowProblem {
  readonly column: ImportColumn | null;
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

const NAME = /^[\p{L}][\p{L}' -]{0,99}$/u;
const CLASS_NAME = /^(?:[1-9]|1[0-2])\s?-?\s?[А-ЯЁA-Z]?$/iu;

const ROLE_NAMES: Readonly<Record<string, ImportRole | 'forbidden'>> = {
  '': 'student',
  ученик: 'student',
  ученица: 'student',
  обучающийся: 'student',
  student: 'student',
  родитель: 'parent',
  'законный представитель': 'parent',
  parent: 'parent',
  учитель: 'teacher',
  педагог: 'teacher',
  teacher: 'teacher',
  сотрудник: 'staff',
  staff: 'staff',
  администратор: 'forbidden',
  admin: 'forbidden',
  куратор: 'forbidden',
  curator: 'forbidden',
  поддержка: 'forbidden',
  support: 'forbidden',
};

/** `14.05.2009`, `4.5.2009` or `2009-05-14` → `2009-05-14`; null when not a real date. */
export function parseDate(text: string): string | null {
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = ru ? `${ru[3]}-${ru[2]?.padStart(2, '0')}-${ru[1]?.padStart(2, '0')}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isRealDate(iso) ? iso : null;
}

/** «6 А», «6-а», «6А» → «6А». */
export function normalizeClassName(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function nameKey(lastName: string, firstName: string, birthDate: string): string {
  const f = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е');
  return `${f(lastName)}|${f(firstName)}|${birthDate}`;
}

function childRef(text: string): ChildRef | null {
  const snils = normalizeSnils(text);
  if (snils !== null) return isValidSnils(snils) ? { snils } : null;
  const parts = text.trim().split(/\s+/);
  const date = parseDate(parts[parts.length - 1] ?? '');
  if (date === null || parts.length < 3) return null;
  return { lastName: parts[0] ?? '', firstName: parts[1] ?? '', birthDate: date };
}

export function readRow(
  row: ParsedRow,
  index: number,
  phoneCountry: Parameters<typeof checkPhone>[1],
): { readonly row: RosterRow | null; readonly problems: RowProblem[] } {
  const c = row.cells;
  const problems: RowProblem[] = [];
  for (const column of ['lastName', 'firstName'] as const) {
    if (c[column] === '') problems.push({ column, key: 'import.row.name_required' });
    else if (!NAME.test(c[column])) problems.push({ column, key: 'import.row.name_invalid' });
  }
  if (c.middleName !== '' && !NAME.test(c.middleName))
    problems.push({ column: 'middleName', key: 'import.row.name_invalid' });
  const birthDate = c.birthDate === '' ? null : parseDate(c.birthDate);
  if (c.birthDate !== '' && birthDate === null)
    problems.push({ column: 'birthDate', key: 'import.row.date_invalid' });
  let snils: string | null = null;
  if (c.snils !== '') {
    snils = normalizeSnils(c.snils);
    if (snils === null) problems.push({ column: 'snils', key: 'import.row.snils_format' });
    else if (!isValidSnils(snils)) problems.push({ column: 'snils', key: 'import.row.snils_checksum' });
  }
  const role = ROLE_NAMES[c.role.trim().toLowerCase().replace(/ё/g, 'е')];
  if (role === undefined) problems.push({ column: 'role', key: 'import.row.role_unknown' });
  if (role === 'forbidden') problems.push({ column: 'role', key: 'import.row.role_forbidden' });
  const className = c.className === '' ? null : normalizeClassName(c.className);
  if (c.className !== '' && !CLASS_NAME.test(c.className.trim()))
    problems.push({ column: 'className', key: 'import.row.class_invalid' });
  if (role === 'student' && className === null)
    problems.push({ column: 'className', key: 'import.row.class_required' });
  const email = c.email === '' ? null : checkEmail(c.email);
  if (email && !email.ok) problems.push({ column: 'email', key: 'import.row.email_invalid' });
  const phone = c.phone === '' ? null : checkPhone(c.phone, phoneCountry);
  if (phone && !phone.ok) problems.push({ column: 'phone', key: 'import.row.phone_invalid' });
  const children: ChildRef[] = [];
  if (c.child !== '') {
    if (role !== 'parent') problems.push({ column: 'child', key: 'import.row.child_not_parent' });
    for (const part of c.child
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const ref = childRef(part);
      if (ref === null) problems.push({ column: 'child', key: 'import.row.child_invalid' });
      else children.push(ref);
    }
  }
  if (problems.length > 0 || role === undefined || role === 'forbidden') return { row: null, problems };
  return {
    row: {
      index,
      line: row.line,
      lastName: c.lastName.trim(),
      firstName: c.firstName.trim(),
      middleName: c.middleName.trim() || null,
      birthDate,
      snils,
      role,
      className,
      email: email?.ok ? { email: email.email, normalized: email.normalized } : null,
      phone: phone?.ok ? phone.phone : null,
      children,
    },
    problems,
  };
}

/**
 * For each row index, the line of the earlier row it repeats: the same SNILS, or the same name
 * and birth date where the two rows do not carry two different SNILS (two people can share both).
 */
export function duplicatesInFile(rows: readonly RosterRow[]): Map<number, number> {
  const bySnils = new Map<string, number>();
  const byName = new Map<string, { line: number; snils: string | null }[]>();
  const duplicates = new Map<number, number>();
  for (const r of rows) {
    const key = r.birthDate ? nameKey(r.lastName, r.firstName, r.birthDate) : null;
    const sameName = key ? (byName.get(key) ?? []) : [];
    const earlier =
      (r.snils ? bySnils.get(r.snils) : undefined) ??
      sameName.find((e) => e.snils === null || r.snils === null || e.snils === r.snils)?.line;
    if (earlier !== undefined) {
      duplicates.set(r.index, earlier);
      continue;
    }
    if (r.snils) bySnils.set(r.snils, r.line);
    if (key) byName.set(key, [...sameName, { line: r.line, snils: r.snils }]);
  }
  return duplicates;
}
