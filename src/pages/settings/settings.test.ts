/**
 * «Настройки» through HTTP (app.inject), on SQLite and PostgreSQL: the page, changing the
 * password (the letter over real SMTP, other sessions ended, old password refused), every refusal
 * of the form, the throttle, CSRF and sign-in. The list of sessions is in settings.sessions.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, textOf } from '../../../test/support/harness.js';
import {
  CHROME_WINDOWS,
  END,
  END_OTHERS,
  LOGIN_PAGE,
  SAFARI_IPHONE,
  SETTINGS,
  settingsSuite,
} from '../../../test/support/settings.js';

const CHANGE = '/r/dnevnik/settings/password';

/** The messages listed under a field (`<ul class="field-error" id="<field>-error">`). */
function errorsOf(body: string, field: string): string[] {
  const list =
    new RegExp(`<ul class="field-error" id="${field}-error">([\\s\\S]*?)</ul>`).exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => (m[1] ?? '').trim());
}

for (const dialect of DIALECTS) {
  describe(`«Настройки» on ${dialect.name}`, { skip: dialect.skip }, () => {
    const { suite, signIn, sessionIdOf, personId } = settingsSuite(dialect.name);

    const change = (b: Browser, current: string, password: string, password2 = password) =>
      b.submit(SETTINGS, CHANGE, { current_password: current, password, password2 });

    test('the page has the password form, the sessions and the contact links', async () => {
      const b = await signIn('petrova.anya', 'Oblako-2290');
      const res = await b.get(SETTINGS);
      assert.equal(res.statusCode, 200);
      for (const text of [
        'Настройки',
        'Текущий пароль',
        'Новый пароль',
        'Повторите пароль',
        'Сохранить',
        'Активные сеансы',
        'Текущий сеанс',
        'Других активных сеансов нет.',
        'Не менее 8 символов',
      ]) {
        assert.ok(res.body.includes(text), `missing «${text}»`);
      }
      assert.match(res.body, /href="\/r\/dnevnik\/settings\/email"/);
      assert.match(res.body, /href="\/r\/dnevnik\/settings\/phone"/);
      assert.match(res.body, /action="\/r\/dnevnik\/settings\/password"/);

      b.cookies.set('lang', 'kk');
      const kk = await b.get(SETTINGS);
      assert.ok(kk.body.includes('Баптаулар'));
      assert.ok(kk.body.includes('Ағымдағы құпиясөз'));
      assert.ok(kk.body.includes('Кемінде 8 таңба'), 'policy hints from the main catalogue');
    });

    test('a changed password: the letter, other sessions ended, this one kept, old refused', async () => {
      const { h, app, smtp } = suite();
      const id = await personId('ekaterinavolkov');
      const here = await signIn('ekaterinavolkov', 'Zvezda-4815', {
        'user-agent': CHROME_WINDOWS,
        'x-forwarded-for': '203.0.113.7',
      });
      const phone = await signIn('ekaterinavolkov', 'Zvezda-4815', { 'user-agent': SAFARI_IPHONE });
      const tablet = await signIn('ekaterinavolkov', 'Zvezda-4815');
      const thisSession = sessionIdOf(here);

      const res = await change(here, 'Zvezda-4815', 'Sozvezdie-Liry-2026');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${SETTINGS}?done=password&ended=2`);
      const page = await here.get(res.headers.location);
      assert.equal(page.statusCode, 200);
      assert.equal(textOf(page.body, 'notice-success'), 'Пароль изменён. Завершено других сеансов: 2.');

      // Other browsers are signed out, this one is not.
      assert.equal((await phone.get('/r/dnevnik/profile')).statusCode, 303);
      assert.equal((await tablet.get('/r/dnevnik/profile')).statusCode, 303);
      assert.equal((await here.get('/r/dnevnik/profile')).statusCode, 200);
      const left = await h.services.sessions.listOf(id);
      assert.deepEqual(
        left.map((s) => s.id),
        [thisSession],
      );

      // The letter went over SMTP to the person's address.
      await h.services.worker.runOnce();
      await smtp.waitFor(1);
      const letter = smtp.letters.find((l) => l.envelopeTo.includes('volkova@demo.example'));
      assert.ok(letter, 'a letter to the person');
      assert.equal(letter.parsed.subject, 'Пароль изменён — Дневник.ру');
      assert.match(letter.parsed.text ?? '', /01\.09\.2026 08:00 UTC/);
      assert.match(letter.parsed.text ?? '', /203\.0\.113\.7/);
      assert.match(letter.parsed.text ?? '', /Екатерина/);

      const person = await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov');
      assert.equal(person?.password_changed_at, h.clock.now());
      const events = await h.services.audit.listForSubject(id);
      const changed = events.find((e) => e.action === 'password.changed');
      assert.ok(changed, 'audited');
      assert.equal(changed.ip, '203.0.113.7');
      assert.equal(changed.userAgent, CHROME_WINDOWS);

      const old = await new Browser(app).submit(LOGIN_PAGE, LOGIN_PAGE, {
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
      });
      assert.equal(old.statusCode, 401, 'the old password no longer signs in');
      await signIn('ekaterinavolkov', 'Sozvezdie-Liry-2026');
    });

    test('a wrong current password is 400; after five wrong ones the form is throttled (429)', async () => {
      const { h } = suite();
      const id = await personId('petrov.misha');
      const b = await signIn('petrov.misha', 'Raketa-7731');
      const before = (await h.services.people.findByLogin('dnevnik', 'petrov.misha'))?.password_hash;

      const wrong = await change(b, 'Raketa-7732', 'Kometa-Luna-2049');
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(errorsOf(wrong.body, 'current_password'), ['Неверный текущий пароль']);
      assert.match(wrong.body, /id="current_password"[^>]*aria-invalid="true"/);
      assert.ok(!wrong.body.includes('Raketa-7732') && !wrong.body.includes('Kometa-Luna-2049'), 'no echo');

      for (let i = 2; i <= 5; i++) {
        assert.equal((await change(b, `Raketa-${i}`, 'Kometa-Luna-2049')).statusCode, 400);
      }
      const throttled = await change(b, 'Raketa-7731', 'Kometa-Luna-2049');
      assert.equal(throttled.statusCode, 429, 'even the right password waits');
      assert.ok(Number(throttled.headers['retry-after']) > 0);
      assert.match(
        textOf(throttled.body, 'notice-error') ?? '',
        /^Слишком много попыток ввода пароля\. Попробуйте снова через \d+ мин\.$/,
      );
      const after = (await h.services.people.findByLogin('dnevnik', 'petrov.misha'))?.password_hash;
      assert.equal(after, before, 'password unchanged');
      const actions = (await h.services.audit.listForSubject(id)).map((e) => e.action);
      assert.ok(!actions.includes('password.changed'));
    });

    test('the policy, the repeat and the current password are each checked with their own message', async () => {
      const b = await signIn('petrova.anya', 'Oblako-2290');
      const cases: { password: string; password2?: string; field: string; message: string | RegExp }[] = [
        { password: 'a1', field: 'password', message: 'Пароль должен содержать не менее 8 символов' },
        {
          password: 'petrova.anya77',
          field: 'password',
          message: 'Пароль не должен совпадать с логином или содержать его',
        },
        {
          password: 'qwerty123',
          field: 'password',
          message: 'Этот пароль слишком распространён, его легко подобрать. Придумайте другой',
        },
        {
          password: 'Oblako-2290',
          field: 'password',
          message: 'Новый пароль должен отличаться от текущего',
        },
        {
          password: 'Kometa-Luna-2049',
          password2: 'Kometa-Luna-2048',
          field: 'password2',
          message: 'Пароли не совпадают',
        },
      ];
      for (const c of cases) {
        const res = await change(b, 'Oblako-2290', c.password, c.password2 ?? c.password);
        assert.equal(res.statusCode, 400, c.password);
        assert.ok(errorsOf(res.body, c.field).includes(c.message as string), `${c.password}: ${res.body}`);
        if (c.password.length >= 8) assert.ok(!res.body.includes(c.password), 'not written back');
      }

      const empty = await change(b, '', '', '');
      assert.equal(empty.statusCode, 400);
      assert.deepEqual(errorsOf(empty.body, 'current_password'), ['Введите текущий пароль']);
      assert.deepEqual(errorsOf(empty.body, 'password'), ['Введите пароль']);
      assert.deepEqual(errorsOf(empty.body, 'password2'), ['Повторите новый пароль']);

      const huge = 'a1'.repeat(5 * 1024); // 10 KB in every field, 30 KB in all: under the body limit
      const big = await change(b, huge, huge, huge);
      assert.equal(big.statusCode, 400);
      assert.deepEqual(errorsOf(big.body, 'current_password'), ['Неверный текущий пароль']);
      assert.deepEqual(errorsOf(big.body, 'password'), ['Пароль должен содержать не более 128 символов']);
      assert.ok(big.body.length < 20_000, 'nothing of the input comes back');

      // Still the old password after all of it.
      await signIn('petrova.anya', 'Oblako-2290');
    });

    test('a repeated field is refused next to it and spends no guess; the profile query too', async () => {
      const { h } = suite();
      const b = await signIn('petrova.anya', 'Oblako-2290');
      const token = csrfTokenOf((await b.get(SETTINGS)).body);
      const post = (url: string, body: string) =>
        h.app.inject({
          method: 'POST',
          url,
          payload: `_csrf=${encodeURIComponent(token)}&${body}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
        });
      // Six refusals, past the budget of five guesses: none of them was counted as one.
      for (let i = 0; i < 6; i++) {
        const res = await post(
          CHANGE,
          'current_password=x&current_password=y&password=Kometa-Luna-2049&password2=Kometa-Luna-2049',
        );
        assert.equal(res.statusCode, 400);
        assert.deepEqual(errorsOf(res.body, 'current_password'), [
          'Поле передано несколько раз: отправьте форму ещё раз со страницы',
        ]);
      }
      const ended = await post(END, `session=${'f'.repeat(64)}&session=${'e'.repeat(64)}`);
      assert.equal(ended.statusCode, 404);
      const profile = await b.get('/r/dnevnik/profile?phone_confirmed=1&phone_confirmed=1');
      assert.equal(profile.statusCode, 200);
      assert.ok(!profile.body.includes('Номер телефона подтверждён.'));
    });

    test('a form without the CSRF token is refused (403) and changes nothing', async () => {
      const b = await signIn('petrova.anya', 'Oblako-2290');
      const res = await b.post(CHANGE, {
        current_password: 'Oblako-2290',
        password: 'Kometa-Luna-2049',
        password2: 'Kometa-Luna-2049',
      });
      assert.equal(res.statusCode, 403);
      const other = await signIn('petrova.anya', 'Oblako-2290');
      for (const url of [END, END_OTHERS]) {
        const ended = await b.post(url, { session: sessionIdOf(other) });
        assert.equal(ended.statusCode, 403, url);
      }
      assert.equal((await other.get('/r/dnevnik/profile')).statusCode, 200);
    });

    test('without a session every settings address sends to sign-in', async () => {
      const { app } = suite();
      const b = new Browser(app);
      const page = await b.get(SETTINGS);
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, LOGIN_PAGE);
      const token = csrfTokenOf((await b.get(LOGIN_PAGE)).body);
      for (const url of [CHANGE, END, END_OTHERS]) {
        const res = await b.post(url, {
          _csrf: token,
          current_password: 'x',
          password: 'y',
          password2: 'y',
          session: 'z',
        });
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, LOGIN_PAGE);
      }
    });
  });
}
