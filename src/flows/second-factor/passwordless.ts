/**
 * Signing in with a passkey alone, where the realm allows it (`secondFactor.passkeySignin`):
 *
 *   POST /login/passkey/options   a `passkey-signin` flow (the challenge, bound to this browser,
 *                                 5 minutes, one answer) → JSON options (no credential list: the
 *                                 browser offers the passkeys it holds for this site)
 *   POST /login/passkey           the assertion → the passkey it names → verified → the person's
 *                                 sign-in continues (`continueSignin`, method `passkey`: the
 *                                 consents where the realm has them, no second step)
 *
 * A passkey is a device unlocked by its owner (user verification required): two factors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import { defineFlow } from '../../core/flows/machine.js';
import { continueSignin } from '../../factors/signin-step.js';
import { stepPath } from '../../factors/step-flow.js';
import {
  authenticationOptions,
  parseCredential,
  relyingParty,
  verifyAssertion,
} from '../../factors/webauthn.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { setSessionCookie } from '../../web/session-cookie.js';
import { stepOverPage } from './views.js';

type PasskeySigninState = 'issued' | 'done';
type PasskeySigninData = { readonly challenge: string };

export const passkeySignin = defineFlow<PasskeySigninState, PasskeySigninData>({
  kind: 'passkey-signin',
  transitions: { issued: ['done'], done: [] },
  ended: ['done'],
});

const AnswerForm = z.object({ flow: formText(40), credential: formText(16_000) });

export function registerPasswordless(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const rp = () => relyingParty(services.config.baseUrl, '');

  function refused(request: FastifyRequest, reply: FastifyReply, status: number) {
    return sendHtml(
      reply,
      status,
      stepOverPage(
        extended(realmFrame(services, request, '/login'), { message: request.t('mfa.passkey_failed') }),
      ),
    );
  }

  app.post('/login/passkey/options', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.secondFactor.passkeySignin)
      return reply.code(404).send({ message: request.t('mfa.passkey_failed') });
    const options = await authenticationOptions(rp(), []);
    const flow = await services.flows.start(services.db, passkeySignin, {
      realmId: realm.id,
      state: 'issued',
      personId: null,
      data: { challenge: options.challenge },
      ttlMs: 5 * 60 * 1000,
      browserToken: flowBrowserToken(request, reply, secure),
    });
    return reply.send({ flow: flow.id, options });
  });

  app.post('/login/passkey', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    if (!realm.settings.secondFactor.passkeySignin) return refused(request, reply, 404);
    const meta = { ip: clientIp(request), userAgent: userAgent(request) };
    const parsed = parseForm(AnswerForm, request.body);
    if (!parsed.ok) return refused(request, reply, 400);
    const found = await services.flows.load(passkeySignin, realm.id, parsed.form.flow, {
      browserToken: flowBrowserToken(request, reply, secure),
    });
    if (found.kind !== 'live') return refused(request, reply, found.kind === 'missing' ? 404 : 410);
    // One answer per challenge, spent before it is checked.
    if (!(await services.flows.move(services.db, passkeySignin, found.flow, 'done')))
      return refused(request, reply, 409);
    const response = parseCredential<Parameters<typeof verifyAssertion>[1]>(parsed.form.credential);
    const passkey = response ? await services.factors.passkeys.find(realm.id, response.id) : null;
    const person = passkey ? await services.people.findById(realm.id, passkey.personId) : null;
    const counter =
      response && passkey && person
        ? await verifyAssertion(rp(), response, found.flow.data.challenge, passkey)
        : null;
    if (
      !response ||
      !passkey ||
      !person ||
      counter === null ||
      !(await services.factors.passkeys.used(passkey.id, counter))
    ) {
      await services.audit.append({
        realmId: realm.id,
        action: 'passkey.rejected',
        subjectId: person?.id ?? null,
        ...meta,
        detail: {
          at: 'passwordless',
          reason: !response ? 'malformed' : !passkey ? 'unknown_credential' : 'not_verified',
        },
      });
      return refused(request, reply, 401);
    }
    if (person.status !== 'active') return refused(request, reply, 403);
    const next = await continueSignin(services, {
      realm,
      person,
      method: 'passkey',
      consentsTicked: new Set(),
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
