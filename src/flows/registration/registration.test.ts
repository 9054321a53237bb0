/**
 * Registration by invitation code (article 003) through HTTP, on SQLite and PostgreSQL: the
 * «Регистрация» page at the school's address and who has one; a parent with two `pt` codes who
 * is the school's record of the mother and sees both children after signing in; a parent new to
 * the school; the other parent of a child whose mother the school entered. Students, teachers
 * and the codes are in registration.people.test.ts, the account form and the login check in
 * registration.forms.test.ts, the catalogues in registration.messages.test.ts.
 *
 * Until `src/web/app.ts` registers the module, the suite mounts it on its own app the way
 * `app.ts` mounts realm modules (`testing.ts`); once registered, it uses the harness app.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser } from '../../../test/support/harness.js';
import {
  childrenOnProfile,
  fieldErrorOf,
  flowStateOf,
  HELLO,
  invitationStatusOf,
  isMarkedInvalid,
  issueCode,
  personNamed,
  registrationSuite,
  signInToProfile,
  startRegistration,
  submitAccount,
  visitorsFrom,
} from '../../../test/support/registration.js';

const ACCOUNT = `${HELLO}/account`;

for (const dialect of DIALECTS) {
  describe(`registration on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);
    const visitor = visitorsFrom('198.51.100', () => suite().app);

    test('«Регистрация» at the school address: the code field, the button and the links of the article', async () => {
      const { app } = suite();
      const res = await new Browser(app).get(HELLO);
      assert.equal(res.statusCode, 200);
      for (const text of [
        '<h1>Регистрация</h1>',
        'ГБОУ СОШ № 1399',
        '<label for="code">Введите приглашительный код</label>',
        '<button type="submit" class="primary">ЗАРЕГИСТРИРОВАТЬСЯ</button>',
        'Вы можете получить приглашительный код в школе.',
        '<a class="signin-link" href="/r/eljur/login">← Уже есть аккаунт</a>',
        '<a class="recovery-link" href="/r/eljur/recovery">Забыли пароль?</a>',
        'name="_csrf"',
      ]) {
        assert.ok(res.body.includes(text), text);
      }
    });

    test('only schools of ElJur realms: other presets, unknown schools and realms are a 404', async () => {
      const { app } = suite();
      const b = new Browser(app);
      for (const url of [
        '/r/dnevnik/s/1535/hello',
        '/r/recycle/s/ecotrans/hello',
        '/r/eljur/s/1535/hello',
        '/r/eljur/s/no-such-school/hello',
        `/r/eljur/s/${'x'.repeat(61)}/hello`,
        '/r/nowhere/s/1399/hello',
        '/r/dnevnik/s/1535/hello/account?flow=x',
      ]) {
        const res = await b.get(url);
        assert.equal(res.statusCode, 404, url);
        assert.ok(!res.body.includes('Введите приглашительный код'), url);
      }
    });

    test('a parent registers with two pt codes: the school record of the mother, linked to both children', async () => {
      const { h, app } = suite();
      const { services } = h;
      const dasha = await personNamed(services, 'Смирнова', 'Дарья');
      const pasha = await personNamed(services, 'Смирнов', 'Павел');
      const elena = await personNamed(services, 'Смирнова', 'Елена');
      const first = await issueCode(services, dasha.id, 'pt');
      const second = await issueCode(services, pasha.id, 'pt');
      const { b, headers } = visitor();

      const { accountUrl, flowId, page } = await startRegistration(b, first.code);
      assert.ok(accountUrl.startsWith(`${ACCOUNT}?flow=`), accountUrl);
      assert.equal(page.statusCode, 200);
      for (const text of [
        'Родителям (6А)',
        'Смирнова Д.',
        'Кто вы?',
        'Смирнова Елена Андреевна',
        '<legend>Дети</legend>',
        'У меня есть еще один пригласительный код',
        'Для родителей поле с адресом эл. почты является обязательным. Эта информация не будет доступна другим пользователям.',
      ]) {
        assert.ok(page.body.includes(text), text);
      }
      // The school's record is the default answer to «Кто вы?».
      assert.match(page.body, new RegExp(`value="${elena.id}" checked`));

      const res = await submitAccount(
        app,
        b,
        accountUrl,
        {
          guardian: elena.id,
          login: 'smirnova.elena',
          password: 'KrasnyiMost2026',
          password2: 'KrasnyiMost2026',
          email: 'Smirnova.Elena@demo.example',
          phone: '8 (916) 555-12-34',
        },
        [second.code],
        { headers },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, `${HELLO}/done?flow=${flowId}`);

      const done = await b.get(String(res.headers.location));
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes('Регистрация в системе успешно завершена.'));
      assert.ok(done.body.includes('<strong class="login">smirnova.elena</strong>'));
      assert.ok(done.body.includes('Доступ к дневникам детей: Смирнов Павел, Смирнова Дарья.'));
      assert.ok(done.body.includes('<a class="signin-link" href="/r/eljur/login">Войти в журнал</a>'));
      assert.ok(done.body.includes('Без подтверждения почты вам не будет доступна возможность'));

      // The school's record of the mother became the account; contacts are unconfirmed.
      const account = await services.people.findById('eljur', elena.id);
      assert.ok(account);
      assert.equal(account.login, 'smirnova.elena');
      assert.equal(account.email, 'Smirnova.Elena@demo.example');
      assert.equal(account.email_normalized, 'smirnova.elena@demo.example');
      assert.equal(account.email_verified_at, null);
      assert.equal(account.phone, '+79165551234');
      assert.equal(account.phone_verified_at, null);
      assert.ok(account.password_hash?.startsWith('$argon2id$'));
      assert.equal(await invitationStatusOf(services, first.invitationId), 'used');
      assert.equal(await invitationStatusOf(services, second.invitationId), 'used');
      const used = await services.db
        .selectFrom('invitations')
        .select('used_by')
        .where('id', 'in', [first.invitationId, second.invitationId])
        .execute();
      assert.deepEqual(
        used.map((u) => u.used_by),
        [elena.id, elena.id],
      );
      const events = await services.audit.listForRealm('eljur', 50);
      const usedEvents = events.filter((e) => e.action === 'invitation.used' && e.actorId === elena.id);
      assert.deepEqual(usedEvents.map((e) => e.subjectId).sort(), [dasha.id, pasha.id].sort());
      const completed = events.find((e) => e.action === 'registration.completed' && e.subjectId === elena.id);
      assert.ok(completed);
      assert.equal(completed.detail.role, 'parent');
      assert.equal(completed.detail.children, 2);
      assert.equal(completed.detail.profile, 'school_record');
      for (const e of events)
        assert.ok(!JSON.stringify(e.detail).includes(first.code), 'no code in the audit');
      assert.equal(await flowStateOf(services, flowId), 'done');

      // Sign in: «Мой профиль» lists both children.
      const profile = await signInToProfile(new Browser(app), 'smirnova.elena', 'KrasnyiMost2026');
      assert.deepEqual(childrenOnProfile(profile).sort(), ['Смирнов Павел', 'Смирнова Дарья']);
    });

    test('a parent the school has no record of types their name and becomes a parent of the school', async () => {
      const { h, app } = suite();
      const { services } = h;
      // Орлов Глеб registered himself; his guardian on record has an account: nothing to claim.
      const gleb = await personNamed(services, 'Орлов', 'Глеб');
      const { code, invitationId } = await issueCode(services, gleb.id, 'pt');
      const { b, headers } = visitor();
      const { accountUrl, page } = await startRegistration(b, code);
      assert.ok(!page.body.includes('Кто вы?'), 'no record to choose');
      assert.ok(page.body.includes('<label for="last_name">Фамилия</label>'));

      const fields = {
        login: 'orlov.papa',
        password: 'TihayaGavan31',
        password2: 'TihayaGavan31',
        email: 'orlov.papa@demo.example',
      };
      const missing = await submitAccount(app, b, accountUrl, fields, [], { headers });
      assert.equal(missing.statusCode, 400);
      assert.equal(fieldErrorOf(missing.body, 'last_name'), 'Укажите фамилию');
      assert.equal(fieldErrorOf(missing.body, 'first_name'), 'Укажите имя');
      assert.ok(isMarkedInvalid(missing.body, 'last_name'));
      assert.equal(await invitationStatusOf(services, invitationId), 'active');

      const res = await submitAccount(
        app,
        b,
        accountUrl,
        { ...fields, last_name: '  Орлов ', first_name: 'Игорь', middle_name: 'Петрович' },
        [],
        { headers },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const parent = await services.people.findByLogin('eljur', 'orlov.papa');
      assert.ok(parent);
      assert.deepEqual(
        [parent.last_name, parent.first_name, parent.middle_name],
        ['Орлов', 'Игорь', 'Петрович'],
      );
      const memberships = await services.people.membershipsOf(parent.id);
      assert.deepEqual(
        memberships.map((m) => [m.organisationName, m.role]),
        [['ГБОУ СОШ № 1399', 'parent']],
      );
      assert.deepEqual(
        (await services.people.childrenOf(parent.id)).map((c) => c.id),
        [gleb.id],
      );
      const completed = (await services.audit.listForSubject(parent.id)).find(
        (e) => e.action === 'registration.completed',
      );
      assert.equal(completed?.detail.profile, 'new');
    });

    test('the other parent answers «Кто вы?» with «Другой родитель»: the mother’s record stays pending', async () => {
      const { h, app } = suite();
      const { services } = h;
      const org = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const child = await services.people.createPending({
        realmId: 'eljur',
        lastName: 'Васильева',
        firstName: 'Ника',
        birthDate: '2012-02-02',
      });
      await services.people.addMembership({ personId: child.id, organisationId: org.id, role: 'student' });
      const mother = await services.people.createPending({
        realmId: 'eljur',
        lastName: 'Васильева',
        firstName: 'Ольга',
        middleName: 'Ивановна',
      });
      await services.people.linkGuardian(mother.id, child.id);
      const { code } = await issueCode(services, child.id, 'pt');
      const { b, headers } = visitor();
      const { accountUrl, page } = await startRegistration(b, code);
      assert.ok(page.body.includes('Васильева Ольга Ивановна'));

      const forged = await submitAccount(
        app,
        b,
        accountUrl,
        {
          guardian: 'not-a-guardian',
          login: 'vasiliev.dad',
          password: 'LesnayaTropa48',
          password2: 'LesnayaTropa48',
          email: 'vasiliev@demo.example',
        },
        [],
        { headers },
      );
      assert.equal(forged.statusCode, 400);
      assert.equal(fieldErrorOf(forged.body, 'guardian'), 'Выберите один из вариантов');

      const res = await submitAccount(
        app,
        b,
        accountUrl,
        {
          guardian: 'new',
          last_name: 'Васильев',
          first_name: 'Андрей',
          login: 'vasiliev.dad',
          password: 'LesnayaTropa48',
          password2: 'LesnayaTropa48',
          email: 'vasiliev@demo.example',
        },
        [],
        { headers },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const dad = await services.people.findByLogin('eljur', 'vasiliev.dad');
      assert.ok(dad);
      assert.equal(dad.first_name, 'Андрей');
      assert.notEqual(dad.id, mother.id);
      assert.ok(
        (await services.people.findById('eljur', mother.id))?.login.startsWith('#'),
        'mother still pending',
      );
      const guardians = await services.db
        .selectFrom('guardianships')
        .select('parent_id')
        .where('child_id', '=', child.id)
        .execute();
      assert.deepEqual(guardians.map((g) => g.parent_id).sort(), [dad.id, mother.id].sort());
    });
  });
}
