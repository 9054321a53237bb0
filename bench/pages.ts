/**
 * The request phases against one app server: password sign-ins (and the server's peak memory
 * under them), the signed-in profile page, the session check (`/whoami`), the OpenID Connect
 * token and userinfo endpoints, recovery requests at a fixed rate; and the floor they are set
 * against, a bare Fastify route doing one indexed lookup in the same database (SQLite lines are
 * divided by the SQLite floor, PostgreSQL lines by the PostgreSQL one).
 */
import type { DialectName } from '../src/db/connect.js';
import { atEvenRate, type EvenRateFigure } from './even-rate.js';
import { postForms } from './form-posts.js';
import { detailLine, type LoadFigure, type LoadSpec, warmThenLoad } from './load.js';
import { backgroundBusy, log, postgresCpuMicros } from './machine.js';
import { measureOidc, type OidcFigures, oidcDetails } from './oidc.js';
import { combinedLoads, measurePaired, type PageLoad, type PairedLoad, type Side } from './paired.js';
import { type Argon2Bracket, argon2Text, inTurns, type RawArgon2, TURNS } from './raw-argon2.js';
import { cookiesOf, type Server, startServer } from './servers.js';

export const REALM = 'dnevnik';
export const LOGIN = 'ekaterinavolkov';
export const PASSWORD = 'Zvezda-4815';
/**
 * Seconds of each measured load of this phase (10); BENCH_SECONDS shortens them for a quick look
 * on a shared machine (the ratios then have wider error).
 */
const PHASE_SECONDS = Math.max(1, Math.floor(Number(process.env.BENCH_SECONDS ?? 10)) || 10);
const SIGNIN_SECONDS = PHASE_SECONDS;
/** As many in flight as the raw argon2 phase: the app gets the same amount of work offered. */
export const SIGNIN_CONNECTIONS = 8;
const PAGE_SECONDS = PHASE_SECONDS;
const PAGE_CONNECTIONS = 10;
export const RECOVERY_RATE = 200;
const RECOVERY_SECONDS = PHASE_SECONDS;
const RECOVERY_WARMUP_SECONDS = 1;

export interface SigninKit {
  /** Cookie header with the CSRF secret cookie. */
  readonly csrfCookie: string;
  /** The CSRF token of the form. */
  readonly csrf: string;
  /** The form body of a valid sign-in, CSRF token included. */
  readonly body: string;
  /** Cookie header of a signed-in browser: CSRF secret and session. */
  readonly sessionCookie: string;
}

/**
 * Does once by hand what a browser does: load the sign-in page, post the form, follow to the
 * profile. Checks every answer, so a broken app fails here instead of benchmarking errors.
 */
