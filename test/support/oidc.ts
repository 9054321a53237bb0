/**
 * OpenID Connect tests over real HTTP: the app listening on 127.0.0.1 (port 0, so BASE_URL — the
 * issuer — names the port it got), `openid-client` as the relying party, and a small user agent
 * (a cookie jar over `fetch`, redirects followed by hand) that signs in through the realm's own
 * pages the way a browser would.
 *
 * The clock is a ManualClock started at the real time: oidc-provider dates tokens by the real
 * clock, our stores by the injected one, and tests move the injected one to expire things.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import type { FastifyServerFactory } from 'fastify';
import * as client from 'openid-client';
import { ManualClock } from '../../src/core/clock.js';
import type { DialectName } from '../../src/db/connect.js';
import type { NewClient } from '../../src/oidc/client-store.js';
import { type Harness, startHarness } from './harness.js';

export interface OidcHarness extends Harness {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  issuer(realm: string): string;
}

async function listening(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

export async function startOidcHarness(
  dialect: DialectName,
  options: { demo?: boolean; logLevel?: 'info' | 'warn' } = {},
): Promise<OidcHarness> {
  const server = await listening();
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverFactory: FastifyServerFactory = (handler) => {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => handler(req, res));
    return server;
  };
  const harness = await startHarness(dialect, {
    config: { BASE_URL: baseUrl, DEMO: options.demo ?? false, LOG_LEVEL: options.logLevel ?? 'warn' },
    app: { serverFactory },
    clock: new ManualClock(Date.now()),
  });
  return {
    ...harness,
    baseUrl,
    issuer: (realm) => `${baseUrl}/r/${realm}`,
    // Fastify did not listen (the server was listening already), so it does not close it.
    async close() {
      await harness.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RegisteredClient {
  readonly clientId: string;
  readonly secret: string | null;
  readonly redirectUri: string;
}

/** Registers a client the way `propusk client add` does. */
export async function addClient(
  harness: Harness,
  input: Partial<NewClient> & { readonly realmId: string },
): Promise<RegisteredClient> {
  const redirectUris = input.redirectUris ?? ['https://rp.example/callback'];
  const outcome = await harness.services.oidc.clients.add({
    name: 'Тестовое приложение',
    firstParty: true,
    ...input,
    redirectUris,
  });
  if (outcome.kind !== 'added') throw new Error(outcome.problems.join('; '));
  return {
    clientId: outcome.client.clientId,
    secret: outcome.secret,
    redirectUri: redirectUris[0] as string,
  };
}

/** openid-client's view of the realm's provider, for this client. */
export async function relyingParty(
  harness: OidcHarness,
  realm: string,
  registered: RegisteredClient,
  auth?: client.ClientAuth,
): Promise<client.Configuration> {
  return client.discovery(
    new URL(harness.issuer(realm)),
    registered.clientId,
    { redirect_uris: [registered.redirectUri] },
    auth ?? (registered.secret ? client.ClientSecretBasic(registered.secret) : client.None()),
    { execute: [client.allowInsecureRequests] },
  );
}

export interface RelyingPartySuite {
  readonly h: OidcHarness;
  /** A client of Dnevnik's provider, and openid-client's view of the provider for it. */
  readonly rp: RegisteredClient;
  readonly config: client.Configuration;
}

/**
 * A provider harness with one client of Dnevnik's for the `describe` block it is called in:
 * started before its tests and closed after them; `suite()` hands them to a test.
 */
export function relyingPartySuite(dialect: DialectName): () => RelyingPartySuite {
  let h: OidcHarness | undefined;
  let suite: RelyingPartySuite | undefined;
  before(async () => {
    h = await startOidcHarness(dialect);
    const rp = await addClient(h, { realmId: 'dnevnik' });
    suite = { h, rp, config: await relyingParty(h, 'dnevnik', rp) };
  });
  after(async () => h?.close());
  return () => {
    if (!suite) throw new Error('the relying party suite has not started');
    return suite;
  };
}

export interface Step {
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
  readonly url: string;
}

/** A user agent: cookies kept per host, redirects followed by hand so each step can be seen. */
export class Agent {
  readonly cookies = new Map<string, string>();

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Step> {
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        cookie: this.cookieHeader(),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.keep(response);
    const location = response.headers.get('location');
    return {
      status: response.status,
      location: location ? new URL(location, url).href : null,
      body: await response.text(),
      url,
    };
  }

  /**
   * Follows redirects (and pages that move on by themselves, `<meta http-equiv="refresh">`) from
   * `step` until one leaves for `stop` (returned as the step's location, not requested) or a page
   * answers.
   */
  async onward(first: Step, stop?: string): Promise<Step> {
    let step = first;
    for (let hops = 0; hops < 15; hops++) {
      const next = step.location ?? refreshOf(step);
      if (!next) return step;
      if (stop && next.startsWith(stop)) return { ...step, location: next };
      step = await this.request(next);
    }
    return step;
  }

