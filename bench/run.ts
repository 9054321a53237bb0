/**
 * `npm run bench`: how close the service comes to its two limits on this machine.
 *
 * 1. Raw argon2id verifications/s at the configured parameters, every core busy (the library
 *    runs on libuv's thread pool).
 * 2. HTTP password sign-ins/s against the real app (same parameters, SQLite, session and audit
 *    rows written as in production), and its ratio to (1): the part of the cost that is not
 *    argon2. Target ≥ 0.9.
 * 3. Signed-in page requests/s (GET /r/dnevnik/profile) against a bare Fastify route doing one
 *    indexed SQLite lookup, and their ratio: the cost of our hooks, session check and rendering
 *    over the floor a Node + SQLite service can't go below. Target ≥ 0.5.
 * 4. The public school search at 40,000 organisations, p99 on SQLite and PostgreSQL
 *    (bench/school-search.ts). Target < 5 ms.
 * 5. A 10,000-row roster import, dry run and every batch, on SQLite and PostgreSQL
 *    (bench/roster-import.ts; alone: `node dist/bench/roster-import.js`). Target < 10 s.
 *
 * Everything stays on 127.0.0.1, every phase has a fixed duration, the whole run takes about a
 * minute. Servers run in child processes (bench/server.ts); the load generator (autocannon)
 * runs here, on the same cores — both ratios compare runs made the same way, so the share the
 * generator takes is in both sides. Figures go to stdout and var/bench-results.json. The exit
 * code is 0 whether or not a target is met: this is a report, not a gate.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { passwordHasher } from '../src/core/crypto/passwords.js';
import { benchConfig, isReadyMessage, type ServerMode } from './config.js';
import { type BenchClient, measureOidc, type OidcFigures, oidcDetails, oidcRows } from './oidc.js';
import { measureRosterImport, rosterImportDetails, rosterImportRows } from './roster-import.js';
import { measureSchoolSearch, schoolSearchDetails, schoolSearchRows } from './school-search.js';

const WARMUP_SECONDS = 2;
const ARGON2_SECONDS = 8;
/** More verifications in flight than pool threads, so the pool never waits for us. */
const ARGON2_CONCURRENCY = 8;
const SIGNIN_SECONDS = 10;
/** Same as ARGON2_CONCURRENCY: the app gets the same amount of argon2 work offered. */
const SIGNIN_CONNECTIONS = 8;
const PAGE_SECONDS = 10;
const RECOVERY_RATE = 200;
const RECOVERY_SECONDS = 10;
/** Recovery request latency at RECOVERY_RATE: p99 below this (DESIGN.md). */
const RECOVERY_P99_MS = 50;
const PAGE_CONNECTIONS = 10;
/** Lets requests cut off at the end of a run finish before the next one starts. */
const SETTLE_MS = 500;
/** The whole run must end by itself even if a server hangs. */
const WATCHDOG_MS = 600_000;

/** Share of the machine busy with other work above which the figures are flagged. */
const BACKGROUND_LIMIT = 0.1;

const SIGNIN_TARGET = 0.9;
const PAGE_TARGET = 0.5;

const REALM = 'dnevnik';
const LOGIN = 'ekaterinavolkov';
const PASSWORD = 'Zvezda-4815';

const RESULTS_FILE = fileURLToPath(new URL('../../var/bench-results.json', import.meta.url));
const SERVER_SCRIPT = fileURLToPath(new URL('./server.js', import.meta.url));

const children = new Set<ChildProcess>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

// ─── background load ─────────────────────────────────────────────────────────────────────────

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/**
 * The share of all cores busy over one second while we do nothing (servers idle, no load).
 * Someone compiling or running tests on the same machine halves the figures; this says so
 * next to them instead of leaving it to be guessed.
 */
async function backgroundBusy(phase: string, samples: Record<string, number>): Promise<void> {
  const before = cpuTimes();
  await sleep(1000);
  const after = cpuTimes();
  const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
  samples[phase] = share;
  if (share > BACKGROUND_LIMIT) {
    log(`warning: ${(share * 100).toFixed(0)}% of the CPU is busy with other work before ${phase}`);
  }
}

// ─── argon2 ──────────────────────────────────────────────────────────────────────────────────