export async function prepareSignin(baseUrl: string, login = LOGIN): Promise<SigninKit> {
  const page = await fetch(`${baseUrl}/r/${REALM}/login`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`GET /r/${REALM}/login: ${page.status}, no CSRF token`);
  const csrfCookie = cookiesOf(page).join('; ');
  const body = new URLSearchParams({ _csrf: csrf, login, password: PASSWORD }).toString();
  const posted = await fetch(`${baseUrl}/r/${REALM}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body,
    redirect: 'manual',
  });
  const location = posted.headers.get('location');
  if (posted.status !== 303 || location !== `/r/${REALM}/profile`) {
    throw new Error(`POST /r/${REALM}/login: ${posted.status} → ${location ?? '(no location)'}`);
  }
  const sessionCookie = [csrfCookie, ...cookiesOf(posted)].join('; ');
  const profile = await fetch(`${baseUrl}/r/${REALM}/profile`, {
    headers: { cookie: sessionCookie },
    redirect: 'manual',
  });
  const profileHtml = await profile.text();
  if (profile.status !== 200 || !profileHtml.includes('class="person-name"')) {
    throw new Error(`GET /r/${REALM}/profile with the session: ${profile.status}`);
  }
  return { csrfCookie, csrf, body, sessionCookie };
}

/**
 * Recovery forms filled in advance: each request needs its own captcha, answered through the
 * bench server's test hook, and its own login (the per-login limit is 5 an hour). Every hundredth
 * names a real person with a confirmed email, so letters are queued as they would be.
 */
export async function prepareRecovery(
  baseUrl: string,
  count: number,
): Promise<{ cookie: string; bodies: string[] }> {
  const first = await fetch(`${baseUrl}/r/${REALM}/recovery/password`);
  const cookie = cookiesOf(first).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1] ?? '';
  const bodies: string[] = [];
  const known = ['ekaterinavolkov', 'petrov.sergey', 'smirnova.ov', 'admin1535'];
  for (let i = 0; i < count; i++) {
    const page = await fetch(`${baseUrl}/r/${REALM}/recovery/password`, { headers: { cookie } });
    const id = /name="captcha_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const reveal = (await (await fetch(`${baseUrl}/test/captcha?id=${encodeURIComponent(id)}`)).json()) as {
      answer: string | null;
    };
    // Five requests per known person (the per-login limit), spread over the run; the rest unknown.
    const known5 = i % 100 === 0 && i / 100 < known.length * 5;
    const login = known5 ? (known[(i / 100) % known.length] as string) : `bench.nobody${i}`;
    bodies.push(
      new URLSearchParams({ _csrf: csrf, captcha_id: id, captcha: reveal.answer ?? '', login }).toString(),
    );
  }
  return { cookie, bodies };
}

/**
 * Where the machine's CPU went per successful sign-in, µs, over the slices in turns with raw
 * argon2: what bounds the sign-ins' rate besides argon2 itself, on the same two cores.
 */
export interface SigninCpuSplit {
  /** The service's main thread (HTTP, the flow, SQLite's statements). */
  readonly mainThread: number;
  /** The service's other threads: argon2's runners, V8's collector, libuv's pool. */
  readonly otherThreads: number;
  /** Every `postgres` process of this machine (0 on SQLite but for PostgreSQL's own work). */
  readonly postgres: number;
  /** This process: the load generator (form-posts.ts). */
  readonly loadGenerator: number;
}

export interface SigninFigure extends LoadFigure {
  /** The server's CPU (every thread, argon2's included) per successful sign-in, µs. */
  readonly serverCpuMicrosEach?: number;
  readonly cpuSplit?: SigninCpuSplit;
  /** The server's peak resident memory during the measured sign-ins, MiB. */
  readonly peakRssMiB: number;
}

/** The sign-in load: the form posted by `SIGNIN_CONNECTIONS` browsers, each from its own address. */
function signinSpec(server: Server, kit: SigninKit, body?: () => string): Omit<LoadSpec, 'seconds'> {
  return {
    url: `${server.baseUrl}/r/${REALM}/login`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: kit.csrfCookie },
    body: kit.body,
    connections: SIGNIN_CONNECTIONS,
    expectedStatus: 303,
    ownAddresses: true,
    ...(body ? { bodyOf: body } : {}),
  };
}

/** Sign-ins as fast as `SIGNIN_CONNECTIONS` browsers post them; `body(i)` is the i-th form. */
export async function measureSignins(
  server: Server,
  kit: SigninKit,
  body?: () => string,
): Promise<SigninFigure> {
  const spec: LoadSpec = { ...signinSpec(server, kit, body), seconds: SIGNIN_SECONDS };
  server.resetPeak();
  const figure = await warmThenLoad(spec, server.cpuMicros, postForms);
  return { ...figure, peakRssMiB: server.memory().peakMiB };
}

/**
 * Sign-ins taking turns with raw argon2 (raw-argon2.ts, `inTurns`) after a warm-up: the figure is
 * all of their slices together, the server's peak RSS over all of them.
 */
async function signinsInTurns(
  server: Server,
  kit: SigninKit,
  raw: RawArgon2,
): Promise<{ signin: SigninFigure; raw: Argon2Bracket }> {
  const spec = signinSpec(server, kit);
  await postForms({ ...spec, seconds: 2 });
  server.resetPeak();
  const spent = { main: 0, server: 0, postgres: 0, generator: 0 };
  const { results, raw: bound } = await inTurns(raw, SIGNIN_SECONDS, async (seconds) => {
    const before = {
      main: server.mainThreadCpuMicros(),
      server: server.cpuMicros(),
      pg: postgresCpuMicros(),
    };
    const generator = process.cpuUsage();
    const figure = await postForms({ ...spec, seconds });
    const own = process.cpuUsage(generator);
    const used = server.cpuMicros() - before.server;
    spent.main += server.mainThreadCpuMicros() - before.main;
    spent.server += used;
    spent.postgres += postgresCpuMicros() - before.pg;
    spent.generator += own.user + own.system;
    return { ...figure, serverCpuMicrosEach: used / Math.max(1, figure.expected) };
  });
  const all = combinedLoads(results);
  const each = (micros: number) => micros / Math.max(1, all.expected);
  const cpuSplit: SigninCpuSplit = {
    mainThread: each(spent.main),
    otherThreads: each(spent.server - spent.main),
    postgres: each(spent.postgres),
    loadGenerator: each(spent.generator),
  };
  return { signin: { ...all, cpuSplit, peakRssMiB: server.memory().peakMiB }, raw: bound };
}

export interface PageFigures {
  readonly dialect: DialectName;
  readonly signin: SigninFigure;
  /** Raw argon2 just before and just after these sign-ins: their bound. */
  readonly rawArgon2: Argon2Bracket;
  /** Measured in turns with the floor (paired.ts). */
  readonly profile: PairedLoad;
  readonly whoami: PairedLoad;
  readonly oidc: OidcFigures;
  readonly recovery: EvenRateFigure;
}

export async function measurePages(
  dialect: DialectName,
  background: Record<string, number>,
  raw: RawArgon2,
): Promise<PageFigures> {
  log(`starting the app on ${dialect} (migrate, seed with default argon2 parameters)`);
  const app = await startServer('app', dialect);
  // The floor runs beside the app, idle but for its turns with each page (paired.ts).
  const bare = await startServer('bare', dialect);
  try {
    const kit = await prepareSignin(app.baseUrl);
    await backgroundBusy(`sign-ins (${dialect})`, background);
    log(
      `sign-ins (${dialect}): POST /r/${REALM}/login, ${SIGNIN_SECONDS} s × ${SIGNIN_CONNECTIONS} connections in ${TURNS} slices, in turns with raw argon2`,
    );
    const { signin, raw: rawArgon2 } = await signinsInTurns(app, kit, raw);
    const floor: Side = {
      spec: { url: `${bare.baseUrl}/lookup`, connections: PAGE_CONNECTIONS, expectedStatus: 200 },
      cpuMicros: bare.cpuMicros,
    };
    const paired = (spec: Side['spec']) =>
      measurePaired({ spec, cpuMicros: app.cpuMicros }, floor, PAGE_SECONDS);
    const page = (path: string) =>
      paired({
        url: `${app.baseUrl}/r/${REALM}/${path}`,
        headers: { cookie: kit.sessionCookie },
        connections: PAGE_CONNECTIONS,
        expectedStatus: 200,
      });
    await backgroundBusy(`profile (${dialect})`, background);
    log(
      `profile (${dialect}): GET /r/${REALM}/profile, ${PAGE_SECONDS} s × ${PAGE_CONNECTIONS} connections, in turns with the floor`,
    );
    const profile = await page('profile');
    await backgroundBusy(`whoami (${dialect})`, background);
    log(
      `session check (${dialect}): GET /r/${REALM}/whoami, ${PAGE_SECONDS} s × ${PAGE_CONNECTIONS} connections, in turns with the floor`,
    );
    const whoami = await page('whoami');
    if (!app.oidc) throw new Error('the app server reported no OpenID Connect client');
    await backgroundBusy(`oidc (${dialect})`, background);
    const oidc = await measureOidc(app.baseUrl, app.oidc, log, {
      cpuMicros: app.cpuMicros,
      settle: (phase) => backgroundBusy(`${phase} (${dialect})`, background),
      paired,
    });
    // A second of requests at the same rate first, as every other page is measured after a
    // warm-up: the first requests after the app was idle open the database's connections and
    // prepare their statements (on PostgreSQL up to 300 ms in the first 350 ms of a burst).
    const warmup = RECOVERY_RATE * RECOVERY_WARMUP_SECONDS;
    const measured = RECOVERY_RATE * RECOVERY_SECONDS;
    log(`recovery (${dialect}): preparing ${warmup} + ${measured} filled forms`);
    const forms = await prepareRecovery(app.baseUrl, warmup + measured);
    await backgroundBusy(`recovery (${dialect})`, background);
    const recoveryLoad = (first: number, amount: number, network: number) =>
      atEvenRate({
        url: `${app.baseUrl}/r/${REALM}/recovery/password`,
        rate: RECOVERY_RATE,
        amount,
        connections: 20,
        expectedStatus: 200,
        request: (i) => ({
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: forms.cookie,
            'x-forwarded-for': `${network}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          },
          body: forms.bodies[(first + i) % forms.bodies.length] ?? '',
        }),
      });
    log(
      `recovery (${dialect}): POST /r/${REALM}/recovery/password at ${RECOVERY_RATE}/s, ${RECOVERY_WARMUP_SECONDS} s of warm-up`,
    );
    await recoveryLoad(0, warmup, 11);
    log(
      `recovery (${dialect}): POST /r/${REALM}/recovery/password at ${RECOVERY_RATE}/s for ${RECOVERY_SECONDS} s`,
    );
    const recovery = await recoveryLoad(warmup, measured, 10);
    return { dialect, signin, rawArgon2, profile, whoami, oidc, recovery };
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
  }
}

