/**
 * The project's own error handler. Fastify's default would echo `error.message`; here the
 * client sees only a catalogue message in its language (an HTML page, or JSON when it asked for
 * JSON), and the detail goes to the log. Anything unexpected is a 500 with a generic message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../core/errors/catalogue.js';
import { isOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../core/outage/outage.js';
import { translatorFor } from './context.js';
import { errorPage } from './views/error-page.js';

/** Fastify's and plugins' own error codes that are the client's fault. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_VALIDATION: 'bad_request',
  FST_CSRF_INVALID_TOKEN: 'csrf_invalid',
  FST_CSRF_MISSING_SECRET: 'csrf_invalid',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

export function classify(error: FastifyError | Error): ErrorCode {
  if (error instanceof AppError) return error.code;
  if (isOutage(error)) return 'unavailable';
  const code = (error as FastifyError).code;
  if (code && FRAMEWORK_CODES[code]) return FRAMEWORK_CODES[code];
  const status = (error as FastifyError).statusCode;
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 413) return 'payload_too_large';
  if (status === 414) return 'uri_too_long';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'too_many_requests';
  if (status !== undefined && status >= 400 && status < 500) return 'bad_request';
  return 'internal';
}

export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  format?: 'json',
): FastifyReply {
  const { status, message } = ERRORS[code];
  const t = request.t ?? translatorFor('ru');
  const text = t(message);
  if (format === 'json' || wantsJson(request)) {
    return reply.code(status).type('application/json; charset=utf-8').send({ error: code, message: text });
  }
  const path = request.url.split('?')[0] ?? '/';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(errorPage(t, request.locale ?? 'ru', path, status, text).toString());
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const code = classify(error);
    if (code === 'internal') {
      request.log.error({ err: error }, 'unexpected error');
    } else if (code === 'unavailable') {
      // A dependency is down: say so once per request, without a stack; /readyz names it.
      request.log.warn({ code, detail: error.message.slice(0, 200) }, 'dependency unavailable');
      reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    } else {
      request.log.info(
        { code, detail: error instanceof AppError ? error.detail : error.message },
        'request refused',
      );
    }
    return sendError(request, reply, code);
  });
  const routes = knownRoutes(app);
  app.setNotFoundHandler((request, reply) => {
    const allowed = routes.methodsOf(request.url.split('?')[0] ?? '/');
    // A route of this method that answered "not found" itself (an unknown asset) is a 404.
    if (allowed.length === 0 || allowed.includes(request.method))
      return sendError(request, reply, 'not_found');
    reply.header('allow', allowed.join(', '));
    return sendError(request, reply, 'method_not_allowed');
  });
}

/**
 * The routes registered after this call, as patterns: on a miss, a path that exists with other
 * methods is a 405 with `Allow`, not a 404. Only misses pay for the match.
 */
function knownRoutes(app: FastifyInstance): { methodsOf(path: string): string[] } {
  const patterns: { methods: string[]; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url
      .split('/')
      .map((part) =>
        part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    patterns.push({ methods, pattern: new RegExp(`^${source}/?$`) });
  });
  return {
    methodsOf(path) {
      const methods = new Set<string>();
      for (const { methods: m, pattern } of patterns)
        if (pattern.test(path)) for (const x of m) methods.add(x);
      return [...methods].sort();
    },
  };
}
