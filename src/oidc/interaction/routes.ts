/**
 * An application's sign-in, on our pages (`/r/<realm>/interaction/<uid>`, where oidc-provider
 * sends the browser when it needs the person):
 *
 *   GET  /interaction/:uid           the login step (SSO, or the sign-in page and back), or the
 *                                    consent page
 *   POST /interaction/:uid/consent   «Разрешить» / «Отказать» (CSRF-checked)
 *
 * The interaction is found by oidc-provider's own cookie (path-scoped to this URL), so another
 * browser cannot continue it; an expired or unknown one is a localised page, never a 500.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Interaction, InteractionResults, Provider } from 'oidc-provider';
import { extended } from '../../core/extended.js';
import { isLocale } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { currentPerson, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, LOCALE_COOKIE, sendHtml, setLocale, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { withReturn } from '../../web/return-path.js';
import type { RealmFrame } from '../../web/views/layout.js';
import { fullName } from '../claims.js';
import { isFirstParty } from '../grants.js';
import { oidcLibrary } from '../library.js';
import { interactionPath, TTL } from '../provider.js';
import { providerErrorPage } from '../views.js';
import { allow, type ConsentMeta, consentAsk, deny } from './consent.js';
import { freshSignin } from './flow.js';
import { decideLogin } from './login.js';
import { consentPage, continuePage } from './views.js';

interface Loaded {
  readonly provider: Provider;
  readonly interaction: Interaction;
}

export function registerInteractions(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;

  const frame = (request: FastifyRequest): RealmFrame => ({
    t: request.t,
    locale: request.locale,
    realm: realmOf(request),
    path: request.url.split('?')[0] ?? '/',
    demo: services.config.demo,
  });

  function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    error: string,
    description?: string,
  ): FastifyReply {
    return sendHtml(reply, 400, providerErrorPage(frame(request), 400, error, description));
  }

  /** The interaction this browser is in, if it is the one in the URL. */
  async function load(request: FastifyRequest, reply: FastifyReply): Promise<Loaded | null> {
    const provider = await services.oidc.providerFor(realmOf(request));
    const { uid } = request.params as { uid: string };
    try {
      const interaction = await provider.interactionDetails(request.raw, reply.raw);
      if (interaction.uid === uid) return { provider, interaction };
    } catch (err) {
      if (!(err instanceof (await oidcLibrary()).errors.OIDCProviderError)) throw err;
    }
    refuse(request, reply, 'invalid_request', 'interaction expired');
    return null;
  }

  /** The application's `ui_locales`, unless the person chose a language here. */
  function applyUiLocales(request: FastifyRequest, reply: FastifyReply, interaction: Interaction): void {
    if (isLocale(request.cookies[LOCALE_COOKIE])) return;
    const wanted = String(interaction.params.ui_locales ?? '')
      .split(' ')
      .map((tag) => tag.slice(0, 2).toLowerCase())
      .find(isLocale);
    if (!wanted) return;
    setLocale(request, wanted);
    reply.setCookie(LOCALE_COOKIE, wanted, { path: '/', sameSite: 'lax', httpOnly: true, secure });
  }

  async function finish(
    request: FastifyRequest,
    reply: FastifyReply,
    { provider, interaction }: Loaded,
    result: InteractionResults,
  ): Promise<FastifyReply> {
    const returnTo = await provider.interactionResult(request.raw, reply.raw, result);
    const client = await provider.Client.find(String(interaction.params.client_id ?? ''));
    const name = client?.clientName ?? String(interaction.params.client_id ?? '');
    return sendHtml(reply, 200, continuePage(frame(request), name, returnTo));
  }

  async function loginStep(
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    signedIn: SignedIn | null,
  ): Promise<FastifyReply> {
    const { interaction } = loaded;
    const realm = realmOf(request);
    const browser = flowBrowserToken(request, reply, secure);
    const { flow: flowId } = request.query as { flow?: unknown };
    const waiting =
      typeof flowId === 'string'
        ? await services.flows.load(freshSignin, realm.id, flowId, {
            browserToken: browser,
            states: ['awaiting'],
          })
        : null;
    const fresh = waiting?.kind === 'live' && waiting.flow.data.uid === interaction.uid ? waiting.flow : null;
    const decision = decideLogin(interaction, signedIn, fresh);
    let back = interactionPath(realm.id, interaction.uid);
    if (fresh) back += `?flow=${fresh.id}`;
    switch (decision.kind) {
      case 'finish':
        if (fresh) await services.flows.move(services.db, freshSignin, fresh, 'done');
        return finish(request, reply, loaded, decision.result);
      case 'unmet':
        return finish(request, reply, loaded, {
          error: 'unmet_authentication_requirements',
          error_description: 'none of the requested authentication context classes is available',
        });
      case 'change_password':
        return reply.redirect(withReturn(realmPath(realm, '/password/new'), back), 303);
      case 'step_up':
        // The second factor for this session (flows/second-factor), then back here.
        return reply.redirect(withReturn(realmPath(realm, '/login/step-up'), back), 303);
      case 'signin': {
        if (decision.fresh && !fresh) {
          const started = await services.flows.start(services.db, freshSignin, {
            realmId: realm.id,
            state: 'awaiting',
            personId: null,
            data: { uid: interaction.uid },
            ttlMs: TTL.Interaction * 1000,
            browserToken: browser,
          });
          back += `?flow=${started.id}`;
        }
        const hint = decision.loginHint ? `&login=${encodeURIComponent(decision.loginHint)}` : '';
        return reply.redirect(`${withReturn(realmPath(realm, '/login'), back)}${hint}`, 303);
      }
    }
  }

  /** The person the consent is asked of: signed in here, and the one the provider signed in. */
  function consentingPerson(loaded: Loaded, signedIn: SignedIn | null): SignedIn | null {
    const accountId = loaded.interaction.session?.accountId;
    return signedIn && accountId === signedIn.person.id ? signedIn : null;
  }

  function metaOf(request: FastifyRequest, loaded: Loaded, signedIn: SignedIn): ConsentMeta {
    return {
      realmId: realmOf(request).id,
      personId: signedIn.person.id,
      clientId: String(loaded.interaction.params.client_id ?? ''),
      ip: clientIp(request),
      userAgent: userAgent(request),
    };
  }

  app.get('/interaction/:uid', async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    applyUiLocales(request, reply, loaded.interaction);
    const signedIn = await currentPerson(services, request);
    if (loaded.interaction.prompt.name === 'login') return loginStep(request, reply, loaded, signedIn);
    if (loaded.interaction.prompt.name !== 'consent') return refuse(request, reply, 'invalid_request');
    const person = consentingPerson(loaded, signedIn);
    if (!person) return refuse(request, reply, 'invalid_request', 'interaction expired');
    const ask = consentAsk(loaded.interaction);
    const client = await loaded.provider.Client.find(String(loaded.interaction.params.client_id ?? ''));
    // The realm's own applications never show a consent page, even under prompt=consent.
    if ((client && isFirstParty(client)) || (ask.scopes.length === 0 && ask.claims.length === 0)) {
      const deps = { consents: services.oidc.consents, audit: services.audit };
      return finish(
        request,
        reply,
        loaded,
        await allow(deps, loaded.provider, loaded.interaction, metaOf(request, loaded, person), true),
      );
    }
    return sendHtml(
      reply,
      200,
      consentPage(
        extended(frame(request), {
          csrf: reply.generateCsrf(),
          action: `${interactionPath(realmOf(request).id, loaded.interaction.uid)}/consent`,
          clientName: client?.clientName ?? String(loaded.interaction.params.client_id ?? ''),
          personName: fullName(person.person),
          ask,
        }),
      ),
    );
  });

  app.post('/interaction/:uid/consent', { preHandler: app.csrfProtection }, async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const person = consentingPerson(loaded, await currentPerson(services, request));
    if (loaded.interaction.prompt.name !== 'consent' || !person) {
      return refuse(request, reply, 'invalid_request', 'interaction expired');
    }
    const { decision } = (request.body ?? {}) as { decision?: unknown };
    if (decision !== 'allow' && decision !== 'deny') return refuse(request, reply, 'invalid_request');
    const meta = metaOf(request, loaded, person);
    const deps = { consents: services.oidc.consents, audit: services.audit };
    const result =
      decision === 'allow'
        ? await allow(deps, loaded.provider, loaded.interaction, meta)
        : await deny(deps, loaded.interaction, meta);
    return finish(request, reply, loaded, result);
  });
}
