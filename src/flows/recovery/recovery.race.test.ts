/**
 * Counted guesses of the SMS branch under a race (issues 8.1 and 9.7): wrong digits and wrong
 * codes sent at once, in parallel through the app, each spend an attempt of their own, none gets
 * past the limit, and the right answer after the limit does nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { askRecovery, freshBrowser, recoverablePerson, smsFlowOf } from '../../../test/support/recovery.js';
import { startSmsGateway, type TestSmsGateway } from '../../../test/support/sms-gateway.js';

const PHONE = '/r/dnevnik/recovery/phone';
const CODE = '/r/dnevnik/recovery/code';
const remainingIn = (body: string): number | null => {
  const m = /Осталось попыток: (\d+)/.exec(body);
  return m ? Number(m[1]) : null;
};

for (const dialect of DIALECTS) {
  describe(`recovery: racing guesses on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sms: TestSmsGateway;
    let people = 0;
    before(async () => {
      sms = await startSmsGateway();
      h = await startHarness(dialect.name, { config: { ...sms.config } });
    });
    after(async () => {
      await h?.close();
      await sms?.close();
    });

    /** A person with a confirmed phone ending in 0101, and a browser at their digits page. */
    async function atDigits(): Promise<{ b: Browser; flow: string; csrf: string; phone: string }> {
      people++;
      const phone = `+7905${String(people).padStart(3, '0')}0101`;
      const person = await recoverablePerson(h, `race.person${people}`, { phone });
      const b = freshBrowser(h);
      const res = await askRecovery(h, b, 'dnevnik', '/recovery/password', '/recovery/password', {
        login: person.login,
      });
      const flow = smsFlowOf(res.body);
      const page = await b.get(`${PHONE}?flow=${flow}`);
      assert.equal(page.statusCode, 200);
      return { b, flow, csrf: csrfTokenOf(page.body), phone };
    }

    test('8.1 two wrong digits at once spend two attempts', async () => {
      const { b, flow, csrf } = await atDigits();
      const racing = await Promise.all(
        [0, 1].map(() => b.post(PHONE, { _csrf: csrf, flow, digits: '0000' })),
      );
      assert.deepEqual(
        racing.map((r) => r.statusCode),
        [400, 400],
      );
      assert.deepEqual(racing.map((r) => remainingIn(r.body)).sort(), [1, 2], 'each spent its own attempt');
      const third = await b.post(PHONE, { _csrf: csrf, flow, digits: '0000' });
      assert.equal(third.statusCode, 429, 'the third wrong digits end the branch');
      const right = await b.post(PHONE, { _csrf: csrf, flow, digits: '0101' });
      assert.equal(right.statusCode, 429, 'the right digits after the limit do nothing');
    });

    test('8.1 eight wrong digits at once: three are counted, none gets past the limit', async () => {
      const { b, flow, csrf } = await atDigits();
      const racing = await Promise.all(
        Array.from({ length: 8 }, () => b.post(PHONE, { _csrf: csrf, flow, digits: '9999' })),
      );
      const statuses = racing.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [400, 400, 429, 429, 429, 429, 429, 429]);
      assert.deepEqual(
        racing
          .map((r) => remainingIn(r.body))
          .filter((n) => n !== null)
          .sort(),
        [1, 2],
      );
      const right = await b.post(PHONE, { _csrf: csrf, flow, digits: '0101' });
      assert.equal(right.statusCode, 429);
    });

    test('8.1 seven wrong codes at once: five are counted, the right code after them does nothing', async () => {
      const { b, flow, csrf, phone } = await atDigits();
      const digits = await b.post(PHONE, { _csrf: csrf, flow, digits: '0101' });
      assert.equal(digits.statusCode, 303);
      await h.services.worker.runOnce();
      const code = /(\d{6})/.exec(sms.lastTo(phone) ?? '')?.[1] ?? '';
      assert.equal(code.length, 6, 'the code arrived');
      const wrong = code === '000000' ? '111111' : '000000';
      const racing = await Promise.all(
        Array.from({ length: 7 }, () => b.post(CODE, { _csrf: csrf, flow, code: wrong })),
      );
      const statuses = racing.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [400, 400, 400, 400, 429, 429, 429]);
      assert.deepEqual(
        racing
          .map((r) => remainingIn(r.body))
          .filter((n) => n !== null)
          .sort(),
        [1, 2, 3, 4],
        'each wrong code spent an attempt of its own',
      );
      const right = await b.post(CODE, { _csrf: csrf, flow, code });
      assert.equal(right.statusCode, 429, 'the right code after the limit does nothing');
    });
  });
}
