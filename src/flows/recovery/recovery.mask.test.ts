/**
 * The SMS branch's masked number (issue 9, item 1) must not tell a stranger whether an account
 * exists: a submitted phone is shown with its own first digits whoever it belongs to, and an
 * email's mask depends on the email alone — the same whatever phone or date comes with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { csrfTokenOf, type Harness, startHarness, textOf } from '../../../test/support/harness.js';
import { askRecovery, freshBrowser, smsFlowOf } from '../../../test/support/recovery.js';

// ekaterinavolkov of the demo: born 14.05.2009, volkova@demo.example and +79533541234, both confirmed.
const BORN = { day: '14', month: '5', year: '2009' };
const OTHER_DAY = { day: '15', month: '5', year: '2009' };

for (const dialect of DIALECTS) {
  describe(`recovery: the masked number on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    /** The visible part of the number on the digits page of «Я не помню логин и пароль». */
    async function maskFor(fields: Record<string, string>): Promise<string> {
      const b = freshBrowser(h);
      const res = await askRecovery(h, b, 'dnevnik', '/recovery/both', '/recovery/both', fields);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const page = await b.get(`/r/dnevnik/recovery/phone?flow=${smsFlowOf(res.body)}`);
      assert.equal(page.statusCode, 200);
      const mask = /class="masked-phone">([^<]*)</.exec(page.body)?.[1];
      assert.ok(mask, 'a masked number on the page');
      return mask;
    }

    test("9.1 a submitted phone is masked with that phone's own digits, whoever it belongs to", async () => {
      assert.equal(await maskFor({ phone: '+79533541234', ...BORN }), '7953354', 'a real person');
      assert.equal(await maskFor({ phone: '+79267770011', ...BORN }), '7926777', 'nobody has it');
      assert.equal(await maskFor({ phone: '8 (926) 777-00-11', ...OTHER_DAY }), '7926777', 'another date');
      assert.equal(
        await maskFor({ phone: '+79533541234', ...OTHER_DAY }),
        '7953354',
        'a real phone, wrong date',
      );
    });

    /** The answers to the right digits of the number, then to two wrong codes. */
    async function digitsThenCodes(fields: Record<string, string>, digits: string): Promise<string[]> {
      const b = freshBrowser(h);
      const res = await askRecovery(h, b, 'dnevnik', '/recovery/both', '/recovery/both', fields);
      const flow = smsFlowOf(res.body);
      const seen: string[] = [];
      const page = await b.get(`/r/dnevnik/recovery/phone?flow=${flow}`);
      const right = await b.post('/r/dnevnik/recovery/phone', {
        _csrf: csrfTokenOf(page.body),
        flow,
        digits,
      });
      seen.push(`digits ${right.statusCode} ${right.headers.location ?? ''}`.replace(flow, 'FLOW'));
      for (const code of ['000001', '000002']) {
        const form = await b.get(`/r/dnevnik/recovery/code?flow=${flow}`);
        const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
        const heading = /<h1[^>]*>([^<]*)</.exec(form.body)?.[1] ?? '';
        seen.push(`code page ${form.statusCode} ${heading}`);
        if (!token) continue;
        const wrong = await b.post('/r/dnevnik/recovery/code', { _csrf: token, flow, code });
        seen.push(`code ${wrong.statusCode} ${textOf(wrong.body, 'field-error') ?? ''}`);
      }
      return seen;
    }

    test("9.1 the right digits of a stranger's own number lead on exactly as a real person's", async () => {
      const real = await digitsThenCodes({ phone: '+79533541234', ...BORN }, '1234');
      const stranger = await digitsThenCodes({ phone: '+79267770011', ...BORN }, '0011');
      const wrongDate = await digitsThenCodes({ phone: '+79533541234', ...OTHER_DAY }, '1234');
      assert.match(real[0] ?? '', /^digits 303 /);
      assert.deepEqual(stranger, real);
      assert.deepEqual(wrongDate, real);
      // Only the real person gets an SMS: nobody's number is never sent one.
      const sms = await h.services.db
        .selectFrom('outbox')
        .select('recipient')
        .where('channel', '=', 'sms')
        .where('template', '=', 'recovery_code')
        .execute();
      assert.equal(sms.filter((r) => r.recipient === '+79267770011').length, 0);
      assert.equal(sms.filter((r) => r.recipient === '+79533541234').length, 1);
    });

    test('9.1 an email is masked the same whatever phone or date comes with it, known or not', async () => {
      const known = await maskFor({ email: 'volkova@demo.example', ...BORN });
      assert.equal(known, '7953354', "the person's own number");
      assert.equal(await maskFor({ email: 'volkova@demo.example', phone: '+79267770011', ...BORN }), known);
      const stranger = await maskFor({ email: 'nobody.mask@demo.example', ...BORN });
      assert.match(stranger, /^79\d{5}$/, 'a made-up number that looks like one');
      for (const extra of [
        { phone: '+79267770011', ...BORN },
        { ...OTHER_DAY },
        { phone: '+79533541234', ...OTHER_DAY },
      ]) {
        assert.equal(
          await maskFor({ email: 'nobody.mask@demo.example', ...extra }),
          stranger,
          `stable with ${JSON.stringify(extra)}`,
        );
      }
    });
  });
}
