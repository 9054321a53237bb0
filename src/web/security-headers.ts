/**
 * The security headers of every response, as @fastify/helmet 13 (helmet 8) wrote them with the
 * options this app gave it (CSP without defaults, no COEP, Referrer-Policy no-referrer,
 * X-Frame-Options DENY, HSTS outside demo). Helmet was dropped because it rebuilt its middleware
 * from the options on every request (parsing the CSP directives each time) in two hooks, one of
 * them async: a fixed list written by one synchronous hook gives the same headers for a fraction
 * of the cost. Changing a value here changes it everywhere; signin.security.test.ts and
 * framework-errors.test.ts check them.
 *
 * They are written in four places, so that no answer leaves without them: the root `onRequest`
 * hook (every routed request, including 404s), the error page itself (requests the framework
 * refuses before any hook runs: a malformed URL, an over-long path parameter), a route that
 * hands its response to another library (`copyToRaw`: the OpenID Connect endpoints) and the raw
 * answer to a request Node's HTTP parser refuses (`clientErrorResponse`).
 *
 * On a routed request they go into the reply's header list (not `res.setHeader` one by one):
 * Fastify then writes the status line and every header in one `writeHead`, on Node's fast path.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

export type SecurityHeaders = ReadonlyArray<readonly [string, string]>;

/**
 * `connectTo`: origins a page's script may open besides its own — NCALayer on the person's
 * computer (wss://127.0.0.1:13579; the simulator's ws address in demo mode).
 */
export function securityHeadersFor(secure: boolean, connectTo: readonly string[] = []): SecurityHeaders {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectTo].join(' '),
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

/**
 * The headers of a route that answers JSON and nothing else (`config: { jsonOnly: true }`: the
 * session check, UserInfo, the admin API), as OWASP's REST cheat sheet lists them: no document
 * is ever rendered from these answers, so what only a document uses (its script and style
 * sources, the opener, the DNS prefetch, the old browsers' switches) is left out, and what keeps
 * a JSON answer from being read as something else or framed stays. Half as many headers on the
 * answers a page's scripts and the applications call most often.
 */
export function jsonHeadersFor(secure: boolean): SecurityHeaders {
  return [
    ['Content-Security-Policy', "default-src 'none';frame-ancestors 'none'"],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Referrer-Policy', 'no-referrer'],
    ...(secure ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const] : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
  ];
}

/** Lower-cased once, as Fastify keeps them: its `reply.header` lower-cases each name it is given. */
const lowered = new WeakMap<SecurityHeaders, ReadonlyArray<readonly [string, string]>>();

/**
 * The security headers, the request id and `cache-control: no-store` into the reply's header
 * list, written by Fastify with the rest of the answer (a route may still replace one, as the
 * assets replace `cache-control`).
 */
export function applySecurityHeaders(reply: FastifyReply, headers: SecurityHeaders, requestId: string): void {
  let list = lowered.get(headers);
  if (!list) {
    list = headers.map(([name, value]) => [name.toLowerCase(), value] as const);
    lowered.set(headers, list);
  }
  for (const [name, value] of list) reply.header(name, value);
  reply.header('x-request-id', requestId);
  reply.header('cache-control', 'no-store');
}

/**
 * For a route that answers through `reply.raw` itself (after `reply.hijack()`): the headers the
 * hooks put into the reply's list are set on the raw response, since Fastify will not write them.
 */
export function copyToRaw(reply: FastifyReply, raw: ServerResponse): void {
  const headers = reply.getHeaders();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) raw.setHeader(name, value);
  }
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
