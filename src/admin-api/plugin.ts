/**
 * The admin API's HTTP scope, `/api/admin/v1/…` (the realm comes from the token, never from the
 * path, so a path cannot even name another realm):
 *
 * - Bodies are JSON and nothing else: the app removes every body parser, and this scope adds one
 *   for `application/json` alone, limited to 64 KiB; a form or any other type is a 415, a body
 *   that is not JSON a 400 `invalid_json`, a bigger one a 413 — all in the API's error shape.
 * - Every operation authenticates its token before the body is read (`onRequest`): an address
 *   with too many failed tokens is refused first (429, 30 per 15 minutes), then the token is
 *   checked; every failure is audited (`api.token_rejected`, with the reason) and answered 401.
 * - Messages follow `Accept-Language` (ru, en, kk), else the token's realm, else Russian.
 * - Errors of every kind — schemas, scope, parser, router, the unexpected — leave through this
 *   scope's handlers in the one shape of `errors.ts`; nothing else is ever shown.
 * - `GET /api/admin/v1/openapi.json` is the document of every operation, open to anyone.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocale } from '../core/i18n/i18n.js';
import { isOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../core/outage/outage.js';
import type { Services } from '../services.js';
import { setLocale } from '../web/context.js';
import { classify } from '../web/error-handler.js';
import { ApiError, type ApiErrorCode, sendApiError } from './errors.js';
import { API_PREFIX, openApiDocument } from './openapi.js';
import { type ApiScope, type Operation, routePath } from './operation.js';
import { ADMIN_OPERATIONS } from './operations.js';

declare module 'fastify' {
  interface FastifyRequest {
    apiScope: ApiScope | null;
  }
}

export const API_BODY_LIMIT = 64 * 1024;
/** Failed tokens per address per 15 minutes before the address is refused. */
export const TOKEN_FAILURES = 30;

/** The first of `Accept-Language`'s languages that we speak, or null. */
function acceptedLocale(header: string | undefined): 'ru' | 'en' | 'kk' | null {
  if (!header) return null;
  for (const part of header.split(',', 8)) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return null;
}

function frameworkCode(error: FastifyError | Error): ApiErrorCode {
  const code = classify(error);
  switch (code) {
    case 'payload_too_large':
    case 'unsupported_media_type':
    case 'not_found':
    case 'method_not_allowed':
    case 'too_many_requests':
    case 'uri_too_long':
    case 'unavailable':
    case 'internal':
    case 'bad_request':
      return code;
    default:
      return 'bad_request';
  }
}

function allowedMethods(operations: readonly Operation[]): (path: string) => string[] {
  const patterns = operations.map((op) => ({
    method: op.method,
    pattern: new RegExp(`^${API_PREFIX}${op.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
  }));
  patterns.push({ method: 'GET', pattern: new RegExp(`^${API_PREFIX}/openapi\\.json$`) });
  return (path) => [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))].sort();
}

export function registerAdminApi(app: FastifyInstance, services: Services): void {
  const operations = ADMIN_OPERATIONS;
  const document = JSON.stringify(openApiDocument(operations, services.config.baseUrl));
  const failures = services.limiters.limiter({
    name: 'api-token-failures',
    points: TOKEN_FAILURES,
    windowSeconds: 900,
  });
  const methodsOf = allowedMethods(operations);

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw new ApiError('token_missing');
    const ip = request.ip;
    const reject = async (
      reason: string,
      token: { id: string; realmId: string; organisationId: string | null } | null,
    ) => {
      await services.audit.append({
        realmId: token?.realmId ?? null,
        action: 'api.token_rejected',
        organisationId: token?.organisationId ?? null,
        ip,
        userAgent: request.headers['user-agent'] ?? null,
        detail: {
          reason,
          token_id: token?.id ?? null,
          method: request.method,
          path: request.routeOptions.url ?? null,
        },
      });
    };
    const room = await failures.check(ip);
    if (!room.allowed) {
      await reject('throttled', null);
      reply.header('retry-after', String(room.retryAfterSeconds));
      throw new ApiError('too_many_requests');
    }
    const match = /^Bearer +(\S{1,200})$/i.exec(header.trim());
    const result = match?.[1]
      ? await services.apiTokens.authenticate(match[1])
      : ({ ok: false, reason: 'malformed', token: null } as const);
    if (!result.ok) {
      await failures.hit(ip);
      await reject(result.reason, result.token);
      throw new ApiError(
        result.reason === 'expired'
          ? 'token_expired'
          : result.reason === 'revoked'
            ? 'token_revoked'
            : 'token_invalid',
      );
    }
    const { token } = result;
    const realm = await services.realms.find(token.realmId);
    const organisation = token.organisationId
      ? ((await services.db
          .selectFrom('organisations')
          .selectAll()
          .where('id', '=', token.organisationId)
          .where('realm_id', '=', token.realmId)
          .executeTakeFirst()) ?? null)
      : null;
    if (!realm || (token.organisationId && !organisation)) {
      await reject('scope_gone', token);
      throw new ApiError('token_invalid');
    }
    request.apiScope = { token, realm, organisation };
    if (acceptedLocale(request.headers['accept-language']) === null)
      setLocale(request, realm.settings.defaultLocale);
  }

  app.register(
    async (api) => {
      api.removeAllContentTypeParsers();
      api.addContentTypeParser(
        'application/json',
        { parseAs: 'string', bodyLimit: API_BODY_LIMIT },
        (_request, body, done) => {
          const text = typeof body === 'string' ? body : body.toString('utf8');
          if (text.trim() === '') return done(null, undefined);
          try {
            done(null, JSON.parse(text) as unknown);
          } catch {
            done(new ApiError('invalid_json'), undefined);
          }
        },
      );
      api.decorateRequest('apiScope', null);
      api.addHook('onRequest', (request, _reply, done) => {
        const locale = acceptedLocale(request.headers['accept-language']);
        if (locale) setLocale(request, locale);
        done();
      });
      api.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
        if (error instanceof ApiError) {
          request.log.info({ code: error.code }, 'api request refused');
          return sendApiError(request, reply, error);
        }
        const code = isOutage(error) ? 'unavailable' : frameworkCode(error);
        if (code === 'internal') request.log.error({ err: error }, 'unexpected error');
        else if (code === 'unavailable') {
          request.log.warn({ detail: error.message.slice(0, 200) }, 'dependency unavailable');
          reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
        } else request.log.info({ code, detail: error.message.slice(0, 200) }, 'api request refused');
        return sendApiError(request, reply, new ApiError(code));
      });
      api.setNotFoundHandler((request, reply) => {
        const allowed = methodsOf(request.url.split('?')[0] ?? '/');
        if (allowed.length === 0 || allowed.includes(request.method))
          return sendApiError(request, reply, new ApiError('not_found'));
        reply.header('allow', allowed.join(', '));
        return sendApiError(request, reply, new ApiError('method_not_allowed'));
      });

      api.get('/openapi.json', { config: { jsonOnly: true } }, (_request, reply) =>
        reply.type('application/json; charset=utf-8').send(document),
      );
      for (const op of operations) {
        api.route({
          method: op.method,
          url: routePath(op.path),
          ...(op.bodyLimit ? { bodyLimit: op.bodyLimit } : {}),
          config: { jsonOnly: true },
          onRequest: authenticate,
          handler: (request, reply) => op.run(services, request.apiScope as ApiScope, request, reply),
        });
      }
    },
    { prefix: API_PREFIX },
  );
}
