/**
 * Routes of sign-in and sign-out: parse → CSRF (pre-handler) → `signIn` → render or redirect.
 * Nothing else happens here.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import type { Translate } from '../../core/i18n/i18n.js';
import { WELCOME_PATH } from '../../directory/after-registration.js';
import { gosuslugiButton } from '../../esia/button.js';
import { stepPath } from '../../factors/step-flow.js';
import type { Services } from '../../services.js';
import { currentPerson, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { interactionReturn, withReturn } from '../../web/return-path.js';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../../web/session-cookie.js';
import { sendSignatureSignin } from '../signature/signin-routes.js';
import { knownDevices, readDeviceCookie, setDeviceCookie } from './device-cookie.js';
import { type FieldErrors, readForm, type SigninDeps, type SigninForm, signIn } from './signin.js';
import { type SigninView, signinPage } from './views.js';

/** «Попробуйте снова через 30 с» / «… через 2 мин»: the wait in the unit a person reads best. */
function waitMessage(t: Translate, kind: 'throttled' | 'busy', seconds: number): string {
  if (kind === 'busy') return t('signin.busy', { seconds });
  if (seconds < 60) return t('signin.throttled_seconds', { seconds });
  return t('signin.throttled', { minutes: Math.ceil(seconds / 60) });
}

type SchoolRef = { readonly slug: string; readonly name: string };

export function registerSignin(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const devices = knownDevices(services.keyed);
  // What a sign-in needs, field by field (a copy of every service with `devices` added cost a
  // new hidden class per sign-in on Node 20: core/extended.ts). Read at each sign-in, so a
  // service replaced after start-up is the one used.
  const signinDeps = (): SigninDeps => ({
    db: services.db,
    flows: services.flows,
    sessions: services.sessions,
    people: services.people,
    audit: services.audit,
    clock: services.clock,
    factors: services.factors,
    jobs: services.jobs,
    passwords: services.passwords,
    limiters: services.limiters,
    devices,
  });
  /** The school a form came from (ElJur's school page), found once per request. */
  const schoolOfRequest = new WeakMap<FastifyRequest, SchoolRef>();

  /** `school` of the form or the query: a school of this realm, else none (nothing else changes). */
  async function findSchool(request: FastifyRequest): Promise<void> {
    const fields = extended(request.query as object, { ...(request.body as object) }) as Record<
      string,
      unknown
    >;
    const slug = fields.school;
    if (typeof slug !== 'string' || slug.length === 0 || slug.length > 60 || /[\p{Cc}\p{Cs}]/u.test(slug))
      return;
    const found = await services.schools.findBySlug(realmOf(request).id, slug);
    if (found) schoolOfRequest.set(request, { slug: found.slug, name: found.name });
  }

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: Pick<SigninForm, 'login' | 'consents'>,
    errors: FieldErrors,
    banner?: SigninView['banner'],
  ): FastifyReply {
    const realm = realmOf(request);
    // An application's sign-in (OpenID Connect) continues after this page.
    const fields = extended(request.query as object, { ...(request.body as object) }) as Record<
      string,
      unknown
    >;
    const returnTo = interactionReturn(realm.id, fields.return);
    return sendHtml(
      reply,
      status,
      signinPage({
        t: request.t,
        locale: request.locale,
        realm,
        path: realmPath(realm, '/login'),
        csrf: reply.generateCsrf(),
        login: form.login.slice(0, 64),
        consents: form.consents,
        errors,
        demo: services.config.demo,
        returnTo,
        school: schoolOfRequest.get(request) ?? null,
        ...(realm.settings.gosuslugi && services.esia.get(realm.id)
          ? { gosuslugi: gosuslugiButton({ t: request.t, base: realmPath(realm, ''), returnTo }) }
          : {}),
        ...(banner ? { banner } : {}),
      }),
    );
  }

  app.get('/login', async (request, reply) => {
    const realm = realmOf(request);
    const query = request.query as Record<string, unknown>;
    const back = interactionReturn(realm.id, query.return);
    if (!back && (await currentPerson(services, request)))
      return reply.redirect(realmPath(realm, '/profile'), 303);
    const banner =
      query.signed_out === '1'
        ? ({ kind: 'success', text: request.t('signin.signed_out') } as const)
        : undefined;
    // A realm that signs in with ЭЦП has that as its sign-in screen (article 004).
    if (realm.settings.signature?.signin && !back)
      return sendSignatureSignin(services, request, reply, {
        status: 200,
        path: '/login',
        ...(banner ? { banner } : {}),
      });
    const login = back && typeof query.login === 'string' ? query.login : '';
    await findSchool(request);
    return render(request, reply, 200, { login, consents: new Set() }, {}, banner);
  });

  app.post('/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const form = readForm(request.body);
    const outcome = await signIn(signinDeps(), realm, form, {
      ip: clientIp(request),
      userAgent: userAgent(request),
      deviceCookie: readDeviceCookie(request, realm.id, secure),
      browserToken: flowBrowserToken(request, reply, secure),
      returnTo: interactionReturn(realm.id, (request.body as Record<string, unknown> | undefined)?.return),
    });
    const t = request.t;
    if (outcome.kind !== 'signed_in' && outcome.kind !== 'next_step') await findSchool(request);
    switch (outcome.kind) {
      case 'invalid_form':
        return render(request, reply, 400, form, outcome.errors);
      case 'wrong_credentials':
        return render(request, reply, 401, form, {}, { kind: 'error', text: t('signin.wrong_credentials') });
      case 'throttled':
      case 'busy':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return render(
          request,
          reply,
          outcome.kind === 'busy' ? 503 : 429,
          form,
          {},
          {
            kind: 'error',
            text: waitMessage(t, outcome.kind, outcome.retryAfterSeconds),
          },
        );
      case 'blocked':
        return render(request, reply, 403, form, {}, { kind: 'error', text: t('signin.blocked') });
      case 'next_step':
        setDeviceCookie(reply, realm.id, outcome.deviceCookie, secure, realm.settings.throttle.deviceDays);
        return reply.redirect(stepPath(realm.id, outcome.flowId), 303);
      case 'signed_in': {
        setSessionCookie(reply, realm.id, outcome.token, secure);
        setDeviceCookie(reply, realm.id, outcome.deviceCookie, secure, realm.settings.throttle.deviceDays);
        const back = interactionReturn(realm.id, (request.body as Record<string, unknown>).return);
        if (outcome.mustChange)
          return reply.redirect(withReturn(realmPath(realm, '/password/new'), back), 303);
        if (outcome.afterRegistration && !back) return reply.redirect(realmPath(realm, WELCOME_PATH), 303);
        return reply.redirect(back ?? realmPath(realm, '/profile'), 303);
      }
    }
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const token = readSessionToken(request, realm.id, secure);
    const ended = token ? await services.sessions.revoke(realm.id, token) : null;
    if (ended) {
      await services.audit.append({
        realmId: realm.id,
        action: 'signout',
        actorId: ended.person_id,
        subjectId: ended.person_id,
        ip: clientIp(request),
        userAgent: userAgent(request),
      });
    }
    clearSessionCookie(reply, realm.id, secure);
    const signedOut = realmPath(realm, '/login?signed_out=1');
    // A session signed in through Gosuslugi ends at ESIA too (/idp/ext/Logout), which sends the browser back.
    const esia = ended?.method === 'esia' ? services.esia.get(realm.id) : undefined;
    return reply.redirect(esia ? esia.logoutUrl(`${services.config.baseUrl}${signedOut}`) : signedOut, 303);
  });
}
