/**
 * Printing invitations: codes for one person, or for a whole class, shown once as printable
 * sheets (ElJur, article 003).
 *
 *   POST /desk/:orgSlug/print   issue codes (`person` + `prefix`, or `class` + `for`)
 *   GET  /desk/:orgSlug/print   nothing is issued by GET: back to the organisation
 *
 * Steps: readForm → plan (which codes, for whom; or why not) → issue (one transaction, audited)
 * → render the sheets. A malformed request is a 400; a code that does not fit the person (a
 * code for a registered student, a `tr` code for a non-teacher) a 409; an unknown person or
 * class a 404.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import {
  type CodeRequest,
  classCodeRequests,
  codeRefusal,
  isCodePrefix,
  issueInvitations,
} from '../../invitations/issue.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { sendError } from '../../web/error-handler.js';
import { formText, parseForm } from '../../web/form.js';
import { actorOf, frameOf, type OrganisationDesk, openOrganisation, possibleId, refuse } from './access.js';
import type { DeskKey } from './messages.js';
import { deskPath } from './views/common.js';
import { printPage } from './views/sheets.js';

const PrintForm = z.object({
  person: formText(1000),
  prefix: formText(100),
  class: formText(1000),
  for: formText(100),
});

type Plan =
  | { readonly kind: 'malformed' }
  | { readonly kind: 'refused'; readonly status: number; readonly key: DeskKey }
  | {
      readonly kind: 'issue';
      readonly requests: readonly CodeRequest[];
      readonly batch: { readonly className: string; readonly prefix: 'st' | 'pt' } | null;
      readonly skipped: readonly string[];
    };

/** A whole class: `st` codes for its pending students, `pt` codes for all its students. */
async function classPlan(services: Services, desk: OrganisationDesk, classId: string, whom: string) {
  if (whom !== 'st' && whom !== 'pt')
    return { kind: 'refused', status: 400, key: 'desk.error.prefix_invalid' } as const;
  const classes = await services.members.classesOf(desk.organisation.id);
  const cls = possibleId(classId) ? classes.find((c) => c.id === classId) : undefined;
  if (!cls) return { kind: 'refused', status: 404, key: 'desk.class_not_found' } as const;
  const students = await services.members.studentsOfClass(desk.organisation.id, cls.id);
  const { requests, skipped } = classCodeRequests(students, whom, cls.name);
  return { kind: 'issue', requests, skipped, batch: { className: cls.name, prefix: whom } } as const;
}

/** One person, one kind of code. */
async function personPlan(services: Services, desk: OrganisationDesk, personId: string, prefix: string) {
  if (!isCodePrefix(prefix))
    return { kind: 'refused', status: 400, key: 'desk.error.prefix_invalid' } as const;
  const member = possibleId(personId)
    ? await services.members.findMember(desk.realm.id, desk.organisation.id, personId)
    : null;
  if (!member) return { kind: 'refused', status: 404, key: 'desk.person_not_found' } as const;
  const refusal = codeRefusal(member, prefix);
  if (refusal) return { kind: 'refused', status: 409, key: refusal } as const;
  const className = prefix === 'st' || prefix === 'pt' ? (member.studentClass?.name ?? null) : null;
  return {
    kind: 'issue',
    requests: [{ person: member.person, prefix, className }],
    batch: null,
    skipped: [],
  } as const;
}

function planOf(services: Services, desk: OrganisationDesk, form: z.output<typeof PrintForm>): Promise<Plan> {
  if (form.class !== '' && form.person === '') return classPlan(services, desk, form.class, form.for);
  if (form.person !== '' && form.class === '') return personPlan(services, desk, form.person, form.prefix);
  return Promise.resolve({ kind: 'malformed' });
}

export function registerDeskPrint(app: FastifyInstance, services: Services): void {
  const registrationUrl = (desk: OrganisationDesk): string =>
    `${services.config.baseUrl}/r/${desk.realm.id}/s/${encodeURIComponent(desk.organisation.slug)}/hello`;

  // A reload or a typed address must not issue codes: only the buttons' POST does.
  app.get('/desk/:orgSlug/print', async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    return reply.redirect(deskPath(desk.realm, desk.organisation.slug), 303);
  });

  app.post('/desk/:orgSlug/print', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const parsed = parseForm(PrintForm, request.body);
    const plan: Plan = parsed.ok ? await planOf(services, desk, parsed.form) : { kind: 'malformed' };
    if (plan.kind === 'malformed') return sendError(request, reply, 'bad_request');
    if (plan.kind === 'refused') return refuse(services, request, reply, plan, 'organisation');
    const { requests, batch } = plan;
    const invitations = await issueInvitations(
      services,
      {
        realmId: desk.realm.id,
        organisationId: desk.organisation.id,
        ...actorOf(request, desk.signedIn),
        via: 'desk',
        printed: {
          className: batch?.className ?? null,
          prefix: batch?.prefix ?? requests[0]?.prefix ?? null,
        },
      },
      requests,
    );
    const page = printPage(
      extended(frameOf(services, request), {
        organisation: desk.organisation,
        registrationUrl: registrationUrl(desk),
        invitations,
        batch,
        skipped: plan.skipped,
      }),
    );
    return sendHtml(reply, 200, page);
  });
}
