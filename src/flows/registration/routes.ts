/**
 * Routes of registration at the school's address (realms with `registrationByCode`, as ElJur; in
 * any other realm, or for a slug that is not a school of this realm, a 404):
 *
 *   GET  /r/:realm/s/:slug/hello                  «Регистрация»: the code
 *   POST /r/:realm/s/:slug/hello                  check the code, start the flow → the account form
 *   GET  /r/:realm/s/:slug/hello/account?flow=…   login, password, contacts, name, «Дети»
 *   POST /r/:realm/s/:slug/hello/account          register → «…успешно завершена»
 *   GET  /r/:realm/s/:slug/hello/done?flow=…      «Регистрация в системе успешно завершена»
 *   GET  /r/:realm/s/:slug/hello/login?flow=…&login=…   `{ available, message }` for a script
 *
 * Each handler: parse → CSRF (pre-handler) → call `registration.ts` → render. The flow is bound
 * to this browser by the `propusk_registration` cookie (a random token; the flow keeps its hash).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Organisation } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { realmOf } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { sendError } from '../../web/error-handler.js';
import { type RegistrationKey, registrationTranslator } from './messages.js';
import {
  type AccountErrors,
  type AccountForm,
  childrenOfAccount,
  completeRegistration,
  type Invitee,
  loadFlow,
  loadInvitee,
  loginAvailability,
  type Meta,
  NO_ERRORS,
  readAccountForm,
  readCode,
  startWithCode,
} from './registration.js';
import { accountPage, codePage, donePage, endPage, type Frame, helloPath } from './views.js';

const BROWSER_COOKIE = 'propusk_registration';

/** The route a test or `app.ts` can ask `hasRoute` about. */
export const HELLO_ROUTE = '/r/:realm/s/:slug/hello';

/** Login checks one IP address may make per minute (a script asks as the person types). */
export const LOGIN_CHECKS_PER_MINUTE = 120;

const EMPTY_FORM: AccountForm = {
  login: '',
  password: '',
  password2: '',
  email: '',
  phone: '',
  guardian: '',
  lastName: '',
  firstName: '',
  middleName: '',
  childCodes: [],
};

/** Organisation slugs are `varchar(60)`; anything else cannot be one, so it is not looked up. */
function isPossibleSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= 60 && !/[\p{Cc}\p{Cs}]/u.test(slug);
}

const flowIdOf = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 64) : '');

interface School {
  readonly realm: LoadedRealm;
  readonly school: Organisation;
}

