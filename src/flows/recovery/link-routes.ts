/**
 * The link from the letter: GET shows «Выберите свой новый пароль» (mail scanners may open it:
 * nothing changes), POST sets the password. A refused link says why (400 unknown or tampered,
 * 410 used, superseded or expired) and is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import type { Services } from '../../services.js';
import { realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { parseForm } from '../../web/form.js';
import { checkLink, type LinkCheck } from './link.js';
import {
  NewPasswordForm,
  type PasswordProblems,
  setNewPassword,
  unreadablePassword,
} from './new-password.js';
import type { RecoveryPages } from './pages.js';
import { newPasswordPage } from './views.js';

type LinkRoute = { Params: { token: string } };

export function registerLinkRoutes(app: FastifyInstance, services: Services, pages: RecoveryPages): void {
  const page = (
    request: FastifyRequest<LinkRoute>,
    reply: FastifyReply,
    link: Extract<LinkCheck, { kind: 'ready' }>,
    status: number,
    problems: PasswordProblems,
  ) =>
    sendHtml(
      reply,
      status,
      newPasswordPage(
        extended(pages.frame(request, '/recovery/reset'), {
          csrf: reply.generateCsrf(),
          action: realmPath(realmOf(request), `/recovery/reset/${request.params.token}`),
          login: link.person.login,
          problems,
        }),
      ),
    );

  app.get<LinkRoute>('/recovery/reset/:token', async (request, reply) => {
    const realm = realmOf(request);
    const link = await checkLink(services, realm, request.params.token);
    if (link.kind === 'ready') return page(request, reply, link, 200, { password: [], password2: [] });
    await services.audit.append({
      realmId: realm.id,
      action: 'recovery.link_rejected',
      ip: clientIp(request),
      userAgent: userAgent(request),
      detail: { reason: link.kind },
    });
    return pages.linkProblem(request, reply, link.kind);
  });

  app.post<LinkRoute>(
    '/recovery/reset/:token',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const realm = realmOf(request);
      const link = await checkLink(services, realm, request.params.token);
      if (link.kind !== 'ready') return pages.linkProblem(request, reply, link.kind);
      const parsed = parseForm(NewPasswordForm, request.body);
      if (!parsed.ok) return page(request, reply, link, 400, unreadablePassword(parsed.errors));
      const meta = pages.meta(request, reply);
      const outcome = await setNewPassword(services, realm, link.flow, link.person, parsed.form, meta);
      if (outcome.kind === 'invalid') return page(request, reply, link, 400, outcome);
      if (outcome.kind === 'gone') return pages.linkProblem(request, reply, 'used');
      return pages.end(request, reply, 200, 'recovery.password_set', false);
    },
  );
}
