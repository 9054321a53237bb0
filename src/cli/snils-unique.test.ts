/**
 * `propusk migrate` and the one-SNILS-one-person index (migration 0019), as an operator meets
 * them: a real process on a real SQLite file holding one SNILS twice in a realm. It refuses with
 * a message that says how many and how to list them (no stack trace), changes nothing, and
 * applies once they are corrected. (`user create` refuses a raced SNILS through createProfile:
 * directory/snils-race.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAST_ARGON2, TEST_SECRET } from '../../test/support/harness.js';
import { snilsOf } from '../../test/support/roster.js';
import { ManualClock } from '../core/clock.js';
import { projectRoot } from '../core/paths.js';
import { openDatabase } from '../db/connect.js';
import { peopleStore } from '../directory/people-store.js';
import { realmStore } from '../realms/realm-store.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');

describe('propusk CLI: one SNILS is one person in a realm', () => {
  let dir: string;
  const envFor = (file: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    DATABASE_URL: join(dir, file),
    PROPUSK_SECRET: TEST_SECRET,
    BASE_URL: 'https://propusk.test',
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
    ARGON2_ITERATIONS: String(FAST_ARGON2.ARGON2_ITERATIONS),
  });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'propusk-cli-snils-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('`migrate` over duplicates: refused with how many and how to list them; applied once corrected', async () => {
    const env = envFor('dupes.sqlite');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });
    const before0019 = run(['migrate', '--to', '0018_organisation_versions']);
    assert.equal(before0019.status, 0, before0019.stderr);
    const handle = await openDatabase(join(dir, 'dupes.sqlite'));
    const clock = new ManualClock();
    await realmStore(handle.db, clock).create({ id: 'one', name: 'One', preset: 'dnevnik' });
    const people = peopleStore(handle.db, clock);
    const snils = snilsOf(8002);
    for (const login of ['twin1', 'twin2'])
      await people.create({
        realmId: 'one',
        login,
        loginNormalized: login,
        lastName: 'Близнец',
        firstName: 'Иван',
        snils,
      });
    const refused = run(['migrate']);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^propusk: 0019_unique_snils: 1 SNILS is held by more than one person in a realm \(2 people\)/m,
    );
    assert.match(refused.stderr, /SELECT realm_id, snils, id, login/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'a message, not a stack trace');
    assert.equal((await people.findBySnils('one', snils)).length, 2, 'nothing changed');
    await handle.db.updateTable('people').set({ snils: null }).where('login', '=', 'twin2').execute();
    await handle.close();
    const applied = run(['migrate']);
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(applied.stdout, /Applied: 0019_unique_snils/);
  });
});
