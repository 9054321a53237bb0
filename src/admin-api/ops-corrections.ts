/**
 * Corrections and attaching, through `directory/corrections.ts` (the desk's and the CLI's rules,
 * audited there with `via: api`): correct a person's name, SNILS or birth date with a required
 * reason (fields left out keep their value, `null` clears an optional one); attach a profile to
 * an organisation with a role (and a class for a student) — a profile outside the token's
 * organisation is named by its login, as the desk does (article 002); detach it.
 */
import { z } from 'zod';
import { checkLogin } from '../core/identifiers/login.js';
import type { Organisation, Person } from '../db/schema.js';
import { ATTACHABLE_ROLES, attachProfile, correctPerson, detachProfile } from '../directory/corrections.js';
import type { Services } from '../services.js';
import { clientIp, userAgent } from '../web/context.js';
import { ApiError, type ApiIssue } from './errors.js';
import { type ApiScope, defineOperation } from './operation.js';
import { idSchema, personBody, personSchema, slugSchema } from './schemas.js';
import { chosenOrganisation, organisationInScope, personInScope } from './scope.js';

const personPath = z.strictObject({ id: idSchema });
const attachableRole = z.enum(ATTACHABLE_ROLES);

function actorOf(request: Parameters<typeof clientIp>[0]) {
  return { actorId: null, ip: clientIp(request), userAgent: userAgent(request), via: 'api' as const };
}

/** The organisation a correction is recorded under: the named one, the token's, or the person's first. */
async function organisationFor(
  services: Services,
  scope: ApiScope,
  person: Person,
  slug: string | undefined,
): Promise<Organisation> {
  const chosen = await chosenOrganisation(services, scope, slug);
  if (chosen) return chosen;
  const first = await services.db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .selectAll('o')
    .where('m.person_id', '=', person.id)
    .orderBy('o.slug')
    .executeTakeFirst();
  if (!first)
    throw new ApiError('invalid_request', [{ path: 'body.organisation', message: 'api.issue.required' }]);
  return first;
}

const correct = defineOperation({
  id: 'correctPerson',
  method: 'POST',
  path: '/people/{id}/correction',
  tag: 'people',
  summary: 'Correct name, SNILS or birth date, with a reason (audited with old and new values)',
  params: personPath,
  body: z.strictObject({
    lastName: z.string().min(1).max(100).optional(),
    firstName: z.string().min(1).max(100).optional(),
    middleName: z.string().max(100).nullable().optional(),
    snils: z.string().max(20).nullable().optional(),
    birthDate: z.string().max(10).nullable().optional(),
    reason: z.string().min(1).max(500),
    organisation: slugSchema.optional(),
  }),
  response: z.strictObject({ person: personSchema, corrected: z.array(z.string()) }),
  async handler({ services, scope, params, body, request }) {
    const person = await personInScope(services, scope, params.id);
    const organisation = await organisationFor(services, scope, person, body.organisation);
    const pick = (value: string | null | undefined, current: string | null): string =>
      value === undefined ? (current ?? '') : (value ?? '');
    const outcome = await correctPerson(
      services,
      { realmId: scope.realm.id, organisationId: organisation.id },
      person,
      {
        lastName: body.lastName ?? person.last_name,
        firstName: body.firstName ?? person.first_name,
        middleName: pick(body.middleName, person.middle_name),
        snils: pick(body.snils, person.snils),
        birthDate: pick(body.birthDate, person.birth_date),
        reason: body.reason,
      },
      actorOf(request),
    );
    if (outcome.kind === 'invalid') {
      const issues: ApiIssue[] = Object.entries(outcome.problems).map(([field, key]) => ({
        path: `body.${field}`,
        message: key,
      }));
      throw new ApiError('invalid_request', issues);
    }
    const updated = await personInScope(services, scope, person.id);
    return {
      person: personBody(updated),
      corrected: outcome.kind === 'corrected' ? [...outcome.fields] : [],
    };
  },
});

const attach = defineOperation({
  id: 'attachPerson',
  method: 'POST',
  path: '/memberships',
  tag: 'memberships',
  summary: 'Attach a profile to an organisation with a role (a class for a student)',
  body: z.strictObject({
    person: idSchema.optional(),
    login: z.string().min(1).max(200).optional(),
    organisation: slugSchema,
    role: attachableRole,
    class: z.string().min(1).max(20).optional(),
  }),
  status: 201,
  response: z.strictObject({
    person: z.string(),
    organisation: z.string(),
    role: attachableRole,
    class: z.string().nullable(),
  }),
  errors: ['conflict'],
  async handler({ services, scope, body, request }) {
    if ((body.person === undefined) === (body.login === undefined))
      throw new ApiError('invalid_request', [{ path: 'body.person', message: 'api.issue.invalid' }]);
    const organisation = await organisationInScope(services, scope, body.organisation);
    let person: Person | null;
    if (body.person !== undefined) person = await personInScope(services, scope, body.person);
    else {
      const login = checkLogin(body.login ?? '');
      if (!login.ok) throw new ApiError('invalid_request', [{ path: 'body.login', message: login.code }]);
      person = await services.people.findByLogin(scope.realm.id, login.normalized);
      if (!person) throw new ApiError('not_found');
    }
    let classId: string | null = null;
    if (body.class !== undefined) {
      const found = (await services.members.classesOf(organisation.id)).find((c) => c.name === body.class);
      if (!found)
        throw new ApiError('invalid_request', [{ path: 'body.class', message: 'api.issue.invalid' }]);
      classId = found.id;
    }
    const outcome = await attachProfile(
      services,
      { realmId: scope.realm.id, organisationId: organisation.id },
      person,
      body.role,
      classId,
      actorOf(request),
    );
    if (outcome.kind === 'refused') {
      if (outcome.status === 404) throw new ApiError('not_found');
      if (outcome.status === 400)
        throw new ApiError('invalid_request', [{ path: 'body.class', message: outcome.key }]);
      throw new ApiError('conflict', [], { reason: request.t(outcome.key) });
    }
    return {
      person: outcome.person.id,
      organisation: organisation.slug,
      role: body.role,
      class: body.class ?? null,
    };
  },
});

const detach = defineOperation({
  id: 'detachPerson',
  method: 'POST',
  path: '/people/{id}/detach',
  tag: 'memberships',
  summary: 'Remove what a person is in an organisation in one role',
  params: personPath,
  body: z.strictObject({ organisation: slugSchema, role: attachableRole }),
  response: z.strictObject({ removed: z.number().int() }),
  async handler({ services, scope, params, body, request }) {
    const organisation = await organisationInScope(services, scope, body.organisation);
    const person = await personInScope(services, scope, params.id);
    const removed = await detachProfile(
      services,
      { realmId: scope.realm.id, organisationId: organisation.id },
      person,
      body.role,
      actorOf(request),
    );
    if (removed === 0) throw new ApiError('not_found');
    return { removed };
  },
});

export const CORRECTION_OPERATIONS = [correct, attach, detach];
