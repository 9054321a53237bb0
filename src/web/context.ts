/**
 * What every request carries once it reaches a route: its locale and translator, and — on
 * realm routes — the realm. Set by hooks in `app.ts`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, type Locale, type Translate } from '../core/i18n/i18n.js';
import { translator } from '../messages.js';
import type { LoadedRealm } from '../realms/realm-store.js';

export const LOCALE_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    realm: LoadedRealm | null;
  }
  interface FastifyContextConfig {
    /** The route answers JSON only: the lean security headers (`jsonHeadersFor`). */
    jsonOnly?: boolean;
  }
}

export function translatorFor(locale: Locale): Translate {
  return translator(locale);
}

/** The locale: an explicit cookie choice, else the realm's default, else Russian. */
export function resolveLocale(request: FastifyRequest, realmDefault: Locale | null): Locale {
  const fromCookie = request.cookies[LOCALE_COOKIE];
  if (isLocale(fromCookie)) return fromCookie;
  return realmDefault ?? 'ru';
}

export function setLocale(request: FastifyRequest, locale: Locale): void {
  request.locale = locale;
  request.t = translatorFor(locale);
}

/** A local path to come back to, or null: never another origin (no open redirects). */
export function safeLocalPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (/[\p{Cc}\\]/u.test(value)) return null;
  return value;
}

export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

export function userAgent(request: FastifyRequest): string | null {
  const ua = request.headers['user-agent'];
  return typeof ua === 'string' ? ua.slice(0, 300) : null;
}

/**
 * A page, handed to Node as a string. Node then writes the status line, the headers and the page
 * as one string in one `write` (encoded on the way, without a Buffer of its own). A Buffer made
 * here cost more: Node writes a Buffer after its headers with `writev`, two chunks of two kinds.
 * In alternating servers the profile page cost 153 µs as a Buffer and 144 µs as a string.
 */
export function sendHtml(reply: FastifyReply, status: number, body: { toString(): string }): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body.toString());
}
