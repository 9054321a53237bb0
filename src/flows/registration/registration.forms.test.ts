/**
 * Registration's account form through HTTP, on SQLite and PostgreSQL: every bad field answered
 * next to it with nothing written; the login check for a script within a flow of this browser;
 * the pages in Kazakh and English.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser } from '../../../test/support/harness.js';
import {
  fieldErrorOf,
  HELLO,
  isMarkedInvalid,
  issueCode,
  passwordErrorsOf,
  pendingStudentAt,
  registrationSuite,
  startRegistration,
  submitAccount,
  UNKNOWN_CODE,
  visitorsFrom,
} from '../../../test/support/registration.js';
import { DAY } from '../../core/clock.js';

for (const dialect of DIALECTS) {
  describe(`registration on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);
    const visitor = visitorsFrom('198.51.100', () => suite().app);

    test('the account form answers every bad field next to it and writes nothing', async () => {
      const { h, app } = suite();
      const { services } = h;
      const org = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const child = await pendingStudentAt(services, org.id, 'Белова', 'Мира');
      const sibling = await services.people.createPending({
        realmId: 'eljur',
        lastName: 'Белов',
        firstName: 'Марк',
      });
      const own = await issueCode(services, child.id, 'pt');
      const siblingCode = await issueCode(services, sibling.id, 'pt');
      const studentCode = await issueCode(services, sibling.id, 'st');
      // A second active code for the same child, as only a race or a direct insert could make.
      await services.db
        .insertInto('invitations')
        .values({
          id: 'second-code-for-mira',
          realm_id: 'eljur',
          organisation_id: org.id,
          person_id: child.id,
          prefix: 'pt',
          code_hash: services.keyed.hash('invitation', 'ptdup0001'),
          status: 'active',
          expires_at: services.clock.now() + DAY,
          issued_by: null,
          issued_at: services.clock.now(),
          used_at: null,
          used_by: null,
        })
        .execute();
      const { b, headers } = visitor();
      const { accountUrl } = await startRegistration(b, own.code);
      const good = {
        last_name: 'Белова',
        first_name: 'Инна',
        login: 'belova.inna',
        password: 'TyoplyiVecher19',
        password2: 'TyoplyiVecher19',
        email: 'belova@demo.example',
      };
      const send = (fields: Record<string, string>, codes: readonly string[] = []) =>
        submitAccount(app, b, accountUrl, { ...good, ...fields }, codes, { headers });

      const fieldCases: readonly [Record<string, string>, string, string][] = [
        [{ login: 'nikolaeva.v' }, 'login', 'Этот логин уже занят. Придумайте другой.'],
        [{ login: 'NIKOLAEVA.V' }, 'login', 'Этот логин уже занят. Придумайте другой.'],
        [{ login: 'inna belova' }, 'login', 'Логин может содержать только буквы, цифры и знаки . _ - @'],
        [{ login: 'a'.repeat(200) }, 'login', 'Логин не должен быть длиннее 64 символов'],
        [{ login: '' }, 'login', 'Придумайте логин'],
        [
          { login: 'bеlova' },
          'login',
          'Логин содержит и латинские, и русские буквы. Проверьте раскладку клавиатуры',
        ],
        [{ email: '' }, 'email', 'Для родителей адрес эл. почты обязателен'],
        [{ email: 'belova@' }, 'email', 'Неверный формат адреса электронной почты'],
        [
          { phone: '12345' },
          'phone',
          'Неверный номер мобильного телефона. Введите номер в формате +7 (XXX) XXX-XX-XX',
        ],
        [{ password2: 'TyoplyiVecher18' }, 'password2', 'Пароли не совпадают'],
        [{ password2: '' }, 'password2', 'Повторите пароль'],
        [{ last_name: '' }, 'last_name', 'Укажите фамилию'],
        [
          { first_name: 'Инна2' },
          'first_name',
          'Допустимы только буквы, пробел, дефис и апостроф, не более 100 символов',
        ],
        [
          { middle_name: 'я'.repeat(101) },
          'middle_name',
          'Допустимы только буквы, пробел, дефис и апостроф, не более 100 символов',
        ],
      ];
      for (const [fields, id, message] of fieldCases) {
        const res = await send(fields);
        assert.equal(res.statusCode, 400, `${JSON.stringify(fields).slice(0, 80)}: ${res.statusCode}`);
        assert.equal(fieldErrorOf(res.body, id), message, JSON.stringify(fields).slice(0, 80));
        assert.ok(isMarkedInvalid(res.body, id), id);
        assert.ok(res.body.includes('Проверьте поля, отмеченные ниже.'));
        assert.ok(!res.body.includes('TyoplyiVecher'), 'passwords are never sent back');
      }

      // The realm's policy: eljur forbids special characters; login and names are personal data.
      const special = await send({ password: 'Tyoplyi.Vecher19', password2: 'Tyoplyi.Vecher19' });
      assert.equal(special.statusCode, 400);
      assert.ok(
        passwordErrorsOf(special.body).some((e) => e.includes('специальн')),
        passwordErrorsOf(special.body).join(),
      );
      const personal = await send({ password: 'belova1234', password2: 'belova1234' });
      assert.equal(personal.statusCode, 400);
      assert.ok(passwordErrorsOf(personal.body).length >= 1);
      assert.ok(isMarkedInvalid(personal.body, 'password'));
      const short = await send({ password: 'Kot7', password2: 'Kot7' });
      assert.ok(passwordErrorsOf(short.body).some((e) => e.includes('8')));

      const codeCases: readonly [readonly string[], number, string][] = [
        [[siblingCode.code, siblingCode.code], 1, 'Этот код уже введён.'],
        [[own.code], 0, 'Этот код уже введён.'],
        [['ptdup0001'], 0, 'Код для этого ребёнка уже введён.'],
        [[studentCode.code], 0, 'В поле «Дети» вводятся коды для родителей — они начинаются с pt.'],
        [['ptzzzzzzz'], 0, UNKNOWN_CODE],
        [['PTZZZZZZZ'], 0, 'Коды не содержат большие (прописные) буквы.'],
        [[siblingCode.code, 'xx1234567'], 1, 'Этот код предназначен для другой системы.'],
        [['pt1', 'pt2', 'pt3', 'pt4', 'pt5', 'pt6', 'pt7'], 6, 'Не более 6 кодов за одну регистрацию.'],
      ];
      for (const [codes, index, message] of codeCases) {
        const res = await send({}, codes);
        assert.equal(res.statusCode, 400, codes.join());
        const id = `child_code_${index + 1}`;
        assert.ok(
          fieldErrorOf(res.body, id)?.startsWith(message),
          `${codes.join()}: ${fieldErrorOf(res.body, id)}`,
        );
        assert.ok(isMarkedInvalid(res.body, id), id);
      }

      // Nothing was written by any of it.
      assert.equal(await services.people.findByLogin('eljur', 'belova.inna'), null);
      for (const id of [own.invitationId, siblingCode.invitationId, studentCode.invitationId]) {
        assert.equal(
          (
            await services.db
              .selectFrom('invitations')
              .select('status')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).status,
          'active',
        );
      }

      // And the same form, corrected, registers.
      const res = await send({}, [siblingCode.code]);
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const parent = await services.people.findByLogin('eljur', 'belova.inna');
      assert.ok(parent);
      assert.deepEqual((await services.people.childrenOf(parent.id)).map((c) => c.first_name).sort(), [
        'Марк',
        'Мира',
      ]);
    });

    test('the login check answers { available, message } within a flow of this browser', async () => {
      const { h, app } = suite();
      const { services } = h;
      const org = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const p = await services.people.createPending({ realmId: 'eljur', lastName: 'Титов', firstName: 'Ян' });
      const { code } = await issueCode(services, p.id, 'st');
      const { b } = visitor();
      const { flowId, page } = await startRegistration(b, code);
      // Where a script finds it: on the login field of the form.
      const checkUrl = /data-check-url="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
      assert.equal(checkUrl, `${HELLO}/login?flow=${flowId}`);
      const ask = async (login: string, browser = b) => {
        const res = await browser.get(`${checkUrl}&login=${encodeURIComponent(login)}`, {
          accept: 'application/json',
        });
        return { status: res.statusCode, body: res.json() as { available: boolean; message: string } };
      };
      assert.deepEqual(await ask('yan.titov'), {
        status: 200,
        body: { available: true, message: 'Логин свободен' },
      });
      assert.deepEqual(await ask('Nikolaeva.V'), {
        status: 200,
        body: { available: false, message: 'Этот логин уже занят. Придумайте другой.' },
      });
      assert.equal((await ask('yan titov')).body.available, false);
      assert.equal((await ask('x'.repeat(5000))).body.available, false);
      const elsewhere = await ask('yan.titov', new Browser(app));
      assert.equal(elsewhere.status, 404);
      assert.equal(elsewhere.body.available, false);
    });

    test('the pages speak Kazakh and English too', async () => {
      const { app } = suite();
      for (const [lang, texts] of [
        ['kk', ['<h1>Тіркелу</h1>', 'Шақыру кодын енгізіңіз', 'ТІРКЕЛУ', '← Менде аккаунт бар']],
        ['en', ['<h1>Registration</h1>', 'Enter your invitation code', 'REGISTER']],
      ] as const) {
        const res = await app.inject({ method: 'GET', url: HELLO, headers: { cookie: `lang=${lang}` } });
        assert.equal(res.statusCode, 200);
        for (const text of texts) assert.ok(res.body.includes(text), `${lang}: ${text}`);
        const bad = await new Browser(app, { cookie: `lang=${lang}` }).get(HELLO);
        assert.equal(bad.statusCode, 200);
      }
    });
  });
}