/**
 * The floor: the bare Fastify route doing one indexed lookup in `dialect`, measured alone (no app
 * server running); run.ts measures it just before and just after the app's pages.
 */
export async function measureBare(
  dialect: DialectName,
  background: Record<string, number>,
): Promise<PageLoad> {
  const name = dialect === 'postgres' ? 'PostgreSQL' : 'SQLite';
  log(`starting the bare Fastify + ${name} server`);
  const bare = await startServer('bare', dialect);
  try {
    await backgroundBusy(`bare (${dialect})`, background);
    log(`bare (${dialect}): GET /lookup, ${PAGE_SECONDS} s × ${PAGE_CONNECTIONS} connections`);
    return await warmThenLoad(
      {
        url: `${bare.baseUrl}/lookup`,
        connections: PAGE_CONNECTIONS,
        seconds: PAGE_SECONDS,
        expectedStatus: 200,
      },
      bare.cpuMicros,
    );
  } finally {
    await bare.stop();
  }
}

export function cpuText(f: PageLoad): string {
  return f.serverCpuMicrosEach === undefined
    ? ''
    : `; server CPU ${f.serverCpuMicrosEach.toFixed(0)} µs each`;
}

export function splitText(c: SigninCpuSplit): string {
  const us = (n: number) => `${n.toFixed(0)} µs`;
  return `  CPU per sign-in: the service's main thread ${us(c.mainThread)}, its other threads (argon2's runners, GC) ${us(c.otherThreads)}, PostgreSQL's processes ${us(c.postgres)}, the load generator ${us(c.loadGenerator)}`;
}

