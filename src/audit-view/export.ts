/**
 * The audit viewer's CSV export: every event the filter finds in the scope, newest first, read
 * page by page (keyset) and written through `core/text/csv.ts`, so no cell runs as a formula.
 * At most EXPORT_MAX rows; the last line says when the export was cut there.
 */
import type { Kysely } from 'kysely';
import { csvFile } from '../core/text/csv.js';
import type { Database } from '../db/schema.js';
import {
  type AuditCursor,
  type AuditFilter,
  type AuditRow,
  type AuditScope,
  auditPage,
  PAGE_MAX,
} from './query.js';

export const EXPORT_MAX = 50_000;

export const EXPORT_HEADER = [
  'id',
  'at',
  'action',
  'kind',
  'actor',
  'actor_login',
  'subject',
  'subject_login',
  'organisation_id',
  'ip',
  'user_agent',
  'detail',
] as const;

function cells(row: AuditRow): (string | number | null)[] {
  return [
    row.id,
    new Date(row.at).toISOString(),
    row.action,
    row.kind,
    row.actor?.name ?? null,
    row.actor?.login ?? null,
    row.subject?.name ?? null,
    row.subject?.login ?? null,
    row.organisationId,
    row.ip,
    row.userAgent,
    Object.entries(row.detail)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ];
}

export async function auditCsv(
  db: Kysely<Database>,
  scope: AuditScope,
  filter: AuditFilter,
): Promise<{ readonly csv: string; readonly rows: number; readonly cut: boolean }> {
  const lines: (string | number | null)[][] = [];
  let before: AuditCursor | null = null;
  let cut = false;
  for (;;) {
    const page = await auditPage(db, scope, filter, { before, limit: PAGE_MAX });
    for (const row of page.rows) lines.push(cells(row));
    if (page.next === null) break;
    if (lines.length >= EXPORT_MAX) {
      cut = true;
      break;
    }
    before = page.next;
  }
  const rows = lines.length;
  if (cut) lines.push([`… cut at ${EXPORT_MAX} rows`]);
  return { csv: csvFile(EXPORT_HEADER, lines), rows, cut };
}
