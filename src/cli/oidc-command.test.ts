/**
 * `propusk client …` and `propusk keys …` as an operator runs them: a real process on a real
 * SQLite file. The secret is printed once and works; rotating it retires the old one; removing
 * an application revokes what it was given; bad input is refused with a message and exit 1.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAST_ARGON2, TEST_SECRET, testConfig } from '../../test/support/harness.js';
import { projectRoot } from '../core/paths.js';
import { migrateOrThrow } from '../db/migrate.js';
import { seedDemo } from '../demo/seed.js';
import { createServices } from '../services.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');

describe('propusk client and keys', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });

  async function withServices<T>(
    use: (services: Awaited<ReturnType<typeof createServices>>) => Promise<T>,
  ): Promise<T> {
    const services = await createServices(testConfig({ DATABASE_URL: join(dir, 'cli.sqlite') }));
    try {
      return await use(services);
    } finally {
      await services.close();
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'propusk-oidc-cli-'));
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: join(dir, 'cli.sqlite'),
      PROPUSK_SECRET: TEST_SECRET,
      BASE_URL: 'https://propusk.test',
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
      ARGON2_ITERATIONS: String(FAST_ARGON2.ARGON2_ITERATIONS),
    };
    await withServices(async (services) => {
      await migrateOrThrow(services.handle);
      await seedDemo(services);
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('client add prints the client and its secret once; list, show, rotate-secret, remove', async () => {
    const added = run([
      'client',
      'add',
      '--realm',
      'dnevnik',
      '--name',
      'Электронный журнал',
      '--client-id',
      'ejournal',
      '--redirect-uri',
      'https://journal.example/callback',
      '--post-logout-redirect-uri',
      'https://journal.example/',
      '--backchannel-logout-uri',
      'https://journal.example/backchannel',
      '--first-party',
    ]);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /client_id: ejournal/);
    assert.match(added.stdout, /issuer: https:\/\/propusk\.test\/r\/dnevnik/);
    const secret = /client_secret \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    assert.ok(secret);
    await withServices(async (services) => {
      const metadata = await services.oidc.clients.metadataFor('dnevnik', 'ejournal');
      assert.ok(metadata?.client_secret && metadata.client_secret !== secret, 'stored as a hash');
      assert.ok(services.oidc.clients.matchesSecret(secret, metadata.client_secret));
    });

    assert.match(
      run(['client', 'list', '--realm', 'dnevnik']).stdout,
      /ejournal {2}Электронный журнал {2}first-party/,
    );
    const shown = run(['client', 'show', '--realm', 'dnevnik', '--client-id', 'ejournal']);
    assert.match(shown.stdout, /backchannel_logout_uri: https:\/\/journal\.example\/backchannel/);
    assert.doesNotMatch(shown.stdout, new RegExp(secret));

    const rotated = run(['client', 'rotate-secret', '--realm', 'dnevnik', '--client-id', 'ejournal']);
    assert.equal(rotated.status, 0, rotated.stderr);
    const fresh = /client_secret \(shown once\): (\S+)/.exec(rotated.stdout)?.[1];
    assert.ok(fresh && fresh !== secret);
    await withServices(async (services) => {
      const metadata = await services.oidc.clients.metadataFor('dnevnik', 'ejournal');
      assert.ok(!services.oidc.clients.matchesSecret(secret, String(metadata?.client_secret)));
      assert.ok(services.oidc.clients.matchesSecret(fresh, String(metadata?.client_secret)));
    });

    assert.equal(run(['client', 'remove', '--realm', 'dnevnik', '--client-id', 'ejournal']).status, 0);
    assert.match(run(['client', 'list', '--realm', 'dnevnik']).stdout, /No applications in dnevnik/);
    await withServices(async (services) => {
      const events = await services.audit.listForRealm('dnevnik', 50);
      for (const action of ['oidc.client_added', 'oidc.client_secret_rotated', 'oidc.client_removed']) {
        assert.ok(
          events.some((e) => e.action === action && e.detail.via === 'cli'),
          action,
        );
      }
    });
  });

  test('private_key_jwt from a JWKS file; no secret is made', () => {
    const jwks = join(dir, 'jwks.json');
    writeFileSync(
      jwks,
      JSON.stringify({
        keys: [
          {
            kty: 'EC',
            crv: 'P-256',
            x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
            y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
            kid: 'k1',
            use: 'sig',
            alg: 'ES256',
          },
        ],
      }),
    );
    const added = run([
      'client',
      'add',
      '--realm',
      'eljur',
      '--name',
      'Сервис',
      '--redirect-uri',
      'https://svc.example/cb',
      '--auth-method',
      'private_key_jwt',
      '--jwks-file',
      jwks,
    ]);
    assert.equal(added.status, 0, added.stderr);
    assert.doesNotMatch(added.stdout, /client_secret/);
  });

  test('bad input: a message and exit 1, nothing registered', () => {
    const cases: [string[], RegExp][] = [
      [['client', 'add', '--realm', 'dnevnik', '--name', 'X'], /--redirect-uri: at least one/],
      [
        ['client', 'add', '--realm', 'dnevnik', '--name', 'X', '--redirect-uri', 'http://evil.example/cb'],
        /must be https/,
      ],
      [
        [
          'client',
          'add',
          '--realm',
          'dnevnik',
          '--name',
          'X',
          '--redirect-uri',
          'https://a.example/cb',
          '--scopes',
          'openid root',
        ],
        /unknown scope root/,
      ],
      [
        ['client', 'add', '--realm', 'nowhere', '--name', 'X', '--redirect-uri', 'https://a.example/cb'],
        /no realm nowhere/,
      ],
      [
        [
          'client',
          'add',
          '--realm',
          'dnevnik',
          '--name',
          'X',
          '--redirect-uri',
          'https://a.example/cb',
          '--auth-method',
          'magic',
        ],
        /--auth-method/,
      ],
      [
        [
          'client',
          'add',
          '--realm',
          'dnevnik',
          '--name',
          'X',
          '--redirect-uri',
          'https://a.example/cb',
          '--client-id',
          'bad id!',
        ],
        /--client-id/,
      ],
      [['client', 'show', '--realm', 'dnevnik', '--client-id', 'missing'], /no client missing/],
      [['client', 'rotate-secret', '--realm', 'dnevnik', '--client-id', 'missing'], /no client missing/],
      [['client', 'remove', '--realm', 'dnevnik'], /--client-id is required/],
      [['client', 'fly', '--realm', 'dnevnik'], /unknown client command fly/],
      [['keys', 'shred'], /unknown keys command shred/],
    ];
    for (const [args, message] of cases) {
      const res = run(args);
      assert.equal(res.status, 1, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, message, args.join(' '));
    }
    assert.match(run(['client', 'list', '--realm', 'dnevnik']).stdout, /No applications in dnevnik/);
  });

  test('keys rotate: new keys that sign in a minute; keys list shows the states', async () => {
    const rotated = run(['keys', 'rotate']);
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stdout, /ES256 \S+: signs in 1 min/);
    assert.match(rotated.stdout, /RS256 \S+: signs in 1 min/);
    const listed = run(['keys', 'list']).stdout;
    assert.equal((listed.match(/ pending /g) ?? []).length, 2, listed);
    assert.equal((listed.match(/ signing /g) ?? []).length, 2, listed);
    assert.match(listed, /published until/);
  });
});
