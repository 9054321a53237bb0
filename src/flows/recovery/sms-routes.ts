/**
 * The routes of the SMS branch, «Мне не пришло письмо, восстановить пароль по телефону»: the
 * missing digits (`/recovery/phone`), the code (`/recovery/code`, `/recovery/resend`) and the
 * new password (`/recovery/new-password`). Each names its flow (`flow`); the flow answers only in
 * the browser that asked for it. Only where the realm has the branch (Dnevnik).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import { realmOf, realmPath } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import {
  NewPasswordForm,
  type PasswordProblems,
  setNewPassword,
  unreadablePassword,
} from './new-password.js';
import type { RecoveryPages } from './pages.js';
import { checkCode, checkDigits, loadBranch, resendCode } from './sms-branch.js';
import { codePage, digitsPage, newPasswordPage } from './views.js';

const flowField = formText(64);
const FlowForm = z.object({ flow: flowField });
const DigitsForm = z.object({ flow: flowField, digits: formText(64) });
const CodeForm = z.object({ flow: flowField, code: formText(64) });
const BranchPasswordForm = NewPasswordForm.extend({ flow: flowField });

type Message = { readonly key: MessageKey; readonly params?: Record<string, number> };

const smsOnly = (request: FastifyRequest): boolean => realmOf(request).settings.recovery.smsBranch;

/** Over the SMS budget: the wait, in the header and in the message. */
function capped(reply: FastifyReply, retryAfterSeconds: number): Message {
  reply.header('retry-after', String(retryAfterSeconds));
  return { key: 'contacts.sms_capped', params: { minutes: Math.ceil(retryAfterSeconds / 60) } };
}

/** The pages of the branch's steps, shown again after an entry or fetched by GET. */
function branchViews(services: Services, pages: RecoveryPages) {
  type CodeExtra = { error?: Message; info?: MessageKey };
  /** The digits page of a flow, with the problem of the last entry. */
  function digitsView(
    request: FastifyRequest,
    reply: FastifyReply,
    flowId: string,
    mask: string,
    status: number,
    error?: Message,
  ) {
    const view = extended(pages.frame(request, '/recovery/phone'), {
      csrf: reply.generateCsrf(),
      flowId,
      mask,
      error,
    });
    return sendHtml(reply, status, digitsPage(view));
  }
  /** The code page of a flow, with the problem of the last entry or a note. */
  function codeView(
    request: FastifyRequest,
    reply: FastifyReply,
    flowId: string,
    mask: string,
    status: number,
    extra: CodeExtra = {},
  ) {
    const view = extended(pages.frame(request, '/recovery/code'), {
      csrf: reply.generateCsrf(),
      flowId,
      mask,
      error: extra.error,
      ...(extra.info ? { info: request.t(extra.info) } : {}),
    });
    return sendHtml(reply, status, codePage(view));
  }
  /** A GET of a step's page: the flow of this browser, in the state the step takes. */
  async function show(request: FastifyRequest, reply: FastifyReply, state: 'started' | 'code_sent') {
    const flowId = parseForm(FlowForm, request.query).raw.flow;
    const loaded = await loadBranch(
      services,
      realmOf(request),
      flowId,
      pages.meta(request, reply).browserToken,
      [state],
    );
    if (loaded.kind !== 'live') return pages.branchEnd(request, reply, loaded.kind);
    const render = state === 'started' ? digitsView : codeView;
    return render(request, reply, flowId, loaded.flow.data.mask, 200);
  }

  return { digitsView, codeView, show };
}

export function registerSmsRoutes(app: FastifyInstance, services: Services, pages: RecoveryPages): void {
  registerDigitsRoutes(app, services, pages);
  registerCodeRoutes(app, services, pages);
  registerBranchPasswordRoutes(app, services, pages);
}

/** «укажите недостающие цифры номера телефона». */
function registerDigitsRoutes(app: FastifyInstance, services: Services, pages: RecoveryPages): void {
  const branch = { preHandler: app.csrfProtection };
  const { digitsView, show } = branchViews(services, pages);
  app.get('/recovery/phone', async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    return show(request, reply, 'started');
  });

  app.post('/recovery/phone', branch, async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    const parsed = parseForm(DigitsForm, request.body);
    const flowId = parsed.raw.flow;
    const digits = parsed.ok ? parsed.form.digits : '';
    const outcome = await checkDigits(services, realmOf(request), flowId, digits, pages.meta(request, reply));
    switch (outcome.kind) {
      case 'code_sent':
        return reply.redirect(realmPath(realmOf(request), `/recovery/code?flow=${flowId}`), 303);
      case 'malformed':
        return digitsView(request, reply, flowId, outcome.mask, 400, { key: 'recovery.digits_format' });
      case 'wrong':
        return digitsView(request, reply, flowId, outcome.mask, 400, {
          key: 'recovery.digits_wrong',
          params: { remaining: outcome.remaining },
        });
      case 'throttled':
        return digitsView(
          request,
          reply,
          flowId,
          outcome.mask,
          429,
          capped(reply, outcome.retryAfterSeconds),
        );
      default:
        return pages.branchEnd(request, reply, outcome.kind);
    }
  });
}