  /** Follows redirects from `url` (see `onward`). */
  async follow(url: string, stop?: string): Promise<Step> {
    return this.onward(await this.request(url), stop);
  }

  /** Submits the form on `page` (its CSRF token included) and follows where it leads. */
  async submit(page: Step, action: string, fields: Record<string, string>, stop?: string): Promise<Step> {
    const form: Record<string, string> = { ...hiddenFields(page.body), ...fields };
    return this.onward(await this.request(new URL(action, page.url).href, { form }), stop);
  }
}

/** Where a page that moves on by itself goes (`<meta http-equiv="refresh" content="0;url=…">`). */
function refreshOf(step: Step): string | null {
  if (step.status !== 200) return null;
  const m = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(step.body);
  return m?.[1] ? new URL(m[1].replace(/&amp;/g, '&'), step.url).href : null;
}

/** The hidden inputs of a page (CSRF token, return path). */
export function hiddenFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    const [, name, value] = m;
    if (name) fields[name] = (value ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  }
  return fields;
}

export interface AuthorizationRequest {
  readonly url: URL;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/** An authorization request with PKCE (S256), state and nonce. */
export async function authorizationRequest(
  config: client.Configuration,
  registered: RegisteredClient,
  params: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: registered.redirectUri,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/**
 * From an authorization URL to the redirect back to the application, signing in on the realm's
 * page when it is shown. Returns the callback URL (with `code` or `error`).
 */
export async function authorize(
  agent: Agent,
  request: AuthorizationRequest,
  registered: RegisteredClient,
  credentials?: { login: string; password: string },
): Promise<URL> {
  let step = await agent.follow(request.url.href, registered.redirectUri);
  if (step.location?.startsWith(registered.redirectUri)) return new URL(step.location);
  if (credentials && /name="password"/.test(step.body)) {
    step = await agent.submit(step, actionOf(step.body), credentials, registered.redirectUri);
    if (step.location?.startsWith(registered.redirectUri)) return new URL(step.location);
  }
  throw new Error(
    `no redirect back to the application: ${step.status} ${step.url}\n${step.body.slice(0, 500)}`,
  );
}

export function actionOf(body: string): string {
  const m = /<form [^>]*action="([^"]+)"/.exec(body);
  if (!m?.[1]) throw new Error('no form on the page');
  return m[1].replace(/&amp;/g, '&');
}

/** Exchanges the code of a callback URL for tokens, with the request's PKCE verifier, state and nonce. */
export function exchange(config: client.Configuration, callback: URL, request: AuthorizationRequest) {
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
}

/** The OAuth error code a rejected openid-client call carries (`invalid_grant`, `invalid_token`…). */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError)
      return err.error;
    if (err instanceof client.WWWAuthenticateChallengeError) {
      return String(err.cause[0]?.parameters.error ?? 'no error parameter');
    }
    throw err;
  }
  throw new Error('expected a refusal, the call succeeded');
}

export const VOLKOVA = { login: 'ekaterinavolkov', password: 'Zvezda-4815' } as const;
export const PETROV = { login: 'petrov.sergey', password: 'Magistral-38' } as const;

/** A whole sign-in: authorization request, the realm's sign-in page, the code exchanged. */
export async function signIn(
  agent: Agent,
  config: client.Configuration,
  registered: RegisteredClient,
  credentials: { login: string; password: string } | undefined,
  params: Record<string, string> = {},
) {
  const request = await authorizationRequest(config, registered, params);
  const callback = await authorize(agent, request, registered, credentials);
  return { request, callback, tokens: await exchange(config, callback, request) };
}

export interface LogoutReceiver {
  /** `http://127.0.0.1:<port>/backchannel` */
  readonly url: string;
  /** The logout tokens received so far, decoded (header and payload). */
  readonly tokens: { header: Record<string, unknown>; payload: Record<string, unknown>; raw: string }[];
  close(): Promise<void>;
}

/** A relying application's back-channel logout endpoint: keeps every logout token it is sent. */
export async function logoutReceiver(): Promise<LogoutReceiver> {
  const tokens: LogoutReceiver['tokens'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const raw = new URLSearchParams(body).get('logout_token') ?? '';
      const [header, payload] = raw
        .split('.')
        .slice(0, 2)
        .map(
          (part) =>
            JSON.parse(Buffer.from(part, 'base64url').toString('utf8') || '{}') as Record<string, unknown>,
        );
      tokens.push({ header: header ?? {}, payload: payload ?? {}, raw });
      res.writeHead(200, { 'cache-control': 'no-store' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/backchannel`,
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs in on the realm's own sign-in page (a Propusk session, no application). */
export async function signInToRealm(
  agent: Agent,
  baseUrl: string,
  realm: string,
  credentials: { login: string; password: string },
): Promise<void> {
  const page = await agent.request(`${baseUrl}/r/${realm}/login`);
  const done = await agent.submit(page, `/r/${realm}/login`, credentials);
  if (!/\/profile|\/password\/new/.test(done.url))
    throw new Error(`sign-in failed: ${done.status} ${done.url}`);
}
