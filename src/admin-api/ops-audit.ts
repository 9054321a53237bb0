/**
 * The audit log through the API, newest first, keyset-paged on (time, id), filtered by kind of
 * event (`action`, exact, or a prefix ending with a dot: `signin.`), person, organisation and
 * period. An organisation's token sees the events of its organisation and the events about its
 * members that belong to no other organisation (their sign-ins, recoveries, contact changes).
 * Organisations: the realm's, or the token's own; the realm itself: a realm token only.
 */
import type { ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { Services } from '../services.js';
import { defineOperation } from './operation.js';
import {
  cursorSchema,
  dateTime,
  decodeCursor,
  encodeCursor,
  idSchema,
  iso,
  limitSchema,
  pageSchema,
  slugSchema,
} from './schemas.js';
import { memberIdsOf, organisationInScope } from './scope.js';

const eventSchema = z.strictObject({
  id: z.number().int(),
  at: dateTime,
  action: z.string(),
  actorId: z.string().nullable(),
  subjectId: z.string().nullable(),
  organisationId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

/** Events of one organisation: its own, and those of its people that belong to no other one. */
function ofOrganisation(services: Services, organisationId: string) {
  return (eb: ExpressionBuilder<Database, 'audit_events'>) =>
    eb.or([
      eb('organisation_id', '=', organisationId),
      eb.and([
        eb('organisation_id', 'is', null),
        eb('subject_id', 'in', memberIdsOf(services, organisationId)),
      ]),
    ]);
}

const listAudit = defineOperation({
  id: 'listAuditEvents',
  method: 'GET',
  path: '/audit',
  tag: 'audit',
  summary: 'Audit events, newest first',
  query: z.strictObject({
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'api.issue.invalid')
      .max(60)
      .optional(),
    person: idSchema.optional(),
    organisation: slugSchema.optional(),
    since: dateTime.optional(),
    until: dateTime.optional(),
    cursor: cursorSchema,
    limit: limitSchema,
  }),
  response: pageSchema(eventSchema),
  async handler({ services, scope, query }) {
    const after = decodeCursor(query.cursor, ['number', 'number'] as const);
    let q = services.db.selectFrom('audit_events').selectAll().where('realm_id', '=', scope.realm.id);
    if (scope.organisation) q = q.where(ofOrganisation(services, scope.organisation.id));
    if (query.organisation !== undefined) {
      const organisation = await organisationInScope(services, scope, query.organisation);
      q = q.where(ofOrganisation(services, organisation.id));
    }
    if (query.action !== undefined) {
      q = query.action.endsWith('.')
        ? q.where('action', 'like', `${query.action}%`)
        : q.where('action', '=', query.action);
    }
    if (query.person !== undefined) q = q.where('subject_id', '=', query.person);
    if (query.since !== undefined) q = q.where('at', '>=', Date.parse(query.since));
    if (query.until !== undefined) q = q.where('at', '<', Date.parse(query.until));
    if (after) {
      const [at, id] = after;
      q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => ({
        id: Number(r.id),
        at: iso(r.at),
        action: r.action,
        actorId: r.actor_id,
        subjectId: r.subject_id,
        organisationId: r.organisation_id,
        ip: r.ip,
        userAgent: r.user_agent,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
      })),
      next: rows.length > query.limit && last ? encodeCursor([last.at, Number(last.id)]) : null,
    };
  },
});

const organisationSchema = z.strictObject({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  number: z.string().nullable(),
});

const listOrganisations = defineOperation({
  id: 'listOrganisations',
  method: 'GET',
  path: '/organisations',
  tag: 'organisations',
  summary: 'Organisations of the realm (an organisation’s token: its own)',
  query: z.strictObject({ cursor: cursorSchema, limit: limitSchema }),
  response: pageSchema(organisationSchema),
  async handler({ services, scope, query }) {
    const after = decodeCursor(query.cursor, ['string'] as const);
    let q = services.db
      .selectFrom('organisations')
      .select(['id', 'slug', 'name', 'kind', 'number'])
      .where('realm_id', '=', scope.realm.id);
    if (scope.organisation) q = q.where('id', '=', scope.organisation.id);
    if (after) q = q.where('id', '>', after[0]);
    const rows = await q
      .orderBy('id')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
  },
});

const getRealm = defineOperation({
  id: 'getRealm',
  method: 'GET',
  path: '/realm',
  tag: 'realm',
  summary: 'The realm and its settings',
  realmOnly: true,
  response: z.strictObject({
    id: z.string(),
    name: z.string(),
    preset: z.string(),
    settings: z.record(z.string(), z.unknown()),
  }),
  async handler({ scope }) {
    const { id, name, preset, settings } = scope.realm;
    return { id, name, preset, settings: settings as unknown as Record<string, unknown> };
  },
});

export const AUDIT_OPERATIONS = [listAudit, listOrganisations, getRealm];
