/**
 * Registration by invitation code (article 003) through HTTP, on SQLite and PostgreSQL: the
 * «Регистрация» page at the school's address; a parent with two `pt` codes who is the school's
 * record of the mother and sees both children after signing in; a parent new to the school; the
 * other parent of a child whose mother the school entered; a student without email; a teacher
 * who adds her own child under «Дети»; every code the article explains (capitals, another
 * system, unknown, used, expired, replaced, another school); every bad field of the account
 * form answered next to it with nothing written; the login check for a script; the three
 * message catalogues.
 *
 * Until `src/web/app.ts` registers the module, the suite mounts it on its own app the way
 * `app.ts` mounts realm modules (`testing.ts`); once registered, it uses the harness app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';
import {
  childrenOnProfile,
  enterCode,
  fieldErrorOf,
  flowStateOf,
  HELLO,
  isMarkedInvalid,
  issueCode,
  passwordErrorsOf,
  personNamed,
  registrationApp,
  signInToProfile,
  startRegistration,
  submitAccount,
} from '../../../test/support/registration.js';
import { DAY } from '../../core/clock.js';
import { CODE_FAILURES_PER_IP } from './code-guesses.js';
import { en, kk, ru } from './messages.js';

const ACCOUNT = `${HELLO}/account`;

/** The article's message for an unknown code, as the page shows it. */
const UNKNOWN = 'Неверный код приглашения. Проверьте, корректно ли введен выданный код.';

