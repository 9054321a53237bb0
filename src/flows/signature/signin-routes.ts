/**
 * Sign-in with ЭЦП: the page, the challenge (JSON for the page's script), the signed challenge,
 * then «Введите пароль от личного кабинета в системе».
 *
 *   GET  /signature/login       the page (consents, «Войти в систему», NCALayer script)
 *   POST /signature/challenge   consents ticked → a flow bound to this browser → {flow, data}
 *   POST /signature/login       flow + CMS → verified, person found → the password step
 *   GET|POST /signature/password  the account's password (5 guesses per signature, each counted
 *                               before argon2) → a session of method `signature`
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { continueSignin } from '../../factors/signin-step.js';
import { stepPath } from '../../factors/step-flow.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { setSessionCookie } from '../../web/session-cookie.js';
import { PASSWORD_TTL_MS, signatureSignin } from './machine.js';
import { issueChallenge, refusalStatusOf, takeSignature } from './signed-step.js';
import { type Banner, passwordPage, signatureSigninPage } from './views.js';

const CONSENTS = ['personal_data', 'signature_liability'] as const;

const SignedForm = z.object({
  flow: formText(64),
  cms: formText(64 * 1024),
  consent_personal_data: formText(10).optional(),
  consent_signature_liability: formText(10).optional(),
});
const PasswordForm = z.object({ flow: formText(64), password: formText(1024) });

function consentsOf(body: unknown): Set<string> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return new Set(CONSENTS.filter((c) => fields[`consent_${c}`] === 'on'));
}

/**
 * The realm's sign-in screen where it signs in with ЭЦП (article 004: the consents and «Войти в
 * систему» are the whole of «Вход в систему»): served at `/login` and `/signature/login`.
 */
export function sendSignatureSignin(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    readonly status: number;
    readonly path?: string;
    readonly banner?: Banner;
    readonly consents?: ReadonlySet<string>;
  },
): FastifyReply {
  return sendHtml(
    reply,
    options.status,
    signatureSigninPage({
      frame: realmFrame(services, request, options.path ?? '/signature/login'),
      csrf: reply.generateCsrf(),
      ncalayerUrl: services.signature.ncalayerUrl,
      consents: options.consents ?? new Set(),
      consentsMissing: false,
      ...(options.banner ? { banner: options.banner } : {}),
    }),
  );
}

