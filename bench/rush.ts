/**
 * The morning rush: RUSH_SIGNINS (3,000) people sign in within RUSH_SECONDS (60) against one
 * instance, each person once, each from their own address, arriving at an even rate whether or
 * not earlier answers have come back (enough connections that the rate never waits). The app
 * runs on a population's database (bench/million.ts), started afresh so that its peak memory is
 * the rush's own. Counted: sign-ins that succeeded (303), people asked to retry (503 with
 * Retry-After, the argon2 queue's admission control), anything else (an error: none is
 * expected), latency over every answer, the server's peak RSS.
 */
import type { DialectName } from '../src/db/connect.js';
import { atEvenRate } from './even-rate.js';
import { nextAddress } from './load.js';
import { backgroundBusy, log } from './machine.js';
import type { PopulatedDatabase } from './million.js';
import { PASSWORD, prepareSignin, REALM } from './pages.js';
import { personLogin } from './population.js';
import { startServer } from './servers.js';

export const RUSH_RSS_MIB = 200;

export interface RushFigure {
  readonly dialect: DialectName;
  readonly offered: number;
  readonly seconds: number;
  readonly succeeded: number;
  /** 503 with Retry-After: the designed answer when the argon2 queue is full. */
  readonly askedToRetry: number;
  /** Every other answer by status, plus connection errors and timeouts. */
  readonly other: Readonly<Record<string, number>>;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly peakRssMiB: number;
}

export async function measureRush(
  db: PopulatedDatabase,
  signins: number,
  seconds: number,
  background: Record<string, number>,
): Promise<RushFigure> {
  if (db.population.people < signins + 1) {
    throw new Error(`the rush needs ${signins + 1} people, the population has ${db.population.people}`);
  }
  const server = await startServer('app', db.dialect, db.location);
  try {
    const kit = await prepareSignin(server.baseUrl, personLogin(0));
    await backgroundBusy(`morning rush (${db.dialect})`, background);
    log(`morning rush (${db.dialect}): ${signins} sign-ins in ${seconds} s, one instance`);
    server.resetPeak();
    let next = 1;
    let askedToRetry = 0;
    const other: Record<string, number> = {};
    const result = await atEvenRate({
      url: `${server.baseUrl}/r/${REALM}/login`,
      rate: signins / seconds,
      amount: signins,
      // Enough sockets for every sign-in that may be waiting at once (30 s at the offered rate).
      connections: Math.min(signins, Math.ceil((signins / seconds) * 30)),
      expectedStatus: 303,
      timeoutSeconds: 30,
      request: () => ({
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: kit.csrfCookie,
          'x-forwarded-for': nextAddress(),
        },
        body: new URLSearchParams({
          _csrf: kit.csrf,
          login: personLogin(next++),
          password: PASSWORD,
        }).toString(),
      }),
      onResponse: (status, headers) => {
        if (status === 303) return;
        const retryAfter = Number(headers['retry-after'] ?? 0);
        if (status === 503 && retryAfter > 0) askedToRetry++;
        else other[String(status)] = (other[String(status)] ?? 0) + 1;
      },
    });
    for (const key of ['errors', 'timeouts']) {
      const n = result.unexpected[key];
      if (n) other[key] = n;
    }
    const succeeded = result.expected;
    return {
      dialect: db.dialect,
      offered: signins,
      seconds: result.seconds,
      succeeded,
      askedToRetry,
      other,
      latencyMs: result.latencyMs,
      peakRssMiB: server.memory().peakMiB,
    };
  } finally {
    await server.stop();
  }
}
