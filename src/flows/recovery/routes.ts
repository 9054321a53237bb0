/**
 * Routes of recovery: parse → CSRF → call a step of `recovery.ts` → render. The SMS branch is
 * bound to this browser by the `propusk_recovery` cookie (a random token; the flow keeps its hash).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueForPolicy } from '../../core/captcha/captcha.js';
import { captchaField } from '../../core/captcha/field.js';
import type { SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import { realmOf, realmPath } from '../../web/auth.js';
import { captchaPictureBase } from '../../web/captcha-picture.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import {
  checkCode,
  checkDigits,
  checkLink,
  type FieldErrors,
  loadBranch,
  type Meta,
  type RecoveryForm,
  readForm,
  requestByContact,
  requestByEmail,
  requestByLogin,
  resendCode,
  setNewPassword,
} from './recovery.js';
import {
  answeredPage,
  chooserPage,
  codePage,
  contactFormPage,
  digitsPage,
  emailFormPage,
  endPage,
  type Frame,
  newPasswordPage,
  passwordFormPage,
} from './views.js';

const BROWSER_COOKIE = 'propusk_recovery';
const EMPTY: RecoveryForm = {
  login: '',
  email: '',
  phone: '',
  day: '',
  month: '',
  year: '',
  captchaId: '',
  captcha: '',
};

type Purpose = 'login' | 'password' | 'both';

export function registerRecovery(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;

  const frame = (request: FastifyRequest, path: string): Frame => ({
    t: request.t,
    locale: request.locale,
    realm: realmOf(request),
    path: realmPath(realmOf(request), path),
    demo: services.config.demo,
  });

  /** This browser's recovery token, made and set when missing. */
  function browserToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[BROWSER_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    reply.setCookie(BROWSER_COOKIE, token, {
      path: realmPath(realmOf(request), '/recovery'),
      httpOnly: true,
      sameSite: 'lax',
      secure,
    });
    request.cookies[BROWSER_COOKIE] = token;
    return token;
  }

  const meta = (request: FastifyRequest, reply: FastifyReply): Meta => ({
    ip: clientIp(request),
    userAgent: userAgent(request),
    locale: request.locale,
    browserToken: browserToken(request, reply),
  });

  async function captchaHtml(
    request: FastifyRequest,
    formPath: string,
    error?: MessageKey,
  ): Promise<SafeHtml> {
    const realm = realmOf(request);
    const { challenge, alternative } = await issueForPolicy(
      services.captcha,
      realm.settings.recovery.captcha,
      {
        realm: realm.id,
        ip: clientIp(request),
      },
    );
    return captchaField(request.t, challenge, {
      pictureBase: captchaPictureBase(realm),
      refreshHref: realmPath(realm, formPath),
      ...(alternative ? { alternative } : {}),
      ...(error ? { error: request.t(error) } : {}),
    });
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'password' | 'login' | 'both' | 'email',
    status: number,
    form: RecoveryForm,
    errors: FieldErrors,
    banner?: string,
  ): Promise<FastifyReply> {
    browserToken(request, reply);
    const path = `/recovery/${kind}`;
    const view = {
      ...frame(request, path),
      csrf: reply.generateCsrf(),
      form,
      errors,
      captcha: await captchaHtml(request, kind === 'email' ? '/recovery' : path, errors.captcha?.key),
      ...(banner ? { banner } : {}),
    };
    const body =
      kind === 'password'
        ? passwordFormPage(view)
        : kind === 'email'
          ? emailFormPage(view)
          : contactFormPage({ ...view, purpose: kind });
    return sendHtml(reply, status, body);
  }

  function end(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: MessageKey,
    again = true,
  ): FastifyReply {
    return sendHtml(
      reply,
      status,
      endPage({
        ...frame(request, '/recovery'),
        kind: status < 400 ? 'success' : 'error',
        message: request.t(key),
        again,
      }),
    );
  }

  /** The answer of a request: the same page whatever was found (or 429 / 400). */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'password' | 'login' | 'both' | 'email',
    form: RecoveryForm,
    outcome: Awaited<ReturnType<typeof requestByLogin>>,
  ): Promise<FastifyReply> {
    if (outcome.kind === 'invalid') return renderForm(request, reply, kind, 400, form, outcome.errors);
    if (outcome.kind === 'throttled') {
      reply.header('retry-after', String(outcome.retryAfterSeconds));
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return renderForm(request, reply, kind, 429, form, {}, request.t('recovery.throttled', { minutes }));
    }
    const purpose: Purpose = kind === 'email' ? 'password' : kind;
    return sendHtml(
      reply,
      200,
      answeredPage({ ...frame(request, `/recovery/${kind}`), flowId: outcome.flowId, purpose }),
    );
  }

  // «Восстановление доступа»: the chooser (dnevnik) or the email form (ElJur, recycle).
  app.get('/recovery', async (request, reply) => {
    const realm = realmOf(request);
    if (realm.settings.recovery.style === 'email') return renderForm(request, reply, 'email', 200, EMPTY, {});
    return sendHtml(reply, 200, chooserPage(frame(request, '/recovery')));
  });

  for (const kind of ['password', 'login', 'both'] as const) {
    app.get(`/recovery/${kind}`, async (request, reply) => {
      if (realmOf(request).settings.recovery.style !== 'dnevnik') return reply.callNotFound();
      return renderForm(request, reply, kind, 200, EMPTY, {});
    });
    app.post(`/recovery/${kind}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const realm = realmOf(request);
      if (realm.settings.recovery.style !== 'dnevnik') return reply.callNotFound();
      const form = readForm(request.body);
      const m = meta(request, reply);
      const outcome =
        kind === 'password'
          ? await requestByLogin(services, realm, form, m)
          : await requestByContact(services, realm, form, kind, m);
      return answer(request, reply, kind, form, outcome);
    });
  }

  app.post('/recovery/email', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (realm.settings.recovery.style !== 'email') return reply.callNotFound();
    const form = readForm(request.body);
    return answer(
      request,
      reply,
      'email',
      form,
      await requestByEmail(services, realm, form, meta(request, reply)),
    );
  });

  // The link from the letter: GET shows the form (scanners may open it), POST uses it.
  const linkProblem = (request: FastifyRequest, reply: FastifyReply, kind: 'invalid' | 'expired' | 'used') =>
    end(
      request,
      reply,
      kind === 'invalid' ? 400 : 410,
      kind === 'invalid'
        ? 'recovery.link_invalid'
        : kind === 'expired'
          ? 'recovery.link_expired'
          : 'recovery.link_used',
    );

  app.get('/recovery/reset/:token', async (request, reply) => {
    const realm = realmOf(request);
    const { token } = request.params as { token: string };
    const link = await checkLink(services, realm, token);
    if (link.kind !== 'ready') {
      await services.audit.append({
        realmId: realm.id,
        action: 'recovery.link_rejected',
        ip: clientIp(request),
        userAgent: userAgent(request),
        detail: { reason: link.kind },
      });
      return linkProblem(request, reply, link.kind);
    }
    return sendHtml(
      reply,
      200,
      newPasswordPage({
        ...frame(request, '/recovery/reset'),
        csrf: reply.generateCsrf(),
        action: realmPath(realm, `/recovery/reset/${token}`),
        login: link.person.login,
        problems: { password: [], password2: [] },
      }),
    );
  });

  app.post('/recovery/reset/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const { token } = request.params as { token: string };
    const link = await checkLink(services, realm, token);
    if (link.kind !== 'ready') return linkProblem(request, reply, link.kind);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = {
      password: typeof body.password === 'string' ? body.password : '',
      password2: typeof body.password2 === 'string' ? body.password2 : '',
    };
    const outcome = await setNewPassword(services, realm, link.flow, link.person, form, meta(request, reply));
    if (outcome.kind === 'invalid') {
      return sendHtml(
        reply,
        400,
        newPasswordPage({
          ...frame(request, '/recovery/reset'),
          csrf: reply.generateCsrf(),
          action: realmPath(realm, `/recovery/reset/${token}`),
          login: link.person.login,
          problems: outcome,
        }),
      );
    }
    if (outcome.kind === 'gone') return linkProblem(request, reply, 'used');
    return end(request, reply, 200, 'recovery.password_set', false);
  });

  // The SMS branch: «Мне не пришло письмо, восстановить пароль по телефону».
  const flowIdOf = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 64) : '');
  const branchEnd = (request: FastifyRequest, reply: FastifyReply, kind: 'expired' | 'gone' | 'ended') =>
    end(
      request,
      reply,
      kind === 'expired' ? 410 : kind === 'ended' ? 429 : 404,
      kind === 'expired'
        ? 'recovery.flow_expired'
        : kind === 'ended'
          ? 'recovery.flow_ended'
          : 'recovery.flow_gone',
    );

  async function showDigits(
    request: FastifyRequest,
    reply: FastifyReply,
    flowId: string,
    status: number,
    error?: { key: MessageKey; params?: Record<string, number> },
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    const loaded = await loadBranch(services, realm, flowId, browserToken(request, reply), ['started']);
    if (loaded.kind !== 'live') return branchEnd(request, reply, loaded.kind);
    return sendHtml(
      reply,
      status,
      digitsPage({
        ...frame(request, '/recovery/phone'),
        csrf: reply.generateCsrf(),
        flowId,
        mask: loaded.flow.data.mask,
        error,
      }),
    );
  }

  async function showCode(
    request: FastifyRequest,
    reply: FastifyReply,
    flowId: string,
    status: number,
    extra: { error?: { key: MessageKey; params?: Record<string, number> }; info?: MessageKey } = {},
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    const loaded = await loadBranch(services, realm, flowId, browserToken(request, reply), ['code_sent']);
    if (loaded.kind !== 'live') return branchEnd(request, reply, loaded.kind);
    return sendHtml(
      reply,
      status,
      codePage({
        ...frame(request, '/recovery/code'),
        csrf: reply.generateCsrf(),
        flowId,
        mask: loaded.flow.data.mask,
        error: extra.error,
        ...(extra.info ? { info: request.t(extra.info) } : {}),
      }),
    );
  }

  const smsOnly = (request: FastifyRequest): boolean => realmOf(request).settings.recovery.smsBranch;

  app.get('/recovery/phone', async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    return showDigits(request, reply, flowIdOf((request.query as Record<string, unknown>).flow), 200);
  });

  app.post('/recovery/phone', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const flowId = flowIdOf(body.flow);
    const digits = typeof body.digits === 'string' ? body.digits : '';
    const outcome = await checkDigits(services, realmOf(request), flowId, digits, meta(request, reply));
    switch (outcome.kind) {
      case 'code_sent':
        return reply.redirect(realmPath(realmOf(request), `/recovery/code?flow=${flowId}`), 303);
      case 'malformed':
        return showDigits(request, reply, flowId, 400, { key: 'recovery.digits_format' });
      case 'wrong':
        return showDigits(request, reply, flowId, 400, {
          key: 'recovery.digits_wrong',
          params: { remaining: outcome.remaining },
        });
      case 'throttled':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return showDigits(request, reply, flowId, 429, {
          key: 'contacts.sms_capped',
          params: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) },
        });
      default:
        return branchEnd(request, reply, outcome.kind);
    }
  });

  app.get('/recovery/code', async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    return showCode(request, reply, flowIdOf((request.query as Record<string, unknown>).flow), 200);
  });

  app.post('/recovery/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const flowId = flowIdOf(body.flow);
    const code = typeof body.code === 'string' ? body.code : '';
    const outcome = await checkCode(services, realmOf(request), flowId, code, meta(request, reply));
    switch (outcome.kind) {
      case 'ok':
        return reply.redirect(realmPath(realmOf(request), `/recovery/new-password?flow=${flowId}`), 303);
      case 'malformed':
        return showCode(request, reply, flowId, 400, { error: { key: 'contacts.code_format' } });
      case 'wrong':
        return showCode(request, reply, flowId, 400, {
          error: { key: 'contacts.code_wrong', params: { remaining: outcome.remaining } },
        });
      default:
        return branchEnd(request, reply, outcome.kind);
    }
  });

  app.post('/recovery/resend', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    const flowId = flowIdOf(((request.body ?? {}) as Record<string, unknown>).flow);
    const outcome = await resendCode(services, realmOf(request), flowId, meta(request, reply));
    switch (outcome.kind) {
      case 'sent':
        return showCode(request, reply, flowId, 200, { info: 'contacts.code_resent' });
      case 'limit':
        return showCode(request, reply, flowId, 429, { error: { key: 'contacts.resend_limit' } });
      case 'throttled':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return showCode(request, reply, flowId, 429, {
          error: {
            key: 'contacts.sms_capped',
            params: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) },
          },
        });
      default:
        return branchEnd(request, reply, outcome.kind);
    }
  });

  async function newPasswordForBranch(
    request: FastifyRequest,
    reply: FastifyReply,
    flowId: string,
    submit: boolean,
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    const loaded = await loadBranch(services, realm, flowId, browserToken(request, reply), ['code_ok']);
    if (loaded.kind !== 'live') return branchEnd(request, reply, loaded.kind);
    const person = loaded.flow.personId
      ? await services.people.findById(realm.id, loaded.flow.personId)
      : null;
    if (!person) return branchEnd(request, reply, 'gone');
    let problems = {
      password: [] as readonly { key: MessageKey }[],
      password2: [] as readonly { key: MessageKey }[],
    };
    if (submit) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const outcome = await setNewPassword(
        services,
        realm,
        loaded.flow,
        person,
        {
          password: typeof body.password === 'string' ? body.password : '',
          password2: typeof body.password2 === 'string' ? body.password2 : '',
        },
        meta(request, reply),
      );
      if (outcome.kind === 'done') return end(request, reply, 200, 'recovery.password_set', false);
      if (outcome.kind === 'gone') return branchEnd(request, reply, 'gone');
      problems = outcome;
    }
    return sendHtml(
      reply,
      submit ? 400 : 200,
      newPasswordPage({
        ...frame(request, '/recovery/new-password'),
        csrf: reply.generateCsrf(),
        action: realmPath(realm, '/recovery/new-password'),
        hidden: { flow: flowId },
        login: person.login,
        problems,
      }),
    );
  }

  app.get('/recovery/new-password', async (request, reply) =>
    newPasswordForBranch(request, reply, flowIdOf((request.query as Record<string, unknown>).flow), false),
  );
  app.post('/recovery/new-password', { preHandler: app.csrfProtection }, async (request, reply) =>
    newPasswordForBranch(
      request,
      reply,
      flowIdOf(((request.body ?? {}) as Record<string, unknown>).flow),
      true,
    ),
  );
}
