/**
 * The `recovery` phase: what one whole password recovery request costs the service — the form
 * page, the captcha's picture the page points at (a browser fetches it with the page), and the
 * request sent with the answer — set against better-auth's password-reset request on the same
 * machine (better-auth-server.ts), on SQLite. Target (#15): whole recoveries at least twice the
 * rate of better-auth's reset requests, read here from the servers' CPU per answer (both are one
 * node process; a rate measured with the load generator on the same two cores moves with it).
 *
 * The same is measured where a browser that runs scripts never fetches the picture: ElJur's realm
 * offers the picture or the proof of work (policy 'image-or-pow'); the picture sits in <noscript>
 * and the script answers with the proof of work, so a whole recovery there is the form page and
 * the request with the proof of work (its counters of volume included).
 *
 * Each part is loaded as fast as 10 connections go, after a warm-up, each request from its own
 * address (Propusk's per-address limits would otherwise answer 429). The requests mix names as
 * the `pages` phase does: one in a hundred is a person who exists, so letters are queued as they
 * would be (Propusk) and reset tokens stored (better-auth).
 */
import autocannon from 'autocannon';
import { BETTER_AUTH_PEOPLE } from './better-auth-server.js';
import { figureOf, nextAddress, warmThenLoad } from './load.js';
import { log } from './machine.js';
import { prepareRecovery, REALM } from './pages.js';
import type { PageLoad } from './paired.js';
import { fixed, micros, type Row } from './report.js';
import { cookiesOf, type Server, startServer } from './servers.js';

const SECONDS = 5;
const CONNECTIONS = 10;
/** Requests with their own captcha, prepared in advance: the warm-up's, then the measured. */
const WARM_REQUESTS = 300;
const MEASURED_REQUESTS = 1_500;
export const RECOVERY_COST_TARGET = 2;

export interface RecoveryCostFigure {
  readonly formPage: PageLoad;
  readonly picture: PageLoad;
  readonly request: PageLoad;
  readonly betterAuth: PageLoad;
  /** Server CPU of the three parts of one recovery, µs. */
  readonly wholeCpuMicros: number;
  /** better-auth's CPU per reset request over Propusk's per whole recovery. */
  readonly ratio: number;
  /** ElJur, a browser running the proof of work: the form page and the request, no picture. */
  readonly pow: {
    readonly formPage: PageLoad;
    readonly request: PageLoad;
    readonly wholeCpuMicros: number;
    readonly ratio: number;
  };
}

/** ElJur's realm: the picture in <noscript>, the proof of work for a browser with scripts. */
const POW_REALM = 'eljur';
/** People of ElJur's demo with a confirmed address: five requests each (the per-address limit). */
const POW_KNOWN_EMAILS = ['orlova@1399.example', '14a139@mail.example'];

/** `requests` sent once each, 10 at a time, with the server's CPU per expected answer. */
async function each(
  server: Server,
  requests: readonly {
    path: string;
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: string;
  }[],
  expectedStatus: number,
): Promise<PageLoad> {
  let i = 0;
  const before = server.cpuMicros();
  const result = await autocannon({
    url: server.baseUrl,
    connections: CONNECTIONS,
    amount: requests.length,
    requests: [
      {
        setupRequest: (request) => {
          const next = requests[i++ % requests.length];
          if (!next) return request;
          return { ...request, ...next, headers: { ...next.headers, 'x-forwarded-for': nextAddress() } };
        },
      },
    ],
  });
  const used = server.cpuMicros() - before;
  const figure = figureOf(result, expectedStatus, CONNECTIONS);
  return { ...figure, serverCpuMicrosEach: used / Math.max(1, figure.expected) };
}

async function pictures(server: Server, count: number): Promise<string[]> {
  const found: string[] = [];
  for (let n = 0; n < count; n++) {
    const res = await fetch(`${server.baseUrl}/r/${REALM}/recovery/password`, {
      headers: { 'x-forwarded-for': nextAddress() },
    });
    const src = /<img src="(\/[^"]+\.png)"/.exec(await res.text())?.[1];
    if (!src) throw new Error('recovery cost: the form page shows no picture');
    found.push(src);
  }
  return found;
}

