/**
 * The school page through HTTP (app.inject) on SQLite and PostgreSQL: its contacts,
 * administrators, curators and class staff by name only (never a login, email or phone of a
 * person), the links per preset, the language, and a localised 404 for an unknown slug or
 * another realm's school; the search leads to it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import {
  classesOf,
  linksOf,
  listItems,
  search,
  sectionOf,
  seedSchools,
} from '../../../test/support/schools.js';

for (const dialect of DIALECTS) {
  describe(`school directory on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    let _regionIds = new Map<string, string>();

    async function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
      return app.inject({ method: 'GET', url, headers });
    }

    before(async () => {
      h = await startHarness(dialect.name);
      app = h.app;
      _regionIds = await seedSchools(h.services);
    });
    after(async () => {
      await h?.close();
    });

    describe('the school page', () => {
      test('Dnevnik 1535: name, region, contacts, administrators by name only, links', async () => {
        const res = await get('/r/dnevnik/s/1535');
        assert.equal(res.statusCode, 200);
        const body = res.body;
        assert.match(body, /<h1>ГБОУ Школа № 1535<\/h1>/);
        assert.match(body, /<title>ГБОУ Школа № 1535 — Дневник.ру<\/title>/);
        assert.match(body, /<dd class="school-region">Москва<\/dd>/);

        const contacts = sectionOf(body, 'school-contacts');
        assert.ok(contacts, 'the contact block');
        assert.match(contacts, /<h2>Контакты<\/h2>/);
        assert.match(contacts, /<dd class="contact-office">Учебная часть, кабинет № 104а<\/dd>/);
        assert.match(contacts, /href="mailto:kantselyaria@school1535.example"/);
        assert.match(contacts, /<a href="tel:\+74950000000">\+7 495 000-00-00<\/a>/);

        const admins = sectionOf(body, 'school-admins');
        assert.ok(admins);
        assert.match(admins, /<h2>Администраторы<\/h2>/);
        assert.deepEqual(
          listItems(admins),
          ['Кузнецова Марина'],
          'once, though the role is held twice; not the blocked one',
        );
        for (const secret of [
          'admin1535',
          'admin@school1535.example',
          'Павловна',
          'Уволенная',
          'uvolena.zoya',
        ]) {
          assert.ok(!body.includes(secret), `${secret} is not on the page`);
        }
        // Students, parents and teachers without a class are not listed.
        for (const name of [
          'Волкова',
          'Петров',
          'Смирнова',
          'ekaterinavolkov',
          'petrov@demo.example',
          '+7916',
        ]) {
          assert.ok(!body.includes(name), name);
        }
        assert.equal(sectionOf(body, 'school-curators'), null, 'no curators in 1535');

        assert.match(body, /<a class="login-link" href="\/r\/dnevnik\/login">Войти<\/a>/);
        assert.match(body, /<a class="recovery-link" href="\/r\/dnevnik\/recovery">Восстановите доступ<\/a>/);
        assert.ok(!body.includes('/hello'), 'no registration outside ElJur');
        assert.ok(!body.includes('Регистрация'));
        assert.ok(
          body.includes(
            'Если вы не подтвердили email или телефон, обратитесь к администраторам школы или к классному руководителю.',
          ),
        );
        assert.deepEqual(
          [...classesOf(body)],
          [
            ['6А', []],
            ['9Б', []],
          ],
        );
        assert.ok(!body.includes('Сотрудники класса'), 'no teacher is linked to a class of 1535');
        assert.match(body, /<a href="\/r\/dnevnik\/schools">Найти другую школу<\/a>/);
      });

      test('Dnevnik perm-12: curators, only the contacts that are set, no administrators listed', async () => {
        const res = await get('/r/dnevnik/s/perm-12');
        assert.equal(res.statusCode, 200);
        const body = res.body;
        const contacts = sectionOf(body, 'school-contacts');
        assert.ok(contacts);
        assert.match(contacts, /Информационно-методический центр, кабинет № 110/);
        assert.match(contacts, /imc@perm12.example/);
        assert.ok(!contacts.includes('Телефон'), 'no phone is set');
        assert.ok(body.includes('Администраторы пока не указаны.'));
        const curators = sectionOf(body, 'school-curators');
        assert.ok(curators);
        assert.match(curators, /<h2>Кураторы<\/h2>/);
        assert.deepEqual(listItems(curators), ['Соколов Дмитрий']);
        for (const secret of [
          'curator.perm12',
          'Морозов',
          'blocked.user',
          'Лебедева',
          'support.desk',
          'Новиков',
        ]) {
          assert.ok(!body.includes(secret), secret);
        }
        assert.deepEqual([...classesOf(body).keys()], ['1А', '11А'], 'classes in number order');
      });

      test('ElJur 1399: registration link, «Забыли пароль?», class staff by name only', async () => {
        const res = await get('/r/eljur/s/1399');
        assert.equal(res.statusCode, 200);
        const body = res.body;
        assert.match(body, /<a class="register-link" href="\/r\/eljur\/s\/1399\/hello">Регистрация<\/a>/);
        assert.match(body, /<a class="recovery-link" href="\/r\/eljur\/recovery">Забыли пароль\?<\/a>/);
        assert.match(body, /<a class="login-link" href="\/r\/eljur\/login">Войти<\/a>/);
        assert.ok(body.includes('приглашительный код'));
        assert.deepEqual(listItems(sectionOf(body, 'school-admins') ?? ''), ['Зайцева Людмила']);
        assert.deepEqual(listItems(sectionOf(body, 'school-curators') ?? ''), ['Белов Андрей']);
        assert.deepEqual(
          [...classesOf(body)],
          [
            ['6А', ['Орлова Наталья']],
            ['8В', ['Кузьмина Анна']],
          ],
        );
        assert.match(body, /<h3>Сотрудники класса<\/h3>/);
        for (const secret of ['orlova.math', 'orlova@1399.example', 'Петровна', 'curator1399', 'admin1399']) {
          assert.ok(!body.includes(secret), secret);
        }
        // Other staff and teachers without a class stay off the page.
        for (const name of ['Иванова', 'Фёдоров', 'Громова', 'Николаева'])
          assert.ok(!body.includes(name), name);
      });

      test('app.recycle.kz: no registration, «Забыли пароль?», administrators by name', async () => {
        const res = await get('/r/recycle/s/ecotrans');
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes('/hello'));
        assert.match(res.body, /Забыли пароль\?/);
        assert.deepEqual(listItems(sectionOf(res.body, 'school-admins') ?? ''), ['Ахметов Нурлан']);
        for (const secret of ['akhmetov', '061211600012', 'tteniscent@demo.example', 'Серикович']) {
          assert.ok(!res.body.includes(secret), secret);
        }
      });

      test('the page follows the language', async () => {
        const res = await get('/r/eljur/s/1399', { cookie: 'lang=en' });
        assert.match(res.body, /<h2>Administrators<\/h2>/);
        assert.match(res.body, />Registration<\/a>/);
        assert.match(res.body, /<h3>Class staff<\/h3>/);
      });

      test('an unknown slug, or another realm’s, is a localised 404', async () => {
        for (const url of [
          '/r/dnevnik/s/nope',
          '/r/dnevnik/s/1399',
          '/r/eljur/s/1535',
          '/r/eljur/s/perm-12',
          '/r/recycle/s/1399',
          '/r/many/s/1535',
          '/r/dnevnik/s/%00',
          `/r/dnevnik/s/${'1'.repeat(61)}`,
          '/r/dnevnik/s/1535%0A',
        ]) {
          const res = await get(url);
          assert.equal(res.statusCode, 404, url);
          assert.match(
            res.body,
            /<p class="error-message" data-status="404">Школа не найдена\. Проверьте адрес или найдите школу через поиск\.<\/p>/,
            url,
          );
          assert.ok(res.body.includes(`href="/r/${url.split('/')[2]}/schools"`), url);
        }
        const en = await get('/r/eljur/s/1535', { cookie: 'lang=en' });
        assert.equal(en.statusCode, 404);
        assert.ok(en.body.includes('School not found.'));
        const noRealm = await get('/r/nope/s/1535');
        assert.equal(noRealm.statusCode, 404);
        assert.ok(noRealm.body.includes('Такой системы здесь нет'));
      });

      test('the search leads to the school page', async () => {
        const [link] = linksOf((await get(search('eljur', { q: '1399' }))).body);
        assert.equal(link, '/r/eljur/s/1399');
        assert.equal((await get(link)).statusCode, 200);
        // The short school address works with a trailing slash too.
        assert.equal((await get(`${link}/`)).statusCode, 200);
      });
    });
  });
}
