/**
 * A person's card and the administrator's corrections:
 *
 *   GET  /desk/:orgSlug/people/:personId           the card (name, login, birth date, SNILS)
 *   POST /desk/:orgSlug/people/:personId/correct   correct name, SNILS, birth date (a reason)
 *   POST /desk/:orgSlug/people/:personId/detach    remove this organisation's membership of a role
 *   GET  /desk/:orgSlug/attach, POST               attach an existing profile by its login
 *   POST /desk/:orgSlug/people/:personId/second-factor/reset   «Сбросить второй фактор» (factor-reset.ts)
 *
 * Everything through `directory/corrections.ts` (audited there). The person must belong to this
 * organisation (else the desk's 404); a bad form is the page again with its messages and a 400.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { checkLogin } from '../../core/identifiers/login.js';
import {
  ATTACHABLE_ROLES,
  type AttachableRole,
  attachProfile,
  type CorrectionProblems,
  correctPerson,
  detachProfile,
} from '../../directory/corrections.js';
import type { OrganisationMember } from '../../directory/members.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { actorOf, frameOf, type OrganisationDesk, openOrganisation, possibleId, refuse } from './access.js';
import { deskPath } from './views/common.js';
import { attachPage, correctionFormOf, personPage } from './views/person.js';

const CorrectionForm = z.object({
  lastName: formText(200),
  firstName: formText(200),
  middleName: formText(200),
  snils: formText(40),
  birthDate: formText(20),
  reason: formText(600),
});
const DetachForm = z.object({ role: formText(20) });
const AttachForm = z.object({ login: formText(200), role: formText(20), class: formText(100) });

function isAttachable(role: string): role is AttachableRole {
  return (ATTACHABLE_ROLES as readonly string[]).includes(role);
}

export async function openMember(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ desk: OrganisationDesk; member: OrganisationMember } | null> {
  const desk = await openOrganisation(services, request, reply);
  if (!desk) return null;
  const { personId } = request.params as { personId: string };
  const member = possibleId(personId)
    ? await services.members.findMember(desk.realm.id, desk.organisation.id, personId)
    : null;
  if (!member) {
    refuse(services, request, reply, { status: 404, key: 'desk.person_not_found' }, 'organisation');
    return null;
  }
  return { desk, member };
}

export async function renderPerson(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  desk: OrganisationDesk,
  personId: string,
  status: number,
  extra: {
    form?: ReturnType<typeof correctionFormOf>;
    problems?: CorrectionProblems;
    message?: { kind: 'success' | 'info' | 'error'; key: MessageKey } | null;
  } = {},
): Promise<FastifyReply> {
  const member = await services.members.findMember(desk.realm.id, desk.organisation.id, personId);
  if (!member)
    return refuse(services, request, reply, { status: 404, key: 'desk.person_not_found' }, 'organisation');
  const memberships = await services.db
    .selectFrom('memberships as m')
    .leftJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.role', 'c.name as className'])
    .where('m.person_id', '=', personId)
    .where('m.organisation_id', '=', desk.organisation.id)
    .execute();
  const hasFactor = await services.factors.hasFactor(personId);
  const page = personPage(
    extended(frameOf(services, request), {
      csrf: reply.generateCsrf(),
      organisation: desk.organisation,
      person: member.person,
      memberships,
      hasFactor,
      form: extra.form ?? correctionFormOf(member.person),
      problems: extra.problems ?? {},
      message: extra.message ?? null,
    }),
  );
  return sendHtml(reply, status, page);
}

export function registerDeskPerson(app: FastifyInstance, services: Services): void {
  const via = 'desk' as const;

  app.get('/desk/:orgSlug/people/:personId', async (request, reply) => {
    const opened = await openMember(services, request, reply);
    if (!opened) return reply;
    return renderPerson(services, request, reply, opened.desk, opened.member.person.id, 200);
  });

  app.post(
    '/desk/:orgSlug/people/:personId/correct',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openMember(services, request, reply);
      if (!opened) return reply;
      const { desk, member } = opened;
      const parsed = parseForm(CorrectionForm, request.body);
      if (!parsed.ok)
        return renderPerson(services, request, reply, desk, member.person.id, 400, {
          form: extended(correctionFormOf(member.person), { ...parsed.raw }),
          problems: parsed.errors,
        });
      const outcome = await correctPerson(
        services,
        { realmId: desk.realm.id, organisationId: desk.organisation.id },
        member.person,
        parsed.form,
        extended(actorOf(request, desk.signedIn), { via }),
      );
      if (outcome.kind === 'invalid')
        return renderPerson(services, request, reply, desk, member.person.id, 400, {
          form: parsed.form,
          problems: outcome.problems,
        });
      const key = outcome.kind === 'corrected' ? 'correction.saved' : 'correction.unchanged';
      return renderPerson(services, request, reply, desk, member.person.id, 200, {
        message: { kind: 'success', key },
      });
    },
  );

  app.post(
    '/desk/:orgSlug/people/:personId/detach',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openMember(services, request, reply);
      if (!opened) return reply;
      const { desk, member } = opened;
      const parsed = parseForm(DetachForm, request.body);
      const role = parsed.ok ? parsed.form.role : '';
      if (member.person.id === desk.signedIn.person.id)
        return refuse(services, request, reply, { status: 409, key: 'desk.error.self' }, 'organisation');
      if (!isAttachable(role))
        return refuse(
          services,
          request,
          reply,
          { status: 400, key: 'correction.privileged' },
          'organisation',
        );
      const removed = await detachProfile(
        services,
        { realmId: desk.realm.id, organisationId: desk.organisation.id },
        member.person,
        role,
        extended(actorOf(request, desk.signedIn), { via }),
      );
      if (removed === 0)
        return refuse(
          services,
          request,
          reply,
          { status: 404, key: 'desk.person_not_found' },
          'organisation',
        );
      return reply.redirect(deskPath(desk.realm, desk.organisation.slug), 303);
    },
  );

  const renderAttach = async (
    request: FastifyRequest,
    reply: FastifyReply,
    desk: OrganisationDesk,
    status: number,
    form: { login: string; role: string; class: string },
    error: MessageKey | null,
  ) => {
    const page = attachPage(
      extended(frameOf(services, request), {
        csrf: reply.generateCsrf(),
        organisation: desk.organisation,
        classes: await services.members.classesOf(desk.organisation.id),
        form,
        error,
      }),
    );
    return sendHtml(reply, status, page);
  };

  app.get('/desk/:orgSlug/attach', async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    return renderAttach(request, reply, desk, 200, { login: '', role: 'student', class: '' }, null);
  });

  app.post('/desk/:orgSlug/attach', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const parsed = parseForm(AttachForm, request.body);
    if (!parsed.ok) return renderAttach(request, reply, desk, 400, parsed.raw, 'form.invalid');
    const { login, role, class: classId } = parsed.form;
    if (!isAttachable(role))
      return renderAttach(request, reply, desk, 400, parsed.form, 'correction.role_invalid');
    const classes = await services.members.classesOf(desk.organisation.id);
    const cls = classId === '' ? null : classes.find((c) => c.id === classId);
    if (cls === undefined)
      return renderAttach(request, reply, desk, 404, parsed.form, 'desk.class_not_found');
    const checked = checkLogin(login);
    const person = checked.ok ? await services.people.findByLogin(desk.realm.id, checked.normalized) : null;
    const outcome = await attachProfile(
      services,
      { realmId: desk.realm.id, organisationId: desk.organisation.id },
      person,
      role,
      cls?.id ?? null,
      extended(actorOf(request, desk.signedIn), { via }),
    );
    if (outcome.kind === 'refused')
      return renderAttach(request, reply, desk, outcome.status, parsed.form, outcome.key);
    return renderPerson(services, request, reply, desk, outcome.person.id, 200, {
      message: { kind: 'success', key: 'correction.attached' },
    });
  });
}
