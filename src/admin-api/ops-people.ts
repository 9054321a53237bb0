/**
 * People: list (keyset-paged by id, filtered by organisation, role, class, login, status), one
 * person, create a profile with a temporary password, block and unblock, a new temporary
 * password. Each change runs through the same account operations as the desk and the CLI
 * (`directory/accounts.ts`), audited with `via: api` and the token's id.
 *
 * An organisation's token works only on its members and cannot create or act on administrators,
 * curators or support people (their desk or support would pass to whoever holds the token).
 */
import { z } from 'zod';
import { checkLogin } from '../core/identifiers/login.js';
import type { Role } from '../db/schema.js';
import {
  createProfile,
  type ProfileInput,
  setBlocked,
  setPasswordByOperator,
} from '../directory/accounts.js';
import { PRIVILEGED_ROLES } from '../directory/members.js';
import { isPendingLogin } from '../directory/people-store.js';
import { clientIp } from '../web/context.js';
import { ApiError, type ApiIssue } from './errors.js';
import { type ApiScope, defineOperation } from './operation.js';
import {
  cursorSchema,
  decodeCursor,
  encodeCursor,
  idSchema,
  limitSchema,
  pageSchema,
  personBody,
  personSchema,
  roleSchema,
  slugSchema,
} from './schemas.js';
import { chosenOrganisation, memberIdsOf, personInScope, requireActionable } from './scope.js';

const personPath = z.strictObject({ id: idSchema });

export function apiActor(scope: ApiScope, ip: string) {
  return { actorId: null, ip, detail: { via: 'api', token_id: scope.token.id } };
}

const listPeople = defineOperation({
  id: 'listPeople',
  method: 'GET',
  path: '/people',
  tag: 'people',
  summary: 'People of the realm, or of the token’s organisation, by id',
  query: z.strictObject({
    organisation: slugSchema.optional(),
    role: roleSchema.optional(),
    class: z.string().min(1).max(20).optional(),
    login: z.string().min(1).max(200).optional(),
    status: z.enum(['active', 'blocked']).optional(),
    cursor: cursorSchema,
    limit: limitSchema,
  }),
  response: pageSchema(personSchema),
  async handler({ services, scope, query }) {
    const { db } = services;
    const after = decodeCursor(query.cursor, ['string'] as const);
    const organisation = await chosenOrganisation(services, scope, query.organisation);
    let q = db.selectFrom('people').selectAll().where('realm_id', '=', scope.realm.id);
    if (organisation) q = q.where('id', 'in', memberIdsOf(services, organisation.id));
    if (query.role !== undefined || query.class !== undefined) {
      let m = db
        .selectFrom('memberships as m')
        .leftJoin('classes as c', 'c.id', 'm.class_id')
        .select('m.person_id');
      if (organisation) m = m.where('m.organisation_id', '=', organisation.id);
      if (query.role !== undefined) m = m.where('m.role', '=', query.role as Role);
      if (query.class !== undefined) m = m.where('c.name', '=', query.class);
      q = q.where('id', 'in', m);
    }
    if (query.login !== undefined) {
      const login = checkLogin(query.login);
      if (!login.ok) throw new ApiError('invalid_request', [{ path: 'query.login', message: login.code }]);
      q = q.where('login_normalized', '=', login.normalized);
    }
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (after) q = q.where('id', '>', after[0]);
    const rows = await q
      .orderBy('id')
      .limit(query.limit + 1)
      .execute();
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(personBody),
      next: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
    };
  },
});

const getPerson = defineOperation({
  id: 'getPerson',
  method: 'GET',
  path: '/people/{id}',
  tag: 'people',
  summary: 'One person',
  params: personPath,
  response: personSchema,
  async handler({ services, scope, params }) {
    return personBody(await personInScope(services, scope, params.id));
  },
});

const optionalText = (max: number) => z.string().max(max).optional();

