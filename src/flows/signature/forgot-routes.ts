/**
 * «Забыли пароль?» after an ЭЦП sign-in (article 004, step 4): the person is known from the
 * signature they made a moment ago in this browser, so the page shows «Ваш email: …», and
 * «Отправить ссылку на email» sends the recovery link to that address from here — the letter,
 * the link and its page are recovery's own (`recovery/answer.ts` `requestForIdentified`).
 *
 *   GET  /signature/forgot?flow=…   the form (without a live signed sign-in: the form without
 *                                   «Ваш email», which asks to sign in first)
 *   POST /signature/forgot          flow, email → the link to the address on file
 *
 * Rules: the typed address must be the one on file (the person saw it; nothing is disclosed),
 * and confirmed; the flow is the sign-in's, bound to this browser and still «signed»; the same
 * throttles as every recovery request (per address and per person); audited as a recovery.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkEmail } from '../../core/identifiers/email.js';
import type { Person } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { requestForIdentified } from '../recovery/answer.js';
import { mailable } from '../recovery/machine.js';
import { signatureSignin } from './machine.js';
import { forgotPage } from './reset-views.js';
import type { Banner } from './views.js';

// The address is checked by `checkEmail` (its own message for one too long), not cut here.
const ForgotForm = z.object({ flow: formText(64), email: formText(10_000) });

export function registerSignatureForgot(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;

  /** The person of a signature made a moment ago in this browser, or null. */
  async function signedPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
  ): Promise<Person | null> {
    const realm = realmOf(request);
    const signin = await services.flows.load(signatureSignin, realm.id, id, {
      browserToken: flowBrowserToken(request, reply, secure),
      states: ['signed'],
    });
    if (signin.kind !== 'live' || !signin.flow.personId) return null;
    return services.people.findById(realm.id, signin.flow.personId);
  }

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    v: { person: Person | null; flow: string; typed?: string; error?: string; banner?: Banner },
  ) {
    const realm = realmOf(request);
    return sendHtml(
      reply,
      status,
      forgotPage(realmFrame(services, request, '/signature/forgot'), {
        email: v.person?.email ?? null,
        back: v.person
          ? realmPath(realm, `/signature/password?flow=${v.flow}`)
          : realmPath(realm, '/signature/login'),
        csrf: reply.generateCsrf(),
        flow: v.person ? v.flow : '',
        ...(v.typed !== undefined ? { typed: v.typed } : {}),
        ...(v.error !== undefined ? { error: v.error } : {}),
        ...(v.banner ? { banner: v.banner } : {}),
      }),
    );
  }

  app.get('/signature/forgot', async (request, reply) => {
    if (!realmOf(request).settings.signature?.signin) return reply.callNotFound();
    const id = String((request.query as Record<string, unknown>).flow ?? '').slice(0, 64);
    return page(request, reply, 200, { person: await signedPerson(request, reply, id), flow: id });
  });

  app.post('/signature/forgot', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.signature?.signin) return reply.callNotFound();
    const parsed = parseForm(ForgotForm, request.body);
    const id = parsed.ok ? parsed.form.flow : '';
    const person = parsed.ok ? await signedPerson(request, reply, id) : null;
    if (!person)
      return page(request, reply, 409, {
        person: null,
        flow: '',
        banner: { kind: 'error', text: request.t('ecp.sign_first') },
      });
    const typed = parsed.ok ? parsed.form.email : '';
    const email = checkEmail(typed);
    if (!email.ok)
      return page(request, reply, 400, { person, flow: id, typed, error: request.t(email.code) });
    if (email.normalized !== person.email_normalized)
      return page(request, reply, 400, { person, flow: id, typed, error: request.t('ecp.email_mismatch') });
    if (!mailable(person))
      return page(request, reply, 409, { person, flow: id, typed, error: request.t('ecp.no_mail') });
    const outcome = await requestForIdentified(services, realm, person, {
      ip: clientIp(request),
      userAgent: userAgent(request),
      locale: request.locale,
      browserToken: flowBrowserToken(request, reply, secure),
    });
    if (outcome.kind === 'throttled') {
      reply.header('retry-after', String(outcome.retryAfterSeconds));
      return page(request, reply, 429, {
        person,
        flow: id,
        typed,
        banner: { kind: 'error', text: request.t('error.too_many_requests') },
      });
    }
    return page(request, reply, 200, {
      person,
      flow: id,
      banner: {
        kind: 'success',
        text: request.t('ecp.link_sent', {
          email: person.email ?? '',
          hours: realm.settings.recovery.linkHours,
        }),
      },
    });
  });
}
