/**
 * Recovery timing: a stranger must not learn whether an account exists from how long a recovery
 * request takes (DESIGN: "the same way, in the same time"), nor from how long the request after
 * it takes while the server does what the first one set off (issue 9, item 4).
 *
 * Interleaved rounds, a rank statistic and a threshold from the run's own noise
 * (test/support/timing.ts). The forms are prepared before the rounds (a CSRF token, a captcha
 * answered in advance), so a round times only what an observer times: the POST.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { assertIndistinguishable, measureRounds } from '../../../test/support/timing.js';

const ROUNDS = 120;
const WARMUP = 3;
/** Five requests per subject an hour: enough people that no subject reaches the limit. */
const PEOPLE = 80;
const BIRTH = { day: '9', month: '3', year: '2008' };

/**
 * Posts recovery forms from one browser, each from its own address. The captcha challenges are
 * issued before the rounds (drawing a picture takes longer than the request it guards).
 */
async function poster(h: Harness, count: number) {
  const b = new Browser(h.app);
  const token = csrfTokenOf((await b.get('/r/dnevnik/recovery/password')).body);
  const challenges: { id: string; answer: string }[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await h.services.captcha.issue('image');
    challenges.push({ id, answer: h.services.captcha.revealForTests?.(id) ?? '' });
  }
  let address = 0;
  return async (path: string, fields: Record<string, string>): Promise<number> => {
    const challenge = challenges.pop();
    assert.ok(challenge, 'enough captcha challenges prepared');
    address++;
    const res = await b.post(
      `/r/dnevnik${path}`,
      { _csrf: token, captcha_id: challenge.id, captcha: challenge.answer, ...fields },
      { 'x-forwarded-for': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` },
    );
    return res.statusCode;
  };
}

describe('recovery timing', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
    const now = h.clock.now();
    for (let i = 0; i < PEOPLE; i++) {
      await h.services.people.create({
        realmId: 'dnevnik',
        login: `timing.known${i}`,
        loginNormalized: `timing.known${i}`,
        lastName: 'Тестова',
        firstName: 'Вера',
        birthDate: '2008-03-09',
        email: `timing.known${i}@demo.example`,
        emailNormalized: `timing.known${i}@demo.example`,
        emailVerifiedAt: now,
        phone: `+7903${String(10_000_000 + i).slice(1)}`,
        phoneVerifiedAt: now,
      });
    }
  });
  after(async () => {
    await h?.close();
  });

  test('no enumeration by timing: «Я не помню логин» answers in the same time whoever is asked about', async (t) => {
    const post = await poster(h, 4 * (ROUNDS + WARMUP));
    const ask = async (fields: Record<string, string>) => {
      const status = await post('/recovery/login', fields);
      assert.equal(status, 200, JSON.stringify(fields));
    };
    const samples = await measureRounds(
      ROUNDS,
      {
        rightDate: (i) => ask({ email: `timing.known${i % PEOPLE}@demo.example`, ...BIRTH }),
        wrongDate: (i) => ask({ email: `timing.known${i % PEOPLE}@demo.example`, ...BIRTH, year: '2007' }),
        unknown: (i) => ask({ email: `timing.nobody${i}@demo.example`, ...BIRTH }),
        noContacts: (i) => ask({ phone: `+7999${String(10_000_000 + i).slice(1)}`, ...BIRTH }),
      },
      { warmup: WARMUP },
    );
    for (const other of ['wrongDate', 'unknown', 'noContacts'] as const) {
      const result = assertIndistinguishable(samples.rightDate, samples[other], {
        label: `rightDate vs ${other}`,
      });
      t.diagnostic(result.describe());
    }
  });

  test('9.4 work after the reply: a request and the one after it take the same time whether the person exists', async (t) => {
    const post = await poster(h, 4 * (ROUNDS + WARMUP));
    // The letters are the outbox worker's job, done at its own pace (`serve` polls the outbox);
    // an answer must not set any work off in this process, not even by waking the worker.
    let kicks = 0;
    const kick = h.services.worker.kick;
    h.services.worker.kick = () => {
      kicks++;
      kick();
    };
    let next = 0;
    // A recovery request, then at once another one (about nobody), as an observer would send
    // them: whatever the first set off in this process falls on the second.
    const pair = async (login: string) => {
      assert.equal(await post('/recovery/password', { login }), 200);
      assert.equal(await post('/recovery/password', { login: `timing.after${next++}` }), 200);
    };
    const samples = await measureRounds(
      ROUNDS,
      {
        known: (i) => pair(`timing.known${i % PEOPLE}`),
        unknown: (i) => pair(`timing.nobody.login${i}`),
      },
      { warmup: WARMUP },
    );
    const result = assertIndistinguishable(samples.known, samples.unknown, {
      label: 'known vs unknown, with the next request',
    });
    t.diagnostic(result.describe());
    assert.equal(kicks, 0, 'no answer woke the outbox worker');
    h.services.worker.kick = kick;
  });
});