for (const dialect of DIALECTS) {
  describe(`registration on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    let owned = false;
    let ipCounter = 0;

    /** A browser from an address of its own, so the per-IP code throttle of one test can't touch another. */
    function visitor(): { b: Browser; headers: Record<string, string> } {
      ipCounter += 1;
      const headers = { 'x-forwarded-for': `198.51.100.${ipCounter}` };
      return { b: new Browser(app, headers), headers };
    }

    async function invitationStatus(id: string): Promise<string> {
      const row = await h.services.db
        .selectFrom('invitations')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.status;
    }

    before(async () => {
      h = await startHarness(dialect.name);
      ({ app, owned } = await registrationApp(h.app, h.services));
    });
    after(async () => {
      if (owned) await app.close();
      const logs = h?.logs() ?? '';
      await h?.close();
      assert.ok(!logs.includes('unexpected error'), 'no request ended in a 500');
    });

    test('«Регистрация» at the school address: the code field, the button and the links of the article', async () => {
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
      assert.equal(await invitationStatus(first.invitationId), 'used');
      assert.equal(await invitationStatus(second.invitationId), 'used');
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
      assert.equal(await invitationStatus(invitationId), 'active');

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

    test('a student registers without an email', async () => {
      const { services } = h;
      const timur = await personNamed(services, 'Лебедев', 'Тимур');
      const { code, invitationId } = await issueCode(services, timur.id, 'st');
      const { b, headers } = visitor();
      const { accountUrl, page } = await startRegistration(b, code);
      assert.ok(page.body.includes('Ученику (6А)'));
      assert.ok(page.body.includes('Ученики могут оставить поле пустым'));
      assert.ok(!page.body.includes('<legend>Дети</legend>'), 'students have no «Дети»');
      assert.ok(!page.body.includes('Кто вы?'));

      const res = await submitAccount(
        app,
        b,
        accountUrl,
        { login: 'timur.lebedev', password: 'GornayaReka77', password2: 'GornayaReka77', email: '' },
        // What a student posts under «Дети» is ignored.
        ['ptaaaaaaa'],
        { headers },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const done = await b.get(String(res.headers.location));
      assert.ok(done.body.includes('Регистрация в системе успешно завершена.'));
      assert.ok(done.body.includes('Вы не указали эл. почту.'));

      const account = await services.people.findById('eljur', timur.id);
      assert.equal(account?.login, 'timur.lebedev');
      assert.equal(account?.email, null);
      assert.equal(await invitationStatus(invitationId), 'used');
      const profile = await signInToProfile(new Browser(app), 'Timur.Lebedev', 'GornayaReka77');
      assert.ok(profile.includes('<dd class="login">timur.lebedev</dd>'));
      assert.ok(profile.includes('<span class="role">обучающийся</span>, <span class="class">6А</span>'));
    });

    test('a teacher registers with a tr code, email required, and adds her own child under «Дети»', async () => {
      const { services } = h;
      const org = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const anna = await personNamed(services, 'Кузьмина', 'Анна');
      const son = await services.people.createPending({
        realmId: 'eljur',
        lastName: 'Кузьмин',
        firstName: 'Егор',
      });
      await services.people.addMembership({ personId: son.id, organisationId: org.id, role: 'student' });
      const staff = await issueCode(services, anna.id, 'tr');
      const child = await issueCode(services, son.id, 'pt');
      const { b, headers } = visitor();
      const { accountUrl, page } = await startRegistration(b, staff.code);
      assert.ok(page.body.includes('Сотруднику школы'));
      assert.ok(page.body.includes('<legend>Дети</legend>'));
      assert.ok(page.body.includes('Если ваш ребёнок учится в этой школе'));

      const fields = { login: 'kuzmina.anna', password: 'ShkolnyiDvor55', password2: 'ShkolnyiDvor55' };
      const noEmail = await submitAccount(app, b, accountUrl, { ...fields, email: '' }, [child.code], {
        headers,
      });
      assert.equal(noEmail.statusCode, 400);
      assert.equal(fieldErrorOf(noEmail.body, 'email'), 'Укажите адрес эл. почты');
      // The typed «Дети» code is kept for the next try.
      assert.ok(noEmail.body.includes(`value="${child.code}"`));

      const res = await submitAccount(
        app,
        b,
        accountUrl,
        { ...fields, email: 'kuzmina@1399.example', phone: '+7 953 354 12 34' },
        [child.code],
        { headers },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const account = await services.people.findById('eljur', anna.id);
      assert.equal(account?.login, 'kuzmina.anna');
      assert.equal(account?.phone, '+79533541234');
      const roles = (await services.people.membershipsOf(anna.id)).map((m) => m.role).sort();
      assert.deepEqual(roles, ['parent', 'teacher']);
      assert.deepEqual(
        (await services.people.childrenOf(anna.id)).map((c) => c.id),
        [son.id],
      );
      assert.ok(
        (await services.people.findById('eljur', son.id))?.login.startsWith('#'),
        'the child registers himself',
      );
      assert.equal(await invitationStatus(child.invitationId), 'used');
      const profile = await signInToProfile(new Browser(app), 'kuzmina.anna', 'ShkolnyiDvor55');
      assert.deepEqual(childrenOnProfile(profile), ['Кузьмин Егор']);
    });

    test('every code the article explains gets its own message next to the field, never a 500', async () => {
      const { services } = h;
      const { b } = visitor();
      const orlov = await personNamed(services, 'Орлов', 'Глеб');
      const nikolaeva = await personNamed(services, 'Николаева', 'Вера');
      const other = await services.organisations.create({
        realmId: 'eljur',
        kind: 'school',
        name: 'ГБОУ СОШ № 77',
        slug: '77',
      });
      const stranger = await services.people.createPending({
        realmId: 'eljur',
        lastName: 'Зуев',
        firstName: 'Лев',
      });
      const otherSchool = await issueCode(services, stranger.id, 'st', { organisationId: other.id });
      const expiring = await issueCode(services, orlov.id, 'pt', { days: 1 });
      h.clock.advance(2 * DAY);
      const replaced = await issueCode(services, stranger.id, 'pt', { organisationId: other.id });
      await issueCode(services, stranger.id, 'pt', { organisationId: other.id });
      const usedCode = await issueCode(services, stranger.id, 'tr', { organisationId: other.id });
      await services.invitations.consume(services.db, usedCode.invitationId, stranger.id);
      // A student code for a profile that has registered already.
      const registered = await issueCode(services, nikolaeva.id, 'st');

      const cases: readonly [string, string][] = [
        ['', 'Введите приглашительный код из приглашения.'],
        [
          'PT1O095TC',
          'Коды не содержат большие (прописные) буквы. Проверьте, корректно ли введен выданный код.',
        ],
        ['pT1o095tc', 'Коды не содержат большие (прописные) буквы.'],
        ['рt1o095tc', 'Код состоит только из строчных латинских букв и цифр.'],
        ['pt1o0', 'Приглашительный код состоит из 9 символов, например pt1o095tc.'],
        [
          'ab1o095tc',
          'Этот код предназначен для другой системы. Уточните в школе, где нужно регистрироваться.',
        ],
        ['pt1o095tc', UNKNOWN],
        [expiring.code, 'Срок действия этого кода истёк.'],
        [replaced.code, 'Этот код заменён новым'],
        [usedCode.code, 'Этот код уже использован.'],
        [registered.code, 'Этот код уже использован.'],
        [otherSchool.code, 'Этот код выдан в другой школе.'],
      ];
      // The used and other-school codes belong to school 77: only the other-school one is
      // answered as such at 1399; the used one is used wherever it is typed.
      for (const [code, message] of cases) {
        const res = await enterCode(b, code);
        assert.equal(res.statusCode, 400, `${code}: ${res.statusCode}`);
        const error = fieldErrorOf(res.body, 'code');
        assert.ok(error?.startsWith(message), `${code}: ${error}`);
        assert.ok(isMarkedInvalid(res.body, 'code'), code);
        // The typed code comes back so a typo can be fixed.
        assert.ok(res.body.includes(`value="${code}"`), code);
      }
      // Spaces inside a code, as people copy it from paper, are dropped.
      const spaced = await issueCode(services, stranger.id, 'st');
      const ok = await enterCode(b, ` ${spaced.code.slice(0, 4)} ${spaced.code.slice(4)} `);
      assert.equal(ok.statusCode, 303);

      const rejected = (await services.audit.listForRealm('eljur', 100)).filter(
        (e) => e.action === 'invitation.rejected',
      );
      const reasons = rejected.map((e) => e.detail.reason).sort();
      assert.deepEqual(reasons, ['expired', 'other_school', 'unknown', 'used', 'used', 'void']);
      assert.ok(rejected.length < CODE_FAILURES_PER_IP);
    });

    test('the account form answers every bad field next to it and writes nothing', async () => {
      const { services } = h;
      const org = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const child = await services.people.createPending({
        realmId: 'eljur',
        lastName: 'Белова',
        firstName: 'Мира',
      });
      await services.people.addMembership({ personId: child.id, organisationId: org.id, role: 'student' });
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
        [['ptzzzzzzz'], 0, UNKNOWN],
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

describe('registration messages', () => {
  const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

  test('every key is `registration.*`, in all three languages, with the same placeholders', () => {
    for (const catalogue of [ru, en, kk]) {
      assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(ru).sort());
      for (const [key, text] of Object.entries(catalogue)) {
        assert.ok(key.startsWith('registration.'), key);
        assert.ok(text.trim().length > 0, key);
        assert.deepEqual(placeholders(text), placeholders(ru[key as keyof typeof ru]), key);
      }
    }
  });

  test('Kazakh is written in Kazakh Cyrillic: no Latin words but the codes, no Russian-only letters', () => {
    const allowedLatin = new Set(['st', 'pt', 'tr', 'ar', 'pt1o095tc']);
    let kazakhLetters = 0;
    for (const [key, text] of Object.entries(kk)) {
      const words = text.replace(/\{\w+\}/g, '').match(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*/g) ?? [];
      for (const word of words) {
        assert.ok(allowedLatin.has(word), `${key}: ${word}`);
      }
      // ё, ъ and щ occur in Kazakh only in Russian loanwords; none of ours needs them.
      assert.ok(!/[ёъщ]/i.test(text), `${key}: ${text}`);
      if (/[әғқңөұүһі]/i.test(text)) kazakhLetters += 1;
    }
    assert.ok(kazakhLetters > Object.keys(kk).length / 2, 'most texts use Kazakh letters');
  });

  test('Russian uses the article’s words', () => {
    assert.equal(ru['registration.more_codes'], 'У меня есть еще один пригласительный код');
    assert.equal(ru['registration.code_hint'], 'Вы можете получить приглашительный код в школе.');
    assert.ok(ru['registration.code.capitals'].startsWith('Коды не содержат большие (прописные) буквы'));
    assert.ok(ru['registration.code.unknown'].startsWith('Неверный код приглашения'));
  });
});
