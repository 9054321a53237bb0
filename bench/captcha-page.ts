/**
 * `node dist/bench/captcha-page.js [rounds]`: the CPU one view of a public recovery form costs,
 * in process (`app.inject()`, no sockets), as the mean of `process.cpuUsage()` over many views,
 * beside a route that does nothing (`/healthz`: the framework's own cost) — and, when the page
 * points at a picture, what fetching that picture costs. Pages anyone can load must stay cheap
 * (DESIGN.md): this is how that is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateOrThrow } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { createServices } from '../src/services.js';
import { buildApp } from '../src/web/app.js';
import { benchConfig } from './config.js';

const ROUNDS = Number(process.argv[2] ?? 2000);

type Inject = (url: string, ip: string) => Promise<{ statusCode: number; body: string }>;

/** Mean CPU µs (user + system) per call of `once`, after a warm-up of a quarter as many. */
async function cpuPerCall(rounds: number, once: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < rounds / 4; i++) await once(i);
  const before = process.cpuUsage();
  for (let i = 0; i < rounds; i++) await once(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / rounds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'propusk-captcha-page-'));
  const services = await createServices(benchConfig(join(dir, 'propusk.sqlite')));
  try {
    await migrateOrThrow(services.handle);
    await seedDemo(services);
    const app = await buildApp(services);
    await app.ready();
    const get: Inject = async (url, ip) => {
      const res = await app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': ip } });
      return { statusCode: res.statusCode, body: res.body };
    };
    const ipOf = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const page = (url: string) => async (i: number) => {
      const res = await get(url, ipOf(i));
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    };

    const base = await cpuPerCall(ROUNDS, page('/healthz'));
    const lines: string[] = [`healthz (framework)             ${base.toFixed(0).padStart(6)} µs`];
    for (const [name, url] of [
      ['dnevnik /recovery/password (picture)', '/r/dnevnik/recovery/password'],
      ['eljur /recovery (picture + work)', '/r/eljur/recovery'],
    ] as const) {
      const cost = await cpuPerCall(ROUNDS, page(url));
      lines.push(
        `${name.padEnd(36)} ${cost.toFixed(0).padStart(6)} µs  (${(cost - base).toFixed(0)} µs beyond)`,
      );
      // The picture the page points at, when it points at one: fetched by each browser that
      // shows it (a new page, hence a new picture, each time).
      const sample = await get(url, '10.255.0.1');
      const src = /<img src="(\/[^"]+\.png)"/.exec(sample.body)?.[1];
      if (src) {
        const pictures: string[] = [];
        for (let i = 0; i < ROUNDS * 1.25; i++) {
          const body = (await get(url, ipOf(i))).body;
          pictures.push(/<img src="(\/[^"]+\.png)"/.exec(body)?.[1] ?? '');
        }
        const picture = await cpuPerCall(ROUNDS, async (i) => {
          const res = await get(pictures[i % pictures.length] ?? '', ipOf(i));
          if (res.statusCode !== 200) throw new Error(`picture: ${res.statusCode}`);
        });
        lines.push(`${'  its picture, when fetched'.padEnd(36)} ${picture.toFixed(0).padStart(6)} µs`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    await app.close();
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
