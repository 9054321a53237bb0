/**
 * The ESIA simulator: the same protocol as ESIA over real HTTP (protocols.md §1–4), for the
 * demo and the tests. `/aas/oauth2/v2/ac` checks the request and shows the sign-in page, then
 * the SMS code; `/aas/oauth2/v3/te` checks the token request and issues GOST-signed tokens;
 * `/rs/prns/{oid}` answers with the person; `/idp/ext/Logout` sends the browser back. State
 * lives in memory: one simulator process is one ESIA.
 */

import type { KeyObject } from 'node:crypto';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type GostPrivateKey, verifyJwt } from '../../core/gost/index.js';
import { mintTokens } from './mint.js';
import { SIM_PASSWORD, type SimPerson, simPersonByLogin, simPersonByOid } from './people.js';
import { checkSignedRequest, type Fields, protocolError, type RegisteredClient } from './protocol.js';
import { kidsResource, personResource } from './resources.js';
import { codePage, errorPage, loginPage } from './views.js';

export interface SimOptions {
  readonly clients: readonly RegisteredClient[];
  readonly issuer: string;
  readonly gostKey: GostPrivateKey;
  readonly rsaKey: KeyObject;
  /** Show the SMS code on the page (the simulator sends no SMS). */
  readonly showCode: boolean;
  readonly now?: () => number;
  /** How long the `person-timeout` person's resource keeps the caller waiting. */
  readonly slowMs?: number;
}

interface Pending {
  readonly client: RegisteredClient;
  readonly redirectUri: string;
  readonly state: string;
  readonly scope: string;
  readonly nonce: string | null;
  person?: SimPerson;
  smsCode?: string;
  tries: number;
  readonly expiresAt: number;
}

interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly nonce: string | null;
  readonly person: SimPerson;
  readonly expiresAt: number;
}

const token = (): string => randomBytes(24).toString('base64url');

function redirectWith(reply: FastifyReply, uri: string, params: Record<string, string>): FastifyReply {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}

