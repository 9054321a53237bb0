/** Routes of email confirmation: parse → CSRF → call the flow → render. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath, requirePerson, requirePersonWithHash } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import {
  type ConfirmOutcome,
  confirmLink,
  type FieldErrors,
  inspectLink,
  requestConfirmation,
} from './email-verification.js';
import { registerFirstSignin } from './first-signin.js';
import { confirmLinkPage, emailFormPage, emailSentPage, linkResultPage } from './views.js';

/** The address form: the current password and the new address (checked by `checkEmail`). */
const EmailForm = z.object({ password: formText(1024), email: formText(1000) });

const LINK_ERRORS: Record<
  Exclude<ConfirmOutcome['kind'], 'confirmed'>,
  { status: number; key: MessageKey }
> = {
  invalid: { status: 400, key: 'contacts.link_invalid' },
  expired: { status: 410, key: 'contacts.link_expired' },
  used: { status: 410, key: 'contacts.link_used' },
  superseded: { status: 410, key: 'contacts.link_superseded' },
  address_changed: { status: 409, key: 'contacts.link_address_changed' },
};

/** The screens of this flow, rendered for a request. */
function emailScreens(services: Services) {
  const frame = (request: FastifyRequest, path: string) => realmFrame(services, request, path);

  function form(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    email: string,
    errors: FieldErrors,
    banner?: string,
  ): FastifyReply {
    return sendHtml(
      reply,
      status,
      emailFormPage(
        extended(frame(request, '/settings/email'), {
          csrf: reply.generateCsrf(),
          email,
          errors,
          ...(banner ? { banner } : {}),
        }),
      ),
    );
  }

  const linkError = (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: keyof typeof LINK_ERRORS,
  ): FastifyReply => {
    const realm = realmOf(request);
    const { status, key } = LINK_ERRORS[kind];
    return sendHtml(
      reply,
      status,
      linkResultPage(
        extended(frame(request, '/confirm/email'), {
          kind: 'error',
          message: request.t(key),
          signInHref: realmPath(realm, '/profile'),
        }),
      ),
    );
  };

  return { frame, form, linkError };
}

/** `/settings/email`: the address, with the current password. */
function registerEmailAddress(app: FastifyInstance, services: Services): void {
  const screen = emailScreens(services);
  app.get('/settings/email', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    return screen.form(request, reply, 200, signedIn.person.email ?? '', {});
  });

  app.post('/settings/email', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePersonWithHash(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const parsed = parseForm(EmailForm, request.body);
    if (!parsed.ok) return screen.form(request, reply, 400, parsed.raw.email.slice(0, 254), parsed.errors);
    const outcome = await requestConfirmation(services, realm, signedIn.person, parsed.form, {
      ip: clientIp(request),
      userAgent: userAgent(request),
      locale: request.locale,
    });
    switch (outcome.kind) {
      case 'invalid':
        return screen.form(request, reply, 400, outcome.email, outcome.errors);
      case 'throttled':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return screen.form(
          request,
          reply,
          429,
          '',
          {},
          request.t('contacts.reauth_throttled', { minutes: Math.ceil(outcome.retryAfterSeconds / 60) }),
        );
      case 'sent':
        return sendHtml(
          reply,
          200,
          emailSentPage(
            extended(screen.frame(request, '/settings/email'), {
              email: outcome.email,
            }),
          ),
        );
    }
  });
}

/** `/confirm/email/:token`: the link of the letter. */
function registerEmailLink(app: FastifyInstance, services: Services): void {
  const screen = emailScreens(services);
  // GET only shows the page: mail scanners that open links must not use them up.
  app.get('/confirm/email/:token', async (request, reply) => {
    const realm = realmOf(request);
    const { token } = request.params as { token: string };
    const found = await inspectLink(services, realm, token);
    if (found.kind !== 'ready')
      return found.kind === 'confirmed' ? reply : screen.linkError(request, reply, found.kind);
    return sendHtml(
      reply,
      200,
      confirmLinkPage(
        extended(screen.frame(request, '/confirm/email'), {
          csrf: reply.generateCsrf(),
          token,
          email: found.email,
        }),
      ),
    );
  });

  app.post('/confirm/email/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const realm = realmOf(request);
    const { token } = request.params as { token: string };
    const outcome = await confirmLink(services, realm, token, {
      ip: clientIp(request),
      userAgent: userAgent(request),
    });
    if (outcome.kind !== 'confirmed') return screen.linkError(request, reply, outcome.kind);
    return sendHtml(
      reply,
      200,
      linkResultPage(
        extended(screen.frame(request, '/confirm/email'), {
          kind: 'success',
          message: request.t('contacts.email_confirmed', { email: outcome.email }),
          signInHref: realmPath(realm, '/profile'),
        }),
      ),
    );
  });
}

export function registerEmailVerification(app: FastifyInstance, services: Services): void {
  registerEmailAddress(app, services);
  registerEmailLink(app, services);
  registerFirstSignin(app, services);
}