interface Argon2Figure {
  readonly verifications: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** Keeps `concurrency` verifications in flight for `seconds`; counts those that finished. */
async function verifyFor(hashed: string, seconds: number, concurrency: number): Promise<Argon2Figure> {
  let verifications = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      if (!(await verify(hashed, PASSWORD)))
        throw new Error('argon2 verify returned false for the right password');
      verifications++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // The last verifications end a little after `end`; they are counted, so is their time.
  const elapsed = (performance.now() - start) / 1000;
  return { verifications, seconds: elapsed, perSecond: verifications / elapsed };
}

// ─── servers ─────────────────────────────────────────────────────────────────────────────────

interface Server {
  readonly baseUrl: string;
  readonly oidc: BenchClient | null;
  stop(): Promise<void>;
}

function startServer(mode: ServerMode): Promise<Server> {
  const child = fork(SERVER_SCRIPT, [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
  };
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${mode} server did not start within 60 s`));
    }, 60_000);
    child.on('message', (message: unknown) => {
      if (!isReadyMessage(message)) return;
      clearTimeout(timer);
      resolve({ baseUrl: `http://127.0.0.1:${message.port}`, oidc: message.oidc ?? null, stop });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited before listening (code ${code}, signal ${signal})`));
    });
  });
}

/** `name=value` of every cookie a response sets, ready for a Cookie header. */
function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';', 1)[0] ?? '');
}

interface SigninKit {
  /** Cookie header with the CSRF secret cookie. */
  readonly csrfCookie: string;
  /** The form body of a valid sign-in, CSRF token included. */
  readonly body: string;
  /** Cookie header of a signed-in browser: CSRF secret and session. */
  readonly sessionCookie: string;
}

/**
 * Does once by hand what a browser does: load the sign-in page, post the form, follow to the
 * profile. Checks every answer, so a broken app fails here instead of benchmarking errors.
 */
async function prepareSignin(baseUrl: string): Promise<SigninKit> {
  const page = await fetch(`${baseUrl}/r/${REALM}/login`);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !token) throw new Error(`GET /r/${REALM}/login: ${page.status}, no CSRF token`);
  const csrfCookie = cookiesOf(page).join('; ');
  const body = new URLSearchParams({ _csrf: token, login: LOGIN, password: PASSWORD }).toString();

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
  return { csrfCookie, body, sessionCookie };
}

// ─── load ────────────────────────────────────────────────────────────────────────────────────

interface LoadFigure {
  /** Responses with the expected status. */
  readonly expected: number;
  readonly expectedStatus: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Every other answer: status code → count, plus connection errors and timeouts. */
  readonly unexpected: Readonly<Record<string, number>>;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly connections: number;
}

interface LoadSpec {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly connections: number;
  readonly seconds: number;
  readonly expectedStatus: number;
  /**
   * Each request from its own X-Forwarded-For address, as people signing in come from their
   * own: sign-in counts every attempt before argon2 per login and address, and one address
   * sending the same person's sign-in eight at a time would be slowed down like a guesser.
   */
  readonly ownAddresses?: boolean;
}

interface RecoveryKit {
  readonly cookie: string;
  readonly bodies: string[];
}

/**
 * Recovery forms filled in advance: each request needs its own captcha, answered through the
 * bench server's test hook, and its own login (the per-login limit is 5 an hour). Every hundredth
 * names a real person with a confirmed email, so letters are queued as they would be.
 */
async function prepareRecovery(baseUrl: string, count: number): Promise<RecoveryKit> {
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

/** A fixed request rate (not as fast as possible): the target is a latency at a given load. */
async function loadAtRate(url: string, kit: RecoveryKit, rate: number, seconds: number): Promise<LoadFigure> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: 20,
    overallRate: rate,
    amount: rate * seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            headers: {
              ...request.headers,
              'content-type': 'application/x-www-form-urlencoded',
              cookie: kit.cookie,
              'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
            },
            body: kit.bodies[i % kit.bodies.length] ?? '',
          };
        },
      },
    ],
  });
  const stats = result.statusCodeStats ?? {};
  let expected = 0;
  const unexpected: Record<string, number> = {};
  for (const [code, stat] of Object.entries(stats)) {
    const count = stat.count ?? 0;
    if (Number(code) === 200) expected += count;
    else if (count > 0) unexpected[code] = count;
  }
  if (result.errors > 0) unexpected.errors = result.errors;
  return {
    expected,
    expectedStatus: 200,
    seconds: result.duration,
    perSecond: expected / result.duration,
    unexpected,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    connections: 20,
  };
}