export async function buildSimulator(options: SimOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const pending = new Map<string, Pending>();
  const codes = new Map<string, IssuedCode>();
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  await app.register(formbody);
  const clientOf = (id: string | undefined): RegisteredClient | undefined =>
    options.clients.find((c) => c.clientId === id);
  const html = (reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  app.get('/aas/oauth2/v2/ac', async (request, reply) => {
    const q = request.query as Fields;
    const client = clientOf(q.client_id);
    if (!client) return html(reply, 400, errorPage('ESIA-007002', protocolError('ESIA-007002').text));
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri))
      return html(reply, 400, errorPage('ESIA-007023', protocolError('ESIA-007023').text));
    const problem =
      q.response_type !== 'code' ? protocolError('ESIA-007014') : checkSignedRequest(client, q, now(), false);
    if (problem)
      return redirectWith(reply, q.redirect_uri, {
        error: problem.error,
        error_description: `${problem.code}: ${problem.text}`,
        ...(q.state ? { state: q.state } : {}),
      });
    const auth = token();
    pending.set(auth, {
      client,
      redirectUri: q.redirect_uri,
      state: q.state as string,
      scope: q.scope as string,
      nonce: q.nonce ?? null,
      tries: 0,
      expiresAt: now() + 15 * 60_000,
    });
    return html(reply, 200, loginPage({ auth, demo: options.showCode }));
  });

  const pendingOf = (auth: unknown): Pending | undefined => {
    const p = typeof auth === 'string' ? pending.get(auth) : undefined;
    return p && p.expiresAt > now() ? p : undefined;
  };
  const expiredPage = (reply: FastifyReply): FastifyReply =>
    html(
      reply,
      400,
      errorPage('ESIA-007011', 'Сеанс входа истёк. Вернитесь в систему и начните вход заново.'),
    );

  app.post('/sim/login', async (request, reply) => {
    const body = request.body as Fields;
    const p = pendingOf(body.auth);
    if (!p) return expiredPage(reply);
    const person = simPersonByLogin(body.login ?? '');
    if (!person || body.password !== SIM_PASSWORD)
      return html(
        reply,
        401,
        loginPage({
          auth: body.auth as string,
          error: 'Неверный логин или пароль',
          login: body.login ?? '',
          demo: options.showCode,
        }),
      );
    p.person = person;
    p.smsCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
    p.tries = 0;
    const phone = person.phoneForSms.replace(/\d(?=\d{2}$)|\d(?=\d{3}\)?)/g, '*');
    return html(
      reply,
      200,
      codePage({ auth: body.auth as string, phone, code: options.showCode ? p.smsCode : null }),
    );
  });

  app.post('/sim/code', async (request, reply) => {
    const body = request.body as Fields;
    const p = pendingOf(body.auth);
    if (!p?.person || !p.smsCode) return expiredPage(reply);
    if (body.code?.trim() !== p.smsCode) {
      p.tries += 1;
      if (p.tries >= 3) {
        pending.delete(body.auth as string);
        return expiredPage(reply);
      }
      return html(
        reply,
        400,
        codePage({
          auth: body.auth as string,
          phone: p.person.phoneForSms,
          code: options.showCode ? p.smsCode : null,
          error: 'Неверный код',
        }),
      );
    }
    pending.delete(body.auth as string);
    const code = token();
    codes.set(code, {
      clientId: p.client.clientId,
      redirectUri: p.redirectUri,
      scope: p.scope,
      nonce: p.nonce,
      person: p.person,
      expiresAt: now() + 5 * 60_000,
    });
    return redirectWith(reply, p.redirectUri, { code, state: p.state });
  });

  app.post('/sim/deny', async (request, reply) => {
    const p = pendingOf((request.body as Fields).auth);
    if (!p) return expiredPage(reply);
    pending.delete((request.body as Fields).auth as string);
    const e = protocolError('ESIA-007004', 'access_denied');
    return redirectWith(reply, p.redirectUri, {
      error: e.error,
      error_description: `${e.code}: ${e.text}`,
      state: p.state,
    });
  });

  app.post('/aas/oauth2/v3/te', async (request, reply) => {
    const f = request.body as Fields;
    const fail = (code: string, error = 'invalid_request') => {
      const e = protocolError(code, error);
      return reply
        .code(400)
        .send({ error: e.error, error_description: `${e.code}: ${e.text}`, state: f.state ?? '' });
    };
    const client = clientOf(f.client_id);
    if (!client) return fail('ESIA-007002', 'invalid_client');
    if (f.grant_type !== 'authorization_code') return fail('ESIA-007014');
    const problem = checkSignedRequest(client, f, now(), true);
    if (problem) return fail(problem.code, problem.error);
    const issued = codes.get(f.code as string);
    codes.delete(f.code as string); // single use, whatever follows
    if (
      !issued ||
      issued.expiresAt < now() ||
      issued.clientId !== client.clientId ||
      issued.redirectUri !== f.redirect_uri
    )
      return fail('ESIA-007011', 'invalid_grant');
    const tokens = mintTokens(
      {
        person: issued.person,
        clientId: client.clientId,
        issuer: options.issuer,
        scope: issued.scope,
        nonce: issued.nonce,
        sid: randomUUID(),
        now: now(),
      },
      { gost: options.gostKey, rsa: options.rsaKey },
    );
    return reply.send({
      id_token: tokens.idToken,
      access_token: tokens.accessToken,
      state: f.state,
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  /** The person a bearer token is for, when the token is the simulator's own and alive. */
  const bearerPerson = (authorization: string | undefined, oid: string): SimPerson | undefined => {
    const t = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    const decoded = t.split('.');
    if (decoded.length !== 3) return undefined;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(decoded[1] as string, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      return undefined;
    }
    if (String(claims['urn:esia:sbj_id']) !== oid) return undefined;
    const gostOk = verifyJwt(t, options.gostKey.publicKey).ok;
    const header = JSON.parse(Buffer.from(decoded[0] as string, 'base64url').toString('utf8')) as {
      alg?: string;
    };
    if (!gostOk && header.alg !== 'RS256') return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now()) return undefined;
    return simPersonByOid(oid);
  };

  app.get<{ Params: { oid: string } }>('/rs/prns/:oid', async (request, reply) => {
    const person = bearerPerson(request.headers.authorization, request.params.oid);
    if (!person)
      return reply.code(401).send({ error: 'unauthorized', message: 'ESIA-008010: Ошибка аутентификации' });
    if (person.behaviour === 'person-500')
      return reply.code(500).send({ error: 'internal', message: 'Internal Server Error' });
    if (person.behaviour === 'person-timeout')
      await new Promise((r) => setTimeout(r, options.slowMs ?? 15_000));
    return reply.send(personResource(person));
  });

  app.get<{ Params: { oid: string } }>('/rs/prns/:oid/kids', async (request, reply) => {
    const person = bearerPerson(request.headers.authorization, request.params.oid);
    if (!person)
      return reply.code(401).send({ error: 'unauthorized', message: 'ESIA-008010: Ошибка аутентификации' });
    return reply.send(kidsResource(person));
  });

  app.get('/idp/ext/Logout', async (request, reply) => {
    const q = request.query as Fields;
    const client = clientOf(q.client_id);
    const back = q.redirect_url;
    if (!client || !back || !client.redirectUris.some((u) => new URL(u).origin === safeOrigin(back)))
      return html(reply, 400, errorPage('ESIA-007023', protocolError('ESIA-007023').text));
    return reply.redirect(back, 302);
  });

  return app;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
