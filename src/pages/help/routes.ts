/**
 * «Заявка на восстановление доступа», the public side:
 *
 *   GET  /help[?school=SLUG&reason=…]   the form (linked from recovery's dead ends)
 *   POST /help                          a request → «Заявка принята» with its number
 *   GET  /help/status?number=…          the state of a request, by its number
 *
 * Rules: like every public form — CSRF, the realm's recovery captcha (checked on every submit),
 * then throttles counted before anything is written (per address 5 an hour, per school 300 a
 * day; 429 with Retry-After), fields checked with their messages (400). Nobody is looked up: the
 * answer is a new number whoever asked, so the form says nothing about accounts. The status page
 * is throttled per address (30 an hour) and shows the state only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { acceptedKinds, issueForPolicy } from '../../core/captcha/captcha.js';
import { captchaErrorKey, captchaField } from '../../core/captcha/field.js';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import {
  createHelpRequest,
  findByNumber,
  HELP_REASONS,
  HELP_ROLES,
  type HelpReason,
  type HelpRole,
  NUMBER_SHAPE,
} from '../../help-requests/store.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf } from '../../web/auth.js';
import { captchaPictureBase } from '../../web/captcha-picture.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { HELP_FIELDS, type HelpField, helpFormPage, helpSentPage, helpStatusPage } from './views.js';

const HelpForm = z.object({
  school: formText(100),
  lastName: formText(100),
  firstName: formText(100),
  middleName: formText(100),
  className: formText(20),
  role: formText(20),
  contact: formText(200),
  reason: formText(40),
  captcha_id: formText(2_000),
  captcha: formText(200),
});

const NAME = /^[\p{L}][\p{L}' -]{0,99}$/u;
const CLASS_NAME = /^(?:[1-9]|1[0-2])\s?-?\s?[А-ЯЁA-Z]?$/iu;

function emptyForm(request: FastifyRequest): Record<HelpField, string> {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const pick = (name: string): string =>
    typeof q[name] === 'string' ? (q[name] as string).slice(0, 100) : '';
  const form = Object.fromEntries(HELP_FIELDS.map((f) => [f, ''])) as Record<HelpField, string>;
  form.school = pick('school');
  form.role = 'student';
  const reason = pick('reason');
  form.reason = (HELP_REASONS as readonly string[]).includes(reason) ? reason : 'no_contact';
  return form;
}

export function registerHelpRequests(app: FastifyInstance, services: Services): void {
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: Readonly<Record<HelpField, string>>,
    errors: Partial<Record<HelpField | 'captcha', MessageKey>>,
    banner: string | null = null,
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    const { challenge, alternative } = await issueForPolicy(
      services.captcha,
      realm.settings.recovery.captcha,
      {
        realm: realm.id,
        ip: clientIp(request),
      },
    );
    const captcha = captchaField(request.t, challenge, {
      pictureBase: captchaPictureBase(realm),
      refreshHref: `/r/${realm.id}/help`,
      ...(alternative ? { alternative } : {}),
      ...(errors.captcha ? { error: request.t(errors.captcha) } : {}),
    });
    const page = helpFormPage(
      extended(realmFrame(services, request, '/help'), {
        csrf: reply.generateCsrf(),
        form,
        errors,
        captcha,
        banner,
      }),
    );
    return sendHtml(reply, status, page);
  }

  app.get('/help', async (request, reply) => render(request, reply, 200, emptyForm(request), {}));

  app.post('/help', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const parsed = parseForm(HelpForm, request.body);
    const raw = Object.fromEntries(HELP_FIELDS.map((f) => [f, parsed.raw[f]])) as Record<HelpField, string>;
    if (!parsed.ok) return render(request, reply, 400, raw, parsed.errors);
    const f = parsed.form;
    const errors: Partial<Record<HelpField | 'captcha', MessageKey>> = {};
    for (const field of ['lastName', 'firstName'] as const) {
      if (f[field].trim() === '') errors[field] = 'help.required';
      else if (!NAME.test(f[field].trim())) errors[field] = 'help.name_invalid';
    }
    if (f.middleName.trim() !== '' && !NAME.test(f.middleName.trim()))
      errors.middleName = 'help.name_invalid';
    if (f.className.trim() !== '' && !CLASS_NAME.test(f.className.trim()))
      errors.className = 'help.class_invalid';
    if (f.contact.trim() === '') errors.contact = 'help.required';
    if (!(HELP_ROLES as readonly string[]).includes(f.role)) errors.role = 'help.choose';
    if (!(HELP_REASONS as readonly string[]).includes(f.reason)) errors.reason = 'help.choose';
    const school = f.school.trim();
    const organisation =
      school === ''
        ? null
        : ((await services.organisations.findBySlug(realm.id, school)) ??
          (await services.db
            .selectFrom('organisations')
            .select(['id', 'slug'])
            .where('realm_id', '=', realm.id)
            .where('number', '=', school)
            .executeTakeFirst()) ??
          null);
    if (school === '') errors.school = 'help.required';
    else if (!organisation) errors.school = 'help.school_unknown';
    const verdict = await services.captcha.verify(
      f.captcha_id,
      f.captcha,
      acceptedKinds(realm.settings.recovery.captcha),
      {
        realm: realm.id,
        ip: clientIp(request),
      },
    );
    const captchaKey = captchaErrorKey(verdict);
    if (captchaKey) errors.captcha = captchaKey;
    if (Object.keys(errors).length > 0 || !organisation) return render(request, reply, 400, raw, errors);
    const byIp = services.limiters.limiter({ name: 'help-ip', points: 5, windowSeconds: 3600 });
    const bySchool = services.limiters.limiter({ name: 'help-school', points: 300, windowSeconds: 86_400 });
    for (const [limiter, key] of [
      [byIp, `${realm.id}:${clientIp(request)}`],
      [bySchool, organisation.id],
    ] as const) {
      const state = await limiter.hit(key);
      if (!state.allowed) {
        await services.audit.append({
          realmId: realm.id,
          action: 'help.throttled',
          organisationId: organisation.id,
          ip: clientIp(request),
          userAgent: userAgent(request),
          detail: { by: limiter === byIp ? 'ip' : 'school' },
        });
        reply.header('retry-after', String(state.retryAfterSeconds));
        const banner = request.t('help.throttled', { minutes: Math.ceil(state.retryAfterSeconds / 60) });
        return render(request, reply, 429, raw, {}, banner);
      }
    }
    const row = await createHelpRequest(services.db, services.clock, {
      realmId: realm.id,
      organisationId: organisation.id,
      reason: f.reason as HelpReason,
      lastName: f.lastName.trim(),
      firstName: f.firstName.trim(),
      middleName: f.middleName.trim() || null,
      className: f.className.trim() ? f.className.replace(/[\s-]/g, '').toUpperCase() : null,
      role: f.role as HelpRole,
      contact: f.contact.trim(),
    });
    await services.audit.append({
      realmId: realm.id,
      action: 'help.requested',
      organisationId: organisation.id,
      ip: clientIp(request),
      userAgent: userAgent(request),
      detail: { number: row.number, reason: row.reason },
    });
    return sendHtml(reply, 200, helpSentPage(realmFrame(services, request, '/help'), row.number));
  });

  app.get('/help/status', async (request, reply) => {
    const realm = realmOf(request);
    const frame = realmFrame(services, request, '/help/status');
    const q = (request.query ?? {}) as Record<string, unknown>;
    const value = q.number;
    if (value === undefined) return sendHtml(reply, 200, helpStatusPage(frame, '', { kind: 'none' }));
    const number = typeof value === 'string' ? value.trim() : '';
    if (!NUMBER_SHAPE.test(number))
      return sendHtml(
        reply,
        400,
        helpStatusPage(frame, number, { kind: 'invalid', key: 'help.status_unknown' }),
      );
    const state = await services.limiters
      .limiter({ name: 'help-status-ip', points: 30, windowSeconds: 3600 })
      .hit(`${realm.id}:${clientIp(request)}`);
    if (!state.allowed) {
      reply.header('retry-after', String(state.retryAfterSeconds));
      return sendHtml(
        reply,
        429,
        helpStatusPage(frame, number, { kind: 'invalid', key: 'help.status_throttled' }),
      );
    }
    const row = await findByNumber(services.db, realm.id, number);
    if (!row) return sendHtml(reply, 404, helpStatusPage(frame, number, { kind: 'unknown' }));
    return sendHtml(reply, 200, helpStatusPage(frame, number, { kind: 'status', status: row.status }));
  });
}
