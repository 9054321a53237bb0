/**
 * «Регистрация в системе успешно завершена», and the login check a script asks as the person
 * types (only within a live flow of this browser; it shares the form's budget of checks).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import { clientIp, sendHtml } from '../../web/context.js';
import { sendError } from '../../web/error-handler.js';
import { formText, parseForm } from '../../web/form.js';
import { readFlowId } from './account-form.js';
import { childrenOfAccount, loadRegistration } from './flow-load.js';
import { checkLoginChoice, loginProblem } from './login-check.js';
import type { Problem } from './registration.js';
import type { RouteKit } from './route-kit.js';
import { donePage } from './views.js';

const LoginQuery = z.object({ flow: formText(64), login: formText(1000) });

export function registerDoneRoutes(app: FastifyInstance, kit: RouteKit): void {
  app.get('/s/:slug/hello/done', async (request, reply) => {
    const place = await kit.schoolOf(request);
    if (!place) return reply.callNotFound();
    const flowId = readFlowId(request.query);
    const loaded = await loadRegistration(kit.services, place, flowId, kit.browserToken(request, reply));
    if (loaded.kind === 'live') return reply.redirect(kit.pageUrl(place, 'account', flowId), 303);
    if (loaded.kind !== 'done') return kit.end(request, reply, place, loaded.kind);
    const { data } = loaded.flow;
    const children = await childrenOfAccount(kit.services, loaded.flow);
    const page = donePage(
      extended(kit.frame(request, place), {
        login: data.login ?? '',
        emailGiven: data.emailGiven,
        children,
      }),
    );
    return sendHtml(reply, 200, page);
  });

  app.get('/s/:slug/hello/login', async (request, reply) => {
    const place = await kit.schoolOf(request);
    if (!place) return sendError(request, reply, 'not_found', 'json');
    const t = kit.frame(request, place).t;
    const answer = (status: number, available: boolean, problem: Problem) =>
      reply
        .code(status)
        .type('application/json; charset=utf-8')
        .send({ available, message: t(problem.key, problem.params) });
    const query = parseForm(LoginQuery, request.query);
    const flowId = query.ok ? query.form.flow : readFlowId(request.query);
    const loaded = await loadRegistration(kit.services, place, flowId, kit.browserToken(request, reply));
    if (loaded.kind !== 'live') return answer(404, false, { key: 'registration.flow_gone' });
    if (!query.ok) return answer(400, false, { key: query.errors.login ?? 'form.invalid' });
    const verdict = await checkLoginChoice(
      kit.services,
      place.realm,
      loaded.flow,
      clientIp(request),
      query.form.login,
    );
    if (verdict.kind === 'free') return answer(200, true, { key: 'registration.login_available' });
    if (verdict.kind === 'throttled') kit.retryAfter(reply, verdict.retryAfterSeconds);
    return answer(verdict.kind === 'throttled' ? 429 : 200, false, loginProblem(verdict));
  });
}
