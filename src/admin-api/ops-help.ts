/**
 * «Заявки на восстановление доступа» through the API, with the desk's rules
 * (`help-requests/actions.ts`): the queue of an organisation (open and in progress first, oldest
 * first, then the last closed), one request with the profiles that match it, ticking what was
 * checked in person (which takes it into work) and closing it with an outcome. A request is named
 * by its number; one outside the token's reach is the same 404 as none. A closed request takes no
 * change (409, so of two operators racing to close it one wins). Showing a login or issuing a
 * temporary password stays in the desk, where the curator has the person in front of them.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HelpRequest } from '../db/schema.js';
import { checklistItems, closeHelpRequest, type HelpActor, tickChecklist } from '../help-requests/actions.js';
import {
  CHECKLIST,
  checklistOf,
  findByNumber,
  matchingProfiles,
  NUMBER_SHAPE,
  OUTCOMES,
  queueOf,
} from '../help-requests/store.js';
import type { Services } from '../services.js';
import { clientIp, userAgent } from '../web/context.js';
import { ApiError } from './errors.js';
import { type ApiScope, defineOperation } from './operation.js';
import { dateTime, iso, isoOrNull, slugSchema } from './schemas.js';
import { chosenOrganisation } from './scope.js';

const checklistItem = z.enum(CHECKLIST);

const helpRequestSchema = z.strictObject({
  id: z.string(),
  number: z.string(),
  status: z.enum(['open', 'in_progress', 'closed']),
  reason: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  class: z.string().nullable(),
  role: z.string(),
  contact: z.string(),
  checklist: z.array(checklistItem),
  outcome: z.string().nullable(),
  createdAt: dateTime,
  closedAt: dateTime.nullable(),
});

const matchSchema = z.strictObject({
  person: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string().nullable(),
  role: z.string(),
  class: z.string().nullable(),
});

function helpBody(r: HelpRequest): z.infer<typeof helpRequestSchema> {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    reason: r.reason,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    class: r.class_name,
    role: r.role,
    contact: r.contact,
    checklist: checklistOf(r),
    outcome: r.outcome,
    createdAt: iso(r.created_at),
    closedAt: isoOrNull(r.closed_at),
  };
}

const numberPath = z.strictObject({ number: z.string().regex(NUMBER_SHAPE, 'api.issue.invalid') });

/** The request a number names, if the token reaches its organisation. */
async function requestInScope(services: Services, scope: ApiScope, number: string): Promise<HelpRequest> {
  const row = await findByNumber(services.db, scope.realm.id, number);
  if (!row || (scope.organisation !== null && row.organisation_id !== scope.organisation.id))
    throw new ApiError('not_found');
  return row;
}

function actorOf(request: FastifyRequest, scope: ApiScope): HelpActor {
  return {
    actorId: null,
    ip: clientIp(request),
    userAgent: userAgent(request),
    detail: { via: 'api', token_id: scope.token.id },
  };
}

function closedAlready(request: FastifyRequest): ApiError {
  return new ApiError('conflict', [], { reason: request.t('help.already_closed') });
}

const listHelpRequests = defineOperation({
  id: 'listHelpRequests',
  method: 'GET',
  path: '/help-requests',
  tag: 'help-requests',
  summary:
    'An organisation’s access-help requests: open and in progress (oldest first), then the last closed',
  query: z.strictObject({ organisation: slugSchema.optional() }),
  response: z.strictObject({ items: z.array(helpRequestSchema) }),
  async handler({ services, scope, query }) {
    const organisation = await chosenOrganisation(services, scope, query.organisation);
    if (!organisation)
      throw new ApiError('invalid_request', [{ path: 'query.organisation', message: 'api.issue.required' }]);
    const rows = await queueOf(services.db, organisation.id);
    return { items: rows.map(helpBody) };
  },
});

const getHelpRequest = defineOperation({
  id: 'getHelpRequest',
  method: 'GET',
  path: '/help-requests/{number}',
  tag: 'help-requests',
  summary: 'One access-help request and the organisation’s profiles whose name matches it',
  params: numberPath,
  response: z.strictObject({ request: helpRequestSchema, matches: z.array(matchSchema) }),
  async handler({ services, scope, params }) {
    const row = await requestInScope(services, scope, params.number);
    const matches = await matchingProfiles(services.db, row);
    return {
      request: helpBody(row),
      matches: matches.map((m) => ({
        person: m.id,
        lastName: m.last_name,
        firstName: m.first_name,
        middleName: m.middle_name,
        birthDate: m.birth_date,
        role: m.role,
        class: m.className,
      })),
    };
  },
});

const checkHelpRequest = defineOperation({
  id: 'checkHelpRequest',
  method: 'POST',
  path: '/help-requests/{number}/checklist',
  tag: 'help-requests',
  summary: 'Record what was checked in person (replaces the checklist); takes an open request into work',
  params: numberPath,
  body: z.strictObject({ checked: z.array(checklistItem).max(CHECKLIST.length) }),
  response: z.strictObject({ request: helpRequestSchema }),
  errors: ['conflict'],
  async handler({ services, scope, params, body, request }) {
    const row = await requestInScope(services, scope, params.number);
    const items = checklistItems(body.checked);
    if (!items)
      throw new ApiError('invalid_request', [{ path: 'body.checked', message: 'api.issue.invalid' }]);
    if ((await tickChecklist(services, row, items, actorOf(request, scope))) === 'closed_already')
      throw closedAlready(request);
    return { request: helpBody(await requestInScope(services, scope, row.number)) };
  },
});

const closeRequestOperation = defineOperation({
  id: 'closeHelpRequest',
  method: 'POST',
  path: '/help-requests/{number}/close',
  tag: 'help-requests',
  summary: 'Close an access-help request with its outcome',
  params: numberPath,
  body: z.strictObject({ outcome: z.enum(OUTCOMES) }),
  response: z.strictObject({ request: helpRequestSchema }),
  errors: ['conflict'],
  async handler({ services, scope, params, body, request }) {
    const row = await requestInScope(services, scope, params.number);
    if ((await closeHelpRequest(services, row, body.outcome, actorOf(request, scope))) === 'closed_already')
      throw closedAlready(request);
    return { request: helpBody(await requestInScope(services, scope, row.number)) };
  },
});

export const HELP_OPERATIONS = [listHelpRequests, getHelpRequest, checkHelpRequest, closeRequestOperation];