export function pageDetails(f: PageFigures): string[] {
  const d = `(${f.dialect})`;
  return [
    `${detailLine(`sign-ins ${d}:`, f.signin)}; peak RSS ${f.signin.peakRssMiB.toFixed(0)} MiB${cpuText(f.signin)}`,
    ...(f.signin.cpuSplit ? [`${splitText(f.signin.cpuSplit)} ${d}`] : []),
    `raw argon2 in turns with them ${d}: all ${argon2Text(f.rawArgon2)}; first slice ${argon2Text(f.rawArgon2.before)}, last ${argon2Text(f.rawArgon2.after)}`,
    `${detailLine(`profile ${d}:`, f.profile)}${cpuText(f.profile)}`,
    `${detailLine(`  its floor ${d}:`, f.profile.floor)}${cpuText(f.profile.floor)}`,
    `${detailLine(`whoami ${d}:`, f.whoami)}${cpuText(f.whoami)}`,
    `${detailLine(`  its floor ${d}:`, f.whoami.floor)}${cpuText(f.whoami.floor)}`,
    `${detailLine(`recovery ${d}:`, f.recovery)} (latency from each request's due time; sent late p99 ${f.recovery.sentLateP99Ms} ms)`,
    ...oidcDetails(f.oidc).map((line) => `${line} ${d}`),
  ];
}
