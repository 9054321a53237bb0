/**
 * Getting access back with ЭЦП (article 004, steps 3–8):
 *
 *   GET|POST /signature/forgot        «Забыли пароль?» (forgot-routes.ts)
 *   GET  /signature/reset             «Сброс доступа через ЭЦП»: the statement, «Подписать и сбросить»
 *   POST /signature/reset/challenge   the statement with today's date and a fresh number → {flow, data}
 *   POST /signature/reset             the signed statement (a signing key) → kept as evidence
 *   GET|POST /signature/reset/new     a new password (the realm's policy) and a current email →
 *                                     a code by letter to that email
 *   GET|POST /signature/reset/code    the code (5 guesses, counted first) → the one password
 *                                     operation: the hash, the email confirmed, every session
 *                                     ended, «Пароль изменён» and «Адрес изменён» to the old email
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatUtc } from '../../core/clock.js';
import { extended } from '../../core/extended.js';
import { checkEmail } from '../../core/identifiers/email.js';
import { checkNewPassword } from '../../directory/password-operation.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { CODE_TTL_MS, RESET_TTL_MS, type ResetState, signatureReset } from './machine.js';
import { completeReset } from './reset-complete.js';
import { codePage, newAccessPage, resetDonePage, resetPage } from './reset-views.js';
import { issueChallenge, refusalStatusOf, takeSignature } from './signed-step.js';
import type { Banner } from './views.js';

const SignedForm = z.object({ flow: formText(64), cms: formText(64 * 1024) });
const NewForm = z.object({
  flow: formText(64),
  password: formText(1024),
  password2: formText(1024),
  email: formText(512),
});
const CodeForm = z.object({ flow: formText(64), code: formText(64) });

export function registerSignatureReset(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const statements = services.limiters.limiter({
    name: 'signature-reset-ip',
    points: 30,
    windowSeconds: 600,
  });
  const frame = (request: FastifyRequest, path: string) => realmFrame(services, request, path);

  function resetAgain(request: FastifyRequest, reply: FastifyReply, status: number, banner?: Banner) {
    return sendHtml(
      reply,
      status,
      resetPage(frame(request, '/signature/reset'), {
        csrf: reply.generateCsrf(),
        ncalayerUrl: services.signature.ncalayerUrl,
        ...(banner ? { banner } : {}),
      }),
    );
  }

  async function flowIn(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    states: readonly ResetState[],
  ) {
    return services.flows.load(signatureReset, realmOf(request).id, id, {
      browserToken: flowBrowserToken(request, reply, secure),
      states,
    });
  }

  app.get('/signature/reset', async (request, reply) => {
    if (!realmOf(request).settings.signature?.signin) return reply.callNotFound();
    return resetAgain(request, reply, 200);
  });

  app.post('/signature/reset/challenge', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.signature?.signin) return reply.callNotFound();
    const number = randomBytes(6).toString('hex').toUpperCase();
    const statement = `${request.t('ecp.reset_statement', { product: realm.settings.productName })}\n\n${realm.settings.productName}, ${formatUtc(services.clock.now())}, № ${number}`;
    return issueChallenge(services, request, reply, {
      limiter: statements,
      machine: signatureReset,
      state: 'challenged',
      data: {
        statement,
        iin: null,
        bin: null,
        organisation: null,
        name: null,
        evidenceId: null,
        email: null,
        passwordHash: null,
        codeHash: null,
        codeExpiresAt: 0,
      },
      toSign: Buffer.from(statement, 'utf8').toString('base64'),
      purpose: 'sign',
    });
  });

  app.post('/signature/reset', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.signature?.signin) return reply.callNotFound();
    const parsed = parseForm(SignedForm, request.body);
    const cms = parsed.ok ? parsed.form.cms : '';
    const evidenceId = randomUUID();
    const taken = await takeSignature(services, request, reply, {
      machine: signatureReset,
      flowId: parsed.ok ? parsed.form.flow : '',
      cms,
      content: (flow) => Buffer.from(flow.data.statement, 'utf8'),
      purpose: 'sign',
      flowKind: 'reset',
      ttlMs: RESET_TTL_MS,
      data: { evidenceId },
      // The signed statement is kept as evidence, exactly as it arrived.
      alsoWrite: async (trx, flow, signed, meta) => {
        const personId = signed.person.id;
        await trx
          .insertInto('signature_evidence')
          .values({
            id: evidenceId,
            realm_id: realm.id,
            person_id: personId,
            purpose: 'reset',
            statement: flow.data.statement,
            cms,
            iin: signed.signer.iin ?? '',
            bin: signed.signer.bin,
            certificate_serial: signed.signature.serialHex,
            issuer: signed.signature.issuer.slice(0, 255),
            ip: meta.ip,
            created_at: services.clock.now(),
          })
          .execute();
        await services.audit.append(
          {
            realmId: realm.id,
            action: 'signature.reset_signed',
            actorId: personId,
            subjectId: personId,
            ...meta,
            detail: { evidence: evidenceId },
          },
          trx,
        );
      },
    });
    if (!taken.ok) {
      const { refusal } = taken;
      return resetAgain(request, reply, refusalStatusOf(reply, refusal), {
        kind: 'error',
        text: request.t(refusal.key, refusal.params),
      });
    }
    return reply.redirect(realmPath(realm, `/signature/reset/new?flow=${taken.flow.id}`), 303);
  });

  function gone(
    request: FastifyRequest,
    reply: FastifyReply,
    key: 'ecp.flow_gone' | 'ecp.code_expired' | 'ecp.code_locked' = 'ecp.flow_gone',
  ) {
    return resetAgain(request, reply, 410, { kind: 'error', text: request.t(key) });
  }

  app.get('/signature/reset/new', async (request, reply) => {
    const id = String((request.query as Record<string, unknown>).flow ?? '').slice(0, 64);
    const loaded = await flowIn(request, reply, id, ['signed']);
    if (loaded.kind !== 'live') return gone(request, reply);
    return sendHtml(
      reply,
      200,
      newAccessPage(frame(request, '/signature/reset/new'), {
        csrf: reply.generateCsrf(),
        flowId: id,
        email: '',
        errors: {},
      }),
    );
  });

  app.post('/signature/reset/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const t = request.t;
    const parsed = parseForm(NewForm, request.body);
    const form = parsed.ok ? parsed.form : { flow: '', password: '', password2: '', email: '' };
    const loaded = await flowIn(request, reply, form.flow, ['signed']);
    if (loaded.kind !== 'live' || !loaded.flow.personId) return gone(request, reply);
    const flow = loaded.flow;
    const person = await services.people.findById(realm.id, loaded.flow.personId);
    if (!person) return gone(request, reply);
    const problems = checkNewPassword(realm.settings.passwordPolicy, person, form);
    const email = checkEmail(form.email);
    const first = (list: readonly { key: Parameters<typeof t>[0]; params?: Parameters<typeof t>[1] }[]) =>
      list[0] ? t(list[0].key, list[0].params) : undefined;
    const errors = extended(
      problems.password.length > 0 ? { password: first(problems.password) } : {},
      extended(problems.password2.length > 0 ? { password2: first(problems.password2) } : {}, {
        ...(!email.ok ? { email: t(email.code) } : {}),
      }),
    );
    if (Object.keys(errors).length > 0 || !email.ok)
      return sendHtml(
        reply,
        400,
        newAccessPage(frame(request, '/signature/reset/new'), {
          csrf: reply.generateCsrf(),
          flowId: form.flow,
          email: form.email.slice(0, 254),
          errors,
        }),
      );
    const passwordHash = await services.passwords.hash(form.password);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const meta = { ip: clientIp(request), userAgent: userAgent(request) };
    const sent = await services.db.transaction().execute(async (trx) => {
      const moved = await services.flows.move(trx, signatureReset, flow, 'code_sent', {
        data: {
          email: email.email,
          passwordHash,
          codeHash: services.keyed.hash('email-code', code),
          codeExpiresAt: services.clock.now() + CODE_TTL_MS,
        },
      });
      if (!moved) return false;
      await services.notify.email(trx, {
        realm,
        locale: request.locale,
        personId: person.id,
        to: email.email,
        template: 'email_code',
        params: { name: person.first_name, code, expiresMinutes: CODE_TTL_MS / 60_000 },
        idempotencyKey: `signature-reset-code:${flow.id}`,
      });
      await services.audit.append(
        {
          realmId: realm.id,
          action: 'signature.reset_code_sent',
          actorId: person.id,
          subjectId: person.id,
          ...meta,
        },
        trx,
      );
      return true;
    });
    if (!sent) return gone(request, reply);
    services.notify.flush();
    return reply.redirect(realmPath(realm, `/signature/reset/code?flow=${flow.id}`), 303);
  });

  app.get('/signature/reset/code', async (request, reply) => {
    const id = String((request.query as Record<string, unknown>).flow ?? '').slice(0, 64);
    const loaded = await flowIn(request, reply, id, ['code_sent']);
    if (loaded.kind !== 'live') return gone(request, reply);
    return sendHtml(
      reply,
      200,
      codePage(frame(request, '/signature/reset/code'), { csrf: reply.generateCsrf(), flowId: id }),
    );
  });

  app.post('/signature/reset/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const t = request.t;
    const parsed = parseForm(CodeForm, request.body);
    const form = parsed.ok ? parsed.form : { flow: '', code: '' };
    const loaded = await flowIn(request, reply, form.flow, ['code_sent']);
    if (loaded.kind === 'ended' && loaded.flow.state === 'locked')
      return gone(request, reply, 'ecp.code_locked');
    if (loaded.kind !== 'live' || !loaded.flow.personId) return gone(request, reply);
    const flow = loaded.flow;
    const again = (status: number, error: string) =>
      sendHtml(
        reply,
        status,
        codePage(frame(request, '/signature/reset/code'), {
          csrf: reply.generateCsrf(),
          flowId: form.flow,
          error,
        }),
      );
    const code = form.code.trim();
    if (!/^\d{6}$/.test(code)) return again(400, t('ecp.code_required'));
    const meta = { ip: clientIp(request), userAgent: userAgent(request) };
    // Counted before the code is compared.
    const spent = await services.flows.spendAttempt(services.db, signatureReset, flow);
    if (spent.kind === 'exhausted') {
      await services.flows.end(services.db, signatureReset, flow, 'locked');
      return gone(request, reply, 'ecp.code_locked');
    }
    if (services.clock.now() >= flow.data.codeExpiresAt) return gone(request, reply, 'ecp.code_expired');
    if (!flow.data.codeHash || !services.keyed.matches('email-code', code, flow.data.codeHash)) {
      await services.audit.append({
        realmId: realm.id,
        action: 'signature.reset_code_wrong',
        subjectId: flow.personId,
        ...meta,
      });
      if (spent.remaining === 0) {
        await services.flows.end(services.db, signatureReset, flow, 'locked');
        return gone(request, reply, 'ecp.code_locked');
      }
      return again(400, t('ecp.code_wrong', { remaining: spent.remaining }));
    }
    const done = await completeReset(services, realmOf(request), flow, {
      ip: clientIp(request),
      userAgent: userAgent(request),
      locale: request.locale,
    });
    if (!done) return gone(request, reply);
    return sendHtml(reply, 200, resetDonePage(frame(request, '/signature/reset/code'), done.email));
  });
}
