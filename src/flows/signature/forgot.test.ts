/**
 * «Отправить ссылку на email» after an ЭЦП sign-in (article 004, step 4), on SQLite and
 * PostgreSQL: the person known from their signature sees «Ваш email», and the form sends
 * recovery's link to that address from here (the letter arrives, its link opens «Новый пароль»);
 * another address, a malformed one, no signature, another browser's flow, a forged CSRF token and
 * too many requests are refused with their own message and a 4xx, and send nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf } from '../../../test/support/harness.js';
import { b64, CONSENTS, signAs, useNcalayerHarness } from '../../../test/support/ncalayer.js';

const FORGOT = '/r/recycle/signature/forgot';
const EMAIL = 'tteniscent@demo.example';

for (const dialect of DIALECTS) {
  describe(`«Отправить ссылку на email» after ЭЦП on ${dialect.name}`, { skip: dialect.skip }, () => {
    const { h, sim } = useNcalayerHarness(dialect.name);

    /** A browser that signed in with akhmetov's key a moment ago: the forgot page of that flow. */
    async function signed(b: Browser): Promise<{ flow: string; csrf: string; body: string }> {
      const login = await b.get('/r/recycle/signature/login');
      const csrf = csrfTokenOf(login.body);
      const issued = await b.post('/r/recycle/signature/challenge', { _csrf: csrf, ...CONSENTS });
      const { flow, data } = issued.json() as { flow: string; data: string };
      const cms = b64(signAs(sim.pki, 'gost', 'individual', Buffer.from(data, 'base64')));
      const res = await b.post('/r/recycle/signature/login', { _csrf: csrf, flow, cms, ...CONSENTS });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const page = await b.get(`${FORGOT}?flow=${flow}`);
      return { flow, csrf: csrfTokenOf(page.body), body: page.body };
    }

    const letters = async () => {
      await h.services.worker.runOnce();
      return h.services.db
        .selectFrom('outbox')
        .select(['recipient', 'template'])
        .where('recipient', '=', EMAIL)
        .where('template', '=', 'password_reset_link')
        .execute();
    };

    test('the link goes to the address on file, from this form, and opens «Новый пароль»', async () => {
      const b = new Browser(h.app);
      const { flow, csrf, body } = await signed(b);
      assert.ok(body.includes(`Ваш email: ${EMAIL}`));
      const before = (await letters()).length;
      const sent = await b.post(FORGOT, { _csrf: csrf, flow, email: ` ${EMAIL.toUpperCase()} ` });
      assert.equal(sent.statusCode, 200, sent.body.slice(0, 300));
      assert.ok(sent.body.includes(`Письмо со ссылкой для восстановления доступа отправлено на ${EMAIL}`));
      assert.equal((await letters()).length, before + 1, 'one letter');
      const box = (await b.get('/dev/mailbox')).body;
      const link = /\/r\/recycle\/recovery\/reset\/[^"\s<&]+/.exec(box)?.[0];
      assert.ok(link, 'the letter holds recovery’s link');
      const opened = await b.get(link);
      assert.ok([200, 303].includes(opened.statusCode), String(opened.statusCode));
    });

    test('another address, a malformed one, no signature, another browser: refused, nothing sent', async () => {
      const b = new Browser(h.app);
      const { flow, csrf } = await signed(b);
      const before = (await letters()).length;
      const other = await b.post(FORGOT, { _csrf: csrf, flow, email: 'someone@demo.example' });
      assert.equal(other.statusCode, 400);
      assert.ok(other.body.includes('Это не тот адрес, который указан в системе.'));
      assert.ok(other.body.includes('aria-invalid="true"'));
      for (const email of ['', 'not-an-address', `${'a'.repeat(600)}@x.kz`, 'почта@пример']) {
        const bad = await b.post(FORGOT, { _csrf: csrf, flow, email });
        assert.equal(bad.statusCode, 400, email.slice(0, 20));
      }
      const stranger = new Browser(h.app);
      const page = await stranger.get(FORGOT);
      assert.ok(!page.body.includes('Ваш email'), 'nobody is shown without a signature');
      const unsigned = await stranger.post(FORGOT, { _csrf: csrfTokenOf(page.body), flow, email: EMAIL });
      assert.equal(unsigned.statusCode, 409, 'another browser’s flow is not this one');
      assert.ok(unsigned.body.includes('Сначала войдите с ЭЦП'));
      const forged = await b.post(FORGOT, { _csrf: 'forged', flow, email: EMAIL });
      assert.equal(forged.statusCode, 403);
      const english = await b.post(
        FORGOT,
        { _csrf: csrf, flow, email: 'x@demo.example' },
        { cookie: `${b.cookieHeader()}; lang=en` },
      );
      assert.ok(english.body.includes('This is not the address the system has.'));
      assert.equal((await letters()).length, before, 'nothing was sent');
    });

    test('too many links for one person: 429 with Retry-After, not one letter more', async () => {
      const b = new Browser(h.app);
      const { flow, csrf } = await signed(b);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await b.post(FORGOT, { _csrf: csrf, flow, email: EMAIL })).statusCode);
      assert.ok(statuses.includes(429), statuses.join(' '));
      const refused = await b.post(FORGOT, { _csrf: csrf, flow, email: EMAIL });
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.ok(statuses.filter((s) => s === 200).length <= 5, 'the per-person limit holds');
    });
  });
}
