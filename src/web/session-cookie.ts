/**
 * The session cookie of a realm.
 *
 * - `HttpOnly`: scripts can't read the token, so an injected script can't steal it.
 * - `SameSite=Lax`: not sent on cross-site POSTs (a first line against CSRF; forms also carry a
 *   CSRF token), still sent when a person follows a link from a letter.
 * - `Secure` and the `__Host-` prefix outside demo mode: only over HTTPS, only for this exact
 *   host, path `/`, so a sibling subdomain can't plant or overwrite it.
 * - No `Max-Age`: a browser session cookie; the server decides the lifetime.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export function sessionCookieName(realmId: string, secure: boolean): string {
  return `${secure ? '__Host-' : ''}propusk_${realmId}`;
}

export function readSessionToken(request: FastifyRequest, realmId: string, secure: boolean): string | null {
  return request.cookies[sessionCookieName(realmId, secure)] ?? null;
}

export function setSessionCookie(reply: FastifyReply, realmId: string, token: string, secure: boolean): void {
  reply.setCookie(sessionCookieName(realmId, secure), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}

export function clearSessionCookie(reply: FastifyReply, realmId: string, secure: boolean): void {
  reply.clearCookie(sessionCookieName(realmId, secure), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}
