/**
 * ESIA_CONFIG at start: the real process (`node dist/src/cli/main.js serve`) refuses a bad
 * ESIA configuration with one line per bad value and exit code 2, and starts with a good one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FAST_ARGON2, TEST_SECRET } from '../../test/support/harness.js';
import { projectRoot } from '../core/paths.js';
import { openDatabase } from '../db/connect.js';
import { migrateOrThrow } from '../db/migrate.js';
import { ensureSimPki } from '../esia/sim/pki.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');

test('serve: a bad ESIA_CONFIG is one line per bad value and exit code 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esia-start-'));
  const database = join(dir, 'db.sqlite');
  const handle = await openDatabase(database);
  await migrateOrThrow(handle);
  await handle.close();
  const pki = await ensureSimPki(join(dir, 'pki'));
  const config = join(dir, 'esia.json');
  writeFileSync(
    config,
    JSON.stringify({
      dnevnik: {
        host: 'test',
        clientId: 'PROPUSK',
        certificate: pki.clientCertPath,
        key: pki.esiaGostCertPath,
        esiaCertificates: [join(dir, 'missing.cer')],
      },
      eljur: {
        host: 'ftp://esia',
        clientId: 'bad id',
        certificate: pki.clientCertPath,
        signer: { command: ['x'], order: 'sideways' },
        esiaCertificates: [],
      },
    }),
  );
  const res = spawnSync(process.execPath, [CLI, 'serve'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: database,
      PORT: '0',
      HOST: '127.0.0.1',
      PROPUSK_SECRET: TEST_SECRET,
      BASE_URL: 'https://propusk.test',
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
      ESIA_CONFIG: config,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /propusk: invalid ESIA configuration:/);
  for (const key of [
    'dnevnik.key:',
    'dnevnik.esiaCertificates.0: cannot read',
    'eljur.host:',
    'eljur.clientId:',
    'eljur.signer.order:',
    'eljur.esiaCertificates:',
  ])
    assert.ok(res.stderr.includes(`  ${key}`), `${key} in:\n${res.stderr}`);
  assert.ok(!/\bat .+:\d+:\d+/.test(res.stderr), 'no stack trace');
});
