/**
 * Reading the audit log as the desk, the CLI and the admin API show it: the events of the people
 * of a scope, filtered by person, kind and period, newest first, a page at a time.
 *
 * Rules:
 * - A scope is what the reader may see: an organisation (its curator or administrator: events
 *   about the organisation and about anyone who belongs to it — members and guardians of its
 *   students), a region (its regional administrator: the same for every organisation of the
 *   region), a realm or everything (the operator).
 * - Pages are keyset-paged on (at, id), newest first: a page is found by an index walk from
 *   the cursor, never by an offset, and events written meanwhile do not shift later pages.
 * - A person filter matches events about the person or done by them, inside the scope.
 * - Names of actor and subject come with the events (a left join; a pending profile's login is
 *   null); detail is reduced by `visibleDetail` — never a secret.
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPendingLogin } from '../directory/people-store.js';
import { type AuditKind, KIND_PREFIXES, kindOf, visibleDetail } from './kinds.js';

export type AuditScope =
  | { readonly kind: 'organisation'; readonly realmId: string; readonly organisationId: string }
  | { readonly kind: 'region'; readonly realmId: string; readonly regionId: string }
  | { readonly kind: 'realm'; readonly realmId: string }
  | { readonly kind: 'all' };

export interface AuditCursor {
  readonly at: number;
  readonly id: number;
}

export interface AuditFilter {
  readonly personId?: string | undefined;
  readonly kinds?: readonly AuditKind[] | undefined;
  /** Inclusive, milliseconds. */
  readonly from?: number | undefined;
  /** Exclusive, milliseconds. */
  readonly to?: number | undefined;
}

export interface PersonRef {
  readonly id: string;
  readonly name: string;
  readonly login: string | null;
}

export interface AuditRow {
  readonly id: number;
  readonly at: number;
  readonly action: string;
  readonly kind: AuditKind | 'other';
  readonly realmId: string | null;
  readonly actor: PersonRef | null;
  readonly subject: PersonRef | null;
  readonly organisationId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly detail: Readonly<Record<string, string>>;
}

export interface AuditPage {
  readonly rows: readonly AuditRow[];
  /** The cursor of the next (older) page, or null at the end. */
  readonly next: AuditCursor | null;
}

export const PAGE_MAX = 500;

/** `1733300000000.42` → cursor; anything else → null. */
export function parseCursor(text: string): AuditCursor | null {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(text);
  if (!m) return null;
  return { at: Number(m[1]), id: Number(m[2]) };
}

export function formatCursor(cursor: AuditCursor): string {
  return `${cursor.at}.${cursor.id}`;
}

type Eb = ExpressionBuilder<Database, 'audit_events'>;
type OrgIds = SelectQueryBuilder<Database, 'organisations', { id: string }>;

/** The ids of the organisations of a scope below the realm. */
function organisationIds(db: Kysely<Database>, scope: AuditScope): OrgIds | null {
  const orgs = db.selectFrom('organisations').select('id');
  if (scope.kind === 'organisation') return orgs.where('id', '=', scope.organisationId);
  if (scope.kind === 'region')
    return orgs.where('region_id', '=', scope.regionId).where('realm_id', '=', scope.realmId);
  return null;
}

/** The people of some organisations: members and guardians of their students, as a subquery. */
function studentsOf(db: Kysely<Database>, orgIds: OrgIds) {
  return db
    .selectFrom('memberships')
    .select('person_id')
    .where('organisation_id', 'in', orgIds)
    .where('role', '=', 'student');
}

function inScope(db: Kysely<Database>, eb: Eb, scope: AuditScope) {
  if (scope.kind === 'all') return eb.lit(true);
  const orgIds = organisationIds(db, scope);
  if (orgIds === null) return eb('audit_events.realm_id', '=', scope.realmId);
  const members = db.selectFrom('memberships').select('person_id').where('organisation_id', 'in', orgIds);
  const guardians = db
    .selectFrom('guardianships')
    .select('parent_id')
    .where('child_id', 'in', studentsOf(db, orgIds));
  return eb.and([
    eb('audit_events.realm_id', '=', scope.realmId),
    eb.or([
      eb('audit_events.organisation_id', 'in', orgIds),
      eb('audit_events.subject_id', 'in', members),
      eb('audit_events.subject_id', 'in', guardians),
    ]),
  ]);
}