/** A form page loaded as fast as the connections go, after a warm-up, by server CPU per page. */
function pageCost(app: Server, path: string): Promise<PageLoad> {
  return warmThenLoad(
    {
      url: `${app.baseUrl}${path}`,
      connections: CONNECTIONS,
      seconds: SECONDS,
      expectedStatus: 200,
      ownAddresses: true,
    },
    app.cpuMicros,
  );
}

/** Filled forms posted to `path` once each: the first WARM_REQUESTS as a warm-up, the rest measured. */
async function postsCost(
  app: Server,
  path: string,
  forms: { readonly cookie: string; readonly bodies: readonly string[] },
): Promise<PageLoad> {
  const post = (body: string) => ({
    path,
    method: 'POST' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: forms.cookie },
    body,
  });
  await each(app, forms.bodies.slice(0, WARM_REQUESTS).map(post), 200);
  return each(app, forms.bodies.slice(WARM_REQUESTS).map(post), 200);
}

/**
 * ElJur's email forms filled as a browser running the proof of work fills them: each with its own
 * challenge, answered through the bench server's test hook (the number the script would find).
 */
async function powForms(server: Server, count: number): Promise<{ cookie: string; bodies: string[] }> {
  const page = `${server.baseUrl}/r/${POW_REALM}/recovery`;
  const first = await fetch(page);
  const cookie = cookiesOf(first).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1] ?? '';
  const bodies: string[] = [];
  for (let n = 0; n < count; n++) {
    const html = await (await fetch(page, { headers: { cookie, 'x-forwarded-for': nextAddress() } })).text();
    const id = [...html.matchAll(/name="captcha_id" value="(p\.[^"]+)"/g)][0]?.[1];
    if (!id) throw new Error(`recovery cost: ${POW_REALM}'s form offers no proof of work`);
    const reveal = await fetch(`${server.baseUrl}/test/captcha?id=${encodeURIComponent(id)}`);
    const { answer } = (await reveal.json()) as { answer: string | null };
    const known = n % 100 === 0 && n / 100 < POW_KNOWN_EMAILS.length * 5;
    const email = known
      ? (POW_KNOWN_EMAILS[(n / 100) % POW_KNOWN_EMAILS.length] as string)
      : `bench.nobody${n}@bench.invalid`;
    bodies.push(
      new URLSearchParams({ _csrf: csrf, email, captcha_id: id, captcha: answer ?? '' }).toString(),
    );
  }
  return { cookie, bodies };
}

/** ElJur's whole recovery as a browser with scripts makes it: the form page, then the request. */
async function measurePowRecovery(app: Server): Promise<Omit<RecoveryCostFigure['pow'], 'ratio'>> {
  log(
    `recovery cost: ${POW_REALM}'s form page (picture or proof of work), ${SECONDS} s × ${CONNECTIONS} connections`,
  );
  const formPage = await pageCost(app, `/r/${POW_REALM}/recovery`);
  log(`recovery cost: ${WARM_REQUESTS} + ${MEASURED_REQUESTS} ${POW_REALM} requests with the proof of work`);
  const forms = await powForms(app, WARM_REQUESTS + MEASURED_REQUESTS);
  const request = await postsCost(app, `/r/${POW_REALM}/recovery/email`, forms);
  const wholeCpuMicros =
    (formPage.serverCpuMicrosEach ?? Number.NaN) + (request.serverCpuMicrosEach ?? Number.NaN);
  return { formPage, request, wholeCpuMicros };
}

