/**
 * The benchmark's server process, loaded by `server.ts` once the heap flags are set (see there
 * for its arguments).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { type DialectName, SQLITE_CACHE_KIB } from '../src/db/connect.js';
import { startBetterAuth } from './better-auth-server.js';
import {
  BARE_ROWS,
  benchConfig,
  benchPostgresUrl,
  type ReadyMessage,
  SERVER_MODES,
  type ServerMode,
} from './config.js';

interface Running {
  readonly oidc?: ReadyMessage['oidc'];
  close(): Promise<void>;
}

interface FastifyRunning extends Running {
  readonly app: FastifyInstance;
}

async function startApp(
  dir: string,
  dialect: DialectName,
  existing: string | undefined,
): Promise<FastifyRunning> {
  // Loaded here, not at the top: the bare server must not carry the app's modules.
  const [{ dropSchema, openDatabase }, { migrateOrThrow }, { seedDemo }, { createServices }, { buildApp }] =
    await Promise.all([
      import('../src/db/connect.js'),
      import('../src/db/migrate.js'),
      import('../src/demo/seed.js'),
      import('../src/services.js'),
      import('../src/web/app.js'),
    ]);
  const postgresUrl = benchPostgresUrl();
  if (dialect === 'postgres' && !postgresUrl) throw new Error('no BENCH_DATABASE_URL / TEST_DATABASE_URL');
  const fresh = existing === undefined;
  const handle =
    dialect === 'postgres'
      ? await openDatabase(postgresUrl, { schema: existing ?? `bench_${randomBytes(6).toString('hex')}` })
      : await openDatabase(existing ?? join(dir, 'propusk.sqlite'), { checkpointInBackground: true });
  const config = benchConfig(dialect === 'postgres' ? postgresUrl : join(dir, 'propusk.sqlite'));
  // The captcha reveals its answers here (as in tests) so the load generator can answer the
  // recovery form; a production build of the service has no such hook.
  const services = await createServices(config, { captchaTestHooks: true, handle });
  if (fresh) {
    await migrateOrThrow(services.handle);
    await seedDemo(services);
  }
  const app = await buildApp(services, { captchaRevealRoute: true });
  // A first-party client for the OpenID Connect phase (bench/oidc.ts).
  const redirectUri = 'https://rp.bench.invalid/callback';
  const added = await services.oidc.clients.add({
    realmId: 'dnevnik',
    name: 'Benchmark',
    firstParty: true,
    redirectUris: [redirectUri],
  });
  if (added.kind !== 'added' || !added.secret)
    throw new Error('bench: the OpenID Connect client was refused');
  return {
    app,
    oidc: { clientId: added.client.clientId, secret: added.secret, redirectUri },
    async close() {
      await app.close();
      await services.close();
      await handle.close();
      // A schema this server made is dropped; one it was given stays for the caller.
      if (fresh && dialect === 'postgres') await dropSchema(postgresUrl, handle.schema ?? '');
    },
  };
}

async function startBare(dir: string): Promise<FastifyRunning> {
  // The same pragmas as the app's SQLite handle (src/db/connect.ts), so only the work per
  // request differs.
  const database = new SQLite(join(dir, 'bare.sqlite'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  database.exec(
    'create table people (id integer primary key, login text not null, name text not null, created_at integer not null)',
  );
  database.exec('create unique index people_login on people (login)');
  const insert = database.prepare('insert into people (login, name, created_at) values (?, ?, ?)');
  database.transaction(() => {
    for (let i = 0; i < BARE_ROWS; i++) insert.run(`user${i}`, `Person ${i}`, Date.now());
  })();
  const lookup = database.prepare('select id, login, name, created_at from people where login = ?');

  const app = Fastify({ logger: false });
  app.get('/lookup', async (_request, reply) => {
    const row = lookup.get(`user${Math.floor(Math.random() * BARE_ROWS)}`);
    if (!row) return reply.code(404).send({ error: 'not found' });
    return row;
  });
  return {
    app,
    async close() {
      await app.close();
      database.close();
    },
  };
}

/**
 * The PostgreSQL floor: the same table and lookup as the SQLite one, through a `pg.Pool` made as
 * src/db/connect.ts makes the app's (pool of 10, the same connect timeout, the schema first on the
 * search_path, bigint read as a number) and queried as the app queries (a named prepared statement:
 * parsed once per connection, then bound and executed), so only the work per request differs from
 * the app's PostgreSQL lines.
 */
async function startBarePostgres(): Promise<FastifyRunning> {
  const url = benchPostgresUrl();
  if (!url) throw new Error('no BENCH_DATABASE_URL / TEST_DATABASE_URL');
  pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  const schema = `bench_bare_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    options: `-c search_path="${schema}"`,
  });
  const dropSchema = async (): Promise<void> => {
    await pool.end();
    const cleaner = new pg.Client({ connectionString: url });
    await cleaner.connect();
    try {
      await cleaner.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await cleaner.end();
    }
  };
  try {
    await pool.query(
      'create table people (id bigint generated always as identity primary key, login text not null, name text not null, created_at bigint not null)',
    );
    await pool.query('create unique index people_login on people (login)');
    await pool.query(
      `insert into people (login, name, created_at)
         select 'user' || i, 'Person ' || i, $1::bigint from generate_series(0, $2::int - 1) as i`,
      [Date.now(), BARE_ROWS],
    );
    await pool.query('analyze people');
  } catch (err) {
    await dropSchema();
    throw err;
  }
  const app = Fastify({ logger: false });
  app.get('/lookup', async (_request, reply) => {
    const { rows } = await pool.query({
      name: 'lookup',
      text: 'select id, login, name, created_at from people where login = $1',
      values: [`user${Math.floor(Math.random() * BARE_ROWS)}`],
    });
    const row = rows[0];
    if (!row) return reply.code(404).send({ error: 'not found' });
    return row;
  });
  return {
    app,
    async close() {
      await app.close();
      await dropSchema();
    },
  };
}

async function main(): Promise<void> {
  const [mode, dialectArg = 'sqlite', existing] = process.argv.slice(2);
  const dialect: DialectName = dialectArg === 'postgres' ? 'postgres' : 'sqlite';
  if (!(SERVER_MODES as readonly string[]).includes(mode ?? '')) {
    throw new Error(`usage: server.js ${SERVER_MODES.join('|')}`);
  }
  if (!process.send) throw new Error('server.js is started by run.js over IPC');
  const dir = mkdtempSync(join(tmpdir(), 'propusk-bench-'));
  let running: Running | null = null;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await running?.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  // An orphan must not keep a port and a temp directory: stop when run.js is gone.
  process.once('disconnect', () => void stop());

  let port: number;
  try {
    if ((mode as ServerMode) === 'better-auth') {
      const comparison = await startBetterAuth(dir);
      running = { close: () => comparison.close() };
      port = await comparison.listen();
    } else {
      const started =
        (mode as ServerMode) === 'app'
          ? await startApp(dir, dialect, existing)
          : dialect === 'postgres'
            ? await startBarePostgres()
            : await startBare(dir);
      running = started;
      await started.app.listen({ port: 0, host: '127.0.0.1' });
      port = (started.app.server.address() as AddressInfo).port;
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const ready: ReadyMessage = { kind: 'ready', port, ...(running.oidc ? { oidc: running.oidc } : {}) };
  process.send(ready);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
