/** «Регистрация»: the code page, and the code that starts a registration. */
import type { FastifyInstance } from 'fastify';
import { extended } from '../../core/extended.js';
import { sendHtml } from '../../web/context.js';
import { readCode, startWithCode } from './code-step.js';
import type { Problem } from './registration.js';
import type { RouteKit } from './route-kit.js';
import { codePage } from './views.js';

export function registerCodeRoutes(app: FastifyInstance, kit: RouteKit): void {
  app.get('/s/:slug/hello', async (request, reply) => {
    const place = await kit.schoolOf(request);
    if (!place) return reply.callNotFound();
    return sendHtml(
      reply,
      200,
      codePage(extended(kit.frame(request, place), { csrf: reply.generateCsrf(), code: '' })),
    );
  });

  app.post('/s/:slug/hello', { preHandler: app.csrfProtection }, async (request, reply) => {
    const place = await kit.schoolOf(request);
    if (!place) return reply.callNotFound();
    const { code, problem } = readCode(request.body);
    const f = extended(kit.frame(request, place), { code });
    const again = (status: number, shown: { error?: Problem; banner?: string }) =>
      sendHtml(reply, status, codePage(extended(f, { csrf: reply.generateCsrf(), ...shown })));
    if (problem) return again(400, { error: problem });
    const outcome = await startWithCode(kit.services, place, code, kit.meta(request, reply));
    switch (outcome.kind) {
      case 'started':
        return reply.redirect(kit.pageUrl(place, 'account', outcome.flowId), 303);
      case 'invalid':
        return again(400, { error: outcome.problem });
      case 'throttled': {
        const minutes = kit.retryAfter(reply, outcome.retryAfterSeconds);
        return again(429, { banner: f.t('registration.code.throttled', { minutes }) });
      }
    }
  });
}
