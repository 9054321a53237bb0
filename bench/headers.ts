/**
 * `node dist/bench/headers.js`: prints the response headers of a few representative requests,
 * in production and demo mode, with per-request values masked, so a change to the request
 * pipeline can be diffed against the headers it produced before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { migrateOrThrow } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { createServices } from '../src/services.js';
import { buildApp } from '../src/web/app.js';

async function dump(demo: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'propusk-headers-'));
  const result = loadConfig(
    {},
    {
      PROPUSK_SECRET: 'x'.repeat(40),
      DATABASE_URL: join(dir, 'p.sqlite'),
      BASE_URL: demo ? 'http://localhost:3000' : 'https://p.invalid',
      LOG_LEVEL: 'error',
      DEMO: demo,
      ARGON2_MEMORY_KIB: 8192,
      ARGON2_ITERATIONS: 1,
      ARGON2_PARALLELISM: 1,
    },
  );
  if (!result.ok) throw new Error(result.errors.join('; '));
  const services = await createServices(result.config);
  try {
    await migrateOrThrow(services.handle);
    await seedDemo(services);
    const app = await buildApp(services);
    const requests: [string, string, Record<string, string>?][] = [
      ['GET', '/healthz'],
      ['GET', '/r/dnevnik/login'],
      ['GET', '/r/dnevnik/whoami'],
      ['GET', '/r/dnevnik/profile'],
      ['GET', '/r/nope/login'],
      ['GET', '/nope'],
      ['GET', '/assets/style.css'],
      ['POST', '/r/dnevnik/login', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['GET', '/%zz'],
    ];
    for (const [method, url, headers] of requests) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: headers ?? {},
        payload: method === 'POST' ? 'login=a' : undefined,
      });
      const shown = Object.entries(res.headers)
        .filter(([k]) => k !== 'date')
        .map(
          ([k, v]) =>
            `  ${k}: ${k === 'x-request-id' || k === 'etag' ? '<masked>' : k === 'set-cookie' ? String(v).replace(/=[^;]*;/g, '=<v>;') : String(v)}`,
        );
      process.stdout.write(
        `${demo ? 'demo' : 'prod'} ${method} ${url} → ${res.statusCode}\n${shown.join('\n')}\n`,
      );
    }
    await app.close();
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await dump(false);
await dump(true);
