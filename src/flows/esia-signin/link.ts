/**
 * Linking by hand from «Мой профиль» (article 002, «Связывание учётных записей … вручную»):
 * «Связать с госуслугами» asks the current password (the shared `reauth` budget), then sends
 * the browser to ESIA with a flow for this person; the callback links the ESIA account if
 * neither side is linked elsewhere (one ESIA account ↔ one profile per realm). «Отвязать» asks
 * the password too and removes the link. Both are audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { EsiaIdentities } from '../../esia/identities.js';
import type { Services } from '../../services.js';
import { reauthenticate } from '../../sessions/reauth.js';
import { realmFrame, realmOf, realmPath, requirePerson } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { allowEsiaForms, startEsia } from './start.js';
import { linkPage } from './views.js';

const PasswordForm = z.object({ password: formText(256) });

export function registerEsiaLinking(
  app: FastifyInstance,
  services: Services,
  identities: EsiaIdentities,
): void {
  const clientOf = (request: FastifyRequest) => {
    const realm = realmOf(request);
    return realm.settings.gosuslugi ? services.esia.get(realm.id) : undefined;
  };
  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    action: 'link' | 'unlink',
    status: number,
    error: string | null,
  ) => {
    const client = clientOf(request);
    if (client && action === 'link') allowEsiaForms(reply, client);
    return sendHtml(
      reply,
      status,
      linkPage(
        extended(realmFrame(services, request, `/esia/${action}`), {
          csrf: reply.generateCsrf(),
          action,
          error,
        }),
      ),
    );
  };

  for (const action of ['link', 'unlink'] as const) {
    app.get(`/esia/${action}`, async (request, reply) => {
      const signedIn = await requirePerson(services, request, reply);
      if (!signedIn) return reply;
      if (!clientOf(request)) return reply.redirect(realmPath(realmOf(request), '/profile'), 303);
      return render(request, reply, action, 200, null);
    });

    app.post(`/esia/${action}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const signedIn = await requirePerson(services, request, reply);
      if (!signedIn) return reply;
      const realm = realmOf(request);
      const client = clientOf(request);
      if (!client) return reply.redirect(realmPath(realm, '/profile'), 303);
      const parsed = parseForm(PasswordForm, request.body);
      const password = parsed.ok ? parsed.form.password : '';
      const person = await services.people.findById(realm.id, signedIn.person.id);
      if (!person) return reply.redirect(realmPath(realm, '/login'), 303);
      const verdict = await reauthenticate(services, person).verify(password);
      const t = request.t;
      if (verdict.kind === 'missing')
        return render(request, reply, action, 400, t('contacts.current_password_required'));
      if (verdict.kind === 'wrong')
        return render(request, reply, action, 400, t('contacts.current_password_wrong'));
      if (verdict.kind === 'throttled') {
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return render(
          request,
          reply,
          action,
          429,
          t('contacts.reauth_throttled', { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }),
        );
      }
      const personId = signedIn.person.id;
      if (action === 'link') return startEsia(services, client, request, reply, 'link', personId);
      const oid = await services.db.transaction().execute(async (trx) => {
        const removed = await identities.unlink(trx, realm.id, personId);
        if (removed)
          await services.audit.append(
            {
              realmId: realm.id,
              action: 'esia.unlinked',
              actorId: personId,
              subjectId: personId,
              ip: clientIp(request),
              userAgent: userAgent(request),
              detail: { oid: removed },
            },
            trx,
          );
        return removed;
      });
      return reply.redirect(realmPath(realm, `/profile?esia=${oid ? 'unlinked' : 'not-linked'}`), 303);
    });
  }
}
