/** The account form: shown for the live flow of this browser, and submitted to register. */
import type { FastifyInstance } from 'fastify';
import { EMPTY_FORM, NO_ERRORS, readAccountForm, readFlowId } from './account-form.js';
import { completeRegistration } from './account-step.js';
import type { RouteKit } from './route-kit.js';

export function registerAccountRoutes(app: FastifyInstance, kit: RouteKit): void {
  app.get('/s/:slug/hello/account', async (request, reply) => {
    const place = await kit.schoolOf(request);
    if (!place) return reply.callNotFound();
    const flowId = readFlowId(request.query);
    const opened = await kit.openAccount(request, reply, place, flowId, kit.browserToken(request, reply));
    if (opened.kind === 'answered') return opened.reply;
    const view = { flowId, invitee: opened.invitee, form: EMPTY_FORM, errors: NO_ERRORS };
    return kit.showAccount(request, reply, place, 200, view);
  });

  app.post('/s/:slug/hello/account', { preHandler: app.csrfProtection }, async (request, reply) => {
    const place = await kit.schoolOf(request);
    if (!place) return reply.callNotFound();
    const flowId = readFlowId(request.body);
    const meta = kit.meta(request, reply);
    const opened = await kit.openAccount(request, reply, place, flowId, meta.browserToken);
    if (opened.kind === 'answered') return opened.reply;
    const { flow, invitee } = opened;
    const t = kit.frame(request, place).t;
    const read = readAccountForm(request.body);
    if (!read.ok) {
      const view = {
        flowId,
        invitee,
        form: read.form,
        errors: read.errors,
        banner: t('registration.error.form'),
      };
      return kit.showAccount(request, reply, place, 400, view);
    }
    const { form } = read;
    const outcome = await completeRegistration(kit.services, place, flow, invitee, form, meta);
    switch (outcome.kind) {
      case 'done':
      case 'gone':
        // `gone`: a second submit lost the race to the first; the last page says how it ended.
        return reply.redirect(kit.pageUrl(place, 'done', flowId), 303);
      case 'lost':
      case 'spent':
        return kit.end(request, reply, place, outcome.kind);
      case 'invalid': {
        const banner = outcome.errors.banner ?? { key: 'registration.error.form' };
        const view = { flowId, invitee, form, errors: outcome.errors, banner: t(banner.key, banner.params) };
        return kit.showAccount(request, reply, place, 400, view);
      }
      case 'throttled': {
        kit.retryAfter(reply, outcome.retryAfterSeconds);
        const banner = t(outcome.problem.key, outcome.problem.params);
        return kit.showAccount(request, reply, place, 429, {
          flowId,
          invitee,
          form,
          errors: NO_ERRORS,
          banner,
        });
      }
    }
  });
}
