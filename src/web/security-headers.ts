/**
 * The security headers of every response, as @fastify/helmet 13 (helmet 8) wrote them with the
 * options this app gave it (CSP without defaults, no COEP, Referrer-Policy no-referrer,
 * X-Frame-Options DENY, HSTS outside demo). Helmet was dropped because it rebuilt its middleware
 * from the options on every request (parsing the CSP directives each time) in two hooks, one of
 * them async: a fixed list written by one synchronous hook gives the same headers for a fraction
 * of the cost. Changing a value here changes it everywhere; signin.security.test.ts and
 * framework-errors.test.ts check them.
 *
 * They are written in three places, so that no answer leaves without them: the root `onRequest`
 * hook (every routed request, including 404s), the error page itself (requests the framework
 * refuses before any hook runs: a malformed URL, an over-long path parameter) and the raw
 * answer to a request Node's HTTP parser refuses (`clientErrorResponse`).
 */
import type { ServerResponse } from 'node:http';

export type SecurityHeaders = ReadonlyArray<readonly [string, string]>;

export function securityHeadersFor(secure: boolean): SecurityHeaders {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join(';');
  return [
    ['Content-Security-Policy', csp],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    // Tokens travel in links (reset, confirmation): never leak them to another site.
    ['Referrer-Policy', 'no-referrer'],
    ...(secure ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const] : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'DENY'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
}

export function writeSecurityHeaders(raw: ServerResponse, headers: SecurityHeaders): void {
  for (const [name, value] of headers) raw.setHeader(name, value);
}

/**
 * The whole answer to a request Node's HTTP parser refused (a malformed request line, headers
 * too large): there is no request object, so it is written on the socket as it is, with the
 * same headers as every page and no detail of what was wrong.
 */
export function clientErrorResponse(status: 400 | 408 | 431, headers: SecurityHeaders): string {
  const reason =
    status === 400 ? 'Bad Request' : status === 408 ? 'Request Timeout' : 'Request Header Fields Too Large';
  const body = `${status} ${reason}\n`;
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    ...headers.map(([name, value]) => `${name}: ${value}`),
    '',
    body,
  ].join('\r\n');
}
