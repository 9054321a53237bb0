/**
 * The curator desk through HTTP (app.inject), on SQLite and PostgreSQL: who gets in (admins and
 * curators of their own organisations; support, students and parents get a localised 403;
 * another school is a 404; no session is a 303 to sign-in) and what the organisation page shows
 * (names, logins or «не зарегистрирован», confirmed or not — never an address, phone or birth
 * date).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import {
  D_ORG,
  DESK,
  errorMessageOf,
  ORG,
  PASSWORD,
  PRINT,
  rowOf,
  useDesk,
} from '../../../test/support/desk.js';
import { Browser, csrfTokenOf, type Harness } from '../../../test/support/harness.js';

for (const dialect of DIALECTS) {
  describe(`curator desk on ${dialect.name}: who gets in and the organisation page`, {
    skip: dialect.skip,
  }, () => {
    const { harness, signIn, curator, personId, classId, invitationCount, peopleCount } = useDesk(
      dialect.name,
    );
    let h: Harness;
    let app: FastifyInstance;
    before(() => {
      h = harness();
      app = h.app;
    });

    describe('who gets in', () => {
      test('not signed in: 303 to the sign-in page, for pages and for posts', async () => {
        for (const url of [DESK, ORG, `${ORG}/people/new`, `${ORG}/print`, '/r/dnevnik/desk/1535']) {
          const res = await app.inject({ method: 'GET', url });
          assert.equal(res.statusCode, 303, url);
          assert.equal(res.headers.location, `/r/${url.split('/')[2]}/login`, url);
        }
        const b = new Browser(app);
        const before = await invitationCount();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const res = await b.submit('/r/eljur/login', PRINT, { person: dasha, prefix: 'st' });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/r/eljur/login');
        assert.equal(await invitationCount(), before, 'nothing issued');
      });

      test('support, students, parents and teachers: a localised 403', async () => {
        const forbidden =
          'Рабочее место куратора доступно только администраторам и кураторам образовательной организации. Службе технической поддержки данные пользователей не доступны.';
        const cases: [string, string, string][] = [
          ['eljur', 'support1399', 'Pomosch2026sluzhba'],
          ['eljur', 'nikolaeva.v', 'Vesna2026shkola'],
          ['eljur', 'nikolaeva.mama', 'Roditel2026dom'],
          ['eljur', 'orlova.math', 'Algebra2026urok'],
          ['dnevnik', 'support.desk', 'Podderzhka-77'],
        ];
        for (const [realm, login, password] of cases) {
          const b = await signIn(realm, login, password);
          for (const url of [
            `/r/${realm}/desk`,
            `/r/${realm}/desk/${realm === 'eljur' ? '1399' : 'perm-12'}`,
          ]) {
            const res = await b.get(url);
            assert.equal(res.statusCode, 403, `${login} ${url}`);
            assert.equal(errorMessageOf(res.body), forbidden, `${login} ${url}`);
            for (const secret of ['Смирнова', 'curator1399', 'nikolaeva.mama', 'Соколов']) {
              assert.ok(!res.body.includes(secret), `${login}: ${secret}`);
            }
          }
        }
        const support = await signIn('eljur', 'support1399', 'Pomosch2026sluzhba');
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const token = csrfTokenOf((await support.get('/r/eljur/profile')).body);
        const res = await support.post(PRINT, { _csrf: token, person: dasha, prefix: 'st' });
        assert.equal(res.statusCode, 403, 'support cannot issue either');

        const en = await support.get(DESK, { cookie: `${support.cookieHeader()}; lang=en` });
        assert.equal(en.statusCode, 403);
        assert.match(
          errorMessageOf(en.body) ?? '',
          /^The curator desk is open only to administrators and curators/,
        );
        const kz = await support.get(DESK, { cookie: `${support.cookieHeader()}; lang=kk` });
        assert.match(errorMessageOf(kz.body) ?? '', /^Куратордың жұмыс орны тек/);
      });

      test('a curator sees only their own organisations: another school is a 404', async () => {
        const perm = await signIn('dnevnik', 'curator.perm12', 'Kurator-Perm-12');
        const index = await perm.get('/r/dnevnik/desk');
        assert.equal(index.statusCode, 200);
        assert.match(
          index.body,
          /<a class="desk-organisation" href="\/r\/dnevnik\/desk\/perm-12">МАОУ СОШ № 12 г. Перми<\/a>/,
        );
        assert.ok(!index.body.includes('1535'));
        assert.equal((await perm.get('/r/dnevnik/desk/perm-12')).statusCode, 200);

        const notFound = 'Организация не найдена среди тех, где вы администратор или куратор.';
        for (const url of [
          D_ORG,
          `${D_ORG}/people/new`,
          `${D_ORG}/print`,
          '/r/dnevnik/desk/nope',
          '/r/dnevnik/desk/1399',
          `/r/dnevnik/desk/${'x'.repeat(150)}`,
        ]) {
          const res = await perm.get(url);
          assert.equal(res.statusCode, 404, url);
          assert.equal(errorMessageOf(res.body), notFound, url);
          assert.ok(!res.body.includes('Кузнецова'), url);
        }
        // Posting into the other school with a person of it: still a 404, nothing issued.
        const volkova = await personId('dnevnik', 'Волкова', 'Екатерина');
        const before = await invitationCount();
        const token = csrfTokenOf((await perm.get('/r/dnevnik/desk/perm-12')).body);
        for (const [url, fields] of [
          [`${D_ORG}/print`, { person: volkova, prefix: 'pt' }],
          [`${D_ORG}/password`, { person: volkova }],
          [
            `${D_ORG}/people/new`,
            { last_name: 'Чужой', first_name: 'Профиль', login: 'chuzhoi', role: 'staff' },
          ],
        ] as const) {
          const res = await perm.post(url, { _csrf: token, ...fields });
          assert.equal(res.statusCode, 404, url);
        }
        assert.equal(await invitationCount(), before);
        assert.equal(await h.services.people.findByLogin('dnevnik', 'chuzhoi'), null);
        // A person of the other school, posted into the curator's own: not found there either.
        const res = await perm.post('/r/dnevnik/desk/perm-12/print', {
          _csrf: token,
          person: volkova,
          prefix: 'pt',
        });
        assert.equal(res.statusCode, 404);
        assert.equal(errorMessageOf(res.body), 'Такого человека нет в этой организации.');
        const pwd = await perm.post('/r/dnevnik/desk/perm-12/password', { _csrf: token, person: volkova });
        assert.equal(pwd.statusCode, 404);
        assert.equal(await invitationCount(), before);
      });

      test('missing or wrong CSRF: 403, nothing issued or created', async () => {
        const b = await curator();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const orlov = await personId('eljur', 'Орлов', 'Глеб');
        const before = await invitationCount();
        const people = await peopleCount();
        const orlovBefore = await h.services.people.findById('eljur', orlov);
        for (const [url, fields] of [
          [PRINT, { person: dasha, prefix: 'st' }],
          [PRINT, { class: await classId('eljur', '1399', '6А'), for: 'pt' }],
          [PASSWORD, { person: orlov }],
          [
            `${ORG}/people/new`,
            { last_name: 'Без', first_name: 'Токена', login: 'bez.tokena', role: 'staff' },
          ],
        ] as const) {
          for (const token of [undefined, 'forged-token']) {
            const res = await b.post(url, { ...(token ? { _csrf: token } : {}), ...fields });
            assert.equal(res.statusCode, 403, `${url} ${token ?? 'none'}`);
          }
        }
        assert.equal(await invitationCount(), before);
        assert.equal(await peopleCount(), people);
        const orlovAfter = await h.services.people.findById('eljur', orlov);
        assert.equal(orlovAfter?.password_hash, orlovBefore?.password_hash);
      });
    });

    describe('the organisation page', () => {
      test('curator1399: the organisation, its classes, students with parents, staff', async () => {
        const b = await curator();
        const index = await b.get(DESK);
        assert.equal(index.statusCode, 200);
        assert.match(index.body, /<h1>Рабочее место куратора<\/h1>/);
        assert.match(
          index.body,
          /href="\/r\/eljur\/desk\/1399">ГБОУ СОШ № 1399<\/a> <span class="hint desk-roles">куратор<\/span>/,
        );

        const res = await b.get(ORG);
        assert.equal(res.statusCode, 200);
        const body = res.body;
        assert.match(body, /<h1>ГБОУ СОШ № 1399<\/h1>/);
        assert.deepEqual(
          [...body.matchAll(/<h2 id="class-[^"]+" class="class-name">([^<]+)<\/h2>/g)].map((m) => m[1]),
          ['6А', '8В'],
        );
        assert.ok(body.includes('Приглашительный код показывается только один раз'));

        const dasha = rowOf(body, await personId('eljur', 'Смирнова', 'Дарья'));
        assert.match(dasha, /<td class="name"><a class="person-link" href="[^"]+">Смирнова Дарья<\/a><\/td>/);
        assert.match(dasha, /не зарегистрирован/);
        // Issue 14: the phrase agrees with the person («Смирнова Дарья — не зарегистрирована»).
        assert.match(dasha, /не зарегистрирована</);
        assert.match(dasha, /<button type="submit">Выдать код<\/button>/);
        assert.match(dasha, /<button type="submit">Код для родителей<\/button>/);
        assert.ok(!dasha.includes('Выдать временный пароль'), 'no password for a pending profile');

        const vera = rowOf(body, await personId('eljur', 'Николаева', 'Вера'));
        assert.match(vera, /<code>nikolaeva\.v<\/code>/);
        assert.match(vera, /Выдать временный пароль/);
        assert.ok(!vera.includes('>Выдать код<'), 'no student code for a registered student');

        const mother = await personId('eljur', 'Николаева', 'Светлана');
        const motherRows = [
          ...body.matchAll(
            new RegExp(`<tr class="person parent" data-person="${mother}" data-child="([^"]+)"`, 'g'),
          ),
        ];
        assert.equal(motherRows.length, 2, 'listed under both of her children (6А and 8В)');
        const motherRow = rowOf(body, mother);
        assert.match(
          motherRow,
          /родитель:<\/span> <a class="person-link" href="[^"]+">Николаева Светлана Игоревна<\/a>/,
        );
        assert.match(motherRow, /<code>nikolaeva\.mama<\/code>/);
        assert.match(motherRow, /<td class="email-status status-ok">подтверждена<\/td>/);
        assert.match(motherRow, /<td class="phone-status status-missing">не подтверждён<\/td>/);

        const pendingMother = rowOf(body, await personId('eljur', 'Смирнова', 'Елена'));
        assert.match(pendingMother, /Смирнова Елена Андреевна/);
        assert.match(pendingMother, /не зарегистрирован/);
        assert.match(pendingMother, /не зарегистрирована</, 'by her patronymic');

        const kuzmina = rowOf(body, await personId('eljur', 'Кузьмина', 'Анна'));
        assert.match(kuzmina, /<tr class="person staff"/);
        assert.match(kuzmina, /учитель <span class="hint">\(8В\)<\/span>/);
        assert.match(kuzmina, /name="prefix" value="tr"/);
        const curatorRow = rowOf(body, await personId('eljur', 'Белов', 'Андрей'));
        assert.ok(!curatorRow.includes('<form'), 'no actions on one’s own row');
        const admin = rowOf(body, await personId('eljur', 'Зайцева', 'Людмила'));
        assert.match(admin, /пароль меняет оператор системы/);
        assert.ok(!admin.includes('Выдать временный пароль'));
        assert.match(rowOf(body, await personId('eljur', 'Иванова', 'Галина')), /Выдать временный пароль/);

        // No personal data beyond names, logins and confirmation; support is not listed.
        for (const secret of [
          '14a139@mail.example',
          'orlova@1399.example',
          'curator@1399.example',
          '2013-03-12',
          '12.03.2013',
          'Громова',
          'support1399',
          'Kurator2026zhurnal',
        ]) {
          assert.ok(!body.includes(secret), secret);
        }
        assert.equal([...body.matchAll(/name="_csrf"/g)].length > 5, true, 'every form carries CSRF');
      });

      test('the page follows the language', async () => {
        const b = await curator();
        const res = await b.get(ORG, { cookie: `${b.cookieHeader()}; lang=en` });
        assert.match(res.body, /Print invitations for the class/);
        assert.match(res.body, /not registered/);
        const kz = await b.get(ORG, { cookie: `${b.cookieHeader()}; lang=kk` });
        assert.match(kz.body, /Сыныпқа шақыруларды басып шығару/);
        assert.match(kz.body, /тіркелмеген/);
      });
    });
  });
}