/** The code from the SMS, and «Отправить код ещё раз». */
function registerCodeRoutes(app: FastifyInstance, services: Services, pages: RecoveryPages): void {
  const branch = { preHandler: app.csrfProtection };
  const { codeView, show } = branchViews(services, pages);
  app.get('/recovery/code', async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    return show(request, reply, 'code_sent');
  });

  app.post('/recovery/code', branch, async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    const parsed = parseForm(CodeForm, request.body);
    const flowId = parsed.raw.flow;
    const entered = parsed.ok ? parsed.form.code : '';
    const outcome = await checkCode(services, realmOf(request), flowId, entered, pages.meta(request, reply));
    switch (outcome.kind) {
      case 'ok':
        return reply.redirect(realmPath(realmOf(request), `/recovery/new-password?flow=${flowId}`), 303);
      case 'malformed':
        return codeView(request, reply, flowId, outcome.mask, 400, {
          error: { key: 'contacts.code_format' },
        });
      case 'wrong':
        return codeView(request, reply, flowId, outcome.mask, 400, {
          error: { key: 'contacts.code_wrong', params: { remaining: outcome.remaining } },
        });
      default:
        return pages.branchEnd(request, reply, outcome.kind);
    }
  });

  app.post('/recovery/resend', branch, async (request, reply) => {
    if (!smsOnly(request)) return reply.callNotFound();
    const flowId = parseForm(FlowForm, request.body).raw.flow;
    const outcome = await resendCode(services, realmOf(request), flowId, pages.meta(request, reply));
    switch (outcome.kind) {
      case 'sent':
        return codeView(request, reply, flowId, outcome.mask, 200, { info: 'contacts.code_resent' });
      case 'limit':
        return codeView(request, reply, flowId, outcome.mask, 429, {
          error: { key: 'contacts.resend_limit' },
        });
      case 'throttled':
        return codeView(request, reply, flowId, outcome.mask, 429, {
          error: capped(reply, outcome.retryAfterSeconds),
        });
      default:
        return pages.branchEnd(request, reply, outcome.kind);
    }
  });
}

/** «Выберите свой новый пароль» after a right code: shown (GET) or set (POST). */
function registerBranchPasswordRoutes(app: FastifyInstance, services: Services, pages: RecoveryPages): void {
  async function newPassword(request: FastifyRequest, reply: FastifyReply, submit: boolean) {
    const realm = realmOf(request);
    const parsed = parseForm(BranchPasswordForm, submit ? request.body : request.query);
    const flowId = parsed.raw.flow;
    const meta = pages.meta(request, reply);
    const loaded = await loadBranch(services, realm, flowId, meta.browserToken, ['code_ok']);
    if (loaded.kind !== 'live') return pages.branchEnd(request, reply, loaded.kind);
    const person = loaded.flow.personId
      ? await services.people.findById(realm.id, loaded.flow.personId)
      : null;
    if (!person) return pages.branchEnd(request, reply, 'gone');
    let problems: PasswordProblems = { password: [], password2: [] };
    if (submit && !parsed.ok) problems = unreadablePassword(parsed.errors);
    if (submit && parsed.ok) {
      const outcome = await setNewPassword(services, realm, loaded.flow, person, parsed.form, meta);
      if (outcome.kind === 'done') return pages.end(request, reply, 200, 'recovery.password_set', false);
      if (outcome.kind === 'gone') return pages.branchEnd(request, reply, 'gone');
      problems = outcome;
    }
    const view = extended(pages.frame(request, '/recovery/new-password'), {
      csrf: reply.generateCsrf(),
      action: realmPath(realm, '/recovery/new-password'),
      hidden: { flow: flowId },
      login: person.login,
      problems,
    });
    return sendHtml(reply, submit ? 400 : 200, newPasswordPage(view));
  }

  app.get('/recovery/new-password', async (request, reply) => newPassword(request, reply, false));
  app.post('/recovery/new-password', { preHandler: app.csrfProtection }, async (request, reply) =>
    newPassword(request, reply, true),
  );
}
