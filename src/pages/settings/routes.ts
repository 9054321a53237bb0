/**
 * Routes of «Настройки»: require a person → (POST: CSRF) → call the logic → render.
 *
 *   GET  /settings                      the page; `?done=…` shows what the last POST did
 *   POST /settings/password             change password → 303 to the page, or 400 / 429
 *   POST /settings/sessions/end         end one other session → 303, or 404
 *   POST /settings/sessions/end-others  end every other session → 303
 *
 * Successful POSTs redirect (post/redirect/get), so reloading the page does not send the
 * current password again and spend a throttle point on a password that is no longer current.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { Translate } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { realmFrame, realmOf, realmPath, requirePerson, requirePersonWithHash } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { factorsSections } from './factors-view.js';
import { registerPasskeySettings } from './passkeys.js';
import {
  changeOwnPassword,
  formProblems,
  NO_PROBLEMS,
  PasswordFormSchema,
  type PasswordProblems,
} from './password.js';
import { EndSessionForm, endOtherSessions, endSession, listSessions } from './session-list.js';
import { registerTotpSettings } from './totp.js';
import { type Banner, type Frame, sessionNotFoundPage, settingsPage } from './views.js';

/** `?done=…&ended=…`: what the last POST did. */
const DoneQuery = z.object({ done: formText(20), ended: formText(10) });

/** What the page says after a redirect; any other `done` value shows nothing. */
function bannerOf(say: Translate, query: unknown): Banner | null {
  const parsed = parseForm(DoneQuery, query);
  if (!parsed.ok) return null;
  const q = parsed.form;
  // The count only ever describes the person's own sessions back to them, so a hand-edited
  // query misleads no one else; it is still kept to a plain small number.
  const count = /^\d{1,4}$/.test(q.ended) ? Number(q.ended) : null;
  const ended = (): string =>
    count ? say('settings.other_sessions_ended', { count }) : say('settings.no_other_sessions_ended');
  switch (q.done) {
    case 'password':
      return { kind: 'success', text: `${say('settings.password_changed')} ${ended()}` };
    case 'session':
      return { kind: 'success', text: say('settings.session_ended') };
    case 'others':
      return { kind: 'success', text: ended() };
    case 'totp_off':
      return { kind: 'success', text: say('mfa.settings_disabled') };
    case 'passkey_added':
      return { kind: 'success', text: say('mfa.passkey_added') };
    case 'passkey_removed':
      return { kind: 'success', text: say('mfa.passkey_removed') };
    default:
      return null;
  }
}

/** The session the «Завершить» button names; a malformed form names none. */
function sessionIdOf(body: unknown): string {
  const parsed = parseForm(EndSessionForm, body);
  return parsed.ok ? parsed.form.session : '';
}

function frameOf(services: Services, request: FastifyRequest): Frame {
  const frame = realmFrame(services, request, '/settings');
  return extended(frame, { say: frame.t });
}

/** The settings page: the password form (with its problems), the sessions, a banner. */
async function render(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  signedIn: SignedIn,
  problems: PasswordProblems,
  banner: Banner | null,
): Promise<FastifyReply> {
  const f = frameOf(services, request);
  const sessions = await listSessions(services, f.realm, signedIn);
  const csrf = reply.generateCsrf();
  const personId = signedIn.person.id;
  const [totp, codesLeft, passkeys] = await Promise.all([
    services.factors.totp.find(personId),
    services.factors.recoveryCodes.remaining(personId),
    services.factors.passkeys.listOf(personId),
  ]);
  const factors = factorsSections(
    { say: f.say, realm: f.realm, csrf, totpSince: totp?.createdAt ?? null, codesLeft, passkeys },
    realmPath(f.realm, ''),
  );
  const page = settingsPage(
    extended(f, {
      csrf,
      factors,
      person: signedIn.person,
      sessions,
      problems,
      banner,
    }),
  );
  return sendHtml(reply, status, page);
}

const meta = (request: FastifyRequest) => ({ ip: clientIp(request), userAgent: userAgent(request) });

/** The page, and «Смена пароля». */
function registerPasswordChange(app: FastifyInstance, services: Services): void {
  app.get('/settings', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    return render(services, request, reply, 200, signedIn, NO_PROBLEMS, bannerOf(request.t, request.query));
  });

  app.post('/settings/password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePersonWithHash(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const parsed = parseForm(PasswordFormSchema, request.body);
    if (!parsed.ok) return render(services, request, reply, 400, signedIn, formProblems(parsed.errors), null);
    const { current_password: current, password, password2 } = parsed.form;
    const outcome = await changeOwnPassword(
      services,
      realm,
      signedIn,
      { current, password, password2 },
      extended(meta(request), { locale: request.locale }),
    );
    switch (outcome.kind) {
      case 'invalid':
        return render(services, request, reply, 400, signedIn, outcome.problems, null);
      case 'throttled': {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        const text = request.t('settings.throttled', { minutes: Math.ceil(outcome.retryAfterSeconds / 60) });
        return render(services, request, reply, 429, signedIn, NO_PROBLEMS, { kind: 'error', text });
      }
      case 'changed':
        return reply.redirect(
          realmPath(realm, `/settings?done=password&ended=${outcome.otherSessionsEnded}`),
          303,
        );
    }
  });
}

/** «Завершить» one other session, or all of them. */
function registerSessionEnding(app: FastifyInstance, services: Services): void {
  app.post('/settings/sessions/end', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const outcome = await endSession(services, realm, signedIn, sessionIdOf(request.body), meta(request));
    if (outcome.kind === 'ended') return reply.redirect(realmPath(realm, '/settings?done=session'), 303);
    const f = frameOf(services, request);
    const message = f.say(
      outcome.kind === 'current' ? 'settings.session_is_current' : 'settings.session_not_found',
    );
    return sendHtml(reply, 404, sessionNotFoundPage(extended(f, { message })));
  });

  app.post('/settings/sessions/end-others', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const count = await endOtherSessions(services, realm, signedIn, meta(request));
    return reply.redirect(realmPath(realm, `/settings?done=others&ended=${count}`), 303);
  });
}

export function registerSettings(app: FastifyInstance, services: Services): void {
  registerPasswordChange(app, services);
  registerSessionEnding(app, services);
  registerTotpSettings(app, services);
  registerPasskeySettings(app, services);
}