const createPerson = defineOperation({
  id: 'createPerson',
  method: 'POST',
  path: '/people',
  tag: 'people',
  summary: 'Create a profile with a temporary password (answered once)',
  body: z.strictObject({
    login: z.string().min(1).max(64),
    lastName: z.string().min(1).max(100),
    firstName: z.string().min(1).max(100),
    middleName: optionalText(100),
    birthDate: optionalText(10),
    snils: optionalText(20),
    iin: optionalText(20),
    email: optionalText(254),
    phone: optionalText(30),
    organisation: slugSchema.optional(),
    role: roleSchema.optional(),
    class: z.string().min(1).max(20).optional(),
  }),
  status: 201,
  response: z.strictObject({ person: personSchema, temporaryPassword: z.string() }),
  errors: ['forbidden_scope'],
  async handler({ services, scope, body, request }) {
    const organisation = await chosenOrganisation(services, scope, body.organisation);
    const role = body.role as Role | undefined;
    if (scope.organisation && role && (PRIVILEGED_ROLES as readonly Role[]).includes(role))
      throw new ApiError('forbidden_scope');
    const input: ProfileInput = {
      login: body.login,
      lastName: body.lastName,
      firstName: body.firstName,
      middleName: body.middleName,
      birthDate: body.birthDate,
      snils: body.snils,
      iin: body.iin,
      email: body.email,
      phone: body.phone,
      organisationSlug: organisation?.slug,
      role,
      className: organisation ? body.class : undefined,
    };
    const outcome = await createProfile(services, scope.realm, input, apiActor(scope, clientIp(request)));
    if (outcome.kind === 'invalid') {
      const names: Partial<Record<keyof ProfileInput, string>> = {
        organisationSlug: 'organisation',
        className: 'class',
      };
      const issues: ApiIssue[] = Object.entries(outcome.problems).map(([field, key]) => ({
        path: `body.${names[field as keyof ProfileInput] ?? field}`,
        message: key,
      }));
      throw new ApiError('invalid_request', issues);
    }
    return { person: personBody(outcome.person), temporaryPassword: outcome.temporaryPassword };
  },
});

const statusAnswer = z.strictObject({ person: personSchema, sessionsEnded: z.number().int() });

function blockOperation(blocked: boolean) {
  return defineOperation({
    id: blocked ? 'blockPerson' : 'unblockPerson',
    method: 'POST',
    path: `/people/{id}/${blocked ? 'block' : 'unblock'}`,
    tag: 'people',
    summary: blocked ? 'Block a person: their sessions end, sign-in is refused' : 'Unblock a person',
    params: personPath,
    response: statusAnswer,
    errors: ['forbidden_scope'],
    async handler({ services, scope, params, request }) {
      const person = await personInScope(services, scope, params.id);
      await requireActionable(services, scope, person.id);
      const { sessionsEnded } = await setBlocked(
        services,
        scope.realm,
        person,
        blocked,
        apiActor(scope, clientIp(request)),
      );
      const updated = await personInScope(services, scope, person.id);
      return { person: personBody(updated), sessionsEnded };
    },
  });
}

const temporaryPassword = defineOperation({
  id: 'issueTemporaryPassword',
  method: 'POST',
  path: '/people/{id}/temporary-password',
  tag: 'people',
  summary: 'A new temporary password (answered once); the person’s sessions end',
  params: personPath,
  response: z.strictObject({ temporaryPassword: z.string(), sessionsEnded: z.number().int() }),
  errors: ['forbidden_scope', 'conflict'],
  async handler({ services, scope, params, request }) {
    const person = await personInScope(services, scope, params.id);
    await requireActionable(services, scope, person.id);
    if (isPendingLogin(person.login))
      throw new ApiError('conflict', [], { reason: request.t('api.conflict.pending') });
    const outcome = await setPasswordByOperator(
      services,
      scope.realm,
      person,
      null,
      apiActor(scope, clientIp(request)),
    );
    if (outcome.kind === 'invalid' || outcome.temporaryPassword === null) throw new ApiError('not_found');
    return { temporaryPassword: outcome.temporaryPassword, sessionsEnded: outcome.sessionsEnded };
  },
});

export const PEOPLE_OPERATIONS = [
  listPeople,
  getPerson,
  createPerson,
  blockOperation(true),
  blockOperation(false),
  temporaryPassword,
];
