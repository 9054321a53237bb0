/**
 * The provider's endpoints in the realm's URL space: `/r/<realm>/.well-known/openid-configuration`
 * and everything under `/r/<realm>/oidc/`. oidc-provider is a Koa application; each request is
 * handed to it raw (`reply.hijack()`), with the realm prefix taken off the URL and kept in
 * `originalUrl`, from which oidc-provider builds its endpoint URLs (the prefix is the issuer's
 * path).
 *
 * Bodies are left unread here: this scope drops the app's form parser, so oidc-provider reads
 * the body itself (form-encoded only, 56 KiB at most). The realm hook has already run: an
 * unknown realm is our localised 404, and the security headers are on the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Provider } from 'oidc-provider';
import type { Services } from '../services.js';
import { realmOf } from '../web/auth.js';
import { clientIp, userAgent } from '../web/context.js';
import { copyToRaw } from '../web/security-headers.js';
import { ROUTES } from './provider.js';
import { providerRequestStarted } from './provider-context.js';
import { attachRequest } from './request-context.js';
import { fastUserinfo } from './userinfo.js';

/** Koa's request handler: settles when its middleware has finished and the answer is written. */
type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type UserinfoRequestRaw = IncomingMessage & { method: string; url: string };

export function registerOidcEndpoints(realmScope: FastifyInstance, services: Services): void {
  const handlers = new WeakMap<Provider, Handler>();
  const handlerOf = (provider: Provider): Handler => {
    let handler = handlers.get(provider);
    if (!handler) {
      handler = provider.callback();
      handlers.set(provider, handler);
    }
    return handler;
  };

  async function toProvider(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const realm = realmOf(request);
    const provider = await services.oidc.providerFor(realm);
    const raw = request.raw as IncomingMessage & { originalUrl?: string };
    attachRequest(raw, {
      realm,
      locale: request.locale,
      t: request.t,
      ip: clientIp(request),
      userAgent: userAgent(request),
      demo: services.config.demo,
    });
    const prefix = `/r/${realm.id}`;
    const url = raw.url ?? '/';
    raw.originalUrl = url;
    raw.url = url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url;
    // Hijacked: Fastify will not write the reply's headers (security headers, request id).
    copyToRaw(reply, reply.raw);
    reply.hijack();
    const ended = providerRequestStarted();
    handlerOf(provider)(raw, reply.raw).then(ended, ended);
  }

  // Loaded with the other plugins when the app gets ready.
  void realmScope.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const methods = ['GET', 'POST', 'OPTIONS'] as const;
    scope.route({ method: [...methods], url: '/.well-known/openid-configuration', handler: toProvider });
    scope.route({ method: [...methods], url: '/oidc/*', handler: toProvider });
    // UserInfo's common case without the provider's stack (userinfo.ts); the rest goes to it.
    const userinfo = fastUserinfo(services.db, services.clock, services.oidc.clients, services.handle.direct);
    scope.get(ROUTES.userinfo, { config: { jsonOnly: true } }, async (request, reply) => {
      const claims = await userinfo.answer(realmOf(request), request.raw as UserinfoRequestRaw);
      if (claims === null) return toProvider(request, reply);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(claims));
    });
  });
}
