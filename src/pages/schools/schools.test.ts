/**
 * The public school directory through HTTP (app.inject), on SQLite and PostgreSQL: search by
 * region, by number and by part of the name (case-insensitive for Cyrillic and Kazakh, «е» for
 * «ё»), LIKE wildcards taken literally, the 50-result cap and the small-realm listing, every
 * refused input as a 400 next to its field; the school page with its contacts, administrators,
 * curators and class staff by name only (never a login, email or phone of a person), the links
 * per preset, and 404 for an unknown slug or another realm's school. Then the pure parts: the
 * fold, the input parser and the three message catalogues (the matching itself, `%`, `_` and `\`
 * included, is tested with the index in directory/school-search/).
 *
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { en, kk, ru, type SchoolsKey } from './messages.js';
import { SEARCHES_PER_MINUTE } from './routes.js';
import { FOLD_PAIRS, fold, numberCandidate, parseSearch, QUERY_MAX } from './search.js';

/** Every uppercase letter the fold knows, for the test that all of them fold in SQL too. */
const ALL_FOLDED_FROM = FOLD_PAIRS.map(([from]) => from)
  .filter((ch) => ch !== '\u00a0')
  .join('');

function search(realm: string, params: Record<string, string> | string): string {
  const query = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return `/r/${realm}/schools?${query}`;
}

/** The names of the listed schools, in page order (as the HTML shows them, escaped). */
function resultsOf(body: string): string[] {
  return [...body.matchAll(/<li class="school-result"><a href="[^"]+">([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
}

function linksOf(body: string): string[] {
  return [...body.matchAll(/<li class="school-result"><a href="([^"]+)">/g)].map((m) => m[1] ?? '');
}

function fieldErrorOf(body: string, field: string): string | null {
  return (
    new RegExp(`<p class="field-error" id="${field}-error">([\\s\\S]*?)</p>`).exec(body)?.[1]?.trim() ?? null
  );
}

/** The markup of one section of the school page, by its class. */
function sectionOf(body: string, cls: string): string | null {
  return new RegExp(`<section class="${cls}">([\\s\\S]*?)</section>`).exec(body)?.[1] ?? null;
}

function listItems(markup: string): string[] {
  return [...markup.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1] ?? '');
}

