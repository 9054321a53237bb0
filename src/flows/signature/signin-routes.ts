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
import { CHALLENGE_TTL_MS, PASSWORD_TTL_MS, type SigninData, signatureSignin } from './machine.js';
import { verifySigned } from './verify-step.js';
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

export function registerSignatureSignin(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const challenges = services.limiters.limiter({
    name: 'signature-challenge-ip',
    points: 60,
    windowSeconds: 600,
  });

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    banner?: Banner,
    consents = new Set<string>(),
  ) {
    return sendHtml(
      reply,
      status,
      signatureSigninPage({
        frame: realmFrame(services, request, '/signature/login'),
        csrf: reply.generateCsrf(),
        ncalayerUrl: services.signature.ncalayerUrl,
        consents,
        consentsMissing: false,
        ...(banner ? { banner } : {}),
      }),
    );
  }

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
    if (!services.signature.policyFor(realm))
      return reply.code(503).send({ message: request.t('ecp.not_configured') });
    const limit = await challenges.hit(`${realm.id}:${clientIp(request)}`);
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      return reply.code(429).send({ message: request.t('ecp.busy', { seconds: limit.retryAfterSeconds }) });
    }
    const challenge = randomBytes(32).toString('base64');
    const flow = await services.flows.start(services.db, signatureSignin, {
      realmId: realm.id,
      state: 'challenged',
      personId: null,
      data: { challenge, iin: null, bin: null, organisation: null, name: null },
      ttlMs: CHALLENGE_TTL_MS,
      browserToken: flowBrowserToken(request, reply, secure),
    });
    return reply.send({ flow: flow.id, data: challenge, purpose: 'auth' });
  });

  app.post('/signature/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.signature?.signin) return reply.callNotFound();
    const t = request.t;
    const parsed = parseForm(SignedForm, request.body);
    const consents = consentsOf(request.body);
    const error = (status: number, text: string) =>
      page(request, reply, status, { kind: 'error', text }, consents);
    if (!parsed.ok || parsed.form.flow === '') return error(400, t('ecp.challenge_missing'));
    if (parsed.form.cms === '') return error(400, t('ecp.signature_missing'));
    const loaded = await services.flows.load(signatureSignin, realm.id, parsed.form.flow, {
      browserToken: flowBrowserToken(request, reply, secure),
      states: ['challenged'],
    });
    if (loaded.kind === 'missing') return error(400, t('ecp.challenge_missing'));
    if (loaded.kind === 'expired') return error(400, t('ecp.challenge_expired'));
    if (loaded.kind !== 'live') return error(409, t('ecp.challenge_reused'));
    const flow = loaded.flow;
    const meta = { ip: clientIp(request), userAgent: userAgent(request) };
    const signed = await verifySigned(
      services,
      realm,
      {
        cms: parsed.form.cms,
        content: Buffer.from(flow.data.challenge, 'base64'),
        purpose: 'auth',
        flowKind: 'signin',
      },
      meta,
    );
    if (!signed.ok) {
      // A refused signature spends the challenge: the next try signs a new one.
      await services.flows.end(services.db, signatureSignin, flow, 'refused');
      return error(signed.problem.status, t(signed.problem.key, signed.problem.params));
    }
    if (signed.person.status !== 'active') {
      await services.flows.end(services.db, signatureSignin, flow, 'refused');
      return error(403, t('ecp.blocked'));
    }
    // The challenge is spent here, once: the person and the state are written at the version read.
    const personId = signed.person.id;
    const claimed = await services.db.transaction().execute(async (trx) => {
      if (!(await services.flows.update(trx, flow, { personId }))) return false;
      return services.flows.move(
        trx,
        signatureSignin,
        { ...flow, personId, version: flow.version + 1 },
        'signed',
        {
          data: signed.signer satisfies Partial<SigninData>,
          expiresAt: services.clock.now() + PASSWORD_TTL_MS,
        },
      );
    });
    if (!claimed) return error(409, t('ecp.challenge_reused'));
    return reply.redirect(realmPath(realm, `/signature/password?flow=${flow.id}`), 303);
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
