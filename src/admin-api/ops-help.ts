/**
 * «Заявки на восстановление доступа» of one organisation, read through the API as the desk's
 * queue shows them (`help-requests/store.ts`: open and in progress first, oldest first, then the
 * last closed). Reading only: taking a request into work and closing it are a curator's acts
 * in the desk, after checking the person in person.
 */
import { z } from 'zod';
import { checklistOf, queueOf } from '../help-requests/store.js';
import { ApiError } from './errors.js';
import { defineOperation } from './operation.js';
import { dateTime, iso, isoOrNull, slugSchema } from './schemas.js';
import { chosenOrganisation } from './scope.js';

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
  checklist: z.array(z.string()),
  outcome: z.string().nullable(),
  createdAt: dateTime,
  closedAt: dateTime.nullable(),
});

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
    return {
      items: rows.map((r) => ({
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
      })),
    };
  },
});

export const HELP_OPERATIONS = [listHelpRequests];
