/**
 * The roster import as the desk, the CLI and the admin API run it: check a file (the dry run,
 * kept a day as a `roster_imports` row with the rows to import, read and in order), then import it batch by batch —
 * each batch one transaction, in order, each asked for once (a batch asked for again answers
 * what was done; a batch out of order is refused), the last one audited as `roster.imported`.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { Translate } from '../core/i18n/i18n.js';
import { csvFile } from '../core/text/csv.js';
import type { Database, RosterImport } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { applyBatch, type BatchSummary, EMPTY_SUMMARY, type ImportActor } from './apply.js';
import { checkRoster, type ImportContext, type RosterCheck } from './check.js';
import { type FileProblem, parseRoster } from './parse.js';
import type { RosterRow } from './rows.js';

export const BATCH_SIZE = 500;
const DAY = 24 * 3600 * 1000;

export interface ImportDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export type Checked =
  | { readonly kind: 'file'; readonly problem: FileProblem }
  | {
      readonly kind: 'checked';
      readonly id: string | null;
      readonly check: RosterCheck;
      readonly encoding: string;
      readonly delimiter: string;
      readonly ignored: readonly string[];
      readonly batches: number;
    };

export interface ImportRequest extends ImportContext {
  readonly fileName: string;
  readonly actor: ImportActor;
  /** Keep the file for the import (false: a dry run only). */
  readonly keep: boolean;
}

function batchesOf(rowCount: number): number {
  return Math.ceil(rowCount / BATCH_SIZE);
}

export async function checkRosterFile(
  deps: ImportDeps,
  req: ImportRequest,
  input: Uint8Array | string,
): Promise<Checked> {
  const parsed = parseRoster(input);
  if (!parsed.ok) return { kind: 'file', problem: parsed.problem };
  const check = await checkRoster(deps.db, req, parsed.rows);
  const importable = check.importable.length;
  let id: string | null = null;
  if (req.keep) {
    id = newId();
    const now = deps.clock.now();
    await deps.db
      .insertInto('roster_imports')
      .values({
        id,
        realm_id: req.realm.id,
        organisation_id: req.organisationId,
        created_by: req.actor.actorId,
        file_name: req.fileName.slice(0, 200),
        content: JSON.stringify({
          rows: check.importable,
          reports: check.reports,
          counts: check.counts,
          encoding: parsed.encoding,
          delimiter: parsed.delimiter,
          ignored: parsed.ignored,
        } satisfies StoredCheck),
        create_classes: req.createClasses ? 1 : 0,
        rows_total: importable,
        batches_done: 0,
        status: 'checked',
        summary: JSON.stringify(EMPTY_SUMMARY),
        created_at: now,
        expires_at: now + DAY,
      })
      .execute();
  }
  await deps.audit.append({
    realmId: req.realm.id,
    action: 'roster.checked',
    actorId: req.actor.actorId,
    organisationId: req.organisationId,
    ip: req.actor.ip,
    detail: { rows: parsed.rows.length, errors: check.counts.error, via: req.actor.via, import_id: id },
  });
  return {
    kind: 'checked',
    id,
    check,
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    ignored: parsed.ignored,
    batches: batchesOf(importable),
  };
}

/** A kept import without its rows (they are read once, by `rowsOf`). */
export type ImportHead = Omit<RosterImport, 'content'>;

const HEAD = [
  'id',
  'realm_id',
  'organisation_id',
  'created_by',
  'file_name',
  'create_classes',
  'rows_total',
  'batches_done',
  'status',
  'summary',
  'created_at',
  'expires_at',
] as const;

/** What a kept import holds: the rows to import and the dry run's report. */
export interface StoredCheck {
  readonly rows: readonly RosterRow[];
  readonly reports: RosterCheck['reports'];
  readonly counts: RosterCheck['counts'];
  readonly encoding: string;
  readonly delimiter: string;
  readonly ignored: readonly string[];
}

export async function storedCheck(deps: ImportDeps, id: string): Promise<StoredCheck | null> {
  const row = await deps.db
    .selectFrom('roster_imports')
    .select('content')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.content) as StoredCheck) : null;
}

export async function rowsOf(deps: ImportDeps, id: string): Promise<readonly RosterRow[]> {
  return (await storedCheck(deps, id))?.rows ?? [];
}

