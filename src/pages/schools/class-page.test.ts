/**
 * The class page («Сотрудники класса», article 001) through HTTP on SQLite and PostgreSQL: each
 * class of the school page links its page; the staff by name and role, the role word in the
 * person's gender, never a login or contact; an unknown class, a class of another school or
 * realm, an id that cannot be one and an unknown school are the same localised 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';

/** «Фамилия Имя — Роль» of the class page's staff list. */
function staffOf(body: string): string[] {
  const block = /<section class="class-staff-list">([\s\S]*?)<\/section>/.exec(body)?.[1] ?? '';
  return [
    ...block.matchAll(
      /<span class="person-name">([^<]*)<\/span> — <span class="person-role">([^<]*)<\/span>/g,
    ),
  ].map((m) => `${m[1]} — ${m[2]}`);
}

for (const dialect of DIALECTS) {
  describe(`class pages on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    const ids = new Map<string, string>();

    async function classId(slug: string, realm: string, name: string): Promise<string> {
      const org = await h.services.organisations.findBySlug(realm, slug);
      assert.ok(org);
      const row = await h.services.db
        .selectFrom('classes')
        .select('id')
        .where('organisation_id', '=', org.id)
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    before(async () => {
      h = await startHarness(dialect.name);
      const { services } = h;
      const s1399 = await services.organisations.findBySlug('eljur', '1399');
      assert.ok(s1399);
      const c8v = await classId('1399', 'eljur', '8В');
      ids.set('8В', c8v);
      ids.set('6А', await classId('1399', 'eljur', '6А'));
      ids.set('dnevnik-6А', await classId('1535', 'dnevnik', '6А'));
      // A male teacher and a female staff member join 8В; a blocked teacher is nobody to ask.
      for (const [login, role] of [
        ['fedorov.new', 'teacher'],
        ['ivanova.lib', 'staff'],
      ] as const) {
        const p = await services.people.findByLogin('eljur', login);
        assert.ok(p);
        await services.people.addMembership({ personId: p.id, organisationId: s1399.id, classId: c8v, role });
      }
      const gone = await services.people.create({
        realmId: 'eljur',
        login: 'ushla.vera',
        loginNormalized: 'ushla.vera',
        lastName: 'Ушедшая',
        firstName: 'Вера',
      });
      await services.people.setStatus(gone.id, 'blocked');
      await services.people.addMembership({
        personId: gone.id,
        organisationId: s1399.id,
        classId: c8v,
        role: 'teacher',
      });
    });
    after(async () => h.close());

    test('the school page links each class to its page', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/r/eljur/s/1399' });
      assert.equal(res.statusCode, 200);
      for (const name of ['6А', '8В']) {
        const href = `/r/eljur/s/1399/classes/${ids.get(name)}`;
        assert.ok(res.body.includes(`<a class="class-link" href="${href}"`), name);
      }
    });

    test('8В: «Сотрудники класса» by name and role, teachers first, in the gender of each', async () => {
      const res = await h.app.inject({ method: 'GET', url: `/r/eljur/s/1399/classes/${ids.get('8В')}` });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Класс 8В<\/h1>/);
      assert.match(res.body, /<h2>Сотрудники класса<\/h2>/);
      assert.deepEqual(staffOf(res.body), [
        'Кузьмина Анна — Учительница',
        'Фёдоров Олег — Учитель',
        'Иванова Галина — Сотрудница',
      ]);
      for (const secret of ['fedorov.new', 'ivanova.lib', 'Сергеевна', 'Ушедшая', '@', 'tel:'])
        assert.ok(!res.body.includes(secret), secret);
      assert.match(res.body, /<a href="\/r\/eljur\/s\/1399">← ГБОУ СОШ № 1399<\/a>/);
    });

    test('in English and Kazakh', async () => {
      const url = `/r/eljur/s/1399/classes/${ids.get('6А')}`;
      const en = await h.app.inject({ method: 'GET', url, headers: { cookie: 'lang=en' } });
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<h2>Class staff<\/h2>/);
      assert.deepEqual(staffOf(en.body), ['Орлова Наталья — Teacher']);
      const kk = await h.app.inject({ method: 'GET', url, headers: { cookie: 'lang=kk' } });
      assert.match(kk.body, /<h2>Сынып қызметкерлері<\/h2>/);
    });

    test('unknown, foreign and impossible class ids and unknown schools are a localised 404', async () => {
      const cases = [
        `/r/eljur/s/1399/classes/${'A'.repeat(22)}`,
        `/r/eljur/s/1399/classes/${ids.get('dnevnik-6А')}`,
        `/r/dnevnik/s/1535/classes/${ids.get('6А')}`,
        `/r/eljur/s/1399/classes/${'x'.repeat(70)}`,
        '/r/eljur/s/1399/classes/%D0%B6%00',
        "/r/eljur/s/1399/classes/'%20or%201=1",
      ];
      for (const url of cases) {
        const res = await h.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /Класс не найден\. Откройте его со страницы школы\./, url);
      }
      const school = await h.app.inject({ method: 'GET', url: `/r/eljur/s/nope/classes/${ids.get('8В')}` });
      assert.equal(school.statusCode, 404);
      assert.match(school.body, /Школа не найдена/);
      const en = await h.app.inject({
        method: 'GET',
        url: `/r/eljur/s/1399/classes/${'A'.repeat(22)}`,
        headers: { cookie: 'lang=en' },
      });
      assert.equal(en.statusCode, 404);
      assert.match(en.body, /Class not found\. Open it from the school page\./);
    });
  });
}