export function registerSignatureSignin(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const challenges = services.limiters.limiter({
    name: 'signature-challenge-ip',
    points: 60,
    windowSeconds: 600,
  });

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    banner?: Banner,
    consents = new Set<string>(),
  ) => sendSignatureSignin(services, request, reply, { status, consents, ...(banner ? { banner } : {}) });

  app.get('/signature/login', async (request, reply) => {
    if (!realmOf(request).settings.signature?.signin) return reply.callNotFound();
    return page(request, reply, 200);
  });

  app.post('/signature/challenge', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.signature?.signin) return reply.callNotFound();
    const consents = consentsOf(request.body);
    if (realm.settings.signinConsents.some((c) => !consents.has(c)))
      return reply.code(400).send({ message: request.t('signin.consents_required') });
    const challenge = randomBytes(32).toString('base64');
    return issueChallenge(services, request, reply, {
      limiter: challenges,
      machine: signatureSignin,
      state: 'challenged',
      data: { challenge, iin: null, bin: null, organisation: null, name: null },
      toSign: challenge,
      purpose: 'auth',
    });
  });

  app.post('/signature/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.signature?.signin) return reply.callNotFound();
    const parsed = parseForm(SignedForm, request.body);
    const taken = await takeSignature(services, request, reply, {
      machine: signatureSignin,
      flowId: parsed.ok ? parsed.form.flow : '',
      cms: parsed.ok ? parsed.form.cms : '',
      content: (flow) => Buffer.from(flow.data.challenge, 'base64'),
      purpose: 'auth',
      flowKind: 'signin',
      ttlMs: PASSWORD_TTL_MS,
    });
    if (!taken.ok) {
      const { refusal } = taken;
      return page(
        request,
        reply,
        refusalStatusOf(reply, refusal),
        {
          kind: 'error',
          text: request.t(refusal.key, refusal.params),
        },
        consentsOf(request.body),
      );
    }
    return reply.redirect(realmPath(realm, `/signature/password?flow=${taken.flow.id}`), 303);
  });

  async function passwordFlow(request: FastifyRequest, reply: FastifyReply, id: string) {
    const realm = realmOf(request);
    return services.flows.load(signatureSignin, realm.id, id, {
      browserToken: flowBrowserToken(request, reply, secure),
      states: ['signed'],
    });
  }

  app.get('/signature/password', async (request, reply) => {
    const id = String((request.query as Record<string, unknown>).flow ?? '').slice(0, 64);
    const loaded = await passwordFlow(request, reply, id);
    if (loaded.kind !== 'live')
      return page(request, reply, 410, { kind: 'error', text: request.t('ecp.flow_gone') });
    return sendHtml(
      reply,
      200,
      passwordPage({
        frame: realmFrame(services, request, '/signature/password'),
        csrf: reply.generateCsrf(),
        flowId: id,
        signer: loaded.flow.data,
      }),
    );
  });

  app.post('/signature/password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const t = request.t;
    const parsed = parseForm(PasswordForm, request.body);
    const id = parsed.ok ? parsed.form.flow : '';
    const loaded = await passwordFlow(request, reply, id);
    if (loaded.kind !== 'live') return page(request, reply, 410, { kind: 'error', text: t('ecp.flow_gone') });
    const flow = loaded.flow;
    const again = (status: number, error: string) =>
      sendHtml(
        reply,
        status,
        passwordPage({
          frame: realmFrame(services, request, '/signature/password'),
          csrf: reply.generateCsrf(),
          flowId: id,
          signer: flow.data,
          error,
        }),
      );
    const password = parsed.ok ? parsed.form.password : '';
    if (password === '' || password.length > 256) return again(400, t('ecp.password_required'));
    const person = flow.personId ? await services.people.findById(realm.id, flow.personId) : null;
    if (!person) return page(request, reply, 410, { kind: 'error', text: t('ecp.flow_gone') });
    const admission = services.passwords.admit();
    if (!admission) {
      const seconds = services.passwords.retryAfterSeconds();
      reply.header('retry-after', String(seconds));
      return again(503, t('ecp.busy', { seconds }));
    }
    const meta = { ip: clientIp(request), userAgent: userAgent(request) };
    let verified = false;
    try {
      // Counted before argon2: a signature buys five guesses, no more.
      const spent = await services.flows.spendAttempt(services.db, signatureSignin, flow);
      if (spent.kind === 'exhausted') {
        await services.flows.end(services.db, signatureSignin, flow, 'locked');
        return page(request, reply, 429, { kind: 'error', text: t('ecp.password_locked') });
      }
      verified = await services.passwords.verifyForSignin(person.password_hash, password, admission);
      if (!verified) {
        await services.audit.append({
          realmId: realm.id,
          action: 'signature.password_failed',
          subjectId: person.id,
          ...meta,
        });
        if (spent.remaining === 0) {
          await services.flows.end(services.db, signatureSignin, flow, 'locked');
          return page(request, reply, 429, { kind: 'error', text: t('ecp.password_locked') });
        }
        return again(401, t('ecp.password_wrong', { remaining: spent.remaining }));
      }
    } finally {
      admission.cancel();
    }
    if (!(await services.flows.move(services.db, signatureSignin, flow, 'done')))
      return page(request, reply, 409, { kind: 'error', text: t('ecp.flow_gone') });
    await services.audit.append({
      realmId: realm.id,
      action: 'signature.signed_in',
      actorId: person.id,
      subjectId: person.id,
      ...meta,
      detail: { iin: flow.data.iin ?? '', bin: flow.data.bin ?? '' },
    });
    // ЭЦП → password → the consents' records and the second factor (factors/), or the session now.
    // Both consents were ticked on the page that asked for the challenge.
    const next = await continueSignin(services, {
      realm,
      person,
      method: 'signature',
      consentsTicked: new Set(realm.settings.signinConsents),
      meta,
      browserToken: flowBrowserToken(request, reply, secure),
      returnTo: null,
    });
    if (next.kind === 'step') return reply.redirect(stepPath(realm.id, next.flowId), 303);
    setSessionCookie(reply, realm.id, next.token, secure);
    return reply.redirect(
      realmPath(realm, person.password_must_change === 1 ? '/password/new' : '/profile'),
      303,
    );
  });
}
