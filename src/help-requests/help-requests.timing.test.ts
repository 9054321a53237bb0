/**
 * «Заявка на восстановление доступа» timing: the public form must not tell, by how long it
 * takes, whether the person it names has a profile in the school (the answer is a new number
 * whoever asked, and nobody is looked up); the status page answers a number of another realm
 * as it answers a number that was never given, in the same words and the same time.
 *
 * Interleaved rounds, a rank statistic and a threshold from the run's own noise
 * (test/support/timing.ts). The form is prepared before the rounds (a CSRF token, captchas
 * answered in advance), so a round times only the POST; every request comes from its own
 * address, so the per-address throttles are never reached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../test/support/harness.js';
import { assertIndistinguishable, measureRounds } from '../../test/support/timing.js';
import { createHelpRequest } from './store.js';

const ROUNDS = 120;
const WARMUP = 3;

let address = 0;
const nextAddress = (): string => {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
};

describe('access-help timing', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  test('the form answers in the same time whether the person named has a profile in the school', async (t) => {
    const b = new Browser(h.app);
    const token = csrfTokenOf((await b.get('/r/dnevnik/help?school=1535')).body);
    const challenges: { id: string; answer: string }[] = [];
    for (let i = 0; i < 2 * (ROUNDS + WARMUP); i++) {
      const { id } = await h.services.captcha.issue('image');
      challenges.push({ id, answer: h.services.captcha.revealForTests?.(id) ?? '' });
    }
    const ask = async (lastName: string, firstName: string) => {
      const challenge = challenges.pop();
      assert.ok(challenge, 'enough captcha challenges prepared');
      const res = await b.post(
        '/r/dnevnik/help',
        {
          _csrf: token,
          school: '1535',
          lastName,
          firstName,
          middleName: 'Александровна',
          className: '9Б',
          role: 'student',
          contact: '+7 953 354-12-34',
          reason: 'no_contact',
          captcha_id: challenge.id,
          captcha: challenge.answer,
        },
        { 'x-forwarded-for': nextAddress() },
      );
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    };
    const samples = await measureRounds(
      ROUNDS,
      {
        known: () => ask('Волкова', 'Екатерина'),
        unknown: () => ask('Несуществующая', 'Персона'),
      },
      { warmup: WARMUP },
    );
    const result = assertIndistinguishable(samples.known, samples.unknown, { label: 'known vs unknown' });
    t.diagnostic(result.describe());
  });

  test("the status page: another realm's number and a number never given, one answer in the same time", async (t) => {
    const elsewhere = await h.services.organisations.findBySlug('eljur', '1399');
    assert.ok(elsewhere, 'a school of ElJur');
    const numbers: string[] = [];
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      const row = await createHelpRequest(h.services.db, h.clock, {
        realmId: 'eljur',
        organisationId: elsewhere.id,
        reason: 'no_contact',
        lastName: 'Волкова',
        firstName: 'Екатерина',
        middleName: null,
        className: null,
        role: 'student',
        contact: '+7 953 354-12-34',
      });
      numbers.push(row.number);
    }
    const given = new Set(numbers);
    const unknownNumbers: string[] = [];
    for (let i = 0; unknownNumbers.length < ROUNDS + WARMUP; i++) {
      const n = String(i * 7919 + 1000).padStart(12, '0');
      const number = `${n.slice(0, 4)}-${n.slice(4, 8)}-${n.slice(8)}`;
      if (!given.has(number)) unknownNumbers.push(number);
    }
    const look = async (number: string) => {
      const res = await h.app.inject({
        url: `/r/dnevnik/help/status?number=${number}`,
        headers: { 'x-forwarded-for': nextAddress() },
      });
      assert.equal(res.statusCode, 404);
      return res.body.replaceAll(number, 'N');
    };
    assert.equal(await look(numbers[0] as string), await look(unknownNumbers[0] as string));
    const samples = await measureRounds(
      ROUNDS,
      {
        otherRealm: (i) => look(numbers[i] as string),
        neverGiven: (i) => look(unknownNumbers[i] as string),
      },
      { warmup: WARMUP },
    );
    const result = assertIndistinguishable(samples.otherRealm, samples.neverGiven, {
      label: "another realm's number vs a number never given",
    });
    t.diagnostic(result.describe());
  });
});
