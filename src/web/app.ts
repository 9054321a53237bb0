/**
 * The HTTP shell: Fastify with our hooks, security headers, CSRF, error handling and the realm
 * scope; the routes themselves are every area's, listed in `src/routes.ts`. `buildApp` takes the
 * services and returns an app that has not started listening, so tests drive it with
 * `app.inject()`.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { LoadedRealm } from '../realms/realm-store.js';
import { REALM_ROUTES, SITE_ROUTES } from '../routes.js';
import type { Services } from '../services.js';
import { ncalayerOrigins } from '../signature/service.js';
import { resolveLocale, setLocale, translatorFor } from './context.js';
import { cookieSigner } from './cookie-signer.js';
import type { DemoDirectory } from './demo-directory.js';
import { classify, installErrorHandling, sendError } from './error-handler.js';
import { lazyRequestLogger, OneLinePerRequest } from './logging.js';
import {
  applySecurityHeaders,
  clientErrorResponse,
  jsonHeadersFor,
  securityHeadersFor,
} from './security-headers.js';

export interface AppOptions {
  /** Demo people to list on the landing page (demo mode only). */
  readonly demoDirectory?: DemoDirectory;
  /**
   * Tests only: `GET /test/captcha?id=…` answers the captcha, so browser tests can type it. The
   * CLI never sets this; the route exists only when the captcha itself was built with test hooks.
   */
  readonly captchaRevealRoute?: boolean;
  /** Extra routes registered inside the app (tests use it for a route that throws). */
  readonly extraRoutes?: (app: FastifyInstance) => void;
  /** Tests only: a server already listening (on port 0), so BASE_URL can name its port. */
  readonly serverFactory?: FastifyServerFactory;
}

/** Form bodies are small; anything bigger is refused before parsing. */
const BODY_LIMIT = 64 * 1024;

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const secure = !config.demo;
  // Every response of the app, pages and errors alike, carries the same security headers. They
  // are fixed at start-up, so one array is built once and written by one synchronous hook.
  const securityHeaders = securityHeadersFor(secure, ncalayerOrigins(config));
  const app = Fastify({
    // The services' pino logger, seen through Fastify's narrower logger interface.
    loggerInstance: services.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // One line per request, written when it ends, instead of Fastify's two.
    logController: new OneLinePerRequest(),
    childLoggerFactory: lazyRequestLogger,
    trustProxy: config.trustProxy,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Malformed URLs and over-long path parameters fail before any hook runs; answer them with
    // the same localised error page as everything else. No hook has run yet: the security
    // headers and the request id are written here.
    frameworkErrors: (error, request, reply) => {
      const code = classify(error);
      request.log.info({ code, detail: error.message.slice(0, 200) }, 'request refused');
      applySecurityHeaders(reply, securityHeaders, request.id);
      // Under /api/ every refusal is JSON, also the router's own (a path parameter too long).
      const format = request.url.startsWith('/api/') ? 'json' : undefined;
      return sendError(request, reply, code === 'internal' ? 'bad_request' : code, format);
    },
    // A request Node's parser refuses never becomes a request: answer on the socket, with the
    // same security headers.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const code = (error as { code?: string }).code;
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      socket.end(clientErrorResponse(status, securityHeaders));
    },
  });

  app.decorateRequest('locale', 'ru');
  app.decorateRequest('t', translatorFor('ru'));
  app.decorateRequest('realm', null);

  await app.register(cookie, { secret: cookieSigner(config.secret), hook: 'onRequest' });
  // Request bodies are forms and nothing else: Fastify's own JSON and text parsers are removed,
  // so any other content type is a 415 before a route runs. The JSON endpoints (whoami, the
  // as-you-type login check) are GETs and take no body. A route that ever needs another body
  // type registers its parser in its own encapsulated scope, next to the route.
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: secure ? '__Host-propusk_csrf' : 'propusk_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const token = body?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
  });
  // The fixed headers go into the reply's own header list, which Fastify hands to one
  // `writeHead` with the rest: no header is set twice, and no hook runs at send time. Pages show
  // personal data, so `cache-control: no-store` is among them (assets replace it with their own).
  const jsonHeaders = jsonHeadersFor(secure);
  app.addHook('onRequest', (request, reply, done) => {
    const json = request.routeOptions.config?.jsonOnly === true;
    applySecurityHeaders(reply, json ? jsonHeaders : securityHeaders, request.id);
    setLocale(request, resolveLocale(request, null));
    done();
  });

  installErrorHandling(app);
  const routeOptions = { demoDirectory: options.demoDirectory ?? null };
  for (const register of SITE_ROUTES) register(app, services, routeOptions);

  // Every realm page lives under /r/<realm>/; an unknown realm is a localised 404.
  await app.register(
    async (realmScope) => {
      realmScope.addHook('onRequest', (request, reply, done) => {
        const { realm: realmId } = request.params as { realm?: string };
        const accept = (realm: LoadedRealm | null): void => {
          if (!realm) {
            // The reply is sent here; `done` is not called, so the route never runs. A route
            // that answers JSON only says so in JSON (its headers allow no page to be drawn).
            const json = request.routeOptions.config?.jsonOnly === true;
            sendError(request, reply, 'realm_not_found', json ? 'json' : undefined);
            return;
          }
          request.realm = realm;
          setLocale(request, resolveLocale(request, realm.settings.defaultLocale));
          done();
        };
        if (!realmId) return accept(null);
        // Realms are cached; a cached one is applied without a promise per request.
        const cached = services.realms.cached(realmId);
        if (cached !== undefined) return accept(cached);
        services.realms.find(realmId).then(accept, done);
      });
      for (const register of REALM_ROUTES) register(realmScope, services, routeOptions);
    },
    { prefix: '/r/:realm' },
  );

  const reveal = services.captcha.revealForTests;
  if (options.captchaRevealRoute === true && reveal) {
    app.get('/test/captcha', async (request) => {
      const { id } = request.query as { id?: string };
      return { answer: typeof id === 'string' ? reveal(id) : null };
    });
  }

  options.extraRoutes?.(app);
  return app;
}
