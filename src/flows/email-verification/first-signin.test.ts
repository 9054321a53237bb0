/**
 * The first sign-in after registration (article 003) through HTTP with a real SMTP server, on
 * SQLite and PostgreSQL: the registered parent's first sign-in lands on «Обновление информации
 * о пользователе» and the confirmation letter goes out at once through the outbox; the link in it
 * confirms the address; the second sign-in goes to the profile; nothing is blocked meanwhile;
 * an account nobody registered (made by the school or an operator) is never sent there; two
 * first sign-ins at once send one letter; a pupil without an email is asked for one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import {
  HELLO,
  issueCode,
  pendingStudentAt,
  personNamed,
  registrationApp,
  startRegistration,
  submitAccount,
} from '../../../test/support/registration.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';

for (const dialect of DIALECTS) {
  describe(`first sign-in after registration on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    let owned = false;
    let smtp: TestSmtp;
    before(async () => {
      smtp = await startSmtp();
      h = await startHarness(dialect.name, {
        config: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@propusk.test' },
      });
      const mounted = await registrationApp(h.app, h.services);
      app = mounted.app;
      owned = mounted.owned;
    });
    after(async () => {
      if (owned) await app.close();
      const logs = h?.logs() ?? '';
      await h?.close();
      await smtp?.close();
      assert.ok(!logs.includes('unexpected error'), 'no request ended in a 500');
    });

    /** Registers the pending student `last first` with a code, a login and, if given, an email. */
    async function register(last: string, first: string, login: string, email: string | null): Promise<void> {
      const org = await h.services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const student = await pendingStudentAt(h.services, org.id, last, first);
      const { code } = await issueCode(h.services, student.id, 'st');
      const b = new Browser(app);
      const { accountUrl } = await startRegistration(b, code, HELLO);
      const res = await submitAccount(app, b, accountUrl, {
        login,
        password: 'GornayaReka77',
        password2: 'GornayaReka77',
        email: email ?? '',
        phone: '',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    }

    async function signIn(b: Browser, login: string): Promise<string> {
      const res = await b.submit('/r/eljur/login', '/r/eljur/login', { login, password: 'GornayaReka77' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      return String(res.headers.location);
    }

    const lettersTo = (email: string) => smtp.letters.filter((l) => l.envelopeTo.includes(email));

    test('the first sign-in: the screen, the letter at once, its link; the second goes to the profile', async () => {
      await register('Орехова', 'Вика', 'vika.or', 'vika.or@mail.example');
      const b = new Browser(app);
      assert.equal(await signIn(b, 'vika.or'), '/r/eljur/welcome');
      const page = await b.get('/r/eljur/welcome');
      assert.equal(page.statusCode, 200);
      for (const text of [
        '<h1>Обновление информации о пользователе</h1>',
        'В целях повышения безопасности просим Вас подтвердить адрес вашей электронной почты.',
        'На почту vika.or@mail.example отправлено письмо для подтверждения.',
        '<label for="password">Текущий пароль</label>',
        'Введите ваш адрес электронной почты. На него будет отправлено сообщение для подтверждения.',
        '<label for="email">Электронная почта</label>',
        'Сохранить',
        'нужно проверить папку «Спам».',
        'Вы можете войти в систему и просматривать информацию до получения письма.',
        'href="/r/eljur/profile"',
      ])
        assert.ok(page.body.includes(text), text);
      // At once: the job is in the outbox with the sign-in; the worker's pass sends the letter.
      await h.services.worker.runOnce();
      await h.services.worker.runOnce();
      await smtp.waitFor(1);
      const letters = lettersTo('vika.or@mail.example');
      assert.equal(letters.length, 1);
      const link = /https:\/\/propusk\.test(\/r\/[^\s]+)/.exec(letters[0]?.parsed.text ?? '')?.[1];
      assert.ok(link);
      // Nothing is blocked before confirming.
      assert.equal((await b.get('/r/eljur/profile')).statusCode, 200);
      assert.equal((await b.get('/r/eljur/settings')).statusCode, 200);
      const confirmPage = await b.get(link);
      assert.equal(confirmPage.statusCode, 200);
      const done = await b.post(link, { _csrf: csrfTokenOf(confirmPage.body) });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /подтверждён/);
      // The second sign-in: the profile; the screen says there is nothing to do.
      const again = new Browser(app);
      assert.equal(await signIn(again, 'vika.or'), '/r/eljur/profile');
      const later = await again.get('/r/eljur/welcome');
      assert.match(later.body, /Адрес vika\.or@mail\.example уже подтверждён/);
      await h.services.worker.runOnce();
      assert.equal(lettersTo('vika.or@mail.example').length, 1, 'no second letter');
    });

    test('accounts nobody registered never see it; a signed-out visit is sent to sign in', async () => {
      // orlova.math was made by the school with a password: never activated, never registered.
      const b = new Browser(app);
      const res = await b.submit('/r/eljur/login', '/r/eljur/login', {
        login: 'orlova.math',
        password: 'Algebra2026urok',
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/r/eljur/profile');
      const anonymous = await new Browser(app).get('/r/eljur/welcome');
      assert.ok([302, 303, 401].includes(anonymous.statusCode), String(anonymous.statusCode));
    });

    test('two first sign-ins at once: one screen, one letter', async () => {
      await register('Гусева', 'Нина', 'nina.gus', 'nina.gus@mail.example');
      const [one, two] = [new Browser(app), new Browser(app)];
      const landed = await Promise.all([signIn(one, 'nina.gus'), signIn(two, 'nina.gus')]);
      assert.equal(landed.filter((l) => l === '/r/eljur/welcome').length, 1, landed.join(' '));
      for (let i = 0; i < 3; i++) await h.services.worker.runOnce();
      const person = await personNamed(h.services, 'Гусева', 'Нина');
      const flows = await h.services.db
        .selectFrom('flows')
        .select('state')
        .where('person_id', '=', person.id)
        .where('kind', '=', 'email-verification')
        .execute();
      assert.equal(flows.length, 1, 'one confirmation link');
    });

    test('a pupil who left the email empty is asked for one; no letter; bad input is a 400', async () => {
      await register('Рыбин', 'Глеб', 'gleb.ryb', null);
      const b = new Browser(app);
      assert.equal(await signIn(b, 'gleb.ryb'), '/r/eljur/welcome');
      const page = await b.get('/r/eljur/welcome');
      assert.match(page.body, /Вы не указали адрес электронной почты/);
      const en = await b.get('/r/eljur/welcome', { cookie: `${b.cookieHeader()}; lang=en` });
      assert.match(en.body, /You have not given an email address/);
      for (let i = 0; i < 2; i++) await h.services.worker.runOnce();
      const person = await personNamed(h.services, 'Рыбин', 'Глеб');
      const outbox = await h.services.db
        .selectFrom('outbox')
        .select('id')
        .where('person_id', '=', person.id)
        .execute();
      assert.equal(outbox.length, 0, 'nothing to send');
      const bad = await b.submit('/r/eljur/welcome', '/r/eljur/settings/email', {
        password: 'GornayaReka77',
        email: 'не почта',
      });
      assert.equal(bad.statusCode, 400);
      const wrong = await b.submit('/r/eljur/welcome', '/r/eljur/settings/email', {
        password: 'wrong-password-1',
        email: 'gleb@mail.example',
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Неверный пароль/);
    });
  });
}
