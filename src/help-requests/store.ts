/**
 * «Заявка на восстановление доступа»: where self-service ends (no confirmed contact, a Gosuslugi
 * mismatch, a lost digital signature) a person asks their school, and the school's curator
 * answers in the desk. The desk, the public form, the support page and the admin API call these.
 *
 * Rules:
 * - Submitting never looks anybody up: the answer is the same request number whoever asked, so
 *   the form cannot tell whether an account exists. Matching happens only in the curator's view.
 * - The number is twelve random digits in three groups, unique in the realm; the person checks
 *   the status with it (status only: open, in progress, closed — nothing else).
 * - Status moves open → in_progress (the curator opens or ticks it) → closed (with an outcome);
 *   every move and every action on it is audited with the request's number, never its contents.
 * - Expiry: 90 days after creation, or 30 days after closing, the row (and the personal data in
 *   it) is deleted by the janitor.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { Database, HelpRequest, HelpRequestStatus } from '../db/schema.js';

const DAY = 24 * 3600 * 1000;
export const OPEN_DAYS = 90;
export const CLOSED_DAYS = 30;

export const HELP_REASONS = [
  'no_contact',
  'gosuslugi_mismatch',
  'lost_signature',
  'lost_second_factor',
  'other',
] as const;
export type HelpReason = (typeof HELP_REASONS)[number];
export const HELP_ROLES = ['student', 'parent', 'teacher', 'staff'] as const;
export type HelpRole = (typeof HELP_ROLES)[number];
export const CHECKLIST = [
  'identity_document',
  'relationship',
  'class_confirmed',
  'contact_confirmed',
] as const;
export type ChecklistItem = (typeof CHECKLIST)[number];
export const OUTCOMES = [
  'login_told',
  'password_set',
  'data_corrected',
  'referred',
  'not_verified',
  'duplicate',
] as const;
export type HelpOutcome = (typeof OUTCOMES)[number];

export interface NewHelpRequest {
  readonly realmId: string;
  readonly organisationId: string;
  readonly reason: HelpReason;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly className: string | null;
  readonly role: HelpRole;
  readonly contact: string;
}

export function newNumber(): string {
  const group = () => String(randomInt(10_000)).padStart(4, '0');
  return `${group()}-${group()}-${group()}`;
}

export const NUMBER_SHAPE = /^\d{4}-\d{4}-\d{4}$/;

export async function createHelpRequest(
  db: Kysely<Database>,
  clock: Clock,
  input: NewHelpRequest,
): Promise<HelpRequest> {
  const now = clock.now();
  for (let attempt = 0; ; attempt++) {
    const row: HelpRequest = {
      id: newId(),
      realm_id: input.realmId,
      organisation_id: input.organisationId,
      number: newNumber(),
      status: 'open',
      reason: input.reason,
      last_name: input.lastName,
      first_name: input.firstName,
      middle_name: input.middleName,
      class_name: input.className,
      role: input.role,
      contact: input.contact,
      checklist: '[]',
      outcome: null,
      taken_by: null,
      closed_by: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
      expires_at: now + OPEN_DAYS * DAY,
    };
    const clash = await db
      .selectFrom('help_requests')
      .select('id')
      .where('realm_id', '=', input.realmId)
      .where('number', '=', row.number)
      .executeTakeFirst();
    if (clash && attempt < 5) continue;
    await db.insertInto('help_requests').values(row).execute();
    return row;
  }
}

export async function findByNumber(
  db: Kysely<Database>,
  realmId: string,
  number: string,
): Promise<HelpRequest | null> {
  if (!NUMBER_SHAPE.test(number)) return null;
  return (
    (await db
      .selectFrom('help_requests')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('number', '=', number)
      .executeTakeFirst()) ?? null
  );
}

/** An organisation's queue: open and in progress first (oldest first), then the last closed. */
export async function queueOf(db: Kysely<Database>, organisationId: string): Promise<HelpRequest[]> {
  const active = await db
    .selectFrom('help_requests')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', ['open', 'in_progress'])
    .orderBy('created_at')
    .limit(200)
    .execute();
  const closed = await db
    .selectFrom('help_requests')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'closed')
    .orderBy('closed_at', 'desc')
    .limit(50)
    .execute();
  return [...active, ...closed];
}

export function checklistOf(row: HelpRequest): ChecklistItem[] {
  try {
    const items: unknown = JSON.parse(row.checklist);
    return Array.isArray(items)
      ? items.filter((i): i is ChecklistItem => (CHECKLIST as readonly unknown[]).includes(i))
      : [];
  } catch {
    return [];
  }
}