export async function measureRecoveryCost(): Promise<RecoveryCostFigure> {
  log('recovery cost (sqlite): starting the app and better-auth');
  const app = await startServer('app', 'sqlite');
  const ba = await startServer('better-auth', 'sqlite');
  try {
    log(`recovery cost: the form page, ${SECONDS} s × ${CONNECTIONS} connections`);
    const formPage = await pageCost(app, `/r/${REALM}/recovery/password`);
    log(`recovery cost: ${WARM_REQUESTS} + ${MEASURED_REQUESTS} pictures, then as many requests`);
    const srcs = await pictures(app, WARM_REQUESTS + MEASURED_REQUESTS);
    const get = (path: string) => ({ path, method: 'GET' as const, headers: {} });
    await each(app, srcs.slice(0, WARM_REQUESTS).map(get), 200);
    const picture = await each(app, srcs.slice(WARM_REQUESTS).map(get), 200);
    const forms = await prepareRecovery(app.baseUrl, WARM_REQUESTS + MEASURED_REQUESTS);
    const request = await postsCost(app, `/r/${REALM}/recovery/password`, forms);

    const pow = await measurePowRecovery(app);

    log(`recovery cost: better-auth's reset request, 2,000 then 10,000, ${CONNECTIONS} connections`);
    const resets = Array.from({ length: 2_000 }, (_, n) => ({
      path: '/api/auth/request-password-reset',
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email:
          n % 100 === 0
            ? BETTER_AUTH_PEOPLE[(n / 100) % BETTER_AUTH_PEOPLE.length]
            : `bench.nobody${n}@bench.invalid`,
      }),
    }));
    await each(ba, resets, 200);
    const betterAuth = await each(ba, [...resets, ...resets, ...resets, ...resets, ...resets], 200);
    const wholeCpuMicros =
      (formPage.serverCpuMicrosEach ?? Number.NaN) +
      (picture.serverCpuMicrosEach ?? Number.NaN) +
      (request.serverCpuMicrosEach ?? Number.NaN);
    return {
      formPage,
      picture,
      request,
      betterAuth,
      wholeCpuMicros,
      ratio: (betterAuth.serverCpuMicrosEach ?? Number.NaN) / wholeCpuMicros,
      pow: { ...pow, ratio: (betterAuth.serverCpuMicrosEach ?? Number.NaN) / pow.wholeCpuMicros },
    };
  } finally {
    await Promise.all([app.stop(), ba.stop()]);
  }
}

export function recoveryCostRows(figures: readonly RecoveryCostFigure[]): Row[] {
  const f = figures[0];
  if (!f) return [];
  const cpu = (x: PageLoad) => x.serverCpuMicrosEach ?? Number.NaN;
  return [
    { name: 'recovery form page: server CPU', values: { sqlite: cpu(f.formPage) }, format: micros },
    { name: '  its captcha picture', values: { sqlite: cpu(f.picture) }, format: micros },
    { name: '  the request with the answer', values: { sqlite: cpu(f.request) }, format: micros },
    { name: '  whole recovery (the three)', values: { sqlite: f.wholeCpuMicros }, format: micros },
    {
      name: "better-auth's reset request: server CPU",
      values: { sqlite: cpu(f.betterAuth) },
      format: micros,
    },
    {
      name: '  whole recoveries / better-auth resets (by CPU)',
      values: { sqlite: f.ratio },
      format: fixed(2),
      target: { text: `≥ ${RECOVERY_COST_TARGET.toFixed(2)}`, met: (v) => v >= RECOVERY_COST_TARGET },
    },
    {
      name: `${POW_REALM}, proof of work: form page`,
      values: { sqlite: cpu(f.pow.formPage) },
      format: micros,
    },
    { name: '  the request with the proof of work', values: { sqlite: cpu(f.pow.request) }, format: micros },
    { name: '  whole recovery (the two)', values: { sqlite: f.pow.wholeCpuMicros }, format: micros },
    {
      name: '  whole recoveries / better-auth resets (by CPU)',
      values: { sqlite: f.pow.ratio },
      format: fixed(2),
      target: { text: `≥ ${RECOVERY_COST_TARGET.toFixed(2)}`, met: (v) => v >= RECOVERY_COST_TARGET },
    },
  ];
}

export function recoveryCostDetails(figures: readonly RecoveryCostFigure[]): string[] {
  const line = (name: string, x: PageLoad) =>
    `${name.padEnd(25)}${x.expected} × ${x.expectedStatus}, p50 ${x.latencyMs.p50} ms, p99 ${x.latencyMs.p99} ms; server CPU ${(x.serverCpuMicrosEach ?? Number.NaN).toFixed(0)} µs each${
      Object.keys(x.unexpected).length > 0 ? `  unexpected: ${JSON.stringify(x.unexpected)}` : ''
    }`;
  return figures.flatMap((f) => [
    line('recovery form page:', f.formPage),
    line('  its picture:', f.picture),
    line('  the request:', f.request),
    line(`${POW_REALM} form page:`, f.pow.formPage),
    line('  proof-of-work request:', f.pow.request),
    line('better-auth reset:', f.betterAuth),
  ]);
}