function ofKinds(eb: Eb, kinds: readonly AuditKind[]) {
  const tests = kinds.flatMap((k) =>
    KIND_PREFIXES[k].map((p) =>
      p.endsWith('.') ? eb('audit_events.action', 'like', `${p}%`) : eb('audit_events.action', '=', p),
    ),
  );
  return eb.or(tests);
}

function personRef(
  id: string | null,
  last: string | null,
  first: string | null,
  middle: string | null,
  login: string | null,
): PersonRef | null {
  if (id === null) return null;
  if (last === null || first === null) return { id, name: '', login: null };
  return {
    id,
    name: [last, first, middle].filter(Boolean).join(' '),
    login: login === null || isPendingLogin(login) ? null : login,
  };
}

/** One page of the events of `scope`, newest first, older than `before`. */
export async function auditPage(
  db: Kysely<Database>,
  scope: AuditScope,
  filter: AuditFilter,
  options: { readonly before?: AuditCursor | null; readonly limit: number },
): Promise<AuditPage> {
  const limit = Math.max(1, Math.min(PAGE_MAX, options.limit));
  let query = db
    .selectFrom('audit_events')
    .leftJoin('people as a', 'a.id', 'audit_events.actor_id')
    .leftJoin('people as s', 's.id', 'audit_events.subject_id')
    .select([
      'audit_events.id',
      'audit_events.at',
      'audit_events.action',
      'audit_events.realm_id',
      'audit_events.actor_id',
      'audit_events.subject_id',
      'audit_events.organisation_id',
      'audit_events.ip',
      'audit_events.user_agent',
      'audit_events.detail',
      'a.last_name as a_last',
      'a.first_name as a_first',
      'a.middle_name as a_middle',
      'a.login as a_login',
      's.last_name as s_last',
      's.first_name as s_first',
      's.middle_name as s_middle',
      's.login as s_login',
    ])
    .where((eb) => inScope(db, eb, scope));
  const { personId, kinds, from, to } = filter;
  if (personId !== undefined)
    query = query.where((eb) =>
      eb.or([eb('audit_events.subject_id', '=', personId), eb('audit_events.actor_id', '=', personId)]),
    );
  if (kinds !== undefined && kinds.length > 0) query = query.where((eb) => ofKinds(eb, kinds));
  if (from !== undefined) query = query.where('audit_events.at', '>=', from);
  if (to !== undefined) query = query.where('audit_events.at', '<', to);
  const before = options.before;
  if (before)
    query = query.where((eb) =>
      eb.or([
        eb('audit_events.at', '<', before.at),
        eb.and([eb('audit_events.at', '=', before.at), eb('audit_events.id', '<', before.id)]),
      ]),
    );
  const found = await query
    .orderBy('audit_events.at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(limit + 1)
    .execute();
  const rows = found.slice(0, limit).map(
    (r): AuditRow => ({
      id: Number(r.id),
      at: Number(r.at),
      action: r.action,
      kind: kindOf(r.action),
      realmId: r.realm_id,
      actor: personRef(r.actor_id, r.a_last, r.a_first, r.a_middle, r.a_login),
      subject: personRef(r.subject_id, r.s_last, r.s_first, r.s_middle, r.s_login),
      organisationId: r.organisation_id,
      ip: r.ip,
      userAgent: r.user_agent,
      detail: visibleDetail(parseDetail(r.detail)),
    }),
  );
  const last = rows[rows.length - 1];
  return { rows, next: found.length > limit && last ? { at: last.at, id: last.id } : null };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Whether `personId` is one of the people of `scope` (a person filter outside it finds nothing). */
export async function personInScope(
  db: Kysely<Database>,
  scope: AuditScope,
  personId: string,
): Promise<boolean> {
  if (scope.kind === 'all') return true;
  const person = await db
    .selectFrom('people')
    .select('id')
    .where('id', '=', personId)
    .where('realm_id', '=', scope.realmId)
    .executeTakeFirst();
  if (!person) return false;
  const orgIds = organisationIds(db, scope);
  if (orgIds === null) return true;
  const member = await db
    .selectFrom('memberships')
    .select('id')
    .where('person_id', '=', personId)
    .where('organisation_id', 'in', orgIds)
    .executeTakeFirst();
  if (member) return true;
  const guardian = await db
    .selectFrom('guardianships')
    .select('child_id')
    .where('parent_id', '=', personId)
    .where('child_id', 'in', studentsOf(db, orgIds))
    .executeTakeFirst();
  return guardian !== undefined;
}
