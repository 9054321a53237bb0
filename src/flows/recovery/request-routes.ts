/**
 * The routes of the requests: «Восстановление доступа» (the chooser of Dnevnik, or the email
 * form of ElJur and app.recycle.kz), the three «Я не помню…» forms and the email form. A form is
 * read by its schema; the answer is the same page whatever was found (or 400 / 429).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import type { Services } from '../../services.js';
import { realmOf } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { parseForm } from '../../web/form.js';
import type { RequestOutcome } from './answer.js';
import { EMPTY_FORM, type FormKind, type RecoveryPages } from './pages.js';
import { RequestForm, requestByContact, requestByEmail, requestByLogin, unreadable } from './request.js';
import { answeredPage } from './views.js';

export function registerRequestRoutes(app: FastifyInstance, services: Services, pages: RecoveryPages): void {
  /** Reads the form of `kind`, asks the step, and answers. */
  async function handle(request: FastifyRequest, reply: FastifyReply, kind: FormKind): Promise<FastifyReply> {
    const realm = realmOf(request);
    const parsed = parseForm(RequestForm, request.body);
    if (!parsed.ok) return pages.form(request, reply, kind, 400, parsed.raw, unreadable(parsed.errors));
    const meta = pages.meta(request, reply);
    const outcome: RequestOutcome =
      kind === 'password'
        ? await requestByLogin(services, realm, parsed.form, meta)
        : kind === 'email'
          ? await requestByEmail(services, realm, parsed.form, meta)
          : await requestByContact(services, realm, parsed.form, kind, meta);
    switch (outcome.kind) {
      case 'invalid':
        return pages.form(request, reply, kind, 400, parsed.raw, outcome.errors);
      case 'throttled': {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        const banner = request.t('recovery.throttled', {
          minutes: Math.ceil(outcome.retryAfterSeconds / 60),
        });
        return pages.form(request, reply, kind, 429, parsed.raw, {}, banner);
      }
      case 'answered': {
        const frame = pages.frame(request, `/recovery/${kind}`);
        const purpose = kind === 'email' ? 'password' : kind;
        return sendHtml(reply, 200, answeredPage(extended(frame, { flowId: outcome.flowId, purpose })));
      }
    }
  }

  // «Восстановление доступа»: the chooser (dnevnik) or the email form (ElJur, recycle).
  app.get('/recovery', async (request, reply) => {
    if (realmOf(request).settings.recovery.style === 'email')
      return pages.form(request, reply, 'email', 200, EMPTY_FORM, {});
    return pages.chooser(request, reply);
  });

  for (const kind of ['password', 'login', 'both'] as const) {
    app.get(`/recovery/${kind}`, async (request, reply) => {
      if (realmOf(request).settings.recovery.style !== 'dnevnik') return reply.callNotFound();
      return pages.form(request, reply, kind, 200, EMPTY_FORM, {});
    });
    app.post(`/recovery/${kind}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      if (realmOf(request).settings.recovery.style !== 'dnevnik') return reply.callNotFound();
      return handle(request, reply, kind);
    });
  }

  app.post('/recovery/email', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (realmOf(request).settings.recovery.style !== 'email') return reply.callNotFound();
    return handle(request, reply, 'email');
  });
}
