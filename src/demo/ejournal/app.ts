/**
 * A demo e-journal: a relying application written with `openid-client`, standing for the school
 * systems (Dnevnik, ElJur, app.recycle.kz) that sign their users in through Propusk. It talks to
 * Propusk only over HTTP, as any application would:
 *
 *   GET  <app>/             «Войти через Пропуск», or «Вы вошли как …» with roles and children
 *   GET  <app>/login        authorization request (code, PKCE S256, state, nonce)
 *   GET  <app>/callback     code → tokens → userinfo → the e-journal's own session
 *   POST <app>/logout       ends its session, then Propusk's (RP-initiated logout)
 *   POST <app>/backchannel  Propusk's back-channel logout: the session of that `sid` ends
 *
 * Several applications can share one server (each under its own path). Sessions live in memory:
 * this is a demonstration, not a journal.
 */

import type { JsonWebKey } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerFactory,
} from 'fastify';
import * as client from 'openid-client';
import { checkLogoutToken } from './logout-token.js';
import { appPage, type Child, errorPage, indexPage, type Membership, type Signed, STYLE } from './views.js';

export interface EjournalApp {
  /** Where the application lives on this server: `/dnevnik`, `/portfolio/dnevnik`. */
  readonly path: string;
  readonly title: string;
  readonly realmId: string;
  readonly realmName: string;
  readonly clientId: string;
  readonly secret: string;
  readonly scope: string;
}

export interface EjournalOptions {
  /** This server's own address, as browsers reach it (redirect URIs are built from it). */
  readonly publicUrl: string;
  /** Propusk's BASE_URL: a realm's issuer is `<issuerBase>/r/<realm>`. */
  readonly issuerBase: string;
  readonly apps: readonly EjournalApp[];
  /** Tests: a server already listening on port 0. */
  readonly serverFactory?: FastifyServerFactory;
}

interface Session extends Signed {
  readonly idToken: string;
  readonly sid: string | null;
  readonly sub: string;
}

interface Pending {
  readonly verifier: string;
  readonly nonce: string;
  readonly at: number;
}

const PENDING_MS = 10 * 60_000;

