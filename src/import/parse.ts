/**
 * Reading a roster file as schools have them: CSV in UTF-8 (with or without a byte order mark)
 * or Windows-1251, cells separated by `;` or `,`, a header row that names the columns in Russian
 * or English, in any order.
 *
 * Rules:
 * - The encoding is detected: a UTF-8 BOM, or bytes that decode as UTF-8 without error, are
 *   UTF-8; anything else is Windows-1251 (`TextDecoder('windows-1251')`). The BOM is dropped.
 * - The separator is the one of `;` and `,` that splits the header row into more known columns.
 * - csv-parse reads the cells (quotes, doubled quotes, line breaks inside quotes); cells are
 *   trimmed; wholly empty lines are skipped; a row's line is the line it ends on.
 * - Columns: class, last/first/middle name, birth date, SNILS, role, email, phone, child (the
 *   parent–child link: in a parent's row, the child's SNILS or «Фамилия Имя ДД.ММ.ГГГГ»,
 *   several separated by `|`). Last name and first name are required; an unknown column is
 *   ignored and reported.
 * - A file that cannot be read at all (not CSV, no header, too big, too many rows) is one
 *   problem for the whole file, never a 500.
 */
import { parse } from 'csv-parse/sync';

export const IMPORT_COLUMNS = [
  'className',
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'snils',
  'role',
  'email',
  'phone',
  'child',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Header names people write, folded (lower case, ё → е, no punctuation or spaces). */
const HEADER_NAMES: Readonly<Record<ImportColumn, readonly string[]>> = {
  className: ['класс', 'class', 'группа'],
  lastName: ['фамилия', 'lastname', 'surname', 'familyname'],
  firstName: ['имя', 'firstname', 'givenname', 'name'],
  middleName: ['отчество', 'middlename', 'patronymic'],
  birthDate: ['датарождения', 'birthdate', 'dateofbirth', 'birthday', 'др'],
  snils: ['снилс', 'snils'],
  role: ['роль', 'role'],
  email: ['email', 'эпочта', 'электроннаяпочта', 'почта', 'mail'],
  phone: ['телефон', 'phone', 'мобильныйтелефон', 'mobile'],
  child: ['ребенок', 'дети', 'child', 'children', 'родительдля', 'ребенокснилс'],
};

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;

export type FileProblem =
  | 'import.file.empty'
  | 'import.file.too_big'
  | 'import.file.too_many_rows'
  | 'import.file.unreadable'
  | 'import.file.no_header'
  | 'import.file.missing_columns';

export interface ParsedRow {
  /** The line of the file this row starts on (the header is line 1). */
  readonly line: number;
  readonly cells: Readonly<Record<ImportColumn, string>>;
}

export type ParsedFile =
  | {
      readonly ok: true;
      readonly encoding: 'utf-8' | 'windows-1251';
      readonly delimiter: ';' | ',';
      readonly columns: readonly ImportColumn[];
      readonly ignored: readonly string[];
      readonly rows: readonly ParsedRow[];
    }
  | { readonly ok: false; readonly problem: FileProblem };

function foldHeader(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s._\-()/]+/g, '');
}

function columnOf(name: string): ImportColumn | null {
  const folded = foldHeader(name);
  for (const column of IMPORT_COLUMNS) if (HEADER_NAMES[column].includes(folded)) return column;
  return null;
}

/** The file's text: UTF-8 when it is (BOM or clean decode), else Windows-1251. */
export function decodeRoster(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(body), encoding: 'windows-1251' };
  }
}

function knownColumns(headerLine: string, delimiter: string): number {
  return headerLine.split(delimiter).filter((h) => columnOf(h.replace(/"/g, '').trim()) !== null).length;
}

export function parseRoster(input: Uint8Array | string): ParsedFile {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_FILE_BYTES) return { ok: false, problem: 'import.file.too_big' };
  const decoded =
    typeof input === 'string'
      ? { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' as const }
      : decodeRoster(input);
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, problem: 'import.file.empty' };
  const headerLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = knownColumns(headerLine, ',') > knownColumns(headerLine, ';') ? ',' : ';';
  let records: { record: string[]; line: number }[];
  try {
    // The line each record ends on rides along as an extra cell (cheaper than `info`).
    records = (
      parse(text, {
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        to: MAX_ROWS + 2,
        on_record: (record: string[], context: { lines: number }) => [...record, String(context.lines)],
      }) as string[][]
    ).map((cells) => ({ line: Number(cells.pop()), record: cells.map((c) => c.trim()) }));
  } catch {
    return { ok: false, problem: 'import.file.unreadable' };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problem: 'import.file.no_header' };
  if (body.length > MAX_ROWS) return { ok: false, problem: 'import.file.too_many_rows' };
  const mapping: (ImportColumn | null)[] = header.record.map(columnOf);
  const columns = mapping.filter((c): c is ImportColumn => c !== null);
  if (columns.length === 0) return { ok: false, problem: 'import.file.no_header' };
  if (!columns.includes('lastName') || !columns.includes('firstName'))
    return { ok: false, problem: 'import.file.missing_columns' };
  const ignored = header.record.filter((_, i) => mapping[i] === null && (header.record[i] ?? '') !== '');
  const rows: ParsedRow[] = [];
  for (const { record, line } of body) {
    if (record.every((c) => c === '')) continue;
    const cells = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, ''])) as Record<ImportColumn, string>;
    mapping.forEach((column, i) => {
      if (column !== null && cells[column] === '') cells[column] = (record[i] ?? '').slice(0, 500);
    });
    rows.push({ line, cells });
  }
  return { ok: true, encoding: decoded.encoding, delimiter, columns, ignored, rows };
}
