/**
 * The desk's temporary passwords and «Создать профиль» through HTTP, on SQLite and PostgreSQL:
 * both lead to «Новый пароль» at the first sign-in; every refusal of the form.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import {
  D_NEW,
  D_ORG,
  errorMessageOf,
  fieldErrorOf,
  ORG,
  PASSWORD,
  rowOf,
  unescapeHtml,
  useDesk,
} from '../../../test/support/desk.js';
import { Browser, type Harness } from '../../../test/support/harness.js';

for (const dialect of DIALECTS) {
  describe(`curator desk on ${dialect.name}: temporary passwords and new profiles`, {
    skip: dialect.skip,
  }, () => {
    const { harness, signIn, curator, personId, classId, peopleCount, auditOf } = useDesk(dialect.name);
    let h: Harness;
    let app: FastifyInstance;
    before(() => {
      h = harness();
      app = h.app;
    });

    describe('temporary passwords and new profiles', () => {
      test('«Выдать временный пароль»: a printable sheet, and the first sign-in asks for a new password', async () => {
        const b = await curator();
        const orlov = await personId('eljur', 'Орлов', 'Глеб');
        const student = await signIn('eljur', 'orlov.gleb', 'Futbol2026myach');
        const res = await b.submit(ORG, PASSWORD, { person: orlov });
        assert.equal(res.statusCode, 200);
        const [sheet] = [
          ...res.body.matchAll(/<article class="invitation credentials"[\s\S]*?<\/article>/g),
        ].map((m) => m[0]);
        assert.ok(sheet);
        assert.match(sheet, /<p class="for-whom">Ученику \(6А\)<\/p>/);
        assert.match(sheet, /<p class="invitee">Орлов Г<\/p>/);
        assert.match(sheet, /Ваш логин для входа:<br><span class="code login">orlov\.gleb<\/span>/);
        assert.match(sheet, /При первом входе система попросит сменить пароль\./);
        const password = unescapeHtml(
          /<span class="code temporary-password">([^<]+)<\/span>/.exec(sheet)?.[1] ?? '',
        );
        assert.ok(password.length >= 10);
        assert.ok(res.body.includes('Завершено сеансов: 1.'));

        // The student's old session ended; the old password no longer works; the new one leads to «Новый пароль».
        assert.equal((await student.get('/r/eljur/profile')).statusCode, 303);
        const again = new Browser(app);
        const old = await again.submit('/r/eljur/login', '/r/eljur/login', {
          login: 'orlov.gleb',
          password: 'Futbol2026myach',
        });
        assert.equal(old.statusCode, 401);
        const fresh = new Browser(app);
        const signedIn = await fresh.submit('/r/eljur/login', '/r/eljur/login', {
          login: 'orlov.gleb',
          password,
        });
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/r/eljur/password/new');

        assert.equal((await auditOf('credentials.issued', orlov)).length, 1);
        assert.equal((await auditOf('credentials.printed', orlov)).length, 1);
        assert.equal((await auditOf('password.set_by_operator', orlov)).length, 1);
        const everything = JSON.stringify(await h.services.audit.listForRealm('eljur', 1000));
        assert.ok(!everything.includes(password));
      });

      test('no temporary password for oneself, an administrator, a pending or foreign profile', async () => {
        const b = await curator();
        const cases: [string, number, string][] = [
          [await personId('eljur', 'Белов', 'Андрей'), 409, 'Свой пароль вы меняете в настройках.'],
          [
            await personId('eljur', 'Зайцева', 'Людмила'),
            403,
            'Пароль администратора, куратора или сотрудника поддержки на рабочем месте куратора не меняется. Обратитесь к оператору системы.',
          ],
          [
            await personId('eljur', 'Громова', 'Алла'),
            403,
            'Пароль администратора, куратора или сотрудника поддержки на рабочем месте куратора не меняется. Обратитесь к оператору системы.',
          ],
          [
            await personId('eljur', 'Смирнова', 'Дарья'),
            409,
            'Этот человек ещё не зарегистрирован: выдайте ему приглашительный код.',
          ],
          [await personId('dnevnik', 'Петров', 'Михаил'), 404, 'Такого человека нет в этой организации.'],
        ];
        for (const [id, status, message] of cases) {
          const before = await h.services.people.findById('eljur', id);
          const res = await b.submit(ORG, PASSWORD, { person: id });
          assert.equal(res.statusCode, status, message);
          assert.equal(errorMessageOf(res.body), message);
          assert.ok(!res.body.includes('temporary-password'));
          const after = await h.services.people.findById('eljur', id);
          assert.equal(after?.password_hash, before?.password_hash);
        }
      });

      test('admin1535 creates a Dnevnik profile; its temporary password leads to «Новый пароль»', async () => {
        const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
        // Issue 14: the Dnevnik administrator's desk is titled for an administrator.
        assert.match((await admin.get('/r/dnevnik/desk')).body, /<h1>Рабочее место администратора<\/h1>/);
        const form = await admin.get(D_NEW);
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /<h1>Создать профиль<\/h1>/);
        assert.match(form.body, /<select id="role" name="role"/);
        const class6a = await classId('dnevnik', '1535', '6А');
        assert.ok(form.body.includes(`<option value="${class6a}" >6А</option>`));

        const res = await admin.submit(D_NEW, D_NEW, {
          last_name: 'Сидоров',
          first_name: 'Павел',
          middle_name: 'Андреевич',
          birth_date: '14.05.2013',
          login: 'sidorov.pavel',
          role: 'student',
          class: class6a,
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 500));
        assert.ok(res.body.includes('Профиль sidorov.pavel создан.'));
        assert.match(res.body, /<p class="for-whom">Ученику \(6А\)<\/p>/);
        assert.match(res.body, /<p class="invitee">Сидоров П<\/p>/);
        assert.match(res.body, /Ваш логин для входа:<br><span class="code login">sidorov\.pavel<\/span>/);
        assert.match(res.body, /Временный пароль:<br><span class="code temporary-password">/);
        assert.ok(res.body.includes('https://propusk.test/r/dnevnik/login'));
        const password = unescapeHtml(
          /<span class="code temporary-password">([^<]+)<\/span>/.exec(res.body)?.[1] ?? '',
        );
        assert.ok(password.length >= 10);

        const person = await h.services.people.findByLogin('dnevnik', 'sidorov.pavel');
        assert.ok(person);
        assert.equal(person.password_must_change, 1);
        assert.equal(person.birth_date, '2013-05-14');
        assert.equal(person.middle_name, 'Андреевич');
        const memberships = await h.services.people.membershipsOf(person.id);
        assert.deepEqual(
          memberships.map((m) => [m.organisationName, m.className, m.role]),
          [['ГБОУ Школа № 1535', '6А', 'student']],
        );
        const events = (await h.services.audit.listForSubject(person.id)).map((e) => e.action).sort();
        assert.deepEqual(events, ['credentials.issued', 'credentials.printed', 'person.created']);

        const page = await admin.get(D_ORG);
        assert.match(rowOf(page.body, person.id), /<code>sidorov\.pavel<\/code>/);

        const fresh = new Browser(app);
        const signedIn = await fresh.submit('/r/dnevnik/login', '/r/dnevnik/login', {
          login: 'sidorov.pavel',
          password,
        });
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/r/dnevnik/password/new');
        const next = await fresh.get('/r/dnevnik/password/new');
        assert.equal(next.statusCode, 200);
        assert.ok(next.body.includes('sidorov.pavel'));
      });

      test('a parent is created with their child and listed under the child', async () => {
        const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
        const misha = await personId('dnevnik', 'Петров', 'Михаил');
        const res = await admin.submit(D_NEW, D_NEW, {
          last_name: 'Петрова',
          first_name: 'Ирина',
          login: 'petrova.irina',
          role: 'parent',
          child: misha,
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 500));
        assert.match(res.body, /<p class="for-whom">Родителю<\/p>/);
        const parent = await h.services.people.findByLogin('dnevnik', 'petrova.irina');
        assert.ok(parent);
        assert.deepEqual(
          (await h.services.people.childrenOf(parent.id)).map((c) => c.id),
          [misha],
        );
        const page = await admin.get(D_ORG);
        assert.match(page.body, new RegExp(`data-person="${parent.id}" data-child="${misha}"`));
      });

      test('bad input on the form: 400 with every message next to its field, nothing created', async () => {
        const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
        const class6a = await classId('dnevnik', '1535', '6А');
        const good = {
          last_name: 'Козлов',
          first_name: 'Олег',
          birth_date: '01.09.2012',
          login: 'kozlov.oleg',
          role: 'student',
          class: class6a,
        };
        const people = await peopleCount();
        const cases: [Record<string, string>, Record<string, string>][] = [
          [
            { last_name: '', first_name: '  ' },
            { last_name: 'Укажите фамилию', first_name: 'Укажите имя' },
          ],
          [{ login: 'admin1535' }, { login: 'Этот логин уже занят' }],
          [{ login: 'ADMIN1535' }, { login: 'Этот логин уже занят' }],
          [{ login: 'kozlov oleg' }, { login: 'Логин может содержать только буквы, цифры и знаки . _ - @' }],
          [{ login: 'k'.repeat(200) }, { login: 'Логин не должен быть длиннее 64 символов' }],
          [{ login: '' }, { login: 'Введите логин' }],
          [
            { login: 'kozl\u043ev' },
            { login: 'Логин содержит и латинские, и русские буквы. Проверьте раскладку клавиатуры' },
          ],
          [{ birth_date: '31.02.2013' }, { birth_date: 'Такой даты не существует' }],
          [{ birth_date: '31.02' }, { birth_date: 'Укажите дату в виде ДД.ММ.ГГГГ, например 14.05.2009' }],
          [{ birth_date: '01.01.2030' }, { birth_date: 'Дата рождения не может быть в будущем' }],
          [{ last_name: 'Козлов2' }, { last_name: 'Укажите имя буквами (можно дефис, апостроф и пробел)' }],
          [{ first_name: 'О'.repeat(101) }, { first_name: 'Не длиннее 100 символов' }],
          [{ role: 'admin' }, { role: 'Выберите роль из списка' }],
          [{ role: 'curator' }, { role: 'Выберите роль из списка' }],
          [{ class: '' }, { class: 'Выберите класс ученика' }],
          [
            { class: await classId('eljur', '1399', '6А') },
            { class: 'Такого класса нет в этой организации' },
          ],
          [{ role: 'parent' }, { child: 'Выберите ребёнка' }],
          [
            { role: 'parent', child: await personId('eljur', 'Николаева', 'Вера') },
            { child: 'Такого ученика нет в этой организации' },
          ],
          [
            { last_name: '', login: 'admin1535', birth_date: '31.02.2013', role: 'support' },
            {
              last_name: 'Укажите фамилию',
              login: 'Этот логин уже занят',
              birth_date: 'Такой даты не существует',
              role: 'Выберите роль из списка',
            },
          ],
        ];
        for (const [change, expected] of cases) {
          const res = await admin.submit(D_NEW, D_NEW, { ...good, ...change });
          const label = JSON.stringify(change).slice(0, 80);
          assert.equal(res.statusCode, 400, label);
          assert.ok(res.body.includes('Профиль не создан: исправьте ошибки в форме.'), label);
          for (const [field, message] of Object.entries(expected)) {
            assert.equal(fieldErrorOf(res.body, field), message, `${label} ${field}`);
            assert.match(res.body, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), `${label} ${field}`);
          }
          assert.ok(!res.body.includes('temporary-password'), label);
          assert.ok(res.body.length < 30_000, 'long values are not echoed in full');
        }
        assert.equal(await peopleCount(), people, 'nothing was created');
        assert.equal(await h.services.people.findByLogin('dnevnik', 'kozlov.oleg'), null);

        // What was typed comes back escaped; the form keeps the choices.
        const echoed = await admin.submit(D_NEW, D_NEW, { ...good, last_name: '<script>alert(1)</script>' });
        assert.equal(echoed.statusCode, 400);
        assert.ok(echoed.body.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
        assert.ok(!echoed.body.includes('<script>alert'));
        assert.ok(echoed.body.includes(`<option value="${class6a}" selected>6А</option>`));

        const en = await admin.submit(
          D_NEW,
          D_NEW,
          { ...good, last_name: '' },
          { cookie: `${admin.cookieHeader()}; lang=en` },
        );
        assert.equal(fieldErrorOf(en.body, 'last_name'), 'Enter the last name');
      });
    });
  });
}
