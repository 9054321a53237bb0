/**
 * The OpenID Connect phase of `npm run bench`, against the running app:
 *
 * - **Code exchange** (`POST /r/dnevnik/oidc/token`, client_secret_basic): codes made in advance
 *   by one signed-in browser (single sign-on: one request per code), each exchanged once; beside
 *   it, the raw rate of the ID token's signature (RS256, 2048 bits) on one core in this
 *   process. Their ratio says how much of an exchange the signature is.
 * - **UserInfo** (`GET /r/dnevnik/oidc/me` with a bearer token), set against the bare Fastify
 *   route with one indexed lookup in the same database, measured in turns with it (paired.ts).
 *   Target ≥ 0.5.
 *
 * Codes live 60 s: they are made just before the exchange runs, and the exchange is measured by
 * count (`amount`), not by duration, so that no request finds the codes used up.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { detailLine, figureOf } from './load.js';
import type { PairedLoad, Side } from './paired.js';

export interface BenchClient {
  readonly clientId: string;
  readonly secret: string;
  readonly redirectUri: string;
}

export interface OidcFigure {
  readonly expected: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly unexpected: Record<string, number>;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** The server's CPU time per answer, µs, where it was measured. */
  readonly serverCpuMicrosEach?: number;
}

export interface OidcFigures {
  readonly rs256PerSecond: number;
  readonly codeExchange: OidcFigure;
  /** Measured in turns with the floor (paired.ts). */
  readonly userinfo: PairedLoad;
}

export interface OidcMeasuring {
  /** The server's CPU time so far, µs. */
  readonly cpuMicros?: () => number;
  /** Waits for the machine to be idle before a phase (machine.ts, `backgroundBusy`). */
  readonly settle?: (phase: string) => Promise<void>;
  /** A load measured in turns with the floor (paired.ts). */
  readonly paired: (spec: Side['spec']) => Promise<PairedLoad>;
}

const REALM = 'dnevnik';
const LOGIN = 'ekaterinavolkov';
const PASSWORD = 'Zvezda-4815';
const EXCHANGE_WARMUP = 300;
const EXCHANGES = 1_500;
const PREPARE_CONCURRENCY = 8;
const CONNECTIONS = 10;
const SIGN_SECONDS = 3;

/** A browser's cookies, as few as the benchmark needs. */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
}

async function step(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: jar.header() },
  });
  jar.keep(res);
  return res;
}

function authorizeUrl(baseUrl: string, client: BenchClient, state: string): string {
  const params = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    state,
  });
  return `${baseUrl}/r/${REALM}/oidc/auth?${params.toString()}`;
}

