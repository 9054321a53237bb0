/**
 * The first sign-in after registration (article 003): the letter sent at once and the screen
 * «Обновление информации о пользователе».
 *
 *   first-signin-letter (outbox job)   queued by the sign-in that ended the account's
 *                                      `after-registration` flow (directory/after-registration.ts)
 *   GET /r/:realm/welcome              where that sign-in lands
 *
 * Rules:
 * - The letter goes through the same path as «Сохранить» (`sendConfirmationLetter`: a new link flow
 *   superseding the older ones, the letter, the audit event), written by the worker: the
 *   sign-in's answer does not wait for it.
 * - Nothing is sent when there is nothing to confirm (no address given — pupils may leave it
 *   empty —, or it is confirmed already) or the account is blocked or gone.
 * - A job run twice (a worker that died after its commit) finds the link it already sent open
 *   and sends nothing more.
 * - The page blocks nothing: the person may go on anywhere before confirming, as the article
 *   says. It only needs a session, and says what was sent, to where, or what is missing.
 */
import type { FastifyInstance } from 'fastify';
import { extended } from '../../core/extended.js';
import { isLocale, type Locale } from '../../core/i18n/i18n.js';
import { WELCOME_PATH } from '../../directory/after-registration.js';
import type { PeopleStore } from '../../directory/people-store.js';
import type { JobHandler } from '../../messaging/jobs.js';
import type { RealmStore } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { realmFrame, requirePerson } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import {
  type EmailVerificationDeps,
  emailConfirmation,
  sendConfirmationLetter,
} from './email-verification.js';
import { welcomePage } from './views.js';

export function firstSigninLetter(
  deps: EmailVerificationDeps & { readonly realms: RealmStore; readonly people: PeopleStore },
): JobHandler {
  return async (job) => {
    const { personId, at } = job.input;
    const realm = job.realmId ? await deps.realms.find(job.realmId) : null;
    if (typeof personId !== 'string' || typeof at !== 'number' || !realm)
      return { ok: false, permanent: true, error: 'first-signin letter: malformed job' };
    const person = await deps.people.findById(realm.id, personId);
    if (!person) return { ok: true, providerId: null };
    const { email, email_normalized: normalized } = person;
    if (person.status !== 'active' || !email || !normalized || person.email_verified_at !== null)
      return { ok: true, providerId: null };
    // Run before (committed, then the worker died): the link it sent is still open.
    if (await deps.flows.openStartedAfter(deps.db, emailConfirmation, person.id, at - 1, ''))
      return { ok: true, providerId: null };
    const locale: Locale = isLocale(job.locale) ? job.locale : realm.settings.defaultLocale;
    await deps.db
      .transaction()
      .execute((trx) =>
        sendConfirmationLetter(
          deps,
          trx,
          realm,
          person,
          { email, normalized },
          { ip: null, userAgent: null, locale },
        ),
      );
    deps.notify.flush();
    return { ok: true, providerId: null };
  };
}

export function registerFirstSignin(app: FastifyInstance, services: Services): void {
  app.get(WELCOME_PATH, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const { person } = signedIn;
    const confirmed = person.email && person.email_verified_at !== null ? person.email : null;
    return sendHtml(
      reply,
      200,
      welcomePage(
        extended(realmFrame(services, request, WELCOME_PATH), {
          csrf: reply.generateCsrf(),
          email: person.email ?? '',
          errors: {},
          sentTo: confirmed ? null : person.email,
          confirmed,
        }),
      ),
    );
  });
}
