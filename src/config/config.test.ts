import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from './config.js';

const SECRET = 'x'.repeat(40);

test('defaults: SQLite file, port 8080, OWASP argon2 parameters', () => {
  const result = loadConfig({ PROPUSK_SECRET: SECRET, BASE_URL: 'https://id.example' });
  assert.ok(result.ok);
  assert.equal(result.config.port, 8080);
  assert.equal(result.config.databaseUrl, 'var/propusk.sqlite');
  assert.deepEqual(result.config.argon2, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  assert.equal(result.config.demo, false);
  assert.ok(Object.isFrozen(result.config));
  assert.deepEqual(result.warnings, [
    'SMS_PROVIDER is dev outside demo mode: SMS are recorded, not sent.',
    'SMTP_URL is not set: letters wait in the outbox until it is.',
  ]);
  const configured = loadConfig({
    PROPUSK_SECRET: SECRET,
    BASE_URL: 'https://id.example',
    SMTP_URL: 'smtp://mail.example:587',
    SMS_HTTP_URL: 'https://sms.example/send',
  });
  assert.ok(configured.ok);
  assert.deepEqual(configured.warnings, []);
  assert.equal(configured.config.sms.provider, 'http');
});

test('each bad value is named in one line', () => {
  const result = loadConfig({
    PORT: 'eighty',
    DATABASE_URL: 'mysql://db/x',
    REDIS_URL: 'localhost:6379',
    BASE_URL: 'ftp://x',
    PROPUSK_SECRET: 'short',
    DEMO: 'maybe',
    LOG_LEVEL: 'loud',
    ARGON2_MEMORY_KIB: '1024',
    PROPUSK_SECRETT: 'typo',
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const keys = result.errors.map((line) => line.split(':')[0]);
  for (const key of [
    'PORT',
    'DATABASE_URL',
    'REDIS_URL',
    'BASE_URL',
    'PROPUSK_SECRET',
    'DEMO',
    'LOG_LEVEL',
    'ARGON2_MEMORY_KIB',
    'PROPUSK_SECRETT',
  ]) {
    assert.ok(keys.includes(key), `${key} named in: ${result.errors.join(' | ')}`);
  }
  assert.ok(result.errors.every((line) => !line.includes('\n')));
});

test('a secret is required outside demo mode; demo mode warns loudly', () => {
  const production = loadConfig({ BASE_URL: 'https://id.example' });
  assert.equal(production.ok, false);
  if (!production.ok) assert.match(production.errors.join(), /PROPUSK_SECRET: required/);
  const demo = loadConfig({ DEMO: 'true' });
  assert.ok(demo.ok);
  assert.ok(demo.warnings.some((w) => w.includes('DEMO mode is on')));
  assert.ok(demo.warnings.some((w) => w.includes('PROPUSK_SECRET is not set')));
});

test('a postgres URL and the config file are accepted; unknown keys in the file are not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'propusk-config-'));
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ DATABASE_URL: 'postgres://u@127.0.0.1/db', PORT: 9000 }));
  const fromFile = loadConfig({ PROPUSK_CONFIG: good, PROPUSK_SECRET: SECRET, PORT: '9100' });
  assert.ok(fromFile.ok);
  assert.equal(fromFile.config.databaseUrl, 'postgres://u@127.0.0.1/db');
  assert.equal(fromFile.config.port, 9100, 'the environment wins over the file');
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ PORTT: 1 }));
  const unknown = loadConfig({ PROPUSK_CONFIG: bad, PROPUSK_SECRET: SECRET });
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.deepEqual(unknown.errors, ['PORTT: unknown setting']);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{');
  const unreadable = loadConfig({ PROPUSK_CONFIG: broken, PROPUSK_SECRET: SECRET });
  assert.equal(unreadable.ok, false);
});

test('the argon2 pool: one runner per core, 32 waiting per runner', () => {
  const base = { PROPUSK_SECRET: SECRET, BASE_URL: 'https://id.example' };
  const result = loadConfig(base);
  assert.ok(result.ok);
  const runners = availableParallelism();
  assert.deepEqual(result.config.argon2Pool, { concurrency: runners, maxWaiting: 32 * runners });
  const set = loadConfig({ ...base, ARGON2_CONCURRENCY: '3', ARGON2_QUEUE_MAX: '10' });
  assert.ok(set.ok);
  assert.deepEqual(set.config.argon2Pool, { concurrency: 3, maxWaiting: 10 });
  // Its own threads: libuv's pool (UV_THREADPOOL_SIZE) no longer bounds it.
  const wide = loadConfig({ ...base, ARGON2_CONCURRENCY: '8' });
  assert.ok(wide.ok && !wide.warnings.some((w) => w.includes('libuv')));
  assert.equal(wide.config.argon2Pool.concurrency, 8);
  for (const [key, value] of [
    ['ARGON2_CONCURRENCY', '0'],
    ['ARGON2_CONCURRENCY', '-1'],
    ['ARGON2_CONCURRENCY', 'two'],
    ['ARGON2_CONCURRENCY', '1.5'],
    ['ARGON2_CONCURRENCY', '100000'],
    ['ARGON2_QUEUE_MAX', '0'],
    ['ARGON2_QUEUE_MAX', 'many'],
    ['ARGON2_QUEUE_MAX', '1e9'],
  ] as const) {
    const bad = loadConfig({ ...base, [key]: value });
    assert.equal(bad.ok, false, `${key}=${value}`);
    if (!bad.ok)
      assert.ok(
        bad.errors.some((line) => line.startsWith(`${key}:`)),
        bad.errors.join(' | '),
      );
  }
});
