/**
 * Registration by invitation code (article 003) through HTTP, on SQLite and PostgreSQL: a student
 * without an email; a teacher who adds her own child under «Дети»; every code the article
 * explains (capitals, another system, unknown, used, expired, replaced, another school) with its
 * own message next to the field.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser } from '../../../test/support/harness.js';
import {
  childrenOnProfile,
  enterCode,
  fieldErrorOf,
  invitationStatusOf,
  isMarkedInvalid,
  issueCode,
  pendingStudentAt,
  personNamed,
  registrationSuite,
  signInToProfile,
  startRegistration,
  submitAccount,
  UNKNOWN_CODE,
  visitorsFrom,
} from '../../../test/support/registration.js';
import { DAY } from '../../core/clock.js';
import { CODE_FAILURES_PER_IP } from './code-guesses.js';

for (const dialect of DIALECTS) {
  describe(`registration on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);
    const visitor = visitorsFrom('198.51.100', () => suite().app);

    test('a student registers without an email', async () => {
      const { h, app } = suite();
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
      assert.equal(await invitationStatusOf(services, invitationId), 'used');
      const profile = await signInToProfile(new Browser(app), 'Timur.Lebedev', 'GornayaReka77');
      assert.ok(profile.includes('<dd class="login">timur.lebedev</dd>'));
      assert.ok(profile.includes('<span class="role">обучающийся</span>, <span class="class">6А</span>'));
    });

    test('a teacher registers with a tr code, email required, and adds her own child under «Дети»', async () => {
      const { h, app } = suite();
      const { services } = h;
      const org = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      const anna = await personNamed(services, 'Кузьмина', 'Анна');
      const son = await pendingStudentAt(services, org.id, 'Кузьмин', 'Егор');
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
      assert.equal(await invitationStatusOf(services, child.invitationId), 'used');
      const profile = await signInToProfile(new Browser(app), 'kuzmina.anna', 'ShkolnyiDvor55');
      assert.deepEqual(childrenOnProfile(profile), ['Кузьмин Егор']);
    });

    test('every code the article explains gets its own message next to the field, never a 500', async () => {
      const { h } = suite();
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
        ['pt1o095tc', UNKNOWN_CODE],
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
  });
}