/** The kept import of this organisation, unless it has expired. */
export async function findImport(
  deps: ImportDeps,
  organisationId: string,
  id: string,
): Promise<ImportHead | null> {
  const row = await deps.db
    .selectFrom('roster_imports')
    .select(HEAD)
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row && row.expires_at > deps.clock.now() ? row : null;
}

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly finished: boolean;
  readonly summary: BatchSummary;
}

export function progressOf(row: ImportHead): Progress {
  const total = batchesOf(row.rows_total);
  return {
    done: row.batches_done,
    total,
    finished: row.status === 'done',
    summary: { ...EMPTY_SUMMARY, ...(JSON.parse(row.summary) as Partial<BatchSummary>) },
  };
}

export type BatchOutcome =
  | { readonly kind: 'done'; readonly progress: Progress }
  | { readonly kind: 'out_of_order' };

/** Imports batch `n` (0-based) of a kept import, in one transaction. */
export async function importBatch(
  deps: ImportDeps,
  realm: LoadedRealm,
  row: ImportHead,
  n: number,
  actor: ImportActor,
  /** The import's rows when the caller has them already (a run of every batch). */
  preloaded?: readonly RosterRow[],
): Promise<BatchOutcome> {
  const total = batchesOf(row.rows_total);
  if (n < row.batches_done || row.status === 'done') return { kind: 'done', progress: progressOf(row) };
  if (n !== row.batches_done || n >= Math.max(total, 1)) return { kind: 'out_of_order' };
  const ctx: ImportContext = {
    realm,
    organisationId: row.organisation_id,
    createClasses: row.create_classes === 1,
  };
  const rows = (preloaded ?? (await rowsOf(deps, row.id))).slice(n * BATCH_SIZE, (n + 1) * BATCH_SIZE);
  const now = deps.clock.now();
  const updated = await deps.db.transaction().execute(async (trx) => {
    // Claim the batch first: a second request for it finds batches_done moved and writes nothing.
    const claim = await trx
      .updateTable('roster_imports')
      .set({ batches_done: n + 1, status: n + 1 >= total ? 'done' : 'importing' })
      .where('id', '=', row.id)
      .where('batches_done', '=', n)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return null;
    const batch = await applyBatch(trx, deps.audit, now, ctx, rows, actor, row.id);
    const before = progressOf(row).summary;
    const summary: BatchSummary = {
      created: before.created + batch.created,
      attached: before.attached + batch.attached,
      unchanged: before.unchanged + batch.unchanged,
      skipped: before.skipped + batch.skipped,
      links: before.links + batch.links,
    };
    await trx
      .updateTable('roster_imports')
      .set({ summary: JSON.stringify(summary) })
      .where('id', '=', row.id)
      .execute();
    if (n + 1 >= total)
      await deps.audit.append(
        {
          realmId: realm.id,
          action: 'roster.imported',
          actorId: actor.actorId,
          organisationId: row.organisation_id,
          ip: actor.ip,
          detail: { ...summary, rows: row.rows_total, via: actor.via, import_id: row.id },
        },
        trx,
      );
    return summary;
  });
  const fresh = await findImport(deps, row.organisation_id, row.id);
  if (updated === null || fresh === null) return { kind: 'out_of_order' };
  return { kind: 'done', progress: progressOf(fresh) };
}

/** Every remaining batch, one after the other (the CLI, a browser without script). */
export async function importAll(
  deps: ImportDeps,
  realm: LoadedRealm,
  id: string,
  organisationId: string,
  actor: ImportActor,
): Promise<Progress | null> {
  let row = await findImport(deps, organisationId, id);
  if (!row) return null;
  const rows = await rowsOf(deps, id);
  for (;;) {
    const progress = progressOf(row);
    if (progress.finished || progress.total === 0) return progress;
    const outcome = await importBatch(deps, realm, row, row.batches_done, actor, rows);
    if (outcome.kind === 'out_of_order') return null;
    row = {
      ...row,
      batches_done: outcome.progress.done,
      status: outcome.progress.finished ? 'done' : 'importing',
      summary: JSON.stringify(outcome.progress.summary),
    };
  }
}

/** The dry run's report as CSV (every cell neutralised: a formula typed into the file stays text). */
export function reportCsv(check: Pick<RosterCheck, 'reports'>, say: Translate): string {
  return csvFile(
    ['line', 'name', 'class', 'role', 'status', 'problems'],
    check.reports.map((r) => [
      r.line,
      r.name,
      r.className,
      r.role,
      r.status,
      r.problems.map((p) => `${p.column ?? ''}: ${say(p.key, p.params)}`).join('; '),
    ]),
  );
}
