/**
 * What the metrics cost a request: `GET /r/dnevnik/whoami` under autocannon, with METRICS_TOKEN
 * unset (no metrics: no hooks, no wrappers) and set (the latency histogram on every route, the
 * counting throttles and audit observer), the server in a child process each time, alternated
 * off, on, off, on so drift of a shared machine falls on both.
 *
 *   npm run build && node dist/bench/metrics-overhead.js [seconds per run, default 10]
 *   node dist/bench/metrics-overhead.js inproc    CPU per request in one process (inject), both
 *                                                 apps side by side, 20 interleaved rounds of
 *                                                 2,000 requests: less sensitive to a busy machine
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchConfig } from './config.js';

const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdefghij';

async function serve(mode: 'on' | 'off'): Promise<void> {
  const [{ migrateOrThrow }, { seedDemo }, { createServices }, { buildApp }] = await Promise.all([
    import('../src/db/migrate.js'),
    import('../src/demo/seed.js'),
    import('../src/services.js'),
    import('../src/web/app.js'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'propusk-metrics-bench-'));
  const base = benchConfig(join(dir, 'propusk.sqlite'));
  const config = mode === 'on' ? { ...base, metricsToken: METRICS_TOKEN } : base;
  const services = await createServices(config);
  await migrateOrThrow(services.handle);
  await seedDemo(services);
  const app = await buildApp(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ port: (app.server.address() as AddressInfo).port });
  const stop = async () => {
    await app.close();
    await services.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

async function sessionCookie(baseUrl: string): Promise<string> {
  const cookies = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const page = await fetch(`${baseUrl}/r/dnevnik/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const csrf = cookies(page).join('; ');
  const posted = await fetch(`${baseUrl}/r/dnevnik/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf },
    body: new URLSearchParams({ _csrf: token, login: 'ekaterinavolkov', password: 'Zvezda-4815' }).toString(),
    redirect: 'manual',
  });
  if (posted.status !== 303) throw new Error(`sign-in: ${posted.status}`);
  return [csrf, ...cookies(posted)].join('; ');
}

async function run(
  mode: 'on' | 'off',
  seconds: number,
): Promise<{ perSecond: number; p99: number; p50: number }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve', mode], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const cookie = await sessionCookie(baseUrl);
    const spec = { url: `${baseUrl}/r/dnevnik/whoami`, headers: { cookie }, connections: 10 };
    await autocannon({ ...spec, duration: 2 });
    const result = await autocannon({ ...spec, duration: seconds });
    if (result.non2xx > 0) throw new Error(`${result.non2xx} answers were not 200`);
    return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function inproc(): Promise<void> {
  const [{ migrateOrThrow }, { seedDemo }, { createServices }, { buildApp }] = await Promise.all([
    import('../src/db/migrate.js'),
    import('../src/demo/seed.js'),
    import('../src/services.js'),
    import('../src/web/app.js'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'propusk-metrics-inproc-'));
  const apps = [];
  for (const mode of ['off', 'on'] as const) {
    const base = benchConfig(join(dir, `${mode}.sqlite`));
    const services = await createServices(mode === 'on' ? { ...base, metricsToken: METRICS_TOKEN } : base);
    await migrateOrThrow(services.handle);
    await seedDemo(services);
    const app = await buildApp(services);
    await app.ready();
    const page = await app.inject({ method: 'GET', url: '/r/dnevnik/login' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const csrf = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const posted = await app.inject({
      method: 'POST',
      url: '/r/dnevnik/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf },
      payload: new URLSearchParams({
        _csrf: token,
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
      }).toString(),
    });
    const cookie = [csrf, ...posted.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    apps.push({ mode, app, services, cookie, samples: [] as number[] });
  }
  for (let round = 0; round < 20; round++) {
    for (const a of round % 2 === 0 ? apps : [...apps].reverse()) {
      const start = process.cpuUsage();
      for (let i = 0; i < 2000; i++) {
        const res = await a.app.inject({
          method: 'GET',
          url: '/r/dnevnik/whoami',
          headers: { cookie: a.cookie },
        });
        if (res.statusCode !== 200) throw new Error(`whoami ${res.statusCode}`);
      }
      const used = process.cpuUsage(start);
      a.samples.push((used.user + used.system) / 2000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  for (const a of apps) {
    process.stdout.write(
      `metrics ${a.mode}: median ${median(a.samples).toFixed(1)} µs CPU per /whoami (inject)\n`,
    );
    await a.app.close();
    await a.services.close();
  }
  const [off, on] = apps.map((a) => median(a.samples));
  process.stdout.write(`difference: ${((on ?? 0) - (off ?? 0)).toFixed(1)} µs per request\n`);
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === 'inproc') {
  await inproc();
} else if (process.argv[2] === 'serve') {
  await serve(process.argv[3] === 'on' ? 'on' : 'off');
} else {
  const seconds = Number(process.argv[2] ?? 10) || 10;
  const figures: Record<'on' | 'off', { perSecond: number; p50: number; p99: number }[]> = {
    on: [],
    off: [],
  };
  for (const mode of ['off', 'on', 'off', 'on'] as const) {
    const figure = await run(mode, seconds);
    figures[mode].push(figure);
    process.stdout.write(
      `metrics ${mode}: ${figure.perSecond.toFixed(0)} req/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms\n`,
    );
  }
  const mean = (list: { perSecond: number }[]) => list.reduce((s, f) => s + f.perSecond, 0) / list.length;
  const off = mean(figures.off);
  const on = mean(figures.on);
  process.stdout.write(
    `whoami: off ${off.toFixed(0)} req/s, on ${on.toFixed(0)} req/s, on/off ${(on / off).toFixed(3)}\n`,
  );
}
