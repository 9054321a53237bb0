/**
 * The curator's side of «Заявка на восстановление доступа»:
 *
 *   GET  /desk/:orgSlug/help                    the queue (open and in progress first)
 *   GET  /desk/:orgSlug/help/:number            one request: checklist, matching profiles, actions
 *   POST /desk/:orgSlug/help/:number/checklist  tick what was checked in person (takes it in work)
 *   POST /desk/:orgSlug/help/:number/login      show a matching person's login (audited)
 *   POST /desk/:orgSlug/help/:number/password   a temporary password → the printable sheet
 *   POST /desk/:orgSlug/help/:number/close      close with an outcome
 *
 * Rules: a request of another organisation is the same 404 as none; showing a login or issuing a
 * password needs the identity ticked as checked by a document (409 otherwise) and a person of
 * this organisation; the password goes through the one password operation and the desk's own
 * refusals; a closed request takes no action (409). Everything is audited with the number.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { HelpRequest } from '../../db/schema.js';
import { setPasswordByOperator } from '../../directory/accounts.js';
import { checklistItems, closeHelpRequest, isOutcome, tickChecklist } from '../../help-requests/actions.js';
import { checklistOf, findByNumber, matchingProfiles, queueOf } from '../../help-requests/store.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { actorOf, frameOf, type OrganisationDesk, openOrganisation, possibleId, refuse } from './access.js';
import { sendCredentials } from './credentials.js';
import { passwordRefusal, sheetFor } from './temporary-password.js';
import { queuePage, requestPage } from './views/help.js';

const PersonForm = z.object({ person: formText(100) });
const CloseForm = z.object({ outcome: formText(40) });

export function registerDeskHelp(app: FastifyInstance, services: Services): void {
  async function openRequest(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ desk: OrganisationDesk; row: HelpRequest } | null> {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return null;
    const { number } = request.params as { number: string };
    const row = await findByNumber(services.db, desk.realm.id, number);
    if (!row || row.organisation_id !== desk.organisation.id) {
      refuse(services, request, reply, { status: 404, key: 'help.not_found' }, 'organisation');
      return null;
    }
    return { desk, row };
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    desk: OrganisationDesk,
    number: string,
    status: number,
    extra: {
      shownLogin?: { personId: string; login: string };
      message?: { kind: 'success' | 'error' | 'info'; text: string };
    } = {},
  ): Promise<FastifyReply> {
    const row = await findByNumber(services.db, desk.realm.id, number);
    if (!row) return refuse(services, request, reply, { status: 404, key: 'help.not_found' }, 'organisation');
    const page = requestPage(
      extended(frameOf(services, request), {
        csrf: reply.generateCsrf(),
        organisation: desk.organisation,
        request: row,
        checklist: checklistOf(row),
        matches: await matchingProfiles(services.db, row),
        shownLogin: extra.shownLogin ?? null,
        message: extra.message ?? null,
        now: services.clock.now(),
      }),
    );
    return sendHtml(reply, status, page);
  }

  const audit = (
    request: FastifyRequest,
    desk: OrganisationDesk,
    row: HelpRequest,
    action: 'help.login_shown',
    detail: Record<string, string>,
    subjectId: string | null = null,
  ) =>
    services.audit.append({
      realmId: desk.realm.id,
      action,
      organisationId: desk.organisation.id,
      subjectId,
      ...actorOf(request, desk.signedIn),
      detail: { number: row.number, ...detail },
    });

  /** The person of a login or password action: verified request, open, a member here. */
  async function actionTarget(
    request: FastifyRequest,
    reply: FastifyReply,
    desk: OrganisationDesk,
    row: HelpRequest,
  ) {
    if (row.status === 'closed') {
      await render(request, reply, desk, row.number, 409, {
        message: { kind: 'error', text: request.t('help.already_closed') },
      });
      return null;
    }
    if (!checklistOf(row).includes('identity_document')) {
      await render(request, reply, desk, row.number, 409, {
        message: { kind: 'error', text: request.t('help.verify_first') },
      });
      return null;
    }
    const parsed = parseForm(PersonForm, request.body);
    const personId = parsed.ok ? parsed.form.person : '';
    const member = possibleId(personId)
      ? await services.members.findMember(desk.realm.id, desk.organisation.id, personId)
      : null;
    if (!member) {
      refuse(services, request, reply, { status: 404, key: 'desk.person_not_found' }, 'organisation');
      return null;
    }
    return member;
  }

  app.get('/desk/:orgSlug/help', async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const requests = await queueOf(services.db, desk.organisation.id);
    return sendHtml(
      reply,
      200,
      queuePage(
        extended(frameOf(services, request), {
          organisation: desk.organisation,
          requests,
          now: services.clock.now(),
        }),
      ),
    );
  });

  app.get('/desk/:orgSlug/help/:number', async (request, reply) => {
    const opened = await openRequest(request, reply);
    if (!opened) return reply;
    return render(request, reply, opened.desk, opened.row.number, 200);
  });

  app.post(
    '/desk/:orgSlug/help/:number/checklist',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openRequest(request, reply);
      if (!opened) return reply;
      const { desk, row } = opened;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const raw = body.check === undefined ? [] : Array.isArray(body.check) ? body.check : [body.check];
      const items = checklistItems(raw);
      if (!items)
        return render(request, reply, desk, row.number, 400, {
          message: { kind: 'error', text: request.t('help.choose') },
        });
      if ((await tickChecklist(services, row, items, actorOf(request, desk.signedIn))) === 'closed_already')
        return render(request, reply, desk, row.number, 409, {
          message: { kind: 'error', text: request.t('help.already_closed') },
        });
      return render(request, reply, desk, row.number, 200);
    },
  );

  app.post(
    '/desk/:orgSlug/help/:number/login',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openRequest(request, reply);
      if (!opened) return reply;
      const { desk, row } = opened;
      const member = await actionTarget(request, reply, desk, opened.row);
      if (!member) return reply;
      await audit(request, desk, row, 'help.login_shown', {}, member.person.id);
      return render(request, reply, desk, row.number, 200, {
        shownLogin: { personId: member.person.id, login: member.person.login },
      });
    },
  );

  app.post(
    '/desk/:orgSlug/help/:number/password',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openRequest(request, reply);
      if (!opened) return reply;
      const { desk } = opened;
      const member = await actionTarget(request, reply, desk, opened.row);
      if (!member) return reply;
      const refusal = passwordRefusal(member, desk.signedIn);
      if (refusal) return refuse(services, request, reply, refusal, 'organisation');
      const actor = actorOf(request, desk.signedIn);
      const outcome = await setPasswordByOperator(services, desk.realm, member.person, null, {
        actorId: actor.actorId,
        ip: actor.ip,
      });
      if (outcome.kind !== 'set' || outcome.temporaryPassword === null)
        throw new Error('a temporary password was not issued');
      const forWhom = sheetFor(member);
      return sendCredentials(services, request, reply, desk, {
        kind: 'reset',
        person: member.person,
        forWhom,
        className: forWhom === 'student' ? (member.studentClass?.name ?? null) : null,
        temporaryPassword: outcome.temporaryPassword,
        sessionsEnded: outcome.sessionsEnded,
      });
    },
  );

  app.post(
    '/desk/:orgSlug/help/:number/close',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openRequest(request, reply);
      if (!opened) return reply;
      const { desk, row } = opened;
      const parsed = parseForm(CloseForm, request.body);
      const outcome = parsed.ok ? parsed.form.outcome : '';
      if (!isOutcome(outcome))
        return render(request, reply, desk, row.number, 400, {
          message: { kind: 'error', text: request.t('help.choose') },
        });
      if (
        (await closeHelpRequest(services, row, outcome, actorOf(request, desk.signedIn))) === 'closed_already'
      )
        return render(request, reply, desk, row.number, 409, {
          message: { kind: 'error', text: request.t('help.already_closed') },
        });
      return render(request, reply, desk, row.number, 200, {
        message: { kind: 'success', text: request.t('help.closed') },
      });
    },
  );
}