/** Class name → its «Сотрудники класса» names (empty when the block is absent). */
function classesOf(body: string): Map<string, string[]> {
  const block = sectionOf(body, 'school-classes') ?? '';
  const out = new Map<string, string[]>();
  const parts = block.split('<span class="class-name">').slice(1);
  for (const part of parts) {
    const name = part.slice(0, part.indexOf('</span>'));
    const staff = /<div class="class-staff">([\s\S]*?)<\/div>/.exec(part)?.[1];
    out.set(name, staff ? listItems(staff) : []);
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`school directory on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    const regionIds = new Map<string, string>();

    function region(realm: string, name: string): string {
      const id = regionIds.get(`${realm}/${name}`);
      assert.ok(id, `region ${realm}/${name}`);
      return id;
    }

    async function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
      return app.inject({ method: 'GET', url, headers });
    }

    async function found(realm: string, params: Record<string, string> | string): Promise<string[]> {
      const res = await get(search(realm, params));
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return resultsOf(res.body);
    }

    before(async () => {
      h = await startHarness(dialect.name);
      app = h.app;
      const { services } = h;

      // ElJur 1399: the teacher Орлова becomes a class teacher of 6А.
      const s1399 = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(s1399);
      const orlova = await services.people.findByLogin('eljur', 'orlova.math');
      assert.ok(orlova);
      const class6a = await services.db
        .selectFrom('classes')
        .select('id')
        .where('organisation_id', '=', s1399.id)
        .where('name', '=', '6А')
        .executeTakeFirstOrThrow();
      await services.people.addMembership({
        personId: orlova.id,
        organisationId: s1399.id,
        classId: class6a.id,
        role: 'teacher',
      });

      // Dnevnik 1535: a blocked administrator, and the real one holding the role twice.
      const s1535 = await services.organisations.findBySlug('dnevnik', '1535');
      assert.ok(s1535);
      const blocked = await services.people.create({
        realmId: 'dnevnik',
        login: 'uvolena.zoya',
        loginNormalized: 'uvolena.zoya',
        lastName: 'Уволенная',
        firstName: 'Зоя',
      });
      await services.people.setStatus(blocked.id, 'blocked');
      await services.people.addMembership({ personId: blocked.id, organisationId: s1535.id, role: 'admin' });
      const admin = await services.people.findByLogin('dnevnik', 'admin1535');
      assert.ok(admin);
      await services.people.addMembership({ personId: admin.id, organisationId: s1535.id, role: 'admin' });

      // A realm with more schools than a page lists, and names with wildcards and rarer letters.
      await services.realms.create({ id: 'many', name: 'Много школ', preset: 'dnevnik' });
      const edge = await services.organisations.createRegion('many', '01', 'Тестовый край');
      for (let n = 1; n <= 55; n++) {
        const number = String(n).padStart(2, '0');
        await services.organisations.create({
          realmId: 'many',
          regionId: edge,
          kind: 'school',
          name: `Школа № ${number}`,
          number,
          slug: `m-${number}`,
        });
      }
      const extra: [string, string, string | null][] = [
        ['Центр 100% успеха', 'centr', null],
        ['Лицей_7', 'licey', '7'],
        ['Вечерняя школа', 'evening', '404'],
        ['Школа имени Артёма', 'artem', null],
        ['Қазақ мектебі', 'kazakh', null],
        ['Гимназия\u00a0№ 3', 'gymn', '3'],
        [`Буквы ${ALL_FOLDED_FROM}`, 'letters', null],
      ];
      for (const [name, slug, number] of extra) {
        await services.organisations.create({ realmId: 'many', kind: 'school', name, number, slug });
      }

      for (const r of await services.db.selectFrom('regions').select(['id', 'realm_id', 'name']).execute()) {
        regionIds.set(`${r.realm_id}/${r.name}`, r.id);
      }
    });
    after(async () => {
      await h?.close();
    });

    describe('«Найдите свою школу»', () => {
      test('the form: regions of this realm with «Все регионы», the number-or-name field', async () => {
        const res = await get('/r/dnevnik/schools');
        assert.equal(res.statusCode, 200);
        const body = res.body;
        assert.match(body, /<h1>Найдите свою школу<\/h1>/);
        assert.match(body, /<form method="get" action="\/r\/dnevnik\/schools"/);
        assert.match(body, /<select id="region" name="region"/);
        const options = [...body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [
          m[1],
          m[2],
        ]);
        assert.deepEqual(options, [
          ['', 'Все регионы'],
          [region('dnevnik', 'Москва'), 'Москва'],
          [region('dnevnik', 'Пермский край'), 'Пермский край'],
        ]);
        assert.match(body, /<label for="q">Номер или название школы<\/label>/);
        assert.match(body, /<input id="q" name="q" type="text"/);

        const eljur = await get('/r/eljur/schools');
        assert.ok(eljur.body.includes('Санкт-Петербург'));
        assert.ok(!eljur.body.includes('Москва'), 'only the realm’s own regions');
      });

      test('with no query a small realm is listed whole, a big one shows the form alone', async () => {
        const small = await get('/r/dnevnik/schools');
        assert.deepEqual(resultsOf(small.body), ['ГБОУ Школа № 1535', 'МАОУ СОШ № 12 г. Перми']);
        assert.deepEqual(linksOf(small.body), ['/r/dnevnik/s/1535', '/r/dnevnik/s/perm-12']);
        assert.match(
          small.body,
          /<span class="school-number">№ 1535<\/span> <span class="school-region">Москва<\/span>/,
        );

        const big = await get('/r/many/schools');
        assert.equal(big.statusCode, 200);
        assert.deepEqual(resultsOf(big.body), []);
        assert.ok(big.body.includes('Укажите номер или название либо выберите регион.'));
        assert.ok(!big.body.includes('Ничего не найдено'));
      });

      test('by region', async () => {
        assert.deepEqual(await found('dnevnik', { region: region('dnevnik', 'Москва') }), [
          'ГБОУ Школа № 1535',
        ]);
        assert.deepEqual(await found('dnevnik', { region: region('dnevnik', 'Пермский край') }), [
          'МАОУ СОШ № 12 г. Перми',
        ]);
        const res = await get(search('dnevnik', { region: region('dnevnik', 'Пермский край'), q: '' }));
        assert.match(res.body, new RegExp(`<option value="${region('dnevnik', 'Пермский край')}" selected>`));
        // Region and text together: both must hold.
        assert.deepEqual(await found('dnevnik', { region: region('dnevnik', 'Москва'), q: 'перми' }), []);
        assert.deepEqual(await found('dnevnik', { region: region('dnevnik', 'Москва'), q: '1535' }), [
          'ГБОУ Школа № 1535',
        ]);
      });

      test('by number: the number exactly, or the name containing it', async () => {
        assert.deepEqual(await found('eljur', { q: '1399' }), ['ГБОУ СОШ № 1399']);
        assert.deepEqual(await found('dnevnik', { q: '12' }), ['МАОУ СОШ № 12 г. Перми']);
        assert.deepEqual(await found('dnevnik', { q: '№ 1535' }), ['ГБОУ Школа № 1535']);
        assert.deepEqual(await found('dnevnik', { q: '№1535' }), ['ГБОУ Школа № 1535']);
        assert.deepEqual(await found('dnevnik', { q: '  1535 ' }), ['ГБОУ Школа № 1535']);
        // «Вечерняя школа» has number 404 but not in its name: found by the number, exactly.
        assert.deepEqual(await found('many', { q: '404' }), ['Вечерняя школа']);
        assert.deepEqual(await found('many', { q: '40' }), ['Школа № 40']);
        assert.deepEqual(await found('eljur', { q: '1535' }), [], 'another realm’s school is not found');
      });

      test('by part of the name, case-insensitively, Cyrillic and Kazakh included', async () => {
        assert.deepEqual(await found('dnevnik', { q: 'гбоу школа' }), ['ГБОУ Школа № 1535']);
        assert.deepEqual(await found('dnevnik', { q: 'ПЕРМИ' }), ['МАОУ СОШ № 12 г. Перми']);
        assert.deepEqual(await found('dnevnik', { q: 'маоу сош № 12' }), ['МАОУ СОШ № 12 г. Перми']);
        assert.deepEqual(await found('dnevnik', { q: 'Сош' }), ['МАОУ СОШ № 12 г. Перми']);
        assert.deepEqual(await found('dnevnik', { q: 'школа' }), ['ГБОУ Школа № 1535']);
        assert.deepEqual(await found('eljur', { q: 'гбоу сош' }), ['ГБОУ СОШ № 1399']);
        assert.deepEqual(await found('many', { q: 'артем' }), ['Школа имени Артёма']);
        assert.deepEqual(await found('many', { q: 'АРТЁМА' }), ['Школа имени Артёма']);
        assert.deepEqual(await found('many', { q: 'қазақ' }), ['Қазақ мектебі']);
        assert.deepEqual(await found('many', { q: 'ҚАЗАҚ МЕКТЕБІ' }), ['Қазақ мектебі']);
        // The stored name has a no-break space; the typed one an ordinary space.
        assert.deepEqual(await found('many', { q: 'гимназия № 3' }), ['Гимназия\u00a0№ 3']);
        const res = await get(search('dnevnik', { q: 'перми' }));
        assert.ok(res.body.includes('Найдено: 1'));
        assert.match(res.body, /value="перми"/, 'the query is shown back');
      });

      test('every letter the fold knows folds the same in the database', async () => {
        assert.deepEqual(await found('many', { q: fold(ALL_FOLDED_FROM) }), [`Буквы ${ALL_FOLDED_FROM}`]);
        assert.deepEqual(await found('many', { q: fold(ALL_FOLDED_FROM).toUpperCase() }), [
          `Буквы ${ALL_FOLDED_FROM}`,
        ]);
      });

      test('LIKE wildcards in the query are literal', async () => {
        for (const q of ['%', '_', '%%', '15%5', '1_35', '%1535', '\\', '\\%']) {
          const res = await get(search('dnevnik', { q }));
          assert.equal(res.statusCode, 200, q);
          assert.deepEqual(resultsOf(res.body), [], `«${q}» finds nothing`);
          assert.ok(res.body.includes('Ничего не найдено'), q);
        }
        assert.deepEqual(await found('many', { q: '%' }), ['Центр 100% успеха']);
        assert.deepEqual(await found('many', { q: '100%' }), ['Центр 100% успеха']);
        assert.deepEqual(await found('many', { q: '_' }), ['Лицей_7']);
        assert.deepEqual(await found('many', { q: '10_%' }), []);
        assert.deepEqual(await found('many', { q: 'ли_ей' }), []);
      });

      test('at most 50 results, by name, with a note that there are more', async () => {
        const res = await get(search('many', { q: 'школа' }));
        assert.equal(res.statusCode, 200);
        const names = resultsOf(res.body);
        assert.equal(names.length, 50);
        assert.equal(names[0], 'Вечерняя школа');
        assert.ok(res.body.includes('Показаны первые 50. Уточните запрос или выберите регион.'));
        assert.ok(res.body.includes('Найдено: 50'));
        const numbered = names.filter((n) => n.startsWith('Школа № '));
        assert.deepEqual(numbered, [...numbered].sort(), 'numbered schools in name order');
        for (let n = 1; n <= 48; n++)
          assert.ok(names.includes(`Школа № ${String(n).padStart(2, '0')}`), `№ ${n}`);
        assert.ok(!names.includes('Школа № 55'));

        const region55 = await get(search('many', { region: region('many', 'Тестовый край') }));
        assert.equal(resultsOf(region55.body).length, 50);
        assert.ok(region55.body.includes('Показаны первые 50'));
      });

      test('too long, NUL, unknown region, repeated parameters: 400 with the message at the field', async () => {
        const cases: { url: string; field: 'q' | 'region'; message: string }[] = [
          {
            url: search('dnevnik', { q: 'x'.repeat(10 * 1024) }),
            field: 'q',
            message: 'Слишком длинный запрос: не более 100 символов.',
          },
          {
            url: search('dnevnik', { q: 'ш'.repeat(QUERY_MAX + 1) }),
            field: 'q',
            message: 'Слишком длинный запрос: не более 100 символов.',
          },
          {
            url: search('dnevnik', { q: 'школа\u0000' }),
            field: 'q',
            message: 'Запрос содержит недопустимые символы. Введите номер или название.',
          },
          {
            url: search('dnevnik', { q: '\u0000' }),
            field: 'q',
            message: 'Запрос содержит недопустимые символы. Введите номер или название.',
          },
          {
            url: search('dnevnik', 'q=1535&q=12'),
            field: 'q',
            message: 'Запрос содержит недопустимые символы. Введите номер или название.',
          },
          {
            url: search('dnevnik', { region: 'no-such-region' }),
            field: 'region',
            message: 'Такого региона нет в списке. Выберите регион из списка.',
          },
          {
            url: search('dnevnik', { region: '\u0000', q: '1535' }),
            field: 'region',
            message: 'Такого региона нет в списке. Выберите регион из списка.',
          },
          {
            url: search('dnevnik', { region: 'x'.repeat(10 * 1024) }),
            field: 'region',
            message: 'Такого региона нет в списке. Выберите регион из списка.',
          },
          {
            url: search('eljur', { region: region('dnevnik', 'Москва') }),
            field: 'region',
            message: 'Такого региона нет в списке. Выберите регион из списка.',
          },
          {
            url: search(
              'dnevnik',
              `region=${region('dnevnik', 'Москва')}&region=${region('dnevnik', 'Москва')}`,
            ),
            field: 'region',
            message: 'Такого региона нет в списке. Выберите регион из списка.',
          },
        ];
        for (const c of cases) {
          const res = await get(c.url);
          assert.equal(res.statusCode, 400, c.url.slice(0, 80));
          assert.equal(fieldErrorOf(res.body, c.field), c.message, c.url.slice(0, 80));
          const control =
            c.field === 'q'
              ? /<input id="q"[^>]*aria-invalid="true"/
              : /<select id="region"[^>]*aria-invalid="true"/;
          assert.match(res.body, control);
          assert.match(res.body, /<form method="get"/, 'the form is there to try again');
          assert.deepEqual(resultsOf(res.body), []);
          assert.ok(!res.body.includes('\u0000'));
        }
        const tooLong = await get(search('dnevnik', { q: 'x'.repeat(10 * 1024) }));
        assert.ok(tooLong.body.length < 20_000, 'the 10 KB text is not echoed back');
      });

      test('messages follow the language', async () => {
        const en = await get(search('dnevnik', { q: 'x'.repeat(500) }), { cookie: 'lang=en' });
        assert.equal(en.statusCode, 400);
        assert.equal(fieldErrorOf(en.body, 'q'), 'The search text is too long: at most 100 characters.');
        assert.match(en.body, /<h1>Find your school<\/h1>/);
        const kz = await get(search('dnevnik', { region: 'nope' }), { cookie: 'lang=kk' });
        assert.equal(fieldErrorOf(kz.body, 'region'), 'Тізімде мұндай өңір жоқ. Өңірді тізімнен таңдаңыз.');
        assert.match(kz.body, /Барлық өңірлер/);
      });

      test('app.recycle.kz looks for organisations', async () => {
        const res = await get('/r/recycle/schools');
        assert.match(res.body, /<h1>Найдите свою организацию<\/h1>/);
        assert.deepEqual(resultsOf(res.body), ['АО «Вторресурс-KZ»', 'ТОО «ЭкоТранс Алматы»']);
      });

      test('searches are throttled per IP address', async () => {
        const ip = { 'x-forwarded-for': '203.0.113.77' };
        for (let i = 0; i < SEARCHES_PER_MINUTE; i++) {
          const res = await get(search('dnevnik', { q: String(i) }), ip);
          assert.equal(res.statusCode, 200, `search ${i}`);
        }
        const over = await get(search('dnevnik', { q: '1535' }), ip);
        assert.equal(over.statusCode, 429);
        assert.ok(Number(over.headers['retry-after']) > 0);
        const other = await get(search('dnevnik', { q: '1535' }), { 'x-forwarded-for': '203.0.113.78' });
        assert.equal(other.statusCode, 200);
        // The school page itself stays open.
        assert.equal((await get('/r/dnevnik/s/1535', ip)).statusCode, 200);
      });

      test('nothing about people on the search page', async () => {
        const res = await get(search('dnevnik', { q: 'школа' }));
        for (const secret of ['admin1535', 'admin@school1535.example', 'Кузнецова']) {
          assert.ok(!res.body.includes(secret), secret);
        }
      });
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

describe('school search: the pure parts', () => {
  test('fold lowers Latin, Cyrillic and Kazakh capitals, «ё» to «е», no-break space to space', () => {
    assert.equal(fold('ГБОУ СОШ № 1399'), 'гбоу сош № 1399');
    assert.equal(fold('Фёдоров ЁЛКА'), 'федоров елка');
    assert.equal(fold('ҚАЗАҚ МЕКТЕБІ ӘҒҢӨҰҮҺ'), 'қазақ мектебі әғңөұүһ');
    assert.equal(fold('School No.\u00a012'), 'school no. 12');
    assert.equal(fold('ß Ä'), 'ß Ä', 'letters outside the table stay as they are, in SQL as here');
  });

  test('no replacement produces a letter a later replacement would change', () => {
    const from = new Set(FOLD_PAIRS.map(([f]) => f));
    for (const [f, to] of FOLD_PAIRS) {
      assert.equal([...f].length, 1, f);
      assert.ok(!from.has(to), `${f} → ${to}`);
    }
  });

  test('a number may come with «№»', () => {
    assert.equal(numberCandidate('№ 1399'), '1399');
    assert.equal(numberCandidate('№1399'), '1399');
    assert.equal(numberCandidate('1399'), '1399');
    assert.equal(numberCandidate('№'), null);
  });

  test('the parser cleans what it accepts and names the field of what it refuses', () => {
    const regions = new Set(['r1']);
    assert.deepEqual(parseSearch({ q: '  гбоу\t сош\n', region: 'r1' }, regions), {
      input: { text: 'гбоу сош', regionId: 'r1' },
      shown: { q: 'гбоу сош', region: 'r1' },
      errors: {},
    });
    assert.deepEqual(parseSearch({}, regions).input, { text: null, regionId: null });
    assert.deepEqual(parseSearch({ q: '   ', region: '' }, regions).input, { text: null, regionId: null });
    assert.deepEqual(parseSearch(undefined, regions).input, { text: null, regionId: null });
    // NFC: «й» typed as «и» + combining breve is the same letter.
    assert.equal(parseSearch({ q: 'Лице\u0438\u0306' }, regions).input.text, 'Лицей');

    const refused: [unknown, 'q' | 'region', SchoolsKey][] = [
      [{ q: 'a'.repeat(QUERY_MAX + 1) }, 'q', 'schools.error.query_too_long'],
      [{ q: 'a'.repeat(10_240) }, 'q', 'schools.error.query_too_long'],
      [{ q: 'a\u0000b' }, 'q', 'schools.error.query_invalid'],
      [{ q: 'a\u007fb' }, 'q', 'schools.error.query_invalid'],
      [{ q: 'a\ud800b' }, 'q', 'schools.error.query_invalid'],
      [{ q: ['a', 'b'] }, 'q', 'schools.error.query_invalid'],
      [{ region: 'r2' }, 'region', 'schools.error.region_unknown'],
      [{ region: ['r1', 'r1'] }, 'region', 'schools.error.region_unknown'],
      [{ region: '\u0000' }, 'region', 'schools.error.region_unknown'],
    ];
    for (const [query, field, key] of refused) {
      const parsed = parseSearch(query, regions);
      assert.equal(parsed.errors[field]?.key, key, JSON.stringify(query).slice(0, 60));
      assert.ok(!parsed.shown.q.includes('\u0000'));
      assert.ok(parsed.shown.q.length <= QUERY_MAX);
    }
    assert.deepEqual(parseSearch({ q: 'a'.repeat(QUERY_MAX + 1) }, regions).errors.q?.params, {
      max: QUERY_MAX,
    });
    assert.equal(parseSearch({ q: 'a'.repeat(QUERY_MAX) }, regions).input.text?.length, QUERY_MAX);
  });

  test('the three catalogues: same placeholders, no empty text, keys prefixed «schools.»', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const key of Object.keys(ru) as SchoolsKey[]) {
      assert.ok(key.startsWith('schools.'), key);
      for (const [name, catalogue] of [
        ['en', en],
        ['kk', kk],
      ] as const) {
        const text = catalogue[key];
        assert.ok(text.trim().length > 0, `${name} ${key}`);
        assert.deepEqual(placeholders(text), placeholders(ru[key]), `${name} ${key}`);
        // The main catalogue's rule: a Russian text copied as is is a missing translation.
        assert.ok(!(text === ru[key] && /[а-яё]/i.test(text)), `${name} ${key} is a copy of Russian`);
      }
    }
  });
});