/** Ticks the checklist (and takes an open request into work); false if it was closed meanwhile. */
export async function saveChecklist(
  db: Kysely<Database>,
  clock: Clock,
  row: HelpRequest,
  items: readonly ChecklistItem[],
  actorId: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('help_requests')
    .set({
      checklist: JSON.stringify(items),
      status: 'in_progress',
      taken_by: actorId ?? row.taken_by,
      updated_at: clock.now(),
    })
    .where('id', '=', row.id)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function closeRequest(
  db: Kysely<Database>,
  clock: Clock,
  row: HelpRequest,
  outcome: HelpOutcome,
  actorId: string | null,
): Promise<boolean> {
  const now = clock.now();
  const result = await db
    .updateTable('help_requests')
    .set({
      status: 'closed',
      outcome,
      closed_by: actorId,
      closed_at: now,
      updated_at: now,
      expires_at: now + CLOSED_DAYS * DAY,
    })
    .where('id', '=', row.id)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What support sees: per organisation, counts by status and the oldest open age — no person. */
export interface QueueCounts {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly open: number;
  readonly inProgress: number;
  readonly closed: number;
  readonly oldestOpenAt: number | null;
}

export async function realmQueueCounts(db: Kysely<Database>, realmId: string): Promise<QueueCounts[]> {
  const rows = await db
    .selectFrom('help_requests as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisation_id')
    .select(['h.organisation_id', 'o.name', 'h.status', 'h.created_at'])
    .where('h.realm_id', '=', realmId)
    .execute();
  const by = new Map<
    string,
    {
      organisationId: string;
      organisationName: string;
      open: number;
      inProgress: number;
      closed: number;
      oldestOpenAt: number | null;
    }
  >();
  for (const r of rows) {
    const entry = by.get(r.organisation_id) ?? {
      organisationId: r.organisation_id,
      organisationName: r.name,
      open: 0,
      inProgress: 0,
      closed: 0,
      oldestOpenAt: null,
    };
    const status = r.status as HelpRequestStatus;
    if (status === 'open') entry.open++;
    else if (status === 'in_progress') entry.inProgress++;
    else entry.closed++;
    if (status !== 'closed' && (entry.oldestOpenAt === null || r.created_at < entry.oldestOpenAt))
      entry.oldestOpenAt = r.created_at;
    by.set(r.organisation_id, entry);
  }
  return [...by.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'ru'));
}

/** Requests of the realm without anything personal: number, school, status, age. */
export async function realmQueueList(db: Kysely<Database>, realmId: string) {
  return db
    .selectFrom('help_requests as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisation_id')
    .select([
      'h.number',
      'o.name as organisationName',
      'h.status',
      'h.reason',
      'h.outcome',
      'h.created_at',
      'h.closed_at',
    ])
    .where('h.realm_id', '=', realmId)
    .orderBy('h.created_at', 'desc')
    .limit(200)
    .execute();
}

/** Profiles of the organisation whose name matches the request's (for the curator only). */
export async function matchingProfiles(db: Kysely<Database>, row: HelpRequest) {
  const fold = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е');
  const candidates = await db
    .selectFrom('people as p')
    .innerJoin('memberships as m', 'm.person_id', 'p.id')
    .leftJoin('classes as c', 'c.id', 'm.class_id')
    .select([
      'p.id',
      'p.last_name',
      'p.first_name',
      'p.middle_name',
      'p.login',
      'p.birth_date',
      'm.role',
      'c.name as className',
    ])
    .where('m.organisation_id', '=', row.organisation_id)
    .where('p.realm_id', '=', row.realm_id)
    .where((eb) => eb.or([eb('p.last_name', '=', row.last_name), eb('p.first_name', '=', row.first_name)]))
    .limit(50)
    .execute();
  const unique = new Map<string, (typeof candidates)[number]>();
  for (const c of candidates) {
    const same = fold(c.last_name) === fold(row.last_name) || fold(c.first_name) === fold(row.first_name);
    if (same && !unique.has(c.id)) unique.set(c.id, c);
  }
  return [...unique.values()].sort(
    (a, b) =>
      Number(fold(b.last_name) === fold(row.last_name) && fold(b.first_name) === fold(row.first_name)) -
      Number(fold(a.last_name) === fold(row.last_name) && fold(a.first_name) === fold(row.first_name)),
  );
}

/** The janitor's task: requests past their expiry, with what they hold. */
export function expiredHelpRequests(db: Kysely<Database>) {
  return async ({ now, limit }: { now: number; limit: number }): Promise<number> => {
    const due = db.selectFrom('help_requests').select('id').where('expires_at', '<', now).limit(limit);
    const result = await db.deleteFrom('help_requests').where('id', 'in', due).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
}
