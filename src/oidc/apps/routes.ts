/**
 * «Настройки» → «Приложения с доступом»:
 *
 *   GET  /settings/apps          the applications that received the person's data
 *   POST /settings/apps/revoke   «Отозвать доступ» (CSRF-checked) → 303 back, or 404
 *
 * Revoking forgets the consent and revokes every grant the application holds for the person:
 * its tokens stop working at once and its next sign-in asks again (a first-party application
 * gets its access back silently at the next sign-in, as it would have in the first place).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { realmOf, realmPath, requirePerson } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { isScope } from '../scopes.js';
import { type AppRow, type AppsView, appsPage } from './views.js';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function registerApps(app: FastifyInstance, services: Services): void {
  async function rows(realmId: string, personId: string): Promise<AppRow[]> {
    const consents = await services.oidc.consents.listOf(realmId, personId);
    return Promise.all(
      consents.map(async (c) => {
        const client = await services.oidc.clients.find(realmId, c.clientId);
        return {
          clientId: c.clientId,
          name: client?.name ?? null,
          firstParty: client?.firstParty ?? false,
          scopes: c.scopes.filter(isScope),
          grantedAt: c.grantedAt,
        };
      }),
    );
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    signedIn: SignedIn,
    banner: AppsView['banner'],
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    return sendHtml(
      reply,
      status,
      appsPage({
        t: request.t,
        locale: request.locale,
        realm,
        path: realmPath(realm, '/settings/apps'),
        demo: services.config.demo,
        csrf: reply.generateCsrf(),
        apps: await rows(realm.id, signedIn.person.id),
        banner,
      }),
    );
  }

  app.get('/settings/apps', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const { revoked } = request.query as { revoked?: unknown };
    const client =
      typeof revoked === 'string' && CLIENT_ID.test(revoked)
        ? await services.oidc.clients.find(realm.id, revoked)
        : null;
    const banner = client
      ? ({ kind: 'success', text: request.t('apps.revoked', { client: client.name }) } as const)
      : null;
    return render(request, reply, 200, signedIn, banner);
  });

  app.post('/settings/apps/revoke', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const { client_id: clientId } = (request.body ?? {}) as { client_id?: unknown };
    const revoked =
      typeof clientId === 'string' &&
      CLIENT_ID.test(clientId) &&
      (await services.oidc.revokeAccess(realm.id, signedIn.person.id, clientId));
    if (!revoked) {
      return render(request, reply, 404, signedIn, { kind: 'error', text: request.t('apps.not_found') });
    }
    await services.audit.append({
      realmId: realm.id,
      action: 'oidc.access_revoked',
      actorId: signedIn.person.id,
      subjectId: signedIn.person.id,
      ip: clientIp(request),
      userAgent: userAgent(request),
      detail: { client_id: clientId },
    });
    return reply.redirect(realmPath(realm, `/settings/apps?revoked=${encodeURIComponent(clientId)}`), 303);
  });
}
