/**
 * The two acts on a «Заявка на восстановление доступа» that change it, one rule set for the
 * desk and the admin API: ticking what was checked in person (which takes an open request into
 * work) and closing it with an outcome. Each is one conditional write — a closed request is never
 * changed, so of two operators racing to close, one wins and the other is told it is closed —
 * followed by its audit entry with the request's number, never its contents.
 */

import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import type { Database, HelpRequest } from '../db/schema.js';
import {
  CHECKLIST,
  type ChecklistItem,
  closeRequest,
  type HelpOutcome,
  OUTCOMES,
  saveChecklist,
} from './store.js';

export interface HelpActionDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

/** Who acts: a curator in the desk (their id), or an API token (no person; named in the detail). */
export interface HelpActor {
  readonly actorId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly detail?: Readonly<Record<string, string>>;
}

export type HelpActionOutcome = 'saved' | 'closed_already';

/** The checklist items of a submission, or null when any is not one of `CHECKLIST`. */
export function checklistItems(raw: readonly unknown[]): ChecklistItem[] | null {
  if (raw.length > CHECKLIST.length) return null;
  const items = raw.filter(
    (i): i is ChecklistItem => typeof i === 'string' && (CHECKLIST as readonly string[]).includes(i),
  );
  return items.length === raw.length ? [...new Set(items)] : null;
}

export function isOutcome(value: string): value is HelpOutcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

async function audited(
  deps: HelpActionDeps,
  row: HelpRequest,
  actor: HelpActor,
  action: 'help.checked' | 'help.closed',
  detail: Record<string, string>,
): Promise<void> {
  await deps.audit.append({
    realmId: row.realm_id,
    action,
    organisationId: row.organisation_id,
    actorId: actor.actorId,
    ip: actor.ip,
    userAgent: actor.userAgent,
    detail: { number: row.number, ...detail, ...actor.detail },
  });
}

export async function tickChecklist(
  deps: HelpActionDeps,
  row: HelpRequest,
  items: readonly ChecklistItem[],
  actor: HelpActor,
): Promise<HelpActionOutcome> {
  if (!(await saveChecklist(deps.db, deps.clock, row, items, actor.actorId))) return 'closed_already';
  await audited(deps, row, actor, 'help.checked', { items: items.join(' ') });
  return 'saved';
}

export async function closeHelpRequest(
  deps: HelpActionDeps,
  row: HelpRequest,
  outcome: HelpOutcome,
  actor: HelpActor,
): Promise<HelpActionOutcome> {
  if (!(await closeRequest(deps.db, deps.clock, row, outcome, actor.actorId))) return 'closed_already';
  await audited(deps, row, actor, 'help.closed', { outcome });
  return 'saved';
}
