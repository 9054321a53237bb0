/**
 * The sign-in's second step (`factors/step-flow.ts`), on our pages:
 *
 *   GET  /login/step/:flow             the step's page: consents, the code (`?use=recovery` for
 *                                      a recovery code), or the enrolment the realm requires
 *   POST /login/step/:flow/code        a code from the app or a recovery code
 *   POST /login/step/:flow/enrol       the first code of the new app
 *   POST /login/step/:flow/consents    the consents in their current version
 *
 * Any first factor starts the flow (`factors/signin-step.ts` `continueSignin`) and sends the
 * browser here; the flow is bound to that browser and the person, and the session is created
 * only when the flow is done. An unknown, expired, locked or finished flow is a localised page
 * with the way back to the sign-in, never a 500.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { Person } from '../../db/schema.js';
import { WELCOME_PATH } from '../../directory/after-registration.js';
import { newEnrolmentSecret } from '../../factors/enrolment.js';
import { groupedKey, qrDataUrl } from '../../factors/qr.js';
import { factorNeed } from '../../factors/signin-step.js';
import { STEP_TTL_MS, type StepState, signinStep, stepPath } from '../../factors/step-flow.js';
import { totpUri } from '../../factors/totp.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath, requirePerson } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { interactionReturn, withReturn } from '../../web/return-path.js';
import { setSessionCookie } from '../../web/session-cookie.js';
import { registerGuide } from './guide.js';
import { registerPasswordless } from './passwordless.js';
import {
  acceptStepConsents,
  enrolSecretOf,
  passkeyChallenge,
  type StepFlow,
  type StepResult,
  submitCode,
  submitEnrol,
  submitPasskey,
} from './step.js';
import { codePage, codesPage, consentsPage, enrolPage, stepOverPage } from './views.js';

const CodeForm = z.object({ code: formText(200), kind: formText(10) });
const PasskeyForm = z.object({ credential: formText(16_000) });
const ConsentForm = z.object({
  consent_personal_data: formText(10),
  consent_signature_liability: formText(10),
});

interface Loaded {
  readonly flow: StepFlow;
  readonly person: Person;
}

export function registerSecondFactor(app: FastifyInstance, services: Services): void {
  registerPasswordless(app, services);
  registerGuide(app, services);
  const secure = !services.config.demo;
  const meta = (request: FastifyRequest) => ({ ip: clientIp(request), userAgent: userAgent(request) });
  const frame = (request: FastifyRequest, flowId: string) =>
    realmFrame(services, request, `/login/step/${flowId}`);

  function over(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    message: 'mfa.expired' | 'mfa.locked',
  ) {
    const { flow } = request.params as { flow: string };
    return sendHtml(
      reply,
      status,
      stepOverPage(extended(frame(request, flow.slice(0, 30)), { message: request.t(message) })),
    );
  }

  /** The step in the URL, if it is this browser's and still open in one of `states`. */
  async function load(
    request: FastifyRequest,
    reply: FastifyReply,
    states: readonly StepState[],
  ): Promise<Loaded | null> {
    const realm = realmOf(request);
    const { flow: id } = request.params as { flow: string };
    const found = await services.flows.load(signinStep, realm.id, id, {
      browserToken: flowBrowserToken(request, reply, secure),
    });
    if (found.kind === 'live' && states.includes(found.flow.state)) {
      const person = found.flow.personId
        ? await services.people.findById(realm.id, found.flow.personId)
        : null;
      if (person && person.status === 'active') return { flow: found.flow, person };
      await over(request, reply, 410, 'mfa.expired');
      return null;
    }
    const locked = found.kind === 'ended' && found.flow.state === 'locked';
    // A step moved on meanwhile (consents → code): its current page.
    if (found.kind === 'live') {
      await reply.redirect(realmPath(realm, `/login/step/${found.flow.id}`), 303);
      return null;
    }
    await over(request, reply, locked ? 429 : 410, locked ? 'mfa.locked' : 'mfa.expired');
    return null;
  }

  /** Where the sign-in goes once the session exists. */
  function destination(request: FastifyRequest, loaded: Loaded, afterRegistration: boolean): string {
    const realm = realmOf(request);
    const back = loaded.flow.data.returnTo || null;
    if (loaded.person.password_must_change === 1) return withReturn(realmPath(realm, '/password/new'), back);
    if (afterRegistration && !back) return realmPath(realm, WELCOME_PATH);
    return back ?? realmPath(realm, '/profile');
  }

  async function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    status: number,
    problem?: { error?: string; recovery?: boolean },
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    const { flow, person } = loaded;
    const f = frame(request, flow.id);
    const base = realmPath(realm, `/login/step/${flow.id}`);
    const csrf = reply.generateCsrf();
    const error = problem?.error;
    if (flow.state === 'consents')
      return sendHtml(
        reply,
        status,
        consentsPage(extended(f, { csrf, action: `${base}/consents`, ...(error ? { error } : {}) })),
      );
    if (flow.state === 'enrol') {
      let secret = enrolSecretOf(services, flow);
      if (!secret) {
        const made = newEnrolmentSecret(services);
        if (!(await services.flows.update(services.db, flow, { data: { enrolSecret: made.sealed } })))
          return reply.redirect(base, 303);
        secret = made.secret;
      }
      const uri = totpUri(secret, realm.settings.productName, person.login);
      const block = { qr: await qrDataUrl(uri), key: groupedKey(secret) };
      return sendHtml(
        reply,
        status,
        enrolPage(extended(f, { csrf, action: `${base}/enrol`, ...(error ? { error } : {}) }), block),
      );
    }
    const hasApp = (await services.factors.totp.find(person.id)) !== null;
    const hasPasskeys = (await services.factors.passkeys.count(person.id)) > 0;
    const hasCodes = (await services.factors.recoveryCodes.remaining(person.id)) > 0;
    const recovery = problem?.recovery ?? (request.query as { use?: unknown }).use === 'recovery';
    return sendHtml(
      reply,
      status,
      codePage(
        extended(f, {
          csrf,
          action: `${base}/code`,
          mode: recovery || !hasApp ? 'recovery' : 'totp',
          hasApp,
          hasCodes,
          passkeyOptions: hasPasskeys ? `${base}/passkey` : null,
          stepPath: base,
          ...(error ? { error } : {}),
        }),
      ),
    );
  }

  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    result: StepResult,
    recovery?: boolean,
  ): Promise<FastifyReply> {
    const realm = realmOf(request);
    const t = request.t;
    switch (result.kind) {
      case 'signed_in': {
        if (result.token) setSessionCookie(reply, realm.id, result.token, secure);
        const next = destination(request, loaded, result.afterRegistration === true);
        if (result.codes)
          return sendHtml(
            reply,
            200,
            codesPage(extended(realmFrame(services, request, '/login/step'), { codes: result.codes, next })),
          );
        return reply.redirect(next, 303);
      }
      case 'moved':
        return reply.redirect(realmPath(realm, `/login/step/${loaded.flow.id}`), 303);
      case 'again': {
        const text =
          result.left !== undefined
            ? `${t(result.error)} ${t('mfa.attempts_left', { count: result.left })}`
            : t(result.error);
        return renderPage(request, reply, loaded, result.status, {
          error: text,
          ...(recovery !== undefined ? { recovery } : {}),
        });
      }
      case 'throttled':
        reply.header('retry-after', String(result.retryAfterSeconds));
        return renderPage(request, reply, loaded, 429, {
          error: t('mfa.throttled', { seconds: result.retryAfterSeconds }),
          ...(recovery !== undefined ? { recovery } : {}),
        });
      case 'locked':
        return over(request, reply, 429, 'mfa.locked');
      case 'over':
        return over(request, reply, 409, 'mfa.expired');
    }
  }

  // A step-up: the signed-in person gives a second factor for this session (an application's
  // `acr_values` demanded it), then goes back to the application's sign-in.
  app.get('/login/step-up', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const back = interactionReturn(realm.id, (request.query as { return?: unknown }).return);
    const need = await factorNeed(services, realm, signedIn.person, 'password');
    const flow = await services.flows.start(services.db, signinStep, {
      realmId: realm.id,
      state: need === 'factor' ? 'factor' : 'enrol',
      personId: signedIn.person.id,
      data: {
        method: signedIn.session.method,
        returnTo: back ?? '',
        enrolSecret: null,
        challenge: null,
        session: signedIn.session.id,
      },
      ttlMs: STEP_TTL_MS,
      browserToken: flowBrowserToken(request, reply, secure),
    });
    return reply.redirect(stepPath(realm.id, flow.id), 303);
  });

  app.get('/login/step/:flow', async (request, reply) => {
    const loaded = await load(request, reply, ['consents', 'factor', 'enrol']);
    if (!loaded) return reply;
    return renderPage(request, reply, loaded, 200);
  });

  app.post('/login/step/:flow/code', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply, ['factor']);
    if (!loaded) return reply;
    const parsed = parseForm(CodeForm, request.body);
    const kind = parsed.raw.kind === 'recovery' ? 'recovery' : 'totp';
    const typed = parsed.ok ? parsed.form.code : 'x'.repeat(201);
    const result = await submitCode(
      services,
      realmOf(request),
      loaded.flow,
      loaded.person,
      kind,
      typed,
      meta(request),
    );
    return answer(request, reply, loaded, result, kind === 'recovery');
  });

  app.post(
    '/login/step/:flow/passkey/options',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const loaded = await load(request, reply, ['factor']);
      if (!loaded) return reply;
      const options = await passkeyChallenge(services, loaded.flow, loaded.person);
      if (!options) return reply.code(409).send({ message: request.t('mfa.passkey_failed') });
      return reply.send({ options });
    },
  );

  app.post('/login/step/:flow/passkey', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply, ['factor']);
    if (!loaded) return reply;
    const parsed = parseForm(PasskeyForm, request.body);
    const posted = parsed.ok ? parsed.form.credential : '';
    const result = await submitPasskey(
      services,
      realmOf(request),
      loaded.flow,
      loaded.person,
      posted,
      meta(request),
    );
    return answer(request, reply, loaded, result);
  });

  app.post('/login/step/:flow/enrol', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply, ['enrol']);
    if (!loaded) return reply;
    const parsed = parseForm(CodeForm, request.body);
    const typed = parsed.ok ? parsed.form.code : 'x'.repeat(201);
    return answer(
      request,
      reply,
      loaded,
      await submitEnrol(services, realmOf(request), loaded.flow, loaded.person, typed, meta(request)),
    );
  });

  app.post('/login/step/:flow/consents', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply, ['consents']);
    if (!loaded) return reply;
    const parsed = parseForm(ConsentForm, request.body);
    const ticked = new Set<string>();
    if (parsed.ok) {
      if (parsed.form.consent_personal_data === 'on') ticked.add('personal_data');
      if (parsed.form.consent_signature_liability === 'on') ticked.add('signature_liability');
    }
    const result = await acceptStepConsents(
      services,
      realmOf(request),
      loaded.flow,
      loaded.person,
      ticked,
      meta(request),
    );
    return answer(request, reply, loaded, result);
  });
}
