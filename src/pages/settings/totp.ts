/**
 * «Двухфакторная аутентификация» in «Настройки»: the authenticator app and recovery codes.
 *
 *   POST /settings/totp/start        a `totp-enrolment` flow (bound to the person and browser,
 *                                    the new secret sealed in it) → its page
 *   GET  /settings/totp/:flow        the QR code, the manual key, the first code's field
 *   POST /settings/totp/:flow        the first code → the app on, ten recovery codes shown once
 *   POST /settings/totp/codes        a current code → ten new recovery codes (the old ones void)
 *   POST /settings/totp/off          the current password and a code → the app and codes gone
 *
 * Every code is counted on the person's code budget before it is compared (factors/codes.ts);
 * the password on the reauthentication budget before argon2 (sessions/reauth.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import { defineFlow } from '../../core/flows/machine.js';
import { html } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { codeBudget } from '../../factors/code-budget.js';
import { type CodeVerdict, checkCode, checkEnrolmentCode } from '../../factors/codes.js';
import { enrolTotp, newEnrolmentSecret, reissueRecoveryCodes, removeTotp } from '../../factors/enrolment.js';
import { groupedKey, qrDataUrl } from '../../factors/qr.js';
import { totpUri } from '../../factors/totp.js';
import { codesList, enrolForm } from '../../flows/second-factor/views.js';
import type { Services } from '../../services.js';
import { reauthenticate } from '../../sessions/reauth.js';
import { realmFrame, realmOf, realmPath, requirePerson, requirePersonWithHash } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { notice, realmPage } from '../../web/views/layout.js';

type EnrolState = 'enrolling' | 'done' | 'superseded';
type EnrolData = { readonly secret: string };

export const totpEnrolment = defineFlow<EnrolState, EnrolData>({
  kind: 'totp-enrolment',
  transitions: { enrolling: ['done', 'superseded'], done: [], superseded: [] },
  ended: ['done', 'superseded'],
  attempts: { enrolling: 5 },
});

const ENROL_TTL_MS = 15 * 60 * 1000;
const CodeForm = z.object({ code: formText(200) });
const OffForm = z.object({ current_password: formText(1024), code: formText(200) });

const CODE_MESSAGES: Record<Exclude<CodeVerdict['kind'], 'ok' | 'throttled'>, MessageKey> = {
  empty: 'mfa.code_required',
  malformed: 'mfa.code_malformed',
  wrong: 'mfa.code_wrong',
  reused: 'mfa.code_wrong',
  no_factor: 'mfa.settings_not_on',
  exhausted: 'mfa.settings_enrol_expired',
};

export function registerTotpSettings(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const meta = (request: FastifyRequest) => ({ ip: clientIp(request), userAgent: userAgent(request) });
  const budget = () => ({
    factors: services.factors,
    budget: codeBudget(services.limiters),
    clock: services.clock,
  });

  /** A page of this section: a message, the codes, or the enrolment form. */
  function page(request: FastifyRequest, reply: FastifyReply, status: number, body: ReturnType<typeof html>) {
    const f = realmFrame(services, request, '/settings');
    return sendHtml(
      reply,
      status,
      realmPage(
        f,
        request.t('mfa.settings_title'),
        html`<section class="card totp-settings"><h1>${request.t('mfa.settings_title')}</h1>${body}
        <p><a href="${realmPath(f.realm, '/settings')}">${request.t('settings.back_to_settings')}</a></p></section>`,
      ),
    );
  }

  function codeProblem(
    request: FastifyRequest,
    reply: FastifyReply,
    verdict: Exclude<CodeVerdict, { kind: 'ok' }>,
  ) {
    if (verdict.kind === 'throttled') {
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      return page(
        request,
        reply,
        429,
        notice('error', request.t('mfa.throttled', { seconds: verdict.retryAfterSeconds })),
      );
    }
    const status =
      verdict.kind === 'empty' || verdict.kind === 'malformed'
        ? 400
        : verdict.kind === 'no_factor'
          ? 409
          : 401;
    return page(request, reply, status, notice('error', request.t(CODE_MESSAGES[verdict.kind])));
  }

  async function enrolPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    flowId: string,
    secret: string,
    login: string,
    error?: string,
  ) {
    const realm = realmOf(request);
    const block = {
      qr: await qrDataUrl(totpUri(secret, realm.settings.productName, login)),
      key: groupedKey(secret),
    };
    const f = realmFrame(services, request, '/settings');
    const form = enrolForm(
      extended(f, {
        csrf: reply.generateCsrf(),
        action: realmPath(realm, `/settings/totp/${flowId}`),
        ...(error ? { error } : {}),
      }),
      block,
    );
    return page(request, reply, status, form);
  }

  app.post('/settings/totp/start', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    if (await services.factors.totp.find(signedIn.person.id))
      return page(request, reply, 409, notice('error', request.t('mfa.settings_already')));
    const { sealed } = newEnrolmentSecret(services);
    const flow = await services.db.transaction().execute(async (trx) => {
      await services.flows.endAllOf(trx, totpEnrolment, signedIn.person.id, 'superseded');
      return services.flows.start(trx, totpEnrolment, {
        realmId: realm.id,
        state: 'enrolling',
        personId: signedIn.person.id,
        data: { secret: sealed },
        ttlMs: ENROL_TTL_MS,
        browserToken: flowBrowserToken(request, reply, secure),
      });
    });
    return reply.redirect(realmPath(realm, `/settings/totp/${flow.id}`), 303);
  });

  async function loadEnrolment(request: FastifyRequest, reply: FastifyReply, personId: string) {
    const { flow: id } = request.params as { flow: string };
    const found = await services.flows.load(totpEnrolment, realmOf(request).id, id, {
      browserToken: flowBrowserToken(request, reply, secure),
      personId,
    });
    const secret = found.kind === 'live' ? services.factors.enrolment.open(found.flow.data.secret) : null;
    if (found.kind !== 'live' || !secret) {
      page(
        request,
        reply,
        found.kind === 'missing' ? 404 : 410,
        notice('error', request.t('mfa.settings_enrol_expired')),
      );
      return null;
    }
    return { flow: found.flow, secret };
  }

  app.get('/settings/totp/:flow', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const loaded = await loadEnrolment(request, reply, signedIn.person.id);
    if (!loaded) return reply;
    return enrolPage(request, reply, 200, loaded.flow.id, loaded.secret, signedIn.person.login);
  });

  app.post('/settings/totp/:flow', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const loaded = await loadEnrolment(request, reply, signedIn.person.id);
    if (!loaded) return reply;
    const parsed = parseForm(CodeForm, request.body);
    const typed = parsed.ok ? parsed.form.code : 'x'.repeat(201);
    const spend = async () =>
      (await services.flows.spendAttempt(services.db, totpEnrolment, loaded.flow)).kind === 'counted';
    const verdict = await checkEnrolmentCode(budget(), signedIn.person.id, loaded.secret, typed, spend);
    if (verdict.kind !== 'ok') {
      if (verdict.kind === 'exhausted' || verdict.kind === 'throttled')
        return codeProblem(request, reply, verdict);
      const status = verdict.kind === 'wrong' ? 401 : 400;
      const error = request.t(CODE_MESSAGES[verdict.kind]);
      return enrolPage(request, reply, status, loaded.flow.id, loaded.secret, signedIn.person.login, error);
    }
    const codes = await enrolTotp(
      services,
      realm,
      signedIn.person.id,
      loaded.secret,
      verdict.step,
      meta(request),
      (trx) => services.flows.move(trx, totpEnrolment, loaded.flow, 'done'),
    );
    if (!codes) return page(request, reply, 409, notice('error', request.t('mfa.settings_already')));
    return page(
      request,
      reply,
      200,
      html`${notice('success', request.t('mfa.settings_enabled'))}${codesList(request.t, codes)}`,
    );
  });

  app.post('/settings/totp/codes', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const parsed = parseForm(CodeForm, request.body);
    const verdict = await checkCode(
      budget(),
      signedIn.person.id,
      'totp',
      parsed.ok ? parsed.form.code : 'x'.repeat(201),
    );
    if (verdict.kind !== 'ok') return codeProblem(request, reply, verdict);
    const codes = await reissueRecoveryCodes(services, realmOf(request), signedIn.person.id, meta(request));
    return page(request, reply, 200, codesList(request.t, codes));
  });

  app.post('/settings/totp/off', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePersonWithHash(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const { person } = signedIn;
    const parsed = parseForm(OffForm, request.body);
    const form = parsed.ok ? parsed.form : { current_password: '', code: '' };
    const record = (reason: string) =>
      services.audit.append({
        realmId: realm.id,
        action: 'totp.remove_refused',
        actorId: person.id,
        subjectId: person.id,
        ...meta(request),
        detail: { reason },
      });
    const refused = async (status: number, text: string, reason: string) => {
      await record(reason);
      return page(request, reply, status, notice('error', text));
    };
    const t = request.t;
    if (!(await services.factors.totp.find(person.id)))
      return refused(409, t('mfa.settings_not_on'), 'no_factor');
    // The password first (its own budget), then the code (the code budget): both must be right.
    const verdict = await reauthenticate(services, person).verify(form.current_password);
    if (verdict.kind === 'throttled') {
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
      return refused(429, t('settings.throttled', { minutes }), 'password_throttled');
    }
    if (verdict.kind === 'missing')
      return refused(400, t('settings.current_password_required'), 'password_missing');
    if (verdict.kind === 'wrong') return refused(401, t('settings.current_password_wrong'), 'password_wrong');
    const code = await checkCode(budget(), person.id, 'totp', form.code);
    if (code.kind !== 'ok') {
      await record(`code_${code.kind}`);
      return codeProblem(request, reply, code);
    }
    await removeTotp(services, realm, person.id, meta(request));
    return reply.redirect(realmPath(realm, '/settings?done=totp_off'), 303);
  });
}