let addresses = 0;

async function load(spec: LoadSpec): Promise<LoadFigure> {
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers ?? {},
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(spec.ownAddresses
      ? {
          requests: [
            {
              method: spec.method ?? 'GET',
              setupRequest: (request) => {
                const i = addresses++;
                const address = `10.${128 + ((i >> 16) & 127)}.${(i >> 8) & 255}.${i & 255}`;
                return {
                  ...request,
                  method: spec.method ?? 'GET',
                  headers: { ...spec.headers, 'x-forwarded-for': address },
                  ...(spec.body === undefined ? {} : { body: spec.body }),
                };
              },
            },
          ],
        }
      : {}),
    connections: spec.connections,
    duration: spec.seconds,
  });
  const stats = result.statusCodeStats ?? {};
  let expected = 0;
  const unexpected: Record<string, number> = {};
  for (const [code, stat] of Object.entries(stats)) {
    const count = stat.count ?? 0;
    if (Number(code) === spec.expectedStatus) expected += count;
    else if (count > 0) unexpected[code] = count;
  }
  // `errors` already includes timeouts; list timeouts apart only as a detail.
  if (result.errors > 0) unexpected.errors = result.errors;
  if (result.timeouts > 0) unexpected.timeouts = result.timeouts;
  return {
    expected,
    expectedStatus: spec.expectedStatus,
    seconds: result.duration,
    perSecond: expected / result.duration,
    unexpected,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    connections: spec.connections,
  };
}

/** A discarded run first (JIT, SQLite page cache, connection set-up), then the measured one. */
async function warmThenLoad(spec: LoadSpec): Promise<LoadFigure> {
  await load({ ...spec, seconds: WARMUP_SECONDS });
  await sleep(SETTLE_MS);
  const figure = await load(spec);
  await sleep(SETTLE_MS);
  return figure;
}

// ─── report ──────────────────────────────────────────────────────────────────────────────────

function rate(value: number): string {
  return `${value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 })} /s`;
}

