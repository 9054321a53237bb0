/**
 * recycle demands a second factor of everybody who signs in (article 004, «Ввиду добавления
 * двухфакторной аутентификации»): a person who signs with ЭЦП and gives the password but has no
 * authenticator is shown the enrolment (the QR code and the manual key, or a passkey) before any
 * session begins; every other address is refused meanwhile. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf } from '../../../test/support/harness.js';
import { b64, CONSENTS, signAs, useNcalayerHarness } from '../../../test/support/ncalayer.js';
import { codeAt } from '../../factors/totp.js';

function keyOf(body: string): string {
  const m = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(body);
  assert.ok(m?.[1], 'the manual key is shown');
  return m[1].replace(/ /g, '');
}

for (const dialect of DIALECTS) {
  describe(`ЭЦП sign-in without a second factor on ${dialect.name}`, { skip: dialect.skip }, () => {
    const { h, sim } = useNcalayerHarness(dialect.name);

    /** ЭЦП then the password; returns the step's address. */
    async function signatureAndPassword(b: Browser): Promise<string> {
      const csrf = csrfTokenOf((await b.get('/r/recycle/login')).body);
      const issued = await b.post('/r/recycle/signature/challenge', { _csrf: csrf, ...CONSENTS });
      const { flow, data } = issued.json() as { flow: string; data: string };
      const cms = b64(signAs(sim.pki, 'gost', 'individual', Buffer.from(data, 'base64')));
      const signed = await b.post('/r/recycle/signature/login', { _csrf: csrf, flow, cms, ...CONSENTS });
      assert.equal(signed.statusCode, 303, signed.body.slice(0, 300));
      const page = await b.get(String(signed.headers.location));
      const pw = await b.post('/r/recycle/signature/password', {
        _csrf: csrfTokenOf(page.body),
        flow,
        password: 'Kz!Eco#2026',
      });
      assert.equal(pw.statusCode, 303);
      const step = String(pw.headers.location);
      assert.match(step, /^\/r\/recycle\/login\/step\/[A-Za-z0-9_-]+$/);
      return step;
    }

    async function sessionsOf(iin: string) {
      const person = (await h.services.people.findByIin('recycle', iin))[0];
      assert.ok(person);
      return h.services.db
        .selectFrom('sessions')
        .select(['method', 'second_factor'])
        .where('person_id', '=', person.id)
        .execute();
    }

    test('the enrolment comes before any session; other addresses do not let the person in', async () => {
      const b = new Browser(h.app);
      const step = await signatureAndPassword(b);
      const page = await b.get(step);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ввиду добавления двухфакторной аутентификации/);
      assert.match(page.body, /<img[^>]+data:image\/(png|svg)/, 'the QR code');
      const key = keyOf(page.body);
      // Trying to skip it: no session anywhere.
      for (const path of [
        '/r/recycle/profile',
        '/r/recycle/settings',
        '/r/recycle/settings/totp/x',
      ] as const) {
        const res = await b.get(path);
        assert.equal(res.statusCode, 303, path);
        assert.match(String(res.headers.location), /^\/r\/recycle\/login/, path);
      }
      const back = await b.get('/r/recycle/login');
      assert.equal(back.statusCode, 200);
      assert.doesNotMatch(back.body, /person-name/);
      assert.deepEqual(await sessionsOf('061211600012'), []);
      // A wrong first code, then the right one.
      const wrong = await b.post(`${step}/enrol`, { _csrf: csrfTokenOf(page.body), code: '000000' });
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(await sessionsOf('061211600012'), []);
      const enrolled = await b.post(`${step}/enrol`, {
        _csrf: csrfTokenOf(wrong.body),
        code: codeAt(key, h.clock.now()),
      });
      assert.equal(enrolled.statusCode, 200, enrolled.body.slice(0, 300));
      assert.equal([...enrolled.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].length, 10);
      const profile = await b.get('/r/recycle/profile');
      assert.equal(profile.statusCode, 200);
      assert.ok(profile.body.includes('Ахметов'));
      assert.deepEqual(await sessionsOf('061211600012'), [{ method: 'signature', second_factor: 'totp' }]);
      // The next sign-in asks for the code instead.
      const next = new Browser(h.app);
      const again = await signatureAndPassword(next);
      const codePage = await next.get(again);
      assert.doesNotMatch(codePage.body, /totp-key/);
      assert.match(codePage.body, /name="code"/);
    });

    test('the step is bound to the browser that signed: another browser gets a localised 410', async () => {
      const step = await signatureAndPassword(new Browser(h.app));
      const other = await new Browser(h.app).get(step);
      assert.equal(other.statusCode, 410);
      assert.match(other.body, /Время на вход истекло/);
    });
  });
}
