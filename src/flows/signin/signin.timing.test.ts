/**
 * Sign-in timing: a stranger must not learn whether a login exists from how long a failed
 * sign-in takes — neither for a person whose hash has the current argon2 parameters, nor for one
 * whose hash was made before the operator raised them (issue 9, item 3).
 *
 * Interleaved rounds, a rank statistic and a threshold from the run's own noise
 * (test/support/timing.ts), with the real argon2 costs: the difference to hide is the argon2 work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { assertIndistinguishable, measureRounds } from '../../../test/support/timing.js';
import { type Argon2Params, passwordHasher } from '../../core/crypto/passwords.js';

const ROUNDS = 120;
/** More people than ROUNDS / (failures a login may have before it is slowed down). */
const PEOPLE = 30;

/** People of the dnevnik realm whose hash is made with `params`; returns their logins. */
async function addPeople(h: Harness, prefix: string, params: Argon2Params): Promise<string[]> {
  const hasher = await passwordHasher(params);
  const logins: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const login = `${prefix}${i}`;
    await h.services.people.create({
      realmId: 'dnevnik',
      login,
      loginNormalized: login,
      lastName: 'Тестова',
      firstName: 'Мария',
      passwordHash: await hasher.hash(`Right-Password-${i}`),
    });
    logins.push(login);
  }
  return logins;
}

/** One failed sign-in as an outside observer sees it: a wrong password, a fresh address. */
function failer(h: Harness): (login: string, call: number) => Promise<void> {
  const b = new Browser(h.app);
  let token: string | null = null;
  let address = 0;
  return async (login, call) => {
    token ??= csrfTokenOf((await b.get('/r/dnevnik/login')).body);
    address++;
    const res = await b.post(
      '/r/dnevnik/login',
      { _csrf: token, login, password: `wrong-${call}` },
      { 'x-forwarded-for': `10.${address >> 8}.${address & 255}.9` },
    );
    assert.equal(res.statusCode, 401, `${login}: ${res.statusCode}`);
  };
}

const OWASP: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

describe('sign-in timing does not tell an unknown login from a wrong password', () => {
  let h: Harness;
  before(async () => {
    // The real argon2 parameters: the dummy verification must cost what a real one costs.
    h = await startHarness('sqlite', {
      config: { ARGON2_MEMORY_KIB: 19_456, ARGON2_ITERATIONS: 2, ARGON2_PARALLELISM: 1 },
    });
  });
  after(async () => {
    await h?.close();
  });

  test('a wrong password and an unknown login take the same time', async (t) => {
    const known = await addPeople(h, 'timing.known', OWASP);
    const fail = failer(h);
    const samples = await measureRounds(ROUNDS, {
      known: (i) => fail(known[i % PEOPLE] as string, i),
      unknown: (i) => fail(`timing.nobody${i % PEOPLE}`, i),
    });
    const result = assertIndistinguishable(samples.known, samples.unknown, { label: 'known vs unknown' });
    t.diagnostic(result.describe());
    assert.ok(result.medianA > 5, `argon2 really ran (${result.describe()})`);
  });
});

describe('sign-in timing after the argon2 parameters were raised (issue 9, item 3)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', {
      config: { ARGON2_MEMORY_KIB: 19_456, ARGON2_ITERATIONS: 2, ARGON2_PARALLELISM: 1 },
    });
  });
  after(async () => {
    await h?.close();
  });

  test('a person whose hash has the old, cheaper parameters fails as slowly as an unknown login', async (t) => {
    // Hashes made before ARGON2_MEMORY_KIB went from 8 MiB to 19 MiB: about a third of the work.
    const old = await addPeople(h, 'timing.old', { ...OWASP, memoryCost: 8192 });
    const current = await addPeople(h, 'timing.current', OWASP);
    const fail = failer(h);
    const samples = await measureRounds(ROUNDS, {
      old: (i) => fail(old[i % PEOPLE] as string, i),
      unknown: (i) => fail(`timing.nobody${i % PEOPLE}`, i),
      current: (i) => fail(current[i % PEOPLE] as string, i),
    });
    const sets = await h.services.passwords.parameterSets();
    assert.equal(sets.length, 2, 'the old parameter set was found among the stored hashes');
    for (const [kind, label] of [
      ['old', 'old-parameter hash vs unknown'],
      ['current', 'current-parameter hash vs unknown'],
    ] as const) {
      t.diagnostic(assertIndistinguishable(samples[kind], samples.unknown, { label }).describe());
    }
  });
});
