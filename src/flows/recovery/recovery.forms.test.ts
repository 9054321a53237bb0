/**
 * Recovery's forms are read by their schemas (issue 8, item 6): a field sent twice or far too
 * long is refused next to its field with a localised message and a 4xx, never guessed at; the
 * SMS branch treats a mangled entry as a typo (no attempt spent) and a mangled flow as unknown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { askRecovery, freshBrowser, recoverablePerson, smsFlowOf } from '../../../test/support/recovery.js';

const REPEATED = 'Поле передано несколько раз: отправьте форму ещё раз со страницы';
const TOO_LONG = 'Слишком длинное значение';

const fieldErrors = (body: string): string[] =>
  [...body.matchAll(/class="field-error"[^>]*>(?:<li>)?([^<]+)</g)].map((m) => m[1] ?? '');

for (const dialect of DIALECTS) {
  describe(`recovery forms on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    /** Posts a raw urlencoded body (so that a field can be repeated) with the browser's cookies. */
    async function postRaw(b: Browser, url: string, body: string) {
      return h.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: b.cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '192.0.2.77',
        },
        payload: body,
      });
    }

    async function formOf(b: Browser, path: string): Promise<string> {
      const page = await b.get(path);
      const captchaId = /name="captcha_id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const answer = h.services.captcha.revealForTests?.(captchaId) ?? '';
      return `_csrf=${encodeURIComponent(csrfTokenOf(page.body))}&captcha_id=${encodeURIComponent(captchaId)}&captcha=${answer}`;
    }

    test('8.6 a repeated login is refused next to the field, and the form comes back', async () => {
      const b = freshBrowser(h);
      const base = await formOf(b, '/r/dnevnik/recovery/password');
      const res = await postRaw(b, '/r/dnevnik/recovery/password', `${base}&login=one&login=two`);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(fieldErrors(res.body), [REPEATED]);
      assert.ok(res.body.includes('name="login"'), 'the form again');
    });

    test('8.6 an over-long email or date field is refused next to its field', async () => {
      const b = freshBrowser(h);
      const email = `${'a'.repeat(10_001)}@x.ru`;
      const res = await postRaw(
        b,
        '/r/dnevnik/recovery/login',
        `${await formOf(b, '/r/dnevnik/recovery/login')}&email=${email}&day=12345&month=1&year=2000`,
      );
      assert.equal(res.statusCode, 400);
      assert.deepEqual(fieldErrors(res.body).sort(), [TOO_LONG, TOO_LONG]);
      assert.ok(!res.body.includes('a'.repeat(301)), 'nothing long is echoed back');
    });

    test('8.6 the SMS branch: a repeated entry is a typo, a repeated flow is unknown', async () => {
      const person = await recoverablePerson(h, 'forms.person', { phone: '+79057770202' });
      const b = freshBrowser(h);
      const res = await askRecovery(h, b, 'dnevnik', '/recovery/password', '/recovery/password', {
        login: person.login,
      });
      const flow = smsFlowOf(res.body);
      const csrf = encodeURIComponent(
        csrfTokenOf((await b.get(`/r/dnevnik/recovery/phone?flow=${flow}`)).body),
      );
      const typo = await postRaw(
        b,
        '/r/dnevnik/recovery/phone',
        `_csrf=${csrf}&flow=${flow}&digits=1&digits=2`,
      );
      assert.equal(typo.statusCode, 400);
      assert.deepEqual(fieldErrors(typo.body), ['Введите 4 недостающие цифры номера']);
      const twice = await postRaw(
        b,
        '/r/dnevnik/recovery/phone',
        `_csrf=${csrf}&flow=${flow}&flow=${flow}&digits=0202`,
      );
      assert.equal(twice.statusCode, 404);
      const right = await postRaw(b, '/r/dnevnik/recovery/phone', `_csrf=${csrf}&flow=${flow}&digits=0202`);
      assert.equal(right.statusCode, 303, 'neither spent an attempt nor ended the flow');
    });

    test('8.6 the new password sent twice is refused next to the field', async () => {
      const person = await recoverablePerson(h, 'forms.link');
      await askRecovery(h, freshBrowser(h), 'dnevnik', '/recovery/password', '/recovery/password', {
        login: person.login,
      });
      await h.services.worker.runOnce();
      const [row] = await h.services.outbox.mailbox(1);
      const link = /\/r\/dnevnik\/recovery\/reset\/[A-Za-z0-9_.-]+/.exec(
        row?.message?.channel === 'email' ? row.message.text : '',
      )?.[0];
      assert.ok(link, 'the letter was queued by the job');
      const b = freshBrowser(h);
      const csrf = encodeURIComponent(csrfTokenOf((await b.get(link)).body));
      const res = await postRaw(
        b,
        link,
        `_csrf=${csrf}&password=Odin-Dva-3344&password=x&password2=Odin-Dva-3344`,
      );
      assert.equal(res.statusCode, 400);
      assert.deepEqual(fieldErrors(res.body), [REPEATED]);
      assert.equal((await b.get(link)).statusCode, 200, 'the link still works');
    });
  });
}
