/**
 * Email confirmation through HTTP with a real SMTP server: the form of article 003, the letter,
 * the link, and every way a link can be bad (expired, reused, tampered, superseded, other realm).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness, textOf } from '../../../test/support/harness.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import { HOUR } from '../../core/clock.js';

for (const dialect of DIALECTS) {
  describe(`email confirmation on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let smtp: TestSmtp;
    before(async () => {
      smtp = await startSmtp();
      h = await startHarness(dialect.name, {
        config: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@propusk.test' },
      });
    });
    after(async () => {
      await h?.close();
      await smtp?.close();
    });

    async function signedIn(realm: string, login: string, password: string): Promise<Browser> {
      const b = new Browser(h.app);
      const res = await b.submit(`/r/${realm}/login`, `/r/${realm}/login`, { login, password });
      assert.equal(res.statusCode, 303);
      return b;
    }

    /** Requests a letter and returns the link in it, read from the SMTP server. */
    async function requestLink(b: Browser, realm: string, password: string, email: string): Promise<string> {
      const before = smtp.letters.length;
      const res = await b.submit(`/r/${realm}/settings/email`, `/r/${realm}/settings/email`, {
        password,
        email,
      });
      assert.equal(res.statusCode, 200, res.body);
      await h.services.worker.runOnce();
      await smtp.waitFor(before + 1);
      const letter = smtp.letters.filter((l) => l.envelopeTo.includes(email.toLowerCase())).at(-1);
      assert.ok(letter, 'letter arrived');
      const link = /https:\/\/propusk\.test(\/r\/[^\s]+)/.exec(letter.parsed.text ?? '')?.[1];
      assert.ok(link, letter.parsed.text);
      return link;
    }

    async function confirm(b: Browser, link: string) {
      const page = await b.get(link);
      if (page.statusCode !== 200) return page;
      return b.post(link, { _csrf: csrfTokenOf(page.body) });
    }

    test('the form asks for the current password and the address, as article 003 shows', async () => {
      const b = await signedIn('dnevnik', 'petrov.misha', 'Raketa-7731');
      const page = await b.get('/r/dnevnik/settings/email');
      for (const label of [
        'Обновление информации о пользователе',
        'В целях повышения безопасности просим Вас подтвердить адрес вашей электронной почты.',
        'Текущий пароль',
        'Введите ваш адрес электронной почты. На него будет отправлено сообщение для подтверждения.',
        'Электронная почта',
        'Сохранить',
      ]) {
        assert.ok(page.body.includes(label), label);
      }
      assert.equal(
        (await new Browser(h.app).get('/r/dnevnik/settings/email')).statusCode,
        303,
        'needs sign-in',
      );
    });

    test('a letter with a link confirms the address; the link then is dead', async () => {
      const b = await signedIn('dnevnik', 'petrov.misha', 'Raketa-7731');
      const link = await requestLink(b, 'dnevnik', 'Raketa-7731', 'misha.petrov@demo.example');
      const letter = smtp.letters.at(-1);
      assert.equal(letter?.parsed.from?.value[0]?.name, 'Дневник.ру');
      assert.match(letter?.parsed.subject ?? '', /\S/);
      assert.match(
        String(letter?.parsed.html),
        /<a href="https:\/\/propusk\.test\/r\/dnevnik\/confirm\/email\//,
      );

      let person = await h.services.people.findByLogin('dnevnik', 'petrov.misha');
      assert.equal(person?.email, 'misha.petrov@demo.example');
      assert.equal(person?.email_verified_at, null);
      const profile = await b.get('/r/dnevnik/profile');
      assert.ok(profile.body.includes('не подтверждён'));

      // Opening the link (a mail scanner would) does not use it up; the button does.
      const anotherBrowser = new Browser(h.app);
      assert.equal((await anotherBrowser.get(link)).statusCode, 200);
      const done = await confirm(anotherBrowser, link);
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes('misha.petrov@demo.example'));
      person = await h.services.people.findByLogin('dnevnik', 'petrov.misha');
      assert.ok(person?.email_verified_at);
      assert.ok((await b.get('/r/dnevnik/profile')).body.includes('подтверждён'));

      const again = await confirm(new Browser(h.app), link);
      assert.equal(again.statusCode, 410);
      assert.equal(textOf(again.body, 'notice-error'), 'Эта ссылка уже использована.');
      const actions = (await h.services.audit.listForSubject(person?.id ?? '')).map((e) => e.action);
      for (const a of [
        'contact.email_changed',
        'contact.email_confirmation_sent',
        'contact.email_confirmed',
      ]) {
        assert.ok(actions.includes(a), a);
      }
    });

    test('changing a confirmed address clears the confirmation and tells the old address', async () => {
      const b = await signedIn('dnevnik', 'smirnova.ov', 'Geografia-91');
      const before = smtp.letters.length;
      const res = await b.submit('/r/dnevnik/settings/email', '/r/dnevnik/settings/email', {
        password: 'Geografia-91',
        email: 'olga.new@demo.example',
      });
      assert.equal(res.statusCode, 200);
      await h.services.worker.runOnce();
      await smtp.waitFor(before + 2);
      const toOld = smtp.letters.slice(before).find((l) => l.envelopeTo.includes('smirnova@demo.example'));
      assert.ok(toOld, 'the old address is told');
      assert.match(toOld.parsed.text ?? '', /o\*\*\*@demo\.example/);
      const person = await h.services.people.findByLogin('dnevnik', 'smirnova.ov');
      assert.equal(person?.email_verified_at, null);
    });

    test('bad input: wrong or empty password, malformed, Cyrillic and 300-character addresses', async () => {
      const b = await signedIn('dnevnik', 'smirnov.ivan', 'Kosmos-5512');
      const cases: [Record<string, string>, string][] = [
        [{ password: '', email: 'ivan@demo.example' }, 'Введите текущий пароль'],
        [{ password: 'not-mine-1', email: 'ivan@demo.example' }, 'Неверный пароль'],
        [{ password: 'Kosmos-5512', email: 'ivan@@demo' }, 'email'],
        [{ password: 'Kosmos-5512', email: 'иван@почта.рф' }, 'email'],
        [{ password: 'Kosmos-5512', email: `${'a'.repeat(300)}@demo.example` }, 'email'],
        [{ password: 'Kosmos-5512', email: '' }, 'email'],
      ];
      for (const [fields, expected] of cases) {
        const res = await b.submit('/r/dnevnik/settings/email', '/r/dnevnik/settings/email', fields);
        assert.equal(res.statusCode, 400, JSON.stringify(fields).slice(0, 80));
        const message = textOf(res.body, 'field-error') ?? '';
        assert.ok(message.length > 0, 'a message next to the field');
        if (expected !== 'email') assert.equal(message, expected);
      }
      const token = csrfTokenOf((await b.get('/r/dnevnik/settings/email')).body);
      for (const [body, expected] of [
        ['password=Kosmos-5512&email=a%40demo.example&email=b%40demo.example', 'Поле передано несколько раз'],
        [`password=Kosmos-5512&email=${'a'.repeat(1001)}`, 'Слишком длинное значение'],
        [`password=${'p'.repeat(1025)}&email=ivan%40demo.example`, 'Слишком длинное значение'],
      ] as const) {
        const res = await h.app.inject({
          method: 'POST',
          url: '/r/dnevnik/settings/email',
          payload: `_csrf=${encodeURIComponent(token)}&${body}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
        });
        assert.equal(res.statusCode, 400, body.slice(0, 60));
        assert.ok((textOf(res.body, 'field-error') ?? '').startsWith(expected), body.slice(0, 60));
      }
      const noCsrf = await b.post('/r/dnevnik/settings/email', {
        password: 'Kosmos-5512',
        email: 'x@demo.example',
      });
      assert.equal(noCsrf.statusCode, 403);
    });

    test('guessing the current password is throttled', async () => {
      const b = await signedIn('dnevnik', 'support.desk', 'Podderzhka-77');
      for (let i = 0; i < 5; i++) {
        const res = await b.submit('/r/dnevnik/settings/email', '/r/dnevnik/settings/email', {
          password: `guess-${i}`,
          email: 'desk@demo.example',
        });
        assert.equal(res.statusCode, 400);
      }
      const locked = await b.submit('/r/dnevnik/settings/email', '/r/dnevnik/settings/email', {
        password: 'Podderzhka-77',
        email: 'desk@demo.example',
      });
      assert.equal(locked.statusCode, 429);
    });

    test('expired, tampered, superseded and other-realm links are refused with 4xx', async () => {
      const b = await signedIn('eljur', 'ivanova.lib', 'Biblioteka2026kniga');
      const first = await requestLink(b, 'eljur', 'Biblioteka2026kniga', 'galina@demo.example');
      const second = await requestLink(b, 'eljur', 'Biblioteka2026kniga', 'galina@demo.example');

      const superseded = await confirm(new Browser(h.app), first);
      assert.equal(superseded.statusCode, 410);
      assert.ok(superseded.body.includes('устарела'));

      const token = second.split('/').at(-1) ?? '';
      const tampered = `${second.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      const bad = await confirm(new Browser(h.app), tampered);
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('Ссылка недействительна'));
      for (const garbage of ['x', `${'a'.repeat(22)}.${'b'.repeat(43)}`, '%00', "'%20OR%201=1"]) {
        const res = await new Browser(h.app).get(`/r/eljur/confirm/email/${garbage}`);
        assert.equal(res.statusCode, 400, garbage);
        assert.ok(res.body.includes('Ссылка недействительна'), garbage);
      }
      const long = await new Browser(h.app).get(`/r/eljur/confirm/email/${'a'.repeat(500)}`);
      assert.equal(long.statusCode, 414);
      assert.ok(long.body.includes('Адрес страницы слишком длинный'));
      const otherRealm = await new Browser(h.app).get(second.replace('/r/eljur/', '/r/dnevnik/'));
      assert.equal(otherRealm.statusCode, 400, 'a link of one realm does nothing in another');

      h.clock.advance(25 * HOUR);
      const expired = await confirm(new Browser(h.app), second);
      assert.equal(expired.statusCode, 410);
      assert.ok(expired.body.includes('Срок действия ссылки истёк'));
      const person = await h.services.people.findByLogin('eljur', 'ivanova.lib');
      assert.equal(person?.email_verified_at, null);
    });

    test('the link token never appears in the log', async () => {
      const b = await signedIn('eljur', 'admin1399', 'Direktor2026shkola');
      const link = await requestLink(b, 'eljur', 'Direktor2026shkola', 'zaitseva@demo.example');
      await confirm(new Browser(h.app), link);
      const secret = link.split('.').at(-1) ?? '';
      assert.ok(secret.length > 20);
      assert.ok(!h.logs().includes(secret));
    });
  });
}