/** Signs in through the provider once (the sign-in page, then the step that continues by itself). */
export async function signedInBrowser(baseUrl: string, client: BenchClient): Promise<Jar> {
  const jar = new Jar();
  let url = authorizeUrl(baseUrl, client, 'first');
  for (let hops = 0; hops < 12; hops++) {
    const res = await step(jar, url);
    const body = await res.text();
    const location = res.headers.get('location');
    if (location?.startsWith(client.redirectUri)) return jar;
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    const back = /name="return" value="([^"]+)"/.exec(body)?.[1];
    if (csrf && /name="password"/.test(body)) {
      const form = new URLSearchParams({
        _csrf: csrf,
        login: LOGIN,
        password: PASSWORD,
        return: (back ?? '').replace(/&amp;/g, '&'),
      });
      const posted = await step(jar, `${baseUrl}/r/${REALM}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      url = new URL(posted.headers.get('location') ?? '/', url).href;
      continue;
    }
    const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(body)?.[1];
    if (!refresh) throw new Error(`bench oidc: stuck at ${url} (${res.status})`);
    url = new URL(refresh.replace(/&amp;/g, '&'), url).href;
  }
  throw new Error('bench oidc: no code after the sign-in');
}

/** `count` codes for the signed-in browser, one authorization request each. */
export async function codes(
  baseUrl: string,
  client: BenchClient,
  jar: Jar,
  count: number,
): Promise<string[]> {
  const made: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const res = await step(jar, authorizeUrl(baseUrl, client, `s${i}`));
      const code = new URL(res.headers.get('location') ?? '', baseUrl).searchParams.get('code');
      if (!code) throw new Error(`bench oidc: authorization ${i} gave no code (${res.status})`);
      made.push(code);
    }
  };
  await Promise.all(Array.from({ length: PREPARE_CONCURRENCY }, worker));
  return made;
}

/**
 * Exchanges every code of `list` once, `CONNECTIONS` at a time. The rate is taken from the first
 * request to the last answer: autocannon's own duration ends at its next whole-second tick, which
 * for a run of a second or two would halve the figure.
 */
export async function exchange(
  baseUrl: string,
  client: BenchClient,
  list: string[],
  cpuMicros?: () => number,
): Promise<OidcFigure> {
  const basic = Buffer.from(`${client.clientId}:${client.secret}`).toString('base64');
  let i = 0;
  let lastAnswer = 0;
  const cpuBefore = cpuMicros?.() ?? 0;
  const started = performance.now();
  const result = await autocannon({
    url: `${baseUrl}/r/${REALM}/oidc/token`,
    connections: CONNECTIONS,
    amount: list.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: list[i++] ?? '',
            redirect_uri: client.redirectUri,
          }).toString(),
        }),
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  const used = (cpuMicros?.() ?? 0) - cpuBefore;
  const figure = figureOf(result, 200, CONNECTIONS);
  const seconds = Math.max(0.001, (lastAnswer - started) / 1000);
  const timed = { ...figure, seconds, perSecond: figure.expected / seconds };
  return used > 0 ? { ...timed, serverCpuMicrosEach: used / Math.max(1, figure.expected) } : timed;
}

/** RS256 signatures per second, one core, this process: the cost an ID token cannot avoid. */
function rawRs256(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.from('x'.repeat(600));
  const end = performance.now() + SIGN_SECONDS * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    sign('sha256', data, privateKey);
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

export async function measureOidc(
  baseUrl: string,
  client: BenchClient,
  log: (line: string) => void,
  { cpuMicros, settle = async () => {}, paired }: OidcMeasuring,
): Promise<OidcFigures> {
  const rs256PerSecond = rawRs256();
  log(
    `oidc: raw RS256 ${rs256PerSecond.toFixed(0)}/s; signing in once, then ${EXCHANGE_WARMUP + EXCHANGES} codes`,
  );
  const jar = await signedInBrowser(baseUrl, client);
  const warm = await codes(baseUrl, client, jar, EXCHANGE_WARMUP);
  await exchange(baseUrl, client, warm);
  const list = await codes(baseUrl, client, jar, EXCHANGES);
  log(`oidc: POST /r/${REALM}/oidc/token × ${EXCHANGES}, ${CONNECTIONS} connections`);
  const codeExchange = await exchange(baseUrl, client, list, cpuMicros);

  const tokenRes = await fetch(`${baseUrl}/r/${REALM}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: (await codes(baseUrl, client, jar, 1))[0] ?? '',
      redirect_uri: client.redirectUri,
    }).toString(),
  });
  const { access_token: accessToken } = (await tokenRes.json()) as { access_token?: string };
  if (!accessToken) throw new Error(`bench oidc: no access token (${tokenRes.status})`);
  await settle('userinfo');
  log(`oidc: GET /r/${REALM}/oidc/me, ${CONNECTIONS} connections, in turns with the floor`);
  const userinfo = await paired({
    url: `${baseUrl}/r/${REALM}/oidc/me`,
    headers: { authorization: `Bearer ${accessToken}` },
    connections: CONNECTIONS,
    expectedStatus: 200,
  });
  return { rs256PerSecond, codeExchange, userinfo };
}

/** An access token of the signed-in benchmark person (profiling aid). */
export async function accessTokenFor(baseUrl: string, client: BenchClient): Promise<string> {
  const jar = await signedInBrowser(baseUrl, client);
  const [code] = await codes(baseUrl, client, jar, 1);
  const res = await fetch(`${baseUrl}/r/${REALM}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: client.redirectUri,
    }).toString(),
  });
  const { access_token: token } = (await res.json()) as { access_token?: string };
  if (!token) throw new Error(`bench oidc: no access token (${res.status})`);
  return token;
}

export function oidcDetails(f: OidcFigures): string[] {
  const cpu = (x: { readonly serverCpuMicrosEach?: number }) =>
    x.serverCpuMicrosEach === undefined ? '' : `; server CPU ${x.serverCpuMicrosEach.toFixed(0)} µs each`;
  const line = (name: string, x: OidcFigure) =>
    `${name}${x.expected} × 200 in ${x.seconds.toFixed(2)} s, p50 ${x.latencyMs.p50} ms, p99 ${x.latencyMs.p99} ms${
      Object.keys(x.unexpected).length > 0
        ? `  unexpected: ${Object.entries(x.unexpected)
            .map(([k, v]) => `${k}×${v}`)
            .join(', ')}`
        : ''
    }${cpu(x)}`;
  return [
    line('token:    ', f.codeExchange),
    `${detailLine('userinfo:', f.userinfo)}${cpu(f.userinfo)}`,
    `${detailLine('  its floor:', f.userinfo.floor)}${cpu(f.userinfo.floor)}`,
  ];
}
