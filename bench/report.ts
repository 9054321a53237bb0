/**
 * The benchmark's table: one line per figure, a column per database, the target and whether
 * each database's figure meets it — computed from the figures, never written by hand.
 */
import type { DialectName } from '../src/db/connect.js';

export interface Row {
  readonly name: string;
  /** The figure per database; one value for what does not depend on the database. */
  readonly values: Partial<Record<DialectName | 'any', number>>;
  readonly format: (value: number) => string;
  readonly target?: { readonly text: string; readonly met: (value: number) => boolean };
}

export interface Verdict {
  readonly name: string;
  readonly dialect: DialectName | 'any';
  readonly value: number;
  readonly target: string;
  readonly pass: boolean;
}

const COLUMNS: readonly (DialectName | 'any')[] = ['sqlite', 'postgres'];

export const fixed = (digits: number) => (v: number) => v.toFixed(digits);
export const perSecond = (v: number) =>
  `${v.toLocaleString('en-US', { maximumFractionDigits: v < 100 ? 1 : 0 })} /s`;
export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
export const micros = (v: number) => `${v.toFixed(0)} µs`;
export const mib = (v: number) => `${v.toFixed(0)} MiB`;
export const count = (v: number) => v.toLocaleString('en-US');
export const seconds = (v: number) => `${v.toFixed(0)} s`;

export function verdicts(rows: readonly Row[]): Verdict[] {
  const out: Verdict[] = [];
  for (const row of rows) {
    if (!row.target) continue;
    for (const [dialect, value] of Object.entries(row.values) as [DialectName | 'any', number][]) {
      out.push({ name: row.name, dialect, value, target: row.target.text, pass: row.target.met(value) });
    }
  }
  return out;
}

export function table(rows: readonly Row[]): string[] {
  const head = `${'figure'.padEnd(48)}${'SQLite'.padStart(14)}${'PostgreSQL'.padStart(14)}   target`;
  const lines = [head, '-'.repeat(head.length + 20)];
  for (const row of rows) {
    const cells = COLUMNS.map((d) => {
      const v = d === 'sqlite' ? (row.values.sqlite ?? row.values.any) : row.values.postgres;
      if (row.values.any !== undefined && d === 'postgres') return '';
      return v === undefined ? '—' : row.format(v);
    });
    let target = '';
    if (row.target) {
      const { text, met } = row.target;
      const marks = (Object.entries(row.values) as [string, number][]).map(([d, v]) =>
        row.values.any !== undefined
          ? met(v)
            ? 'PASS'
            : 'FAIL'
          : `${d === 'sqlite' ? 'SQLite' : 'PG'} ${met(v) ? 'PASS' : 'FAIL'}`,
      );
      target = `${text}  ${marks.join(', ')}`;
    }
    lines.push(
      `${row.name.padEnd(48)}${(cells[0] ?? '').padStart(14)}${(cells[1] ?? '').padStart(14)}   ${target}`,
    );
  }
  return lines;
}

/** The values of one figure per database, leaving out databases that did not run. */
export function per<T>(
  figures: readonly T[],
  dialectOf: (f: T) => DialectName,
  value: (f: T) => number,
): Partial<Record<DialectName, number>> {
  const out: Partial<Record<DialectName, number>> = {};
  for (const f of figures) out[dialectOf(f)] = value(f);
  return out;
}