/** «Выйти» posts here and is sent on to Propusk: its origin is a form target too. */
function headersFor(issuerBase: string): Readonly<Record<string, string>> {
  const propusk = new URL(issuerBase).origin;
  return {
    'content-security-policy': `default-src 'self'; form-action 'self' ${propusk}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function membershipsOf(value: unknown): Membership[] {
  return Array.isArray(value)
    ? (value as Membership[]).filter((m) => typeof m?.organisation?.name === 'string')
    : [];
}

function childrenOf(value: unknown): Child[] {
  if (!Array.isArray(value)) return [];
  return value.map((c: { name?: unknown; memberships?: unknown }) => ({
    name: str(c.name) ?? '—',
    memberships: membershipsOf(c.memberships),
  }));
}

function mountApp(server: FastifyInstance, options: EjournalOptions, app: EjournalApp): void {
  const sessions = new Map<string, Session>();
  const pending = new Map<string, Pending>();
  const cookieName = `ej_${app.path.replace(/[^a-z0-9]/gi, '_')}`;
  const redirectUri = `${options.publicUrl}${app.path}/callback`;
  const issuer = `${options.issuerBase}/r/${app.realmId}`;
  let config: Promise<client.Configuration> | null = null;
  const configuration = (): Promise<client.Configuration> => {
    config ??= client
      .discovery(
        new URL(issuer),
        app.clientId,
        { redirect_uris: [redirectUri] },
        client.ClientSecretBasic(app.secret),
        {
          execute: issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
        },
      )
      .catch((err: unknown) => {
        config = null;
        throw err;
      });
    return config;
  };
  const sessionOf = (request: FastifyRequest): [string, Session] | null => {
    const id = request.cookies[cookieName];
    const session = id ? sessions.get(id) : undefined;
    return id && session ? [id, session] : null;
  };
  const headers = headersFor(options.issuerBase);
  const send = (reply: FastifyReply, status: number, body: { toString(): string }) =>
    reply.code(status).headers(headers).type('text/html; charset=utf-8').send(body.toString());

  server.get(`${app.path}/`, async (request, reply) => {
    const { notice } = request.query as { notice?: string };
    const text =
      notice === 'signed_out'
        ? 'Вы вышли из журнала и из Пропуска.'
        : notice === 'ended'
          ? 'Сеанс завершён в Пропуске.'
          : null;
    const signed = sessionOf(request)?.[1] ?? null;
    return send(reply, 200, appPage({ ...app, base: app.path, signed, notice: text }));
  });

  server.get(`${app.path}/login`, async (_request, reply) => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const now = Date.now();
    for (const [key, p] of pending) if (now - p.at > PENDING_MS) pending.delete(key);
    pending.set(state, { verifier, nonce, at: now });
    const url = client.buildAuthorizationUrl(await configuration(), {
      redirect_uri: redirectUri,
      scope: app.scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ui_locales: 'ru',
    });
    return reply.redirect(url.href, 303);
  });

  server.get(`${app.path}/callback`, async (request, reply) => {
    const { state, error } = request.query as { state?: string; error?: string };
    const waiting = state ? pending.get(state) : undefined;
    if (state) pending.delete(state);
    if (error) return send(reply, 400, errorPage(`Пропуск ответил: ${error}.`));
    if (!waiting || !state) return send(reply, 400, errorPage('Запрос на вход устарел. Начните снова.'));
    const cfg = await configuration();
    const current = new URL(request.url, options.publicUrl);
    const tokens = await client
      .authorizationCodeGrant(cfg, current, {
        pkceCodeVerifier: waiting.verifier,
        expectedState: state,
        expectedNonce: waiting.nonce,
      })
      .catch(() => null);
    const claims = tokens?.claims();
    if (!tokens || !claims) return send(reply, 400, errorPage('Не удалось получить ответ Пропуска.'));
    const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, {
      name: str(info.name) ?? claims.sub,
      email: str(info.email),
      memberships: membershipsOf(info.memberships),
      children: childrenOf(info.children),
      csrf: randomBytes(16).toString('base64url'),
      idToken: tokens.id_token ?? '',
      sid: str(claims.sid),
      sub: claims.sub,
    });
    reply.setCookie(cookieName, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.publicUrl.startsWith('https:'),
    });
    return reply.redirect(`${app.path}/`, 303);
  });

  server.post(`${app.path}/logout`, async (request, reply) => {
    const found = sessionOf(request);
    const { csrf } = (request.body ?? {}) as { csrf?: string };
    if (!found || csrf !== found[1].csrf) return reply.redirect(`${app.path}/`, 303);
    sessions.delete(found[0]);
    reply.clearCookie(cookieName, { path: '/' });
    const end = client.buildEndSessionUrl(await configuration(), {
      id_token_hint: found[1].idToken,
      post_logout_redirect_uri: `${options.publicUrl}${app.path}/?notice=signed_out`,
    });
    return reply.redirect(end.href, 303);
  });

  server.post(`${app.path}/backchannel`, async (request, reply) => {
    const { logout_token: token } = (request.body ?? {}) as { logout_token?: string };
    const cfg = await configuration();
    const jwksUri = cfg.serverMetadata().jwks_uri;
    const jwks = jwksUri ? ((await (await fetch(jwksUri)).json()) as { keys: JsonWebKey[] }) : { keys: [] };
    const claims =
      typeof token === 'string'
        ? checkLogoutToken(
            token,
            { issuer, clientId: app.clientId, keys: jwks.keys },
            Math.floor(Date.now() / 1000),
          )
        : null;
    if (!claims) return reply.code(400).send({ error: 'invalid_request' });
    for (const [id, s] of sessions) {
      if ((claims.sid && s.sid === claims.sid) || (!claims.sid && s.sub === claims.sub)) sessions.delete(id);
    }
    return reply.code(200).header('cache-control', 'no-store').send();
  });
}

export async function buildEjournal(options: EjournalOptions): Promise<FastifyInstance> {
  const server = Fastify({
    logger: false,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  await server.register(cookie);
  await server.register(formbody);
  server.get('/ejournal.css', async (_request, reply) => reply.type('text/css').send(STYLE));
  server.get('/', async (_request, reply) =>
    reply
      .headers(headersFor(options.issuerBase))
      .type('text/html; charset=utf-8')
      .send(indexPage(options.apps.map((a) => ({ ...a, base: a.path }))).toString()),
  );
  for (const app of options.apps) mountApp(server, options, app);
  return server;
}