function unexpectedText(figure: LoadFigure): string {
  const entries = Object.entries(figure.unexpected);
  return entries.length === 0 ? '' : `  unexpected: ${entries.map(([k, v]) => `${k}×${v}`).join(', ')}`;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    log(`still running after ${WATCHDOG_MS / 1000} s: giving up`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  // The database is never opened here: only the argon2 parameters are read.
  const config = benchConfig(':memory:');
  const { memoryCost, timeCost, parallelism } = config.argon2;
  const poolSize = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  const cores = availableParallelism();
  log(`${cpuModel} × ${cores}, Node ${process.version}, libuv pool ${poolSize}`);
  log(`argon2id m=${memoryCost} KiB t=${timeCost} p=${parallelism}`);
  const background: Record<string, number> = {};
  const loadBefore = loadavg()[0] ?? 0;

  // 1. raw argon2: a hash made by the app's own hasher, verified with the library directly.
  const hashed = await (await passwordHasher(config.argon2)).hash(PASSWORD);
  await backgroundBusy('argon2', background);
  log(`argon2: ${WARMUP_SECONDS} s warm-up, ${ARGON2_SECONDS} s × ${ARGON2_CONCURRENCY} in flight`);
  await verifyFor(hashed, WARMUP_SECONDS, ARGON2_CONCURRENCY);
  const argon2 = await verifyFor(hashed, ARGON2_SECONDS, ARGON2_CONCURRENCY);

  // 2 and 3a: the real app.
  log('starting the app (migrate, seed with default argon2 parameters)');
  const app = await startServer('app');
  let signin: LoadFigure;
  let profile: LoadFigure;
  let whoami: LoadFigure;
  let recovery: LoadFigure;
  let oidc: OidcFigures;
  try {
    const kit = await prepareSignin(app.baseUrl);
    await backgroundBusy('sign-ins', background);
    log(`sign-ins: POST /r/${REALM}/login, ${SIGNIN_SECONDS} s × ${SIGNIN_CONNECTIONS} connections`);
    signin = await warmThenLoad({
      url: `${app.baseUrl}/r/${REALM}/login`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: kit.csrfCookie },
      body: kit.body,
      connections: SIGNIN_CONNECTIONS,
      seconds: SIGNIN_SECONDS,
      expectedStatus: 303,
      ownAddresses: true,
    });
    await backgroundBusy('profile', background);
    log(`profile: GET /r/${REALM}/profile, ${PAGE_SECONDS} s × ${PAGE_CONNECTIONS} connections`);
    profile = await warmThenLoad({
      url: `${app.baseUrl}/r/${REALM}/profile`,
      headers: { cookie: kit.sessionCookie },
      connections: PAGE_CONNECTIONS,
      seconds: PAGE_SECONDS,
      expectedStatus: 200,
    });
    await backgroundBusy('whoami', background);
    log(`session check: GET /r/${REALM}/whoami, ${PAGE_SECONDS} s × ${PAGE_CONNECTIONS} connections`);
    whoami = await warmThenLoad({
      url: `${app.baseUrl}/r/${REALM}/whoami`,
      headers: { cookie: kit.sessionCookie },
      connections: PAGE_CONNECTIONS,
      seconds: PAGE_SECONDS,
      expectedStatus: 200,
    });
    if (!app.oidc) throw new Error('the app server reported no OpenID Connect client');
    await backgroundBusy('oidc', background);
    oidc = await measureOidc(app.baseUrl, app.oidc, log);
    log(`recovery: preparing ${RECOVERY_RATE * RECOVERY_SECONDS} filled forms`);
    const recoveryKit = await prepareRecovery(app.baseUrl, RECOVERY_RATE * RECOVERY_SECONDS);
    await backgroundBusy('recovery', background);
    log(`recovery: POST /r/${REALM}/recovery/password at ${RECOVERY_RATE}/s for ${RECOVERY_SECONDS} s`);
    recovery = await loadAtRate(
      `${app.baseUrl}/r/${REALM}/recovery/password`,
      recoveryKit,
      RECOVERY_RATE,
      RECOVERY_SECONDS,
    );
  } finally {
    await app.stop();
  }

  // 3b: the floor, measured alone after the app has stopped.
  log('starting the bare Fastify + SQLite server');
  const bare = await startServer('bare');
  let floor: LoadFigure;
  try {
    await backgroundBusy('bare', background);
    log(`bare: GET /lookup, ${PAGE_SECONDS} s × ${PAGE_CONNECTIONS} connections`);
    floor = await warmThenLoad({
      url: `${bare.baseUrl}/lookup`,
      connections: PAGE_CONNECTIONS,
      seconds: PAGE_SECONDS,
      expectedStatus: 200,
    });
  } finally {
    await bare.stop();
  }

  // 4: the school search, in this process, with no server running.
  await backgroundBusy('school search', background);
  const schoolSearch = await measureSchoolSearch(log);

  // 5: the roster import, in this process.
  await backgroundBusy('roster import', background);
  const rosterImport = await measureRosterImport(log);

  const signinRatio = signin.perSecond / argon2.perSecond;
  const pageRatio = profile.perSecond / floor.perSecond;
  const sessionRatio = whoami.perSecond / floor.perSecond;
  const verdict = (value: number, target: number): string => (value >= target ? 'pass' : 'FAIL');
  const busiest = Math.max(...Object.values(background));
  const backgroundText = Object.entries(background)
    .map(([phase, share]) => `${phase} ${(share * 100).toFixed(0)}%`)
    .join(', ');

  const rows: [string, string, string][] = [
    ['raw argon2id verifications/s', rate(argon2.perSecond), ''],
    ['HTTP password sign-ins/s (303 only)', rate(signin.perSecond), ''],
    [
      '  sign-ins / raw argon2',
      signinRatio.toFixed(2),
      `≥ ${SIGNIN_TARGET.toFixed(2)}  ${verdict(signinRatio, SIGNIN_TARGET)}`,
    ],
    ['bare Fastify + indexed SQLite lookup/s', rate(floor.perSecond), ''],
    ['session check requests/s (whoami)', rate(whoami.perSecond), ''],
    [
      '  session check / bare',
      sessionRatio.toFixed(2),
      `≥ ${PAGE_TARGET.toFixed(2)}  ${verdict(sessionRatio, PAGE_TARGET)}`,
    ],
    [
      `recovery request p99 at ${RECOVERY_RATE}/s`,
      `${recovery.latencyMs.p99} ms`,
      `< ${RECOVERY_P99_MS} ms  ${recovery.latencyMs.p99 < RECOVERY_P99_MS ? 'pass' : 'FAIL'}`,
    ],
    ['signed-in HTML page requests/s (profile)', rate(profile.perSecond), ''],
    [
      '  profile page / bare',
      pageRatio.toFixed(2),
      `≥ ${PAGE_TARGET.toFixed(2)}  ${verdict(pageRatio, PAGE_TARGET)}`,
    ],
    ...oidcRows(oidc, floor.perSecond, PAGE_TARGET),
    ...schoolSearchRows(schoolSearch),
    ...rosterImportRows(rosterImport),
  ];
  const out: string[] = [
    '',
    `Propusk benchmark — ${cpuModel} × ${cores}, Node ${process.version}, libuv pool ${poolSize}`,
    `argon2id m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}; SQLite; load generator on the same machine`,
    '',
    `${'figure'.padEnd(42)}${'measured'.padStart(14)}   target`,
    ...rows.map(([name, value, target]) => `${name.padEnd(42)}${value.padStart(14)}   ${target}`),
    '',
    `sign-ins: ${signin.expected} × 303 in ${signin.seconds.toFixed(1)} s, p50 ${signin.latencyMs.p50} ms, p99 ${signin.latencyMs.p99} ms${unexpectedText(signin)}`,
    `profile:  ${profile.expected} × 200 in ${profile.seconds.toFixed(1)} s, p50 ${profile.latencyMs.p50} ms, p99 ${profile.latencyMs.p99} ms${unexpectedText(profile)}`,
    `whoami:   ${whoami.expected} × 200 in ${whoami.seconds.toFixed(1)} s, p50 ${whoami.latencyMs.p50} ms, p99 ${whoami.latencyMs.p99} ms${unexpectedText(whoami)}`,
    `recovery: ${recovery.expected} × 200 in ${recovery.seconds.toFixed(1)} s, p50 ${recovery.latencyMs.p50} ms, p99 ${recovery.latencyMs.p99} ms, max ${recovery.latencyMs.max} ms${unexpectedText(recovery)}`,
    `bare:     ${floor.expected} × 200 in ${floor.seconds.toFixed(1)} s, p50 ${floor.latencyMs.p50} ms, p99 ${floor.latencyMs.p99} ms${unexpectedText(floor)}`,
    ...oidcDetails(oidc),
    `argon2:   ${argon2.verifications} verifications in ${argon2.seconds.toFixed(1)} s, ${ARGON2_CONCURRENCY} in flight`,
    ...schoolSearchDetails(schoolSearch),
    ...rosterImportDetails(rosterImport),
    `other CPU load just before each phase: ${backgroundText} (1-min load average at start ${loadBefore.toFixed(2)})`,
    ...(busiest > BACKGROUND_LIMIT
      ? ['WARNING: the machine was not idle; the figures are low by about that share and should be re-run.']
      : []),
    '',
  ];
  process.stdout.write(out.join('\n'));

  const report = {
    measuredAt: new Date().toISOString(),
    machine: { cpu: cpuModel, cores, node: process.version, libuvThreadpool: poolSize },
    backgroundCpuShare: background,
    loadAverageAtStart: loadBefore,
    argon2: { algorithm: 'argon2id', memoryKiB: memoryCost, iterations: timeCost, parallelism },
    rawArgon2: { ...argon2, concurrency: ARGON2_CONCURRENCY },
    signins: signin,
    profilePage: profile,
    sessionCheck: whoami,
    recoveryAtRate: { ...recovery, rate: RECOVERY_RATE, p99TargetMs: RECOVERY_P99_MS },
    bareLookup: floor,
    oidc: { ...oidc, userinfoToBare: oidc.userinfo.perSecond / floor.perSecond, target: PAGE_TARGET },
    schoolSearch,
    rosterImport,
    ratios: {
      signinsToRawArgon2: { value: signinRatio, target: SIGNIN_TARGET, pass: signinRatio >= SIGNIN_TARGET },
      sessionCheckToBare: { value: sessionRatio, target: PAGE_TARGET, pass: sessionRatio >= PAGE_TARGET },
      profileToBare: { value: pageRatio, target: PAGE_TARGET, pass: pageRatio >= PAGE_TARGET },
    },
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`written to ${RESULTS_FILE}`);
  clearTimeout(watchdog);
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = 1;
});
