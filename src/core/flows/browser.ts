/**
 * Binding a flow to the browser that started it.
 *
 * A flow that continues in the same browser (recovery's SMS branch, a Gosuslugi or digital-
 * signature sign-in, an OIDC interaction) keeps the keyed hash of a random token that lives in
 * an HttpOnly cookie of that browser; `FlowEngine.load(…, { browserToken })` refuses the flow to
 * any other browser exactly as if its id were unknown. A leaked flow id (a shared screen, a
 * proxy log) is then useless elsewhere.
 *
 * One token per browser serves every flow: its cookie is scoped to the realm's path, lasts as
 * long as the browser session, and is made the first time a flow needs it.
 */

/** The part of a request/response pair this needs; `web/` adapts Fastify to it. */
export interface CookieJar {
  read(name: string): string | undefined;
  write(name: string, value: string, options: { readonly path: string }): void;
}

export const BROWSER_COOKIE = 'propusk_flow';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** This browser's flow token: the one it has, or a new one set on the response. */
export function browserToken(jar: CookieJar, path: string, newToken: () => string): string {
  const existing = jar.read(BROWSER_COOKIE);
  if (existing !== undefined && TOKEN_SHAPE.test(existing)) return existing;
  const token = newToken();
  jar.write(BROWSER_COOKIE, token, { path });
  return token;
}
