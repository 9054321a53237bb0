/**
 * The flow engine's browser binding (`core/flows/browser.ts`) on Fastify's cookies: HttpOnly,
 * SameSite=Lax (a flow continues after a top-level redirect back from Gosuslugi or a letter),
 * Secure outside demo mode, scoped to the realm's path.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newToken } from '../core/crypto/secrets.js';
import { browserToken } from '../core/flows/browser.js';
import { realmOf, realmPath } from './auth.js';

export function flowBrowserToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const jar = {
    read: (name: string): string | undefined => request.cookies[name],
    write(name: string, value: string, options: { readonly path: string }): void {
      reply.setCookie(name, value, { path: options.path, httpOnly: true, sameSite: 'lax', secure });
      request.cookies[name] = value;
    },
  };
  return browserToken(jar, realmPath(realmOf(request), '/'), newToken);
}
