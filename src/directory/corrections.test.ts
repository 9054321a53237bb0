/**
 * Corrections and attaching profiles through the desk, on SQLite and PostgreSQL: a correction
 * with its reason changes the person and is audited with the old and new values; every bad field
 * is a localised 400; a SNILS another person holds is refused; attaching an existing profile by
 * login and detaching it; another school's person is a 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, type Harness, startHarness } from '../../test/support/harness.js';

function fieldErrorOf(body: string, field: string): string | null {
  return new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(body)?.[1]?.trim() ?? null;
}

for (const dialect of DIALECTS) {
  describe(`corrections on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let admin: Browser;
    let volkovaId: string;
    const ORG = '/r/dnevnik/desk/1535';

    before(async () => {
      h = await startHarness(dialect.name);
      admin = new Browser(h.app);
      const res = await admin.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'admin1535',
        password: 'Direktor-2026',
      });
      assert.equal(res.statusCode, 303);
      const v = await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov');
      assert.ok(v);
      volkovaId = v.id;
    });
    after(async () => {
      await h?.close();
    });

    const card = () => `${ORG}/people/${volkovaId}`;
    const correct = (fields: Record<string, string>) =>
      admin.submit(card(), `${card()}/correct`, {
        lastName: 'Волкова',
        firstName: 'Екатерина',
        middleName: 'Александровна',
        birthDate: '2009-05-14',
        snils: '112-233-445 95',
        reason: '',
        ...fields,
      });

    test('the card shows what matching depends on; a correction is audited with old and new', async () => {
      const page = await admin.get(card());
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('112-233-445 95') && page.body.includes('2009-05-14'));
      const res = await correct({
        lastName: 'Волкова-Сидорова',
        birthDate: '2009-05-15',
        reason: 'сверено с паспортом',
      });
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('Данные исправлены.'));
      const p = await h.services.people.findById('dnevnik', volkovaId);
      assert.equal(p?.last_name, 'Волкова-Сидорова');
      assert.equal(p?.birth_date, '2009-05-15');
      const events = (await h.services.audit.listForSubject(volkovaId)).filter(
        (e) => e.action === 'person.corrected',
      );
      assert.equal(events.length, 1);
      assert.deepEqual(
        [
          events[0]?.detail.old_last_name,
          events[0]?.detail.new_last_name,
          events[0]?.detail.old_birth_date,
          events[0]?.detail.new_birth_date,
          events[0]?.detail.reason,
        ],
        ['Волкова', 'Волкова-Сидорова', '2009-05-14', '2009-05-15', 'сверено с паспортом'],
      );
      assert.equal(events[0]?.detail.old_snils, undefined, 'unchanged fields are not listed');
      const again = await correct({
        lastName: 'Волкова-Сидорова',
        birthDate: '2009-05-15',
        reason: 'ещё раз',
      });
      assert.ok(again.body.includes('Данные не изменились.'));
      const audit = await admin.get(`${ORG}/audit?person=${volkovaId}&kind=operator`);
      assert.ok(
        audit.body.includes('person.corrected') && audit.body.includes('new_last_name: Волкова-Сидорова'),
      );
    });

    test('every bad field: a localised 400, nothing changed', async () => {
      const before = await h.services.people.findById('dnevnik', volkovaId);
      const cases: [Record<string, string>, string, string][] = [
        [{ reason: '', lastName: 'Иванова' }, 'reason', 'Укажите причину исправления'],
        [
          { reason: 'x', lastName: 'Ivanova1' },
          'lastName',
          'Укажите имя буквами (можно дефис, апостроф и пробел)',
        ],
        [{ reason: 'x', birthDate: '2009-02-30' }, 'birthDate', 'Такой даты не существует'],
        [
          { reason: 'x', snils: '112-233-445 96' },
          'snils',
          'Неверный СНИЛС: не сходится контрольное число. Проверьте цифры',
        ],
        [
          { reason: 'x', snils: '12345' },
          'snils',
          'Неверный формат СНИЛС. Введите 11 цифр, например 112-233-445 95',
        ],
        [{ reason: 'x'.repeat(700) }, 'reason', 'Слишком длинное значение'],
      ];
      for (const [fields, field, message] of cases) {
        const res = await correct({ lastName: 'Волкова-Сидорова', birthDate: '2009-05-15', ...fields });
        assert.equal(res.statusCode, 400, JSON.stringify(fields).slice(0, 80));
        assert.equal(fieldErrorOf(res.body, field), message);
      }
      const petrov = await h.services.people.findByLogin('dnevnik', 'petrov.misha');
      assert.ok(petrov);
      await h.services.db
        .updateTable('people')
        .set({ snils: '00100300221' })
        .where('id', '=', petrov.id)
        .execute();
      const taken = await correct({
        lastName: 'Волкова-Сидорова',
        birthDate: '2009-05-15',
        snils: '001-003-002 21',
        reason: 'x',
      });
      assert.equal(taken.statusCode, 400);
      assert.equal(fieldErrorOf(taken.body, 'snils'), 'Этот СНИЛС уже указан у другого человека');
      assert.deepEqual(await h.services.people.findById('dnevnik', volkovaId), before);
    });

    test('attach an existing profile of another school by login, then detach it', async () => {
      const novikov = await h.services.people.findByLogin('dnevnik', 'novikov.artem');
      assert.ok(novikov);
      assert.equal((await admin.get(`${ORG}/people/${novikov.id}`)).statusCode, 404, 'not ours yet');
      const classes = await h.services.members.classesOf(
        (await h.services.organisations.findBySlug('dnevnik', '1535'))?.id ?? '',
      );
      const cls = classes.find((c) => c.name === '6А');
      assert.ok(cls);
      const noClass = await admin.submit(`${ORG}/attach`, `${ORG}/attach`, {
        login: 'novikov.artem',
        role: 'student',
        class: '',
      });
      assert.equal(noClass.statusCode, 400);
      assert.ok(noClass.body.includes('Для ученика выберите класс'));
      const unknown = await admin.submit(`${ORG}/attach`, `${ORG}/attach`, {
        login: 'nobody.here',
        role: 'student',
        class: cls.id,
      });
      assert.equal(unknown.statusCode, 404);
      assert.ok(unknown.body.includes('Профиль с таким логином не найден'));
      const badRole = await admin.submit(`${ORG}/attach`, `${ORG}/attach`, {
        login: 'novikov.artem',
        role: 'admin',
        class: '',
      });
      assert.equal(badRole.statusCode, 400);
      const ok = await admin.submit(`${ORG}/attach`, `${ORG}/attach`, {
        login: 'novikov.artem',
        role: 'student',
        class: cls.id,
      });
      assert.equal(ok.statusCode, 200);
      assert.ok(ok.body.includes('Профиль привязан к организации.'));
      const twice = await admin.submit(`${ORG}/attach`, `${ORG}/attach`, {
        login: 'novikov.artem',
        role: 'student',
        class: cls.id,
      });
      assert.equal(twice.statusCode, 409);
      assert.equal((await admin.get(`${ORG}/people/${novikov.id}`)).statusCode, 200);
      const detach = await admin.submit(`${ORG}/people/${novikov.id}`, `${ORG}/people/${novikov.id}/detach`, {
        role: 'student',
      });
      assert.equal(detach.statusCode, 303);
      assert.equal((await admin.get(`${ORG}/people/${novikov.id}`)).statusCode, 404, 'detached');
      const actions = (await h.services.audit.listForSubject(novikov.id)).map((e) => e.action);
      assert.ok(actions.includes('membership.added') && actions.includes('membership.removed'));
      const curatorPerm = new Browser(h.app);
      await curatorPerm.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'curator.perm12',
        password: 'Kurator-Perm-12',
      });
      assert.equal((await curatorPerm.get(card())).statusCode, 404, 'another school');
      assert.equal((await curatorPerm.get(`/r/dnevnik/desk/perm-12/people/${volkovaId}`)).statusCode, 404);
    });
  });
}
