/**
 * Routes of «Войти через госуслуги»: «Инструкция для входа», «Выберите Ваш регион» (the choice
 * kept in a cookie), the start (a flow, then ESIA's authorization page) and ESIA's callback
 * (sign in, or the page of the refusal). Linking from «Мой профиль» comes back here too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { esiaIdentities } from '../../esia/identities.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { interactionReturn, withReturn } from '../../web/return-path.js';
import { readSessionToken, setSessionCookie } from '../../web/session-cookie.js';
import { handleCallback, reasonsOf } from './callback.js';
import { registerEsiaLinking } from './link.js';
import { ESIA_FLOW_COOKIE } from './machine.js';
import { offerLogin } from './register-complete.js';
import { esiaWizard, WIZARD_COOKIE, WIZARD_TTL_MS } from './register-machine.js';
import { registerEsiaWizard } from './register-routes.js';
import { allowEsiaForms, esiaUnavailable, startEsia } from './start.js';
import { regionsOf, schoolOf } from './store.js';
import { failurePage, helpPage, regionPage } from './views.js';

export const REGION_COOKIE = 'propusk_region';
const RegionForm = z.object({ region: formText(40) });
const returnOf = (request: FastifyRequest, fields: unknown): string | null =>
  interactionReturn(realmOf(request).id, (fields as Record<string, unknown> | undefined)?.return);

export function registerEsiaSignin(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const identities = esiaIdentities(services.db, services.clock);
  const clientOf = (request: FastifyRequest) => {
    const realm = realmOf(request);
    return realm.settings.gosuslugi ? services.esia.get(realm.id) : undefined;
  };
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    title: MessageKey,
    reasons: MessageKey[],
    extra: { code?: string | null; school?: { name: string; slug: string } | null } = {},
  ) =>
    sendHtml(
      reply,
      status,
      failurePage(
        extended(realmFrame(services, request, '/esia/callback'), {
          title,
          reasons,
          code: extra.code ?? null,
          school: extra.school ?? null,
        }),
      ),
    );
  const audit = (
    request: FastifyRequest,
    action: 'esia.signin_failed' | 'esia.signin_succeeded',
    personId: string | null,
    detail: Record<string, string>,
  ) =>
    services.audit.append({
      realmId: realmOf(request).id,
      action,
      actorId: personId,
      subjectId: personId,
      ip: clientIp(request),
      userAgent: userAgent(request),
      detail,
    });

  app.get('/esia/help', async (request, reply) =>
    sendHtml(reply, 200, helpPage(realmFrame(services, request, '/esia/help'))),
  );

  async function showRegions(request: FastifyRequest, reply: FastifyReply, status: number, error: boolean) {
    const realm = realmOf(request);
    const client = clientOf(request);
    if (!client) return page(request, reply, 404, 'esia.fail.title', ['esia.not_configured']);
    allowEsiaForms(reply, client);
    const regions = await regionsOf(services, realm.id);
    const remembered = request.cookies[REGION_COOKIE] ?? null;
    return sendHtml(
      reply,
      status,
      regionPage(
        extended(realmFrame(services, request, '/esia/region'), {
          csrf: reply.generateCsrf(),
          regions,
          chosen: regions.some((r) => r.id === remembered) ? remembered : null,
          error,
          returnTo: returnOf(request, request.method === 'GET' ? request.query : request.body),
        }),
      ),
    );
  }
  app.get('/esia/region', (request, reply) => showRegions(request, reply, 200, false));

  app.post('/esia/start', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const client = clientOf(request);
    if (!client) return page(request, reply, 404, 'esia.fail.title', ['esia.not_configured']);
    const parsed = parseForm(RegionForm, request.body);
    const regions = await regionsOf(services, realm.id);
    const region = parsed.ok ? parsed.form.region : '';
    if (regions.length > 0 && !regions.some((r) => r.id === region))
      return showRegions(request, reply, 400, true);
    if (region)
      reply.setCookie(REGION_COOKIE, region, {
        path: realmPath(realm, '/'),
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: 365 * 86400,
      });
    return startEsia(services, client, request, reply, 'signin', null, returnOf(request, request.body));
  });

  registerEsiaLinking(app, services, identities);
  registerEsiaWizard(app, services, identities);

  app.get('/esia/callback', async (request, reply) => {
    const realm = realmOf(request);
    const client = clientOf(request);
    if (!client) return page(request, reply, 404, 'esia.fail.title', ['esia.not_configured']);
    const token = readSessionToken(request, realm.id, secure);
    const signedIn = token ? await services.sessions.validate(realm.id, token, realm.settings.session) : null;
    const outcome = await handleCallback(services, identities, client, realm, {
      flowId: request.cookies[ESIA_FLOW_COOKIE],
      browserToken: flowBrowserToken(request, reply, secure),
      query: request.query as Record<string, unknown>,
      signedInId: signedIn?.person.id ?? null,
    });
    reply.clearCookie(ESIA_FLOW_COOKIE, { path: realmPath(realm, '/esia/') });
    if (outcome.kind === 'stopped' && outcome.failure && outcome.text.unavailable)
      return esiaUnavailable(
        services,
        request,
        reply,
        outcome.step ?? 'token',
        outcome.failure,
        signedIn?.person.id ?? null,
      );
    if (outcome.kind === 'stopped') {
      await audit(request, 'esia.signin_failed', signedIn?.person.id ?? null, { reason: outcome.reason });
      return page(request, reply, outcome.text.status, 'esia.error.title', [outcome.text.key], {
        code: outcome.text.code,
      });
    }
    if (outcome.kind === 'linked')
      return reply.redirect(realmPath(realm, `/profile?esia=${outcome.outcome}`), 303);
    const { match, esia } = outcome;
    if (match.kind === 'failed') {
      await audit(request, 'esia.signin_failed', match.person?.id ?? null, {
        reason: match.reason,
        oid: esia.oid,
      });
      const school = match.person ? await schoolOf(services, match.person.id) : null;
      const { title, reasons } = reasonsOf(match.reason, realm.settings.gosuslugi?.matching === 'attributes');
      return page(request, reply, 403, title, reasons, { school });
    }
    if (match.kind === 'register') {
      const person = match.person;
      const contact = (type: 'email' | 'mobile') =>
        esia.contacts.find((c) => c.type === type && c.verified)?.value ?? null;
      const mobile = contact('mobile')?.replace(/\D/g, '') ?? '';
      const flow = await services.flows.start(services.db, esiaWizard, {
        realmId: realm.id,
        state: 'personal',
        personId: person.id,
        data: {
          oid: esia.oid,
          gender: person.gender ?? esia.gender,
          birthDate: person.birth_date ?? esia.birthDate,
          email: person.email ?? contact('email'),
          phone: person.phone ?? (/^7\d{10}$/.test(mobile) ? `+${mobile}` : null),
          news: false,
          login: await offerLogin(services, realm.id, person),
          returnTo: outcome.returnTo,
        },
        ttlMs: WIZARD_TTL_MS,
        browserToken: flowBrowserToken(request, reply, secure),
      });
      reply.setCookie(WIZARD_COOKIE, flow.id, {
        path: realmPath(realm, '/esia/'),
        httpOnly: true,
        sameSite: 'lax',
        secure,
      });
      return reply.redirect(realmPath(realm, '/esia/register/personal'), 303);
    }
    const person = match.person;
    const created = await services.sessions.create({
      realmId: realm.id,
      personId: person.id,
      lifetimes: realm.settings.session,
      ip: clientIp(request),
      userAgent: userAgent(request),
      method: 'esia',
    });
    if (person.activated_at === null) await services.people.markActivated(person.id);
    if (match.via !== 'link')
      await services.db
        .transaction()
        .execute((trx) => identities.link(trx, { realmId: realm.id, personId: person.id, oid: esia.oid }));
    else await identities.touch(realm.id, esia.oid);
    await audit(request, 'esia.signin_succeeded', person.id, { via: match.via, oid: esia.oid });
    setSessionCookie(reply, realm.id, created.token, secure);
    const back = outcome.returnTo;
    if (person.password_must_change === 1)
      return reply.redirect(withReturn(realmPath(realm, '/password/new'), back), 303);
    return reply.redirect(back ?? realmPath(realm, '/profile'), 303);
  });
}
