/**
 * Logger options: JSON lines (pino), one request id per request, and redaction. Fastify logs
 * no bodies or headers by default; we add the headers that matter and redact what carries a
 * secret: cookies, authorization, and any `token`, `code` or `password` in a URL.
 */
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

const SECRET_QUERY = /([?&](?:token|code|password|secret|_csrf|state)=)[^&#]*/gi;
/** Path segments that carry a link token: `<flow id>.<secret>` in /confirm/email/…, /reset/…. */
const SECRET_SEGMENT = /\/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}(?=[/?#]|$)/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]').replace(SECRET_SEGMENT, '/[redacted]');
}

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password2',
  '*.newPassword',
  '*.token',
  '*.code',
  '*._csrf',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        };
      },
    },
  };
}
