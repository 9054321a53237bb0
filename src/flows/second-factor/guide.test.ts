/**
 * «Двухфакторная аутентификация», the instructions the ЭЦП sign-in screen links to: reached from
 * that screen, worded after the realm (ЭЦП or password first; required or optional; passkeys),
 * in the person's language, leading a person without phone and codes to «Не получается войти?»
 * with that reason chosen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';

for (const dialect of DIALECTS) {
  describe(`the two-factor guide on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });
    const get = (url: string, cookie?: string) =>
      h.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });

    test('the ЭЦП sign-in screen links to it, and it tells the whole way in', async () => {
      const login = await get('/r/recycle/login');
      assert.equal(login.statusCode, 200);
      assert.match(login.body, /<a href="\/r\/recycle\/help\/two-factor">Двухфакторная аутентификация<\/a>/);
      const page = await get('/r/recycle/help/two-factor');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Двухфакторная аутентификация<\/h1>/);
      // recycle signs in with ЭЦП (or a password, for applications) and requires the factor after both.
      assert.ok(page.body.includes('нужны два подтверждения: ЭЦП или пароль'));
      assert.ok(page.body.includes('подпишите вход ЭЦП в NCALayer'));
      assert.ok(!page.body.includes('не обязателен'));
      assert.ok(page.body.includes('«Использовать код восстановления»'));
      assert.ok(page.body.includes('href="/r/recycle/help?reason=lost_second_factor"'));
      // recycle does not let a passkey stand in for the code.
      assert.ok(!page.body.includes('ключом доступа'));
    });

    test('a realm where the factor is optional says so, with passwords and passkeys', async () => {
      const page = await get('/r/dnevnik/help/two-factor');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('нужны два подтверждения: пароль'));
      assert.ok(page.body.includes('второй фактор не обязателен'));
      assert.ok(page.body.includes('введите логин и пароль'));
      assert.ok(page.body.includes('ключом доступа'));
    });

    test('in the language the person chose', async () => {
      const kk = await get('/r/recycle/help/two-factor', 'lang=kk');
      assert.match(kk.body, /<h1>Екі факторлы аутентификация<\/h1>/);
      assert.ok(kk.body.includes('Қалпына келтіру кодын пайдалану'));
      const en = await get('/r/recycle/help/two-factor', 'lang=en');
      assert.match(en.body, /<h1>Two-factor authentication<\/h1>/);
    });

    test('«Не получается войти?» opens with the reason chosen', async () => {
      const help = await get('/r/dnevnik/help?reason=lost_second_factor');
      assert.equal(help.statusCode, 200);
      assert.match(help.body, /value="lost_second_factor"[^>]*(checked|selected)/);
      assert.ok(help.body.includes('нет ни телефона с приложением для входа, ни кодов восстановления'));
    });

    test('an unknown realm is the localised 404', async () => {
      const page = await get('/r/nowhere/help/two-factor');
      assert.equal(page.statusCode, 404);
    });
  });
}
