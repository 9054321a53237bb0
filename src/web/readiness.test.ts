/**
 * Issue 9, item 10, in process: `/readyz` checks every dependency the service needs (the
 * database answers, its schema is the one this code knows, Redis answers when configured) and
 * names what is down; a Redis outage during requests is a fast, localised 503, not a 500 after
 * seconds of retries.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../test/support/databases.js';
import { Browser, type Harness, startHarness, testConfig } from '../../test/support/harness.js';
import { freePort } from '../../test/support/smtp.js';
import { migrateOrThrow, migrateTo } from '../db/migrate.js';
import { createServices, type Services } from '../services.js';
import { buildApp } from './app.js';

interface ReadyBody {
  status: string;
  down?: string[];
  checks: { database: string; schema: string; redis: string };
}

async function readyz(app: FastifyInstance): Promise<{ status: number; body: ReadyBody }> {
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: res.json() as ReadyBody };
}

for (const dialect of DIALECTS) {
  describe(`9.10 /readyz checks the schema on ${dialect.name}`, { skip: dialect.skip }, () => {
    async function withApp(
      prepare: (services: Services) => Promise<void>,
      check: (app: FastifyInstance) => Promise<void>,
    ) {
      const fresh = await freshDatabase(dialect.name);
      const services = await createServices(testConfig(), {
        handle: fresh.handle,
        logStream: { write() {} },
      });
      const app = await buildApp(services);
      try {
        await prepare(services);
        await check(app);
      } finally {
        await app.close();
        await services.close();
        await fresh.drop();
      }
    }

    test('a database never migrated is not ready: 503 naming the schema', async () => {
      await withApp(
        async () => {},
        async (app) => {
          const { status, body } = await readyz(app);
          assert.equal(status, 503);
          assert.equal(body.status, 'unavailable');
          assert.deepEqual(body.down, ['schema']);
          assert.equal(body.checks.database, 'ok');
          assert.equal(body.checks.schema, 'empty');
          assert.equal(body.checks.redis, 'not configured');
        },
      );
    });

    test('a database migrated half way is not ready', async () => {
      await withApp(
        async (services) => {
          assert.equal((await migrateTo(services.handle, '0001_directory')).error, undefined);
        },
        async (app) => {
          const { status, body } = await readyz(app);
          assert.equal(status, 503);
          assert.equal(body.checks.schema, 'behind');
        },
      );
    });

    test('a database migrated by a newer version is not ready', async () => {
      await withApp(
        async (services) => {
          await migrateOrThrow(services.handle);
          await sql`insert into propusk_migrations (name, timestamp) values ('9999_future', 'x')`.execute(
            services.db,
          );
        },
        async (app) => {
          const { status, body } = await readyz(app);
          assert.equal(status, 503);
          assert.equal(body.checks.schema, 'ahead');
        },
      );
    });

    test('a current schema is ready', async () => {
      await withApp(
        (services) => migrateOrThrow(services.handle).then(() => undefined),
        async (app) => {
          const { status, body } = await readyz(app);
          assert.equal(status, 200);
          assert.equal(body.status, 'ready');
          assert.deepEqual(body.checks, { database: 'ok', schema: 'current', redis: 'not configured' });
        },
      );
    });
  });
}

/** Signs in with a wrong password from a fresh address: the throttles need Redis. */
async function signInAttempt(
  h: Harness,
): Promise<{ status: number; ms: number; body: string; retryAfter: unknown }> {
  const browser = new Browser(h.app, { 'x-forwarded-for': `10.9.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });
  const page = await browser.get('/r/dnevnik/login');
  assert.equal(page.statusCode, 200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const started = performance.now();
  const res = await browser.post('/r/dnevnik/login', {
    _csrf: token,
    login: `nobody${randomBytes(4).toString('hex')}`,
    password: 'wrong-password-1',
  });
  return {
    status: res.statusCode,
    ms: performance.now() - started,
    body: res.body,
    retryAfter: res.headers['retry-after'],
  };
}

describe('9.10 Redis unreachable from the start', () => {
  test('/readyz is 503 naming redis; sign-in is a fast localised 503, not a 500', async () => {
    const port = await freePort();
    const h = await startHarness('sqlite', { config: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    try {
      const { status, body } = await readyz(h.app);
      assert.equal(status, 503);
      assert.deepEqual(body.down, ['redis']);
      assert.deepEqual(body.checks, { database: 'ok', schema: 'current', redis: 'down' });
      for (let i = 0; i < 3; i++) {
        const attempt = await signInAttempt(h);
        assert.equal(attempt.status, 503);
        assert.ok(attempt.ms < 500, `answered in ${attempt.ms.toFixed(0)} ms`);
        assert.ok(attempt.body.includes('Сервис временно недоступен'), 'the localised page');
        assert.equal(attempt.retryAfter, '5');
      }
      assert.ok(!h.logs().includes('"level":50'), 'an outage is not logged as an unexpected error');
    } finally {
      await h.close();
    }
  });
});

/** A TCP proxy in front of the real Redis, so a test can cut it off and bring it back. */
async function redisProxy(
  target: URL,
): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    url: `redis://127.0.0.1:${address.port}`,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    async close() {
      open = false;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('9.10 Redis going down while the service runs', {
  skip: process.env.TEST_REDIS_URL ? false : 'TEST_REDIS_URL is not set: Redis tests skipped',
}, () => {
  test('requests fail fast with 503 during the outage and succeed again after it', async () => {
    const proxy = await redisProxy(new URL(process.env.TEST_REDIS_URL ?? ''));
    const h = await startHarness('sqlite', { config: { REDIS_URL: proxy.url } });
    try {
      assert.equal((await readyz(h.app)).status, 200);
      assert.equal((await signInAttempt(h)).status, 401, 'a wrong password, counted in Redis');

      proxy.cut();
      const during = await signInAttempt(h);
      assert.equal(during.status, 503);
      assert.ok(during.ms < 1500, `answered in ${during.ms.toFixed(0)} ms`);
      const ready = await readyz(h.app);
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body.down, ['redis']);

      proxy.restore();
      const deadline = Date.now() + 10_000;
      while ((await readyz(h.app)).status !== 200) {
        assert.ok(Date.now() < deadline, 'ready again within 10 s of Redis coming back');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal((await signInAttempt(h)).status, 401, 'sign-in works again');
    } finally {
      await h.close();
      await proxy.close();
    }
  });
});
