/**
 * The `propusk` CLI as an operator runs it: a real process on a real SQLite file.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAST_ARGON2, TEST_SECRET, testConfig } from '../../test/support/harness.js';
import { projectRoot } from '../core/paths.js';
import { migrateOrThrow } from '../db/migrate.js';
import { seedDemo } from '../demo/seed.js';
import { createServices } from '../services.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');

describe('propusk CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const run = (args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      ...(input !== undefined ? { input } : {}),
      timeout: 30_000,
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'propusk-cli-'));
    const databaseUrl = join(dir, 'cli.sqlite');
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PROPUSK_SECRET: TEST_SECRET,
      BASE_URL: 'https://propusk.test',
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
      ARGON2_ITERATIONS: String(FAST_ARGON2.ARGON2_ITERATIONS),
    };
    const migrated = run(['migrate']);
    assert.equal(migrated.status, 0, migrated.stderr);
    assert.match(migrated.stdout, /Applied: 0001_directory, 0002_sessions_flows_audit/);
    assert.match(run(['migrate']).stdout, /Nothing to apply/);
    // Realms come from the demo seed here; an operator would create them the same way.
    const services = await createServices(testConfig({ DATABASE_URL: databaseUrl }));
    await migrateOrThrow(services.handle);
    await seedDemo(services);
    await services.close();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function verify(
    login: string,
    password: string,
  ): Promise<{ ok: boolean; mustChange: number; status: string }> {
    const services = await createServices(testConfig({ DATABASE_URL: join(dir, 'cli.sqlite') }));
    try {
      const person = await services.people.findByLogin('dnevnik', login);
      assert.ok(person);
      return {
        ok: await services.passwords.verify(person.password_hash ?? '', password),
        mustChange: person.password_must_change,
        status: person.status,
      };
    } finally {
      await services.close();
    }
  }

  test('user create prints a temporary password once; it works and must be changed', async () => {
    const res = run([
      'user',
      'create',
      '--realm',
      'dnevnik',
      '--login',
      'sidorov.p',
      '--last-name',
      'Сидоров',
      '--first-name',
      'Пётр',
      '--birth-date',
      '2012-03-04',
      '--snils',
      '001-002-077 36',
      '--org',
      '1535',
      '--role',
      'student',
      '--class',
      '6А',
    ]);
    assert.equal(res.status, 0, res.stderr);
    const password = /Временный пароль \(показывается один раз\): (\S+)/.exec(res.stdout)?.[1];
    assert.ok(password, res.stdout);
    assert.deepEqual(await verify('sidorov.p', password), { ok: true, mustChange: 1, status: 'active' });
  });

  test('user create refuses bad input with a clear message', () => {
    const taken = run([
      'user',
      'create',
      '--realm',
      'dnevnik',
      '--login',
      'admin1535',
      '--last-name',
      'А',
      '--first-name',
      'Б',
    ]);
    assert.equal(taken.status, 1);
    assert.match(taken.stderr, /login: Этот логин уже занят/);
    const badSnils = run([
      'user',
      'create',
      '--realm',
      'dnevnik',
      '--login',
      'x.y',
      '--last-name',
      'Икс',
      '--first-name',
      'Игрек',
      '--snils',
      '112-233-445 96',
      '--birth-date',
      '2012-02-31',
    ]);
    assert.equal(badSnils.status, 1);
    assert.match(badSnils.stderr, /snils: /);
    assert.match(badSnils.stderr, /birthDate: Такой даты не существует/);
    // Волкова Екатерина of the demo has this SNILS; one SNILS is one person in a realm.
    const takenSnils = run([
      'user',
      'create',
      '--realm',
      'dnevnik',
      '--login',
      'x.z',
      '--last-name',
      'Икс',
      '--first-name',
      'Зет',
      '--snils',
      '112-233-445 95',
    ]);
    assert.equal(takenSnils.status, 1);
    assert.match(takenSnils.stderr, /snils: Этот СНИЛС уже указан у другого человека/);
    const noRealm = run([
      'user',
      'create',
      '--realm',
      'nosuch',
      '--login',
      'a',
      '--last-name',
      'А',
      '--first-name',
      'Б',
    ]);
    assert.equal(noRealm.status, 1);
    assert.match(noRealm.stderr, /no realm nosuch/);
    const unknownFlag = run(['user', 'create', '--realm', 'dnevnik', '--bogus']);
    assert.equal(unknownFlag.status, 1);
  });

  test('user set-password: a temporary one, or a given one checked against the policy', async () => {
    const temporary = run(['user', 'set-password', '--realm', 'dnevnik', '--login', 'petrov.misha']);
    assert.equal(temporary.status, 0, temporary.stderr);
    const password = /: (\S+)\n/.exec(temporary.stdout)?.[1] ?? '';
    assert.deepEqual(await verify('petrov.misha', password), { ok: true, mustChange: 1, status: 'active' });

    const weak = run(
      ['user', 'set-password', '--realm', 'dnevnik', '--login', 'petrov.misha', '--password-stdin'],
      'qwerty123\n',
    );
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /слишком распространён/);
    const good = run(
      ['user', 'set-password', '--realm', 'dnevnik', '--login', 'petrov.misha', '--password-stdin'],
      'Lesnaya-Tropa-58\n',
    );
    assert.equal(good.status, 0, good.stderr);
    assert.deepEqual(await verify('petrov.misha', 'Lesnaya-Tropa-58'), {
      ok: true,
      mustChange: 0,
      status: 'active',
    });
  });

  test('user block and unblock', async () => {
    const blocked = run(['user', 'block', '--realm', 'dnevnik', '--login', 'smirnov.ivan']);
    assert.equal(blocked.status, 0, blocked.stderr);
    assert.equal((await verify('smirnov.ivan', 'Kosmos-5512')).status, 'blocked');
    assert.equal(run(['user', 'unblock', '--realm', 'dnevnik', '--login', 'smirnov.ivan']).status, 0);
    assert.equal((await verify('smirnov.ivan', 'Kosmos-5512')).status, 'active');
    const nobody = run(['user', 'block', '--realm', 'dnevnik', '--login', 'nobody']);
    assert.equal(nobody.status, 1);
  });

  test('outbox list and retry', async () => {
    const services = await createServices(testConfig({ DATABASE_URL: join(dir, 'cli.sqlite') }));
    const { id } = await services.outbox.enqueue(services.db, {
      realmId: null,
      template: 'password_changed',
      locale: 'ru',
      idempotencyKey: 'cli-outbox-test',
      message: { channel: 'sms', to: '+79000000001', text: 'x' },
    });
    await services.db
      .updateTable('outbox')
      .set({ status: 'dead', last_error: 'gave up' })
      .where('id', '=', id)
      .execute();
    await services.close();
    const list = run(['outbox', 'list', '--status', 'dead']);
    assert.equal(list.status, 0, list.stderr);
    assert.match(
      list.stdout,
      new RegExp(`${id}.*dead.*sms.*password_changed.*\\+79000000001.*error=gave up`),
    );
    const retried = run(['outbox', 'retry', id]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.match(run(['outbox', 'list', '--status', 'pending']).stdout, new RegExp(id));
    assert.equal(run(['outbox', 'retry', 'nosuch']).status, 1);
    assert.equal(run(['outbox', 'list', '--status', 'lost']).status, 1);
  });

  test('bad configuration: one line per bad value, exit code 2', () => {
    const res = run(['serve'], undefined, {
      PORT: 'x',
      DATABASE_URL: 'mysql://a/b',
      PROPUSK_SECRET: 'short',
    });
    assert.equal(res.status, 2);
    const lines = res.stderr.trim().split('\n').slice(1);
    assert.equal(lines.length, 3, res.stderr);
    assert.match(res.stderr, /PORT: /);
    assert.match(res.stderr, /DATABASE_URL: /);
    assert.match(res.stderr, /PROPUSK_SECRET: /);
  });

  test('serve answers, then shuts down cleanly on SIGTERM', async () => {
    const child: ChildProcess = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 15_000);
      child.stdout?.on('data', () => {
        const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const health = await fetch(`${address}/readyz`);
    assert.equal(health.status, 200);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
    assert.match(out, /shutdown complete/);
  });
});
