/**
 * «Новый пароль» with a malformed form: a repeated field is refused next to the field with a
 * localised 400, and the temporary password stays until a well-formed form replaces it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';

const PAGE = '/r/dnevnik/password/new';

for (const dialect of DIALECTS) {
  describe(`«Новый пароль» form on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => h?.close());

    test('a repeated field is refused next to it; the temporary password is kept', async () => {
      const b = new Browser(h.app);
      const signed = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'novikov.artem',
        password: 'vremya-7K3p',
      });
      assert.equal(signed.headers.location, PAGE);
      const token = csrfTokenOf((await b.get(PAGE)).body);
      const post = (body: string) =>
        h.app.inject({
          method: 'POST',
          url: PAGE,
          payload: `_csrf=${encodeURIComponent(token)}&${body}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
        });
      for (const body of [
        'password=Kometa-Luna-2049&password=Kometa-Luna-2049&password2=Kometa-Luna-2049',
        'password=Kometa-Luna-2049&password2=Kometa-Luna-2049&password2=x',
      ]) {
        const res = await post(body);
        assert.equal(res.statusCode, 400, body);
        assert.ok(res.body.includes('Поле передано несколько раз'), body);
      }
      const person = await h.services.people.findByLogin('dnevnik', 'novikov.artem');
      assert.equal(person?.password_must_change, 1, 'still the temporary password');
      const done = await post('password=Kometa-Luna-2049&password2=Kometa-Luna-2049');
      assert.equal(done.statusCode, 303);
    });
  });
}
