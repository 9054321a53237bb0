/**
 * ElJur's school page with its own sign-in form (article 003, the mobile-app path) through HTTP
 * on SQLite and PostgreSQL: the form as the article describes it, posting into the one sign-in
 * with the school kept; the same messages, CSRF check and throttling as the main sign-in; a
 * forged or foreign school is ignored; no form on the other realms' school pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';

const WRONG = 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!';

for (const dialect of DIALECTS) {
  describe(`the school page's sign-in form on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      const logs = h?.logs() ?? '';
      await h?.close();
      assert.ok(!logs.includes('unexpected error'), 'no request ended in a 500');
    });

    test('ElJur 1399: «Вход в журнал» with «Логин», «Пароль», «Войти», «Пригласительный код», «Забыли пароль?»', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/r/eljur/s/1399' });
      assert.equal(res.statusCode, 200);
      const form = /<section class="school-signin"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
      for (const part of [
        '<h2 id="school-signin-title">Вход в журнал</h2>',
        '<form method="post" action="/r/eljur/login" novalidate>',
        '<input type="hidden" name="_csrf"',
        '<input type="hidden" name="school" value="1399">',
        '<label for="school-login">Логин</label>',
        '<label for="school-password">Пароль</label>',
        '>Войти</button>',
        '<a class="invitation-code" href="/r/eljur/s/1399/hello">Пригласительный код</a>',
        '<a class="school-forgot" href="/r/eljur/recovery">Забыли пароль?</a>',
      ])
        assert.ok(form.includes(part), part);
      const dnevnik = await h.app.inject({ method: 'GET', url: '/r/dnevnik/s/1535' });
      assert.ok(!dnevnik.body.includes('school-signin'), 'Dnevnik signs in on its own page');
    });

    test('signing in from the school page: the same sign-in, refusals keep the school', async () => {
      const b = new Browser(h.app);
      const wrong = await b.submit('/r/eljur/s/1399', '/r/eljur/login', {
        school: '1399',
        login: 'orlova.math',
        password: 'not-her-password',
      });
      assert.equal(wrong.statusCode, 401);
      assert.ok(wrong.body.includes(WRONG));
      assert.ok(wrong.body.includes('<input type="hidden" name="school" value="1399">'));
      assert.ok(
        wrong.body.includes('<p class="signin-school"><a href="/r/eljur/s/1399">ГБОУ СОШ № 1399</a></p>'),
      );
      assert.ok(wrong.body.includes('href="/r/eljur/s/1399/hello">Пригласительный код'));
      const empty = await b.submit('/r/eljur/s/1399', '/r/eljur/login', {
        school: '1399',
        login: '',
        password: '',
      });
      assert.equal(empty.statusCode, 400);
      const right = await b.submit('/r/eljur/s/1399', '/r/eljur/login', {
        school: '1399',
        login: 'orlova.math',
        password: 'Algebra2026urok',
      });
      assert.equal(right.statusCode, 303);
      assert.equal(right.headers.location, '/r/eljur/profile');
      const english = new Browser(h.app);
      english.cookies.set('lang', 'en');
      const en = await english.submit('/r/eljur/s/1399', '/r/eljur/login', {
        school: '1399',
        login: 'orlova.math',
        password: 'wrong',
      });
      assert.equal(en.statusCode, 401);
      assert.match(en.body, /Wrong user name or password\. Please try again!/);
    });

    test("without the CSRF token: 403; a forged or another realm's school is ignored", async () => {
      const forged = await h.app.inject({
        method: 'POST',
        url: '/r/eljur/login',
        payload: new URLSearchParams({ school: '1399', login: 'orlova.math', password: 'x' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(forged.statusCode, 403);
      for (const school of ['1535', '<script>', 'x'.repeat(100), '1399\u0000', '']) {
        const b = new Browser(h.app);
        const res = await b.submit('/r/eljur/s/1399', '/r/eljur/login', {
          school,
          login: 'nobody.here',
          password: 'wrong-password',
        });
        assert.equal(res.statusCode, 401, JSON.stringify(school));
        assert.ok(!res.body.includes('name="school"'), JSON.stringify(school));
        assert.ok(!res.body.includes('<script>'), 'escaped or dropped');
      }
    });

    test('the school page form is throttled like the main sign-in', async () => {
      const b = new Browser(h.app);
      let status = 0;
      let body = '';
      for (let i = 0; i < 30 && status !== 429; i++) {
        const res = await b.submit('/r/eljur/s/1399', '/r/eljur/login', {
          school: '1399',
          login: 'kuzmina.brute',
          password: `wrong-${i}`,
        });
        status = res.statusCode;
        body = res.body;
      }
      assert.equal(status, 429);
      assert.match(body, /Слишком много неудачных попыток входа\. Попробуйте снова через/);
      assert.ok(body.includes('<input type="hidden" name="school" value="1399">'));
    });
  });
}
