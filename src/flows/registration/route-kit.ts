/**
 * What every registration page's handler needs: the school named by the path (realms with
 * `registrationByCode` only; anything else is a 404), this browser's flow token (the engine's
 * cookie binding), the frame of a page, the page that ends a registration, and the account form
 * with its flow.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { Services } from '../../services.js';
import { realmOf } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import type { AccountErrors, AccountForm } from './account-form.js';
import { type Invitee, loadInvitee, loadRegistration } from './flow-load.js';
import type { RegistrationFlow } from './machine.js';
import { type RegistrationKey, registrationTranslator } from './messages.js';
import { type Meta, minutesOf, type Place } from './registration.js';
import { accountPage, endPage, type Frame, helloPath } from './views.js';

/** Why a registration cannot go on here, with the status of the page that says so. */
export type Ending = 'gone' | 'expired' | 'lost' | 'spent';

const ENDINGS: Readonly<Record<Ending, { readonly status: number; readonly key: RegistrationKey }>> = {
  gone: { status: 404, key: 'registration.flow_gone' },
  expired: { status: 410, key: 'registration.flow_expired' },
  lost: { status: 410, key: 'registration.code_no_longer_valid' },
  spent: { status: 429, key: 'registration.login_checks.flow_spent' },
};

export interface AccountView {
  readonly flowId: string;
  readonly invitee: Invitee;
  readonly form: AccountForm;
  readonly errors: AccountErrors;
  readonly banner?: string;
}

export type OpenAccount =
  | { readonly kind: 'open'; readonly flow: RegistrationFlow; readonly invitee: Invitee }
  | { readonly kind: 'answered'; readonly reply: FastifyReply };

/** Organisation slugs are `varchar(60)`; anything else cannot be one, so it is not looked up. */
const SlugParam = z.object({
  slug: z
    .string()
    .min(1)
    .max(60)
    .refine((slug) => !/[\p{Cc}\p{Cs}]/u.test(slug)),
});

export type RouteKit = ReturnType<typeof routeKit>;

export function routeKit(services: Services) {
  const secure = !services.config.demo;

  const frame = (request: FastifyRequest, { realm, school }: Place): Frame => ({
    t: registrationTranslator(request),
    locale: request.locale,
    realm,
    school,
    demo: services.config.demo,
  });

  const end = (request: FastifyRequest, reply: FastifyReply, place: Place, ending: Ending): FastifyReply => {
    const f = frame(request, place);
    const { status, key } = ENDINGS[ending];
    return sendHtml(reply, status, endPage(extended(f, { message: f.t(key) })));
  };

  const showAccount = (
    request: FastifyRequest,
    reply: FastifyReply,
    place: Place,
    status: number,
    view: AccountView,
  ): FastifyReply => {
    // Passwords are never written back into the page.
    const form = extended(view.form, { password: '', password2: '' });
    const page = accountPage(extended(frame(request, place), { csrf: reply.generateCsrf(), ...view, form }));
    return sendHtml(reply, status, page);
  };

  const pageUrl = (place: Place, page: 'account' | 'done', flowId: string): string =>
    helloPath(place.realm, place.school.slug, `/${page}?flow=${encodeURIComponent(flowId)}`);

  return {
    services,
    frame,
    end,
    showAccount,
    pageUrl,

    /** The school of this realm named by the path, or null for a 404. */
    async schoolOf(request: FastifyRequest): Promise<Place | null> {
      const realm = realmOf(request);
      if (!realm.settings.registrationByCode) return null;
      const params = SlugParam.safeParse(request.params);
      if (!params.success) return null;
      const school = await services.organisations.findBySlug(realm.id, params.data.slug);
      return school ? { realm, school } : null;
    },

    browserToken: (request: FastifyRequest, reply: FastifyReply): string =>
      flowBrowserToken(request, reply, secure),

    meta: (request: FastifyRequest, reply: FastifyReply): Meta => ({
      ip: clientIp(request),
      userAgent: userAgent(request),
      browserToken: flowBrowserToken(request, reply, secure),
    }),

    /** A 429 that says when to come back: the header, and the minutes for the message. */
    retryAfter(reply: FastifyReply, seconds: number): number {
      reply.header('retry-after', String(seconds));
      return minutesOf(seconds);
    },

    /** The live flow of this browser for the account form, or the page that answers instead. */
    async openAccount(
      request: FastifyRequest,
      reply: FastifyReply,
      place: Place,
      flowId: string,
      browserToken: string,
    ): Promise<OpenAccount> {
      const loaded = await loadRegistration(services, place, flowId, browserToken);
      if (loaded.kind === 'done')
        return { kind: 'answered', reply: reply.redirect(pageUrl(place, 'done', flowId), 303) };
      if (loaded.kind !== 'live') return { kind: 'answered', reply: end(request, reply, place, loaded.kind) };
      const invitee = await loadInvitee(services, place, loaded.flow);
      if (!invitee) {
        // The code may have been used by this very flow: a second submit that loaded the flow
        // just before the first one finished it is shown how it ended, not «код не действует».
        const again = await loadRegistration(services, place, flowId, browserToken);
        if (again.kind === 'done')
          return { kind: 'answered', reply: reply.redirect(pageUrl(place, 'done', flowId), 303) };
        return { kind: 'answered', reply: end(request, reply, place, 'lost') };
      }
      return { kind: 'open', flow: loaded.flow, invitee };
    },
  };
}
