/** Routes of phone confirmation: parse → CSRF → call the flow → render. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import { maskPhone } from '../../core/identifiers/phone.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath, requirePerson, requirePersonWithHash } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { type FormErrors, formText, parseForm } from '../../web/form.js';
import {
  type CodeView,
  type FieldErrors,
  type FlowEnd,
  type Problem,
  requestCode,
  resendCode,
  showCode,
  verifyCode,
} from './phone-verification.js';
import { codePage, phoneEndPage, phoneFormPage } from './views.js';

/** The number form: the current password and the number (checked by `checkPhone`). */
const PhoneForm = z.object({ password: formText(1024), phone: formText(100) });
/** The code form and the resend button name their flow. */
const CodeForm = z.object({ flow: formText(64), code: formText(64) });
const ResendForm = z.object({ flow: formText(64) });
const FlowQuery = z.object({ flow: formText(64) });

const END_PAGES: Readonly<Record<FlowEnd['kind'], { status: number; key: Problem['key'] }>> = {
  expired: { status: 410, key: 'contacts.code_expired' },
  locked: { status: 429, key: 'contacts.code_locked' },
  gone: { status: 404, key: 'contacts.code_flow_gone' },
};

function problemsOf<F extends string>(errors: FormErrors<F>): Partial<Record<F, Problem>> {
  const problems: Partial<Record<F, Problem>> = {};
  for (const field of Object.keys(errors) as F[]) {
    const key = errors[field];
    if (key) problems[field] = { key };
  }
  return problems;
}

/** The screens of this flow, rendered for a request. */
function phoneScreens(services: Services) {
  const frame = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    extended(realmFrame(services, request, path), {
      csrf: reply.generateCsrf(),
    });
  const meta = (request: FastifyRequest) => ({
    ip: clientIp(request),
    userAgent: userAgent(request),
    locale: request.locale,
  });

  function form(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    phone: string,
    errors: FieldErrors,
    banner?: string,
  ): FastifyReply {
    const page = phoneFormPage(
      extended(frame(request, reply, '/settings/phone'), {
        phone,
        errors,
        ...(banner ? { banner } : {}),
      }),
    );
    return sendHtml(reply, status, page);
  }

  function end(request: FastifyRequest, reply: FastifyReply, kind: FlowEnd['kind']): FastifyReply {
    const { status, key } = END_PAGES[kind];
    const page = phoneEndPage(
      extended(frame(request, reply, '/settings/phone'), {
        kind: 'error',
        message: request.t(key),
      }),
    );
    return sendHtml(reply, status, page);
  }

  function code(
    request: FastifyRequest,
    reply: FastifyReply,
    view: CodeView,
    status: number,
    extra: { error?: Problem; notice?: Problem } = {},
  ): FastifyReply {
    const page = codePage(
      extended(frame(request, reply, '/settings/phone/code'), {
        flowId: view.flowId,
        masked: maskPhone(view.phone),
        canResend: view.canResend,
        ...extra,
      }),
    );
    return sendHtml(reply, status, page);
  }

  return { meta, form, end, code };
}

/** `/settings/phone`: the number, with the current password. */
function registerPhoneNumber(app: FastifyInstance, services: Services): void {
  const screen = phoneScreens(services);
  app.get('/settings/phone', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    return screen.form(request, reply, 200, signedIn.person.phone ?? '', {});
  });

  app.post('/settings/phone', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePersonWithHash(services, request, reply);
    if (!signedIn) return reply;
    const parsed = parseForm(PhoneForm, request.body);
    const phone = parsed.raw.phone.slice(0, 30);
    if (!parsed.ok) return screen.form(request, reply, 400, phone, problemsOf(parsed.errors));
    const outcome = await requestCode(
      services,
      realmOf(request),
      signedIn.person,
      parsed.form,
      screen.meta(request),
    );
    switch (outcome.kind) {
      case 'invalid':
        return screen.form(request, reply, 400, outcome.phone, outcome.errors);
      case 'throttled': {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
        const key = outcome.reason === 'sms' ? 'contacts.sms_capped' : 'contacts.reauth_throttled';
        return screen.form(request, reply, 429, phone, {}, request.t(key, { minutes }));
      }
      case 'sent':
        return reply.redirect(
          realmPath(realmOf(request), `/settings/phone/code?flow=${outcome.flowId}`),
          303,
        );
    }
  });
}

/** `/settings/phone/code` and `/settings/phone/resend`: the code, and a new one. */
function registerPhoneCode(app: FastifyInstance, services: Services): void {
  const screen = phoneScreens(services);
  app.get('/settings/phone/code', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const query = parseForm(FlowQuery, request.query);
    if (!query.ok) return screen.end(request, reply, 'gone');
    const shown = await showCode(services, realmOf(request), signedIn.person, query.form.flow);
    return shown.kind === 'live'
      ? screen.code(request, reply, shown.view, 200)
      : screen.end(request, reply, shown.kind);
  });

  app.post('/settings/phone/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const parsed = parseForm(CodeForm, request.body);
    const realm = realmOf(request);
    if (!parsed.ok) {
      // The flow named, with the problem of the code field; a garbled flow field is no flow.
      const shown = parsed.errors.flow
        ? ({ kind: 'gone' } as const)
        : await showCode(services, realm, signedIn.person, parsed.raw.flow);
      if (shown.kind !== 'live') return screen.end(request, reply, shown.kind);
      const key = parsed.errors.code ?? 'form.invalid';
      return screen.code(request, reply, shown.view, 400, { error: { key } });
    }
    const { flow, code: input } = parsed.form;
    const outcome = await verifyCode(services, realm, signedIn.person, flow, input, screen.meta(request));
    switch (outcome.kind) {
      case 'confirmed':
        return reply.redirect(realmPath(realm, '/profile?phone_confirmed=1'), 303);
      case 'malformed':
        return screen.code(request, reply, outcome.view, 400, { error: { key: 'contacts.code_format' } });
      case 'wrong':
        return screen.code(request, reply, outcome.view, 400, {
          error: { key: 'contacts.code_wrong', params: { remaining: outcome.remaining } },
        });
      default:
        return screen.end(request, reply, outcome.kind);
    }
  });

  app.post('/settings/phone/resend', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const parsed = parseForm(ResendForm, request.body);
    if (!parsed.ok) return screen.end(request, reply, 'gone');
    const outcome = await resendCode(
      services,
      realmOf(request),
      signedIn.person,
      parsed.form.flow,
      screen.meta(request),
    );
    switch (outcome.kind) {
      case 'sent':
        return screen.code(request, reply, outcome.view, 200, { notice: { key: 'contacts.code_resent' } });
      case 'limit':
        return screen.code(request, reply, outcome.view, 429, { error: { key: 'contacts.resend_limit' } });
      case 'throttled':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return screen.code(request, reply, outcome.view, 429, {
          error: {
            key: 'contacts.sms_capped',
            params: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) },
          },
        });
      default:
        return screen.end(request, reply, outcome.kind);
    }
  });
}

export function registerPhoneVerification(app: FastifyInstance, services: Services): void {
  registerPhoneNumber(app, services);
  registerPhoneCode(app, services);
}
