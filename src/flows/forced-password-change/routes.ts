import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { realmFrame, realmOf, realmPath, requirePerson, requirePersonWithHash } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { parseForm } from '../../web/form.js';
import { interactionReturn } from '../../web/return-path.js';
import { ChangeFormSchema, type ChangeOutcome, changeTemporaryPassword } from './change.js';
import { newPasswordPage } from './views.js';

/** An application's sign-in (OpenID Connect) waiting for the new password, from the query or form. */
function returnOf(request: FastifyRequest): string | null {
  const fields = extended(request.query as object, { ...(request.body as object) }) as Record<
    string,
    unknown
  >;
  return interactionReturn(realmOf(request).id, fields.return);
}

export function registerForcedPasswordChange(app: FastifyInstance, services: Services): void {
  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    signedIn: SignedIn,
    problems: Omit<Extract<ChangeOutcome, { kind: 'invalid' }>, 'kind'>,
  ): FastifyReply {
    const page = newPasswordPage(
      extended(realmFrame(services, request, '/password/new'), {
        csrf: reply.generateCsrf(),
        login: signedIn.person.login,
        problems,
        returnTo: returnOf(request),
      }),
    );
    return sendHtml(reply, status, page);
  }

  app.get('/password/new', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply, { allowMustChange: true });
    if (!signedIn) return reply;
    if (signedIn.person.password_must_change !== 1)
      return reply.redirect(realmPath(realmOf(request), '/profile'), 303);
    return render(request, reply, 200, signedIn, { password: [], password2: [] });
  });

  app.post('/password/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePersonWithHash(services, request, reply, { allowMustChange: true });
    if (!signedIn) return reply;
    const realm = realmOf(request);
    if (signedIn.person.password_must_change !== 1) return reply.redirect(realmPath(realm, '/profile'), 303);
    const parsed = parseForm(ChangeFormSchema, request.body);
    if (!parsed.ok) {
      const { password, password2 } = parsed.errors;
      const problems = {
        password: password ? [{ key: password }] : [],
        password2: password2 ? [{ key: password2 }] : [],
      };
      return render(request, reply, 400, signedIn, problems);
    }
    const outcome = await changeTemporaryPassword(services, realm, signedIn, parsed.form, {
      ip: clientIp(request),
      userAgent: userAgent(request),
      locale: request.locale,
    });
    if (outcome.kind === 'invalid') return render(request, reply, 400, signedIn, outcome);
    return reply.redirect(returnOf(request) ?? realmPath(realm, '/profile?password_changed=1'), 303);
  });
}
