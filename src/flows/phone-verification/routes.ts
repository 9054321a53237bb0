/** Routes of phone confirmation: parse → CSRF → call the flow → render. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskPhone } from '../../core/identifiers/phone.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { realmOf, realmPath, requirePerson } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import {
  type FieldErrors,
  loadFlow,
  MAX_RESENDS,
  type Problem,
  readForm,
  requestCode,
  resendCode,
  verifyCode,
} from './phone-verification.js';
import { codePage, phoneEndPage, phoneFormPage } from './views.js';

export function registerPhoneVerification(app: FastifyInstance, services: Services): void {
  const frame = (request: FastifyRequest, reply: FastifyReply, path: string) => ({
    t: request.t,
    locale: request.locale,
    realm: realmOf(request),
    path: realmPath(realmOf(request), path),
    demo: services.config.demo,
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
    return sendHtml(
      reply,
      status,
      phoneFormPage({
        ...frame(request, reply, '/settings/phone'),
        phone,
        errors,
        ...(banner ? { banner } : {}),
      }),
    );
  }

  function end(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
    return sendHtml(
      reply,
      status,
      phoneEndPage({
        ...frame(request, reply, '/settings/phone'),
        kind: status < 400 ? 'success' : 'error',
        message,
      }),
    );
  }

  async function code(
    request: FastifyRequest,
    reply: FastifyReply,
    signedIn: SignedIn,
    flowId: string,
    status: number,
    extra: { error?: Problem; notice?: Problem } = {},
  ): Promise<FastifyReply> {
    const loaded = await loadFlow(services, realmOf(request), signedIn.person, flowId);
    if (loaded.kind === 'expired') return end(request, reply, 410, request.t('contacts.code_expired'));
    if (loaded.kind === 'locked') return end(request, reply, 429, request.t('contacts.code_locked'));
    if (loaded.kind === 'gone') return end(request, reply, 404, request.t('contacts.code_flow_gone'));
    return sendHtml(
      reply,
      status,
      codePage({
        ...frame(request, reply, '/settings/phone/code'),
        flowId,
        masked: maskPhone(loaded.flow.data.phone),
        canResend: loaded.flow.data.resends < MAX_RESENDS,
        ...extra,
      }),
    );
  }

  const flowIdOf = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 64) : '');

  app.get('/settings/phone', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    return form(request, reply, 200, signedIn.person.phone ?? '', {});
  });

  app.post('/settings/phone', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const fields = readForm(request.body);
    const outcome = await requestCode(services, realmOf(request), signedIn.person, fields, meta(request));
    switch (outcome.kind) {
      case 'invalid':
        return form(request, reply, 400, outcome.phone, outcome.errors);
      case 'throttled': {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
        const key = outcome.reason === 'sms' ? 'contacts.sms_capped' : 'contacts.reauth_throttled';
        return form(request, reply, 429, fields.phone.slice(0, 30), {}, request.t(key, { minutes }));
      }
      case 'sent':
        return reply.redirect(
          realmPath(realmOf(request), `/settings/phone/code?flow=${outcome.flowId}`),
          303,
        );
    }
  });

  app.get('/settings/phone/code', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    return code(request, reply, signedIn, flowIdOf((request.query as Record<string, unknown>).flow), 200);
  });

  app.post('/settings/phone/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const flowId = flowIdOf(body.flow);
    const input = readForm(request.body).code;
    const outcome = await verifyCode(
      services,
      realmOf(request),
      signedIn.person,
      flowId,
      input,
      meta(request),
    );
    switch (outcome.kind) {
      case 'confirmed':
        return reply.redirect(realmPath(realmOf(request), '/profile?phone_confirmed=1'), 303);
      case 'malformed':
        return code(request, reply, signedIn, flowId, 400, { error: { key: 'contacts.code_format' } });
      case 'wrong':
        return code(request, reply, signedIn, flowId, 400, {
          error: { key: 'contacts.code_wrong', params: { remaining: outcome.remaining } },
        });
      case 'locked':
        return end(request, reply, 429, request.t('contacts.code_locked'));
      case 'expired':
        return end(request, reply, 410, request.t('contacts.code_expired'));
      case 'gone':
        return end(request, reply, 404, request.t('contacts.code_flow_gone'));
    }
  });

  app.post('/settings/phone/resend', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const flowId = flowIdOf(((request.body ?? {}) as Record<string, unknown>).flow);
    const outcome = await resendCode(services, realmOf(request), signedIn.person, flowId, meta(request));
    switch (outcome.kind) {
      case 'sent':
        return code(request, reply, signedIn, flowId, 200, { notice: { key: 'contacts.code_resent' } });
      case 'limit':
        return code(request, reply, signedIn, flowId, 429, { error: { key: 'contacts.resend_limit' } });
      case 'throttled':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return code(request, reply, signedIn, flowId, 429, {
          error: {
            key: 'contacts.sms_capped',
            params: { minutes: Math.ceil(outcome.retryAfterSeconds / 60) },
          },
        });
      case 'expired':
        return end(request, reply, 410, request.t('contacts.code_expired'));
      case 'gone':
        return end(request, reply, 404, request.t('contacts.code_flow_gone'));
    }
  });
}