export function registerRegistration(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const loginChecks = services.limiters.limiter({
    name: 'registration-login-check',
    points: LOGIN_CHECKS_PER_MINUTE,
    windowSeconds: 60,
  });

  /** The school of this ElJur realm named by the path, or null for a 404. */
  async function schoolOf(request: FastifyRequest): Promise<School | null> {
    const realm = realmOf(request);
    if (!realm.settings.registrationByCode) return null;
    const { slug } = request.params as { slug?: string };
    if (typeof slug !== 'string' || !isPossibleSlug(slug)) return null;
    const school = await services.organisations.findBySlug(realm.id, slug);
    return school ? { realm, school } : null;
  }

  /** This browser's registration token, made and set when missing. */
  function browserToken(request: FastifyRequest, reply: FastifyReply, realm: LoadedRealm): string {
    const existing = request.cookies[BROWSER_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    reply.setCookie(BROWSER_COOKIE, token, {
      // Every registration address of the realm is under /r/<realm>/s/<slug>/hello.
      path: `/r/${realm.id}/s`,
      httpOnly: true,
      sameSite: 'lax',
      secure,
    });
    request.cookies[BROWSER_COOKIE] = token;
    return token;
  }

  const meta = (request: FastifyRequest, reply: FastifyReply, realm: LoadedRealm): Meta => ({
    ip: clientIp(request),
    userAgent: userAgent(request),
    browserToken: browserToken(request, reply, realm),
  });

  const frame = (request: FastifyRequest, { realm, school }: School): Frame => ({
    t: registrationTranslator(request),
    locale: request.locale,
    realm,
    school,
    demo: services.config.demo,
  });

  function end(
    request: FastifyRequest,
    reply: FastifyReply,
    at: School,
    kind: 'gone' | 'expired' | 'lost',
  ): FastifyReply {
    const key: RegistrationKey =
      kind === 'gone'
        ? 'registration.flow_gone'
        : kind === 'expired'
          ? 'registration.flow_expired'
          : 'registration.code_no_longer_valid';
    const f = frame(request, at);
    return sendHtml(reply, kind === 'gone' ? 404 : 410, endPage({ ...f, message: f.t(key) }));
  }

  function showAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    at: School,
    status: number,
    view: { flowId: string; invitee: Invitee; form: AccountForm; errors: AccountErrors; banner?: string },
  ): FastifyReply {
    // Passwords are never written back into the page.
    const form = { ...view.form, password: '', password2: '' };
    return sendHtml(
      reply,
      status,
      accountPage({ ...frame(request, at), csrf: reply.generateCsrf(), ...view, form }),
    );
  }

  const doneUrl = (at: School, flowId: string): string =>
    helloPath(at.realm, at.school.slug, `/done?flow=${encodeURIComponent(flowId)}`);

  // «Регистрация»: the code.
  app.get('/s/:slug/hello', async (request, reply) => {
    const at = await schoolOf(request);
    if (!at) return reply.callNotFound();
    return sendHtml(reply, 200, codePage({ ...frame(request, at), csrf: reply.generateCsrf(), code: '' }));
  });

  app.post('/s/:slug/hello', { preHandler: app.csrfProtection }, async (request, reply) => {
    const at = await schoolOf(request);
    if (!at) return reply.callNotFound();
    const code = readCode(request.body);
    const outcome = await startWithCode(services, at.realm, at.school, code, meta(request, reply, at.realm));
    const f = frame(request, at);
    switch (outcome.kind) {
      case 'started':
        return reply.redirect(
          helloPath(at.realm, at.school.slug, `/account?flow=${encodeURIComponent(outcome.flowId)}`),
          303,
        );
      case 'invalid':
        return sendHtml(
          reply,
          400,
          codePage({ ...f, csrf: reply.generateCsrf(), code, error: outcome.problem }),
        );
      case 'throttled': {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
        return sendHtml(
          reply,
          429,
          codePage({
            ...f,
            csrf: reply.generateCsrf(),
            code,
            banner: f.t('registration.code.throttled', { minutes }),
          }),
        );
      }
    }
  });

  // The account form.
  app.get('/s/:slug/hello/account', async (request, reply) => {
    const at = await schoolOf(request);
    if (!at) return reply.callNotFound();
    const flowId = flowIdOf((request.query as Record<string, unknown>).flow);
    const loaded = await loadFlow(
      services,
      at.realm,
      at.school,
      flowId,
      browserToken(request, reply, at.realm),
    );
    if (loaded.kind === 'done') return reply.redirect(doneUrl(at, flowId), 303);
    if (loaded.kind !== 'live') return end(request, reply, at, loaded.kind);
    const invitee = await loadInvitee(services, at.realm, at.school, loaded.flow);
    if (!invitee) return end(request, reply, at, 'lost');
    return showAccount(request, reply, at, 200, { flowId, invitee, form: EMPTY_FORM, errors: NO_ERRORS });
  });

  app.post('/s/:slug/hello/account', { preHandler: app.csrfProtection }, async (request, reply) => {
    const at = await schoolOf(request);
    if (!at) return reply.callNotFound();
    const flowId = flowIdOf(((request.body ?? {}) as Record<string, unknown>).flow);
    const m = meta(request, reply, at.realm);
    const loaded = await loadFlow(services, at.realm, at.school, flowId, m.browserToken);
    if (loaded.kind === 'done') return reply.redirect(doneUrl(at, flowId), 303);
    if (loaded.kind !== 'live') return end(request, reply, at, loaded.kind);
    const invitee = await loadInvitee(services, at.realm, at.school, loaded.flow);
    if (!invitee) return end(request, reply, at, 'lost');
    const form = readAccountForm(request.body);
    const outcome = await completeRegistration(services, at.realm, at.school, loaded.flow, invitee, form, m);
    const t = registrationTranslator(request);
    switch (outcome.kind) {
      case 'done':
      case 'gone':
        // `gone`: a second submit lost the race to the first; the last page says how it ended.
        return reply.redirect(doneUrl(at, flowId), 303);
      case 'lost':
        return end(request, reply, at, 'lost');
      case 'invalid': {
        const banner = outcome.errors.banner ?? { key: 'registration.error.form' };
        return showAccount(request, reply, at, 400, {
          flowId,
          invitee,
          form,
          errors: outcome.errors,
          banner: t(banner.key, banner.params),
        });
      }
      case 'throttled': {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
        return showAccount(request, reply, at, 429, {
          flowId,
          invitee,
          form,
          errors: NO_ERRORS,
          banner: t('registration.code.throttled', { minutes }),
        });
      }
    }
  });

  // «Регистрация в системе успешно завершена».
  app.get('/s/:slug/hello/done', async (request, reply) => {
    const at = await schoolOf(request);
    if (!at) return reply.callNotFound();
    const flowId = flowIdOf((request.query as Record<string, unknown>).flow);
    const loaded = await loadFlow(
      services,
      at.realm,
      at.school,
      flowId,
      browserToken(request, reply, at.realm),
    );
    if (loaded.kind === 'live')
      return reply.redirect(
        helloPath(at.realm, at.school.slug, `/account?flow=${encodeURIComponent(flowId)}`),
        303,
      );
    if (loaded.kind !== 'done') return end(request, reply, at, loaded.kind);
    const { data } = loaded.flow;
    return sendHtml(
      reply,
      200,
      donePage({
        ...frame(request, at),
        login: data.login ?? '',
        emailGiven: data.emailGiven,
        children: await childrenOfAccount(services, loaded.flow),
      }),
    );
  });

  // For a script that checks the login as it is typed; only within a live flow of this browser.
  app.get('/s/:slug/hello/login', async (request, reply) => {
    const at = await schoolOf(request);
    if (!at) return sendError(request, reply, 'not_found', 'json');
    const allowed = await loginChecks.hit(`${at.realm.id}:${clientIp(request)}`);
    if (!allowed.allowed) {
      reply.header('retry-after', String(allowed.retryAfterSeconds));
      return sendError(request, reply, 'too_many_requests', 'json');
    }
    const query = request.query as Record<string, unknown>;
    const t = registrationTranslator(request);
    const loaded = await loadFlow(
      services,
      at.realm,
      at.school,
      flowIdOf(query.flow),
      browserToken(request, reply, at.realm),
    );
    if (loaded.kind !== 'live') {
      return reply
        .code(404)
        .type('application/json; charset=utf-8')
        .send({ available: false, message: t('registration.flow_gone') });
    }
    const login = typeof query.login === 'string' ? query.login : '';
    const answer = await loginAvailability(services, at.realm, login);
    return reply
      .code(200)
      .type('application/json; charset=utf-8')
      .send({ available: answer.available, message: t(answer.problem.key, answer.problem.params) });
  });
}
