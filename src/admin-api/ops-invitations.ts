/**
 * Memberships and invitations of a person, as far as the token reaches: an organisation's token
 * sees only what the person is and holds in that organisation. Issuing and voiding codes run
 * through `invitations/issue.ts` — the rules of the desk and `propusk invite` (who may get which
 * code, re-issue voids the old one, one audited transaction), with `via: api`. A code is in the
 * answer that issued it and nowhere else.
 */
import { z } from 'zod';
import { CODE_PREFIXES, type CodePrefix } from '../invitations/codes.js';
import { codeRefusal, issueInvitations, voidInvitations } from '../invitations/issue.js';
import { clientIp, userAgent } from '../web/context.js';
import { ApiError } from './errors.js';
import { defineOperation } from './operation.js';
import { dateTime, idSchema, iso, isoOrNull, roleSchema, slugSchema } from './schemas.js';
import { memberInScope, personInScope } from './scope.js';

const personPath = z.strictObject({ id: idSchema });

const membershipSchema = z.strictObject({
  id: z.string(),
  organisation: z.strictObject({ id: z.string(), slug: z.string(), name: z.string() }),
  class: z.string().nullable(),
  role: roleSchema,
  createdAt: dateTime,
});

const listMemberships = defineOperation({
  id: 'listMemberships',
  method: 'GET',
  path: '/people/{id}/memberships',
  tag: 'memberships',
  summary: 'What a person is in each organisation (role, class)',
  params: personPath,
  response: z.strictObject({ items: z.array(membershipSchema) }),
  async handler({ services, scope, params }) {
    const person = await personInScope(services, scope, params.id);
    let q = services.db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .leftJoin('classes as c', 'c.id', 'm.class_id')
      .select([
        'm.id',
        'm.role',
        'm.created_at',
        'o.id as org_id',
        'o.slug',
        'o.name',
        'c.name as class_name',
      ])
      .where('m.person_id', '=', person.id)
      .where('o.realm_id', '=', scope.realm.id);
    if (scope.organisation) q = q.where('o.id', '=', scope.organisation.id);
    const rows = await q.orderBy('o.slug').orderBy('m.role').orderBy('m.id').execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        organisation: { id: r.org_id, slug: r.slug, name: r.name },
        class: r.class_name,
        role: r.role,
        createdAt: iso(r.created_at),
      })),
    };
  },
});

const invitationSchema = z.strictObject({
  id: z.string(),
  organisation: z.string(),
  prefix: z.enum(CODE_PREFIXES as readonly CodePrefix[] as [CodePrefix, ...CodePrefix[]]),
  status: z.enum(['active', 'used', 'void', 'expired']),
  issuedAt: dateTime,
  expiresAt: dateTime,
  usedAt: dateTime.nullable(),
});

const listInvitations = defineOperation({
  id: 'listInvitations',
  method: 'GET',
  path: '/people/{id}/invitations',
  tag: 'invitations',
  summary: 'Invitation codes issued for a person (never the codes themselves)',
  params: personPath,
  response: z.strictObject({ items: z.array(invitationSchema) }),
  async handler({ services, scope, params }) {
    const person = await personInScope(services, scope, params.id);
    let q = services.db
      .selectFrom('invitations as i')
      .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
      .select(['i.id', 'i.prefix', 'i.status', 'i.issued_at', 'i.expires_at', 'i.used_at', 'o.slug'])
      .where('i.person_id', '=', person.id)
      .where('i.realm_id', '=', scope.realm.id);
    if (scope.organisation) q = q.where('i.organisation_id', '=', scope.organisation.id);
    const rows = await q.orderBy('i.issued_at', 'desc').orderBy('i.id').execute();
    const now = services.clock.now();
    return {
      items: rows.map((r) => ({
        id: r.id,
        organisation: r.slug,
        prefix: r.prefix as CodePrefix,
        status: r.status === 'active' && now >= r.expires_at ? ('expired' as const) : r.status,
        issuedAt: iso(r.issued_at),
        expiresAt: iso(r.expires_at),
        usedAt: isoOrNull(r.used_at),
      })),
    };
  },
});

const issueInvitation = defineOperation({
  id: 'issueInvitation',
  method: 'POST',
  path: '/invitations',
  tag: 'invitations',
  summary: 'Issue an invitation code (answered once); the person’s previous code of its kind is voided',
  body: z.strictObject({
    person: idSchema,
    organisation: slugSchema,
    prefix: z.enum(CODE_PREFIXES as readonly CodePrefix[] as [CodePrefix, ...CodePrefix[]]),
    days: z.number().int().min(1).max(365).optional(),
  }),
  status: 201,
  response: z.strictObject({
    id: z.string(),
    person: z.string(),
    prefix: z.string(),
    code: z.string(),
    expiresAt: dateTime,
    voided: z.number().int(),
  }),
  errors: ['conflict'],
  async handler({ services, scope, body, request }) {
    const { organisation, member } = await memberInScope(services, scope, body.organisation, body.person);
    const refusal = codeRefusal(member, body.prefix);
    if (refusal) throw new ApiError('conflict', [], { reason: request.t(refusal) });
    const [issued] = await issueInvitations(
      services,
      {
        realmId: scope.realm.id,
        organisationId: organisation.id,
        actorId: null,
        ip: clientIp(request),
        userAgent: userAgent(request),
        via: 'api',
        ...(body.days !== undefined ? { days: body.days } : {}),
      },
      [{ person: member.person, prefix: body.prefix, className: member.studentClass?.name ?? null }],
    );
    if (!issued) throw new ApiError('internal');
    return {
      id: issued.invitationId,
      person: member.person.id,
      prefix: issued.prefix,
      code: issued.code,
      expiresAt: iso(issued.expiresAt),
      voided: issued.voided,
    };
  },
});

const voidPersonInvitations = defineOperation({
  id: 'voidInvitations',
  method: 'POST',
  path: '/people/{id}/invitations/void',
  tag: 'invitations',
  summary: 'Void every active invitation code of a person in an organisation',
  params: personPath,
  body: z.strictObject({ organisation: slugSchema }),
  response: z.strictObject({ voided: z.number().int() }),
  async handler({ services, scope, params, body, request }) {
    const { organisation, member } = await memberInScope(services, scope, body.organisation, params.id);
    const voided = await voidInvitations(
      services,
      {
        realmId: scope.realm.id,
        organisationId: organisation.id,
        actorId: null,
        ip: clientIp(request),
        userAgent: userAgent(request),
        via: 'api',
      },
      member.person.id,
    );
    return { voided };
  },
});

export const INVITATION_OPERATIONS = [
  listMemberships,
  listInvitations,
  issueInvitation,
  voidPersonInvitations,
];
