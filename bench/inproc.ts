/**
 * `node dist/bench/inproc.js [filter]`: the in-process cost of a request, in µs, through
 * `app.inject()` (no sockets, no load generator), so a change to the request pipeline can be
 * measured in seconds and profiled with `node --cpu-prof`. It builds the real app as the bench
 * server does (SQLite temp file, demo seed), signs in once, then times each route in turn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Admission } from '../src/core/crypto/argon2-pool.js';
import { migrateOrThrow } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { createServices } from '../src/services.js';
import { buildApp } from '../src/web/app.js';
import { benchConfig } from './config.js';

const REALM = 'dnevnik';
const ROUNDS = Number(process.env.ROUNDS ?? 20_000);

function cookiesOf(headers: Record<string, unknown>): string[] {
  const set = headers['set-cookie'];
  const list = Array.isArray(set) ? set : typeof set === 'string' ? [set] : [];
  return list.map((c: unknown) => String(c).split(';', 1)[0] ?? '');
}

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'propusk-inproc-'));
  const real = await createServices(benchConfig(join(dir, 'propusk.sqlite')));
  // `signin-cpu`: argon2 answered at once, so the time per sign-in is all the main thread's
  // own work (what competes with the argon2 threads for the cores under load).
  const instantArgon2 = filter === 'signin-cpu';
  const services = instantArgon2
    ? {
        ...real,
        passwords: {
          ...real.passwords,
          verify: async () => true,
          verifyAgainstDummy: async () => false as const,
          verifyForSignin: async (_hash: string | null, _password: string, admission: Admission) =>
            admission.run(async () => true),
        },
      }
    : real;
  try {
    await migrateOrThrow(services.handle);
    await seedDemo(services);
    const app = await buildApp(services);
    await app.ready();

    const page = await app.inject({ method: 'GET', url: `/r/${REALM}/login` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const csrfCookie = cookiesOf(page.headers).join('; ');
    const body = new URLSearchParams({ _csrf: csrf, login: 'ekaterinavolkov', password: 'Zvezda-4815' });
    const posted = await app.inject({
      method: 'POST',
      url: `/r/${REALM}/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      payload: body.toString(),
    });
    if (posted.statusCode !== 303) throw new Error(`sign-in: ${posted.statusCode}`);
    const cookie = [csrfCookie, ...cookiesOf(posted.headers)].join('; ');

    const cases: [string, string, number][] = [
      ['healthz', '/healthz', 200],
      ['whoami', `/r/${REALM}/whoami`, 200],
      ['profile', `/r/${REALM}/profile`, 200],
    ];
    for (const [name, url, status] of cases) {
      if (filter && !name.includes(filter)) continue;
      const once = async (): Promise<void> => {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (res.statusCode !== status) throw new Error(`${name}: ${res.statusCode}`);
      };
      for (let i = 0; i < ROUNDS / 4; i++) await once();
      const best: number[] = [];
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        for (let i = 0; i < ROUNDS; i++) await once();
        best.push(((performance.now() - start) * 1000) / ROUNDS);
      }
      process.stdout.write(
        `${name.padEnd(8)} ${Math.min(...best).toFixed(1)} µs (runs ${best.map((b) => b.toFixed(1)).join(', ')})\n`,
      );
    }

    if (instantArgon2) {
      const once = async (): Promise<void> => {
        const res = await app.inject({
          method: 'POST',
          url: `/r/${REALM}/login`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
          payload: body.toString(),
        });
        if (res.statusCode !== 303) throw new Error(`sign-in: ${res.statusCode}`);
      };
      const N = Number(process.env.SIGNINS ?? 5000);
      for (let i = 0; i < N / 4; i++) await once();
      const best: number[] = [];
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        for (let i = 0; i < N; i++) await once();
        best.push(((performance.now() - start) * 1000) / N);
      }
      process.stdout.write(
        `signin-cpu ${Math.min(...best).toFixed(1)} µs (runs ${best.map((b) => b.toFixed(1)).join(', ')})\n`,
      );
    } else if (!filter || 'signin'.includes(filter)) {
      // Sign-ins: argon2 runs on the thread pool, so wall time says little; what competes with
      // it for the cores is the main thread's work, measured as event-loop active time.
      const SIGNINS = Number(process.env.SIGNINS ?? 400);
      const IN_FLIGHT = 8;
      const signInOnce = async (): Promise<void> => {
        const res = await app.inject({
          method: 'POST',
          url: `/r/${REALM}/login`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
          payload: body.toString(),
        });
        if (res.statusCode !== 303) throw new Error(`sign-in: ${res.statusCode}`);
      };
      const signInMany = async (count: number): Promise<void> => {
        let left = count;
        const worker = async (): Promise<void> => {
          while (left-- > 0) await signInOnce();
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      };
      await signInMany(SIGNINS / 4);
      const elu = performance.eventLoopUtilization();
      const start = performance.now();
      await signInMany(SIGNINS);
      const used = performance.eventLoopUtilization(elu);
      const seconds = (performance.now() - start) / 1000;
      process.stdout.write(
        `signin   ${((used.active * 1000) / SIGNINS).toFixed(0)} µs main thread each, ${(SIGNINS / seconds).toFixed(0)} /s\n`,
      );
    }

    const { sessions } = services;
    const token = /propusk_dnevnik=([^;]+)/.exec(cookie)?.[1] ?? '';
    const realm = await services.realms.find(REALM);
    if (realm && (!filter || 'validate'.includes(filter))) {
      for (let i = 0; i < ROUNDS / 4; i++) await sessions.validate(REALM, token, realm.settings.session);
      const start = performance.now();
      for (let i = 0; i < ROUNDS; i++) await sessions.validate(REALM, token, realm.settings.session);
      process.stdout.write(`validate ${(((performance.now() - start) * 1000) / ROUNDS).toFixed(1)} µs\n`);
    }
    await app.close();
  } finally {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
