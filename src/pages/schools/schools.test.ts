/**
 * «Найдите свою школу», the public school search, through HTTP (app.inject) on SQLite and
 * PostgreSQL: by region, by number and by part of the name (case-insensitive for Cyrillic and
 * Kazakh, «е» for «ё»), LIKE wildcards taken literally, the 50-result cap and the small-realm
 * listing, every refused input as a 400 next to its field, the throttle, and nothing about
 * people on the page (the matching itself, `%`, `_` and `\` included, is tested with the index
 * in directory/school-search/).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import {
  ALL_FOLDED_FROM,
  fieldErrorOf,
  linksOf,
  resultsOf,
  search,
  seedSchools,
} from '../../../test/support/schools.js';
import { SEARCHES_PER_MINUTE } from './routes.js';
import { fold, QUERY_MAX } from './search.js';

for (const dialect of DIALECTS) {
  describe(`school directory on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    let regionIds = new Map<string, string>();

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
      regionIds = await seedSchools(h.services);
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
  });
}
