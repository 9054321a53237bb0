/**
 * Issue 9, item 10: an operator's faults at start. The real process (`node dist/src/cli/main.js
 * serve`) is started on each broken environment; it must end with exactly one clear line on
 * stderr and exit code 2 — never a stack trace, never a service that answers 500 on every page.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { FAST_ARGON2, TEST_SECRET } from '../../test/support/harness.js';
import { freePort } from '../../test/support/smtp.js';
import { projectRoot } from '../core/paths.js';
import { openDatabase } from '../db/connect.js';
import { migrateOrThrow, migrateTo } from '../db/migrate.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');
const NOBODY = 65534;

/** A configuration that is valid and draws no warnings, so stderr holds only the fault. */
function baseEnv(databaseUrl: string, port = 0): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PROPUSK_SECRET: TEST_SECRET,
    BASE_URL: 'https://propusk.test',
    SMTP_URL: 'smtp://127.0.0.1:1',
    SMS_PROVIDER: 'http',
    SMS_HTTP_URL: 'http://127.0.0.1:1/sms',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
    ARGON2_ITERATIONS: String(FAST_ARGON2.ARGON2_ITERATIONS),
  };
}

interface Ended {
  readonly status: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

function runServe(env: NodeJS.ProcessEnv, args: string[] = [], asUser?: number): Ended {
  const res = spawnSync(process.execPath, [CLI, 'serve', ...args], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
    ...(asUser !== undefined ? { uid: asUser, gid: asUser } : {}),
  });
  return { status: res.status, stderr: res.stderr, stdout: res.stdout };
}

/** Exactly one line on stderr, of the CLI's form, matching `pattern`; exit code 2. */
function assertOneClearLine(ended: Ended, pattern: RegExp): void {
  const lines = ended.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${ended.stderr}`);
  const [line] = lines;
  assert.match(line ?? '', /^propusk: /);
  assert.match(line ?? '', pattern);
  assert.ok(!/\bat .+:\d+:\d+/.test(ended.stderr), 'no stack trace');
  assert.equal(ended.status, 2, `exit code 2 (stdout: ${ended.stdout.slice(0, 300)})`);
}

describe('9.10 serve refuses what it cannot run on, in one line and exit code 2', () => {
  let dir: string;
  const path = (name: string): string => join(dir, name);

  async function migratedFile(name: string, to?: string): Promise<string> {
    const file = path(name);
    const handle = await openDatabase(file);
    try {
      if (to) assert.equal((await migrateTo(handle, to)).error, undefined);
      else await migrateOrThrow(handle);
    } finally {
      await handle.close();
    }
    return file;
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'propusk-startup-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a database that was never migrated', () => {
    const ended = runServe(baseEnv(path('new.sqlite')));
    assertOneClearLine(ended, /is not migrated .*propusk migrate.*serve --migrate/);
  });

  test('a database migrated half way', async () => {
    const file = await migratedFile('half.sqlite', '0002_sessions_flows_audit');
    const ended = runServe(baseEnv(file));
    assertOneClearLine(
      ended,
      /is at migration 0002_sessions_flows_audit, this version needs .*propusk migrate/,
    );
  });

  test('a database migrated by a newer version', async () => {
    const file = await migratedFile('newer.sqlite');
    const handle = await openDatabase(file);
    await sql`insert into propusk_migrations (name, timestamp) values ('9999_from_the_future', '2099-01-01')`.execute(
      handle.db,
    );
    await handle.close();
    const ended = runServe(baseEnv(file));
    assertOneClearLine(ended, /migrated by a newer version of Propusk \(9999_from_the_future\)/);
  });

  test('serve --migrate migrates first, then serves and answers /readyz', async () => {
    const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--migrate'], {
      env: { ...baseEnv(path('migrate-me.sqlite')), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out} ${err}`)), 15_000);
        child.stdout?.on('data', () => {
          const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', () => reject(new Error(`exited: ${err}`)));
      });
      const ready = await fetch(`${address}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { checks: { schema: string } }).checks.schema, 'current');
    } finally {
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      assert.equal(code, 0);
    }
  });

  test('a damaged database file: not a database at all', () => {
    const file = path('garbage.sqlite');
    writeFileSync(file, 'this is not a database, it is a shopping list: bread, milk. '.repeat(200));
    assertOneClearLine(
      runServe(baseEnv(file)),
      /database file .*garbage\.sqlite is damaged or not a SQLite database/,
    );
  });

  test('a damaged database file: a valid header over broken pages', async () => {
    const file = await migratedFile('broken.sqlite');
    const fd = openSync(file, 'r+');
    // Keep the 100-byte header, scribble over the rest of the first page (the schema catalogue).
    writeSync(fd, Buffer.alloc(4000, 0xa5), 0, 4000, 100);
    writeSync(fd, Buffer.alloc(8000, 0x5a), 0, 8000, 4096);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    assertOneClearLine(
      runServe(baseEnv(file)),
      /database file .*broken\.sqlite is damaged or not a SQLite database/,
    );
  });

  test('a directory where the database file should be', () => {
    const file = path('a-directory.sqlite');
    mkdirSync(file);
    assertOneClearLine(runServe(baseEnv(file)), /a-directory\.sqlite is a directory, not a database file/);
  });

  test('a read-only database file', async () => {
    // root writes any file whatever its mode: as root, the service runs as nobody, as an
    // operator's unprivileged account would.
    const own = mkdtempSync(join(tmpdir(), 'propusk-readonly-'));
    try {
      const handle = await openDatabase(join(own, 'ro.sqlite'));
      await migrateOrThrow(handle);
      await handle.close();
      chmodSync(join(own, 'ro.sqlite'), 0o444);
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        chmodSync(own, 0o755);
        chownSync(own, NOBODY, NOBODY); // the directory is writable: only the file is read-only
      }
      const ended = runServe(baseEnv(join(own, 'ro.sqlite')), [], asRoot ? NOBODY : undefined);
      assertOneClearLine(ended, /database file .*ro\.sqlite is read-only/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  test('a port already in use', async () => {
    const file = await migratedFile('port.sqlite');
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    assert.ok(address && typeof address === 'object');
    try {
      const ended = runServe(baseEnv(file, address.port));
      assertOneClearLine(ended, new RegExp(`port ${address.port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('a PostgreSQL that cannot be reached, named without its password', async () => {
    const port = await freePort();
    const ended = runServe(baseEnv(`postgres://propusk:s3cret-pass@127.0.0.1:${port}/propusk`));
    assertOneClearLine(
      ended,
      new RegExp(`cannot reach PostgreSQL at postgres://127\\.0\\.0\\.1:${port}/propusk`),
    );
    assert.ok(!ended.stderr.includes('s3cret-pass'), 'the password is not printed');
  });

  test('a database path under a file (its directory cannot exist)', () => {
    const file = path('plain-file');
    writeFileSync(file, 'x');
    assertOneClearLine(
      runServe(baseEnv(join(file, 'db.sqlite'))),
      /cannot open the database file .*plain-file\/db\.sqlite/,
    );
  });
});
