/**
 * Writing CSV that a spreadsheet opens safely: the audit export and the roster import's report.
 *
 * Rules:
 * - A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
 *   spreadsheet (CSV injection): it is written with a leading apostrophe, which shows the text
 *   and runs nothing. Every cell is quoted, so no `;`, `,`, quote or line break inside a value
 *   can start another cell or row.
 * - `;` separates cells (what a spreadsheet set to Russian expects), lines end with CRLF, and
 *   the file starts with a UTF-8 byte order mark so the spreadsheet reads Cyrillic as such.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised and quoted. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

export const CSV_BOM = '\uFEFF';

/** A whole file: the header, then the rows. */
export function csvFile(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | null | undefined)[]>,
): string {
  let text = CSV_BOM + csvLine(header);
  for (const row of rows) text += csvLine(row);
  return text;
}
