/**
 * СНИЛС in the desk's «Создать профиль», on SQLite and PostgreSQL: asked in a Russian realm only,
 * typed as on the card and kept as its 11 digits, shown formatted on the person's card; a wrong
 * check digit, letters, too many digits, an absurd length and a number someone in the realm
 * already has are each a 400 with the message next to the field (in the reader's language) and
 * nobody created.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { D_NEW, fieldErrorOf, useDesk } from '../../../test/support/desk.js';
import type { Harness } from '../../../test/support/harness.js';
import { snilsOf } from '../../../test/support/roster.js';
import { createProfile } from '../../directory/accounts.js';
import { takesSnils } from './profile-form.js';

for (const dialect of DIALECTS) {
  describe(`curator desk on ${dialect.name}: СНИЛС in «Создать профиль»`, { skip: dialect.skip }, () => {
    const { harness, signIn, classId, peopleCount } = useDesk(dialect.name);
    let h: Harness;
    before(() => {
      h = harness();
    });

    async function student(): Promise<Record<string, string>> {
      return {
        last_name: 'Ершов',
        first_name: 'Тимур',
        birth_date: '03.03.2012',
        login: 'ershov.timur',
        role: 'student',
        class: await classId('dnevnik', '1535', '6А'),
      };
    }

    test('the field is on the Dnevnik and ElJur forms, not on the Kazakh realm', async () => {
      const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
      const form = await admin.get(D_NEW);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="snils">СНИЛС<\/label>/);
      assert.match(form.body, /id="snils" name="snils"[^>]*aria-describedby="snils-hint"/);
      const curator = await signIn('eljur', 'curator1399', 'Kurator2026zhurnal');
      assert.match((await curator.get('/r/eljur/desk/1399/people/new')).body, /name="snils"/);
      const recycle = await h.services.realms.find('recycle');
      assert.ok(recycle);
      assert.equal(takesSnils(recycle), false);
    });

    test('typed as on the card, kept as 11 digits, shown formatted on the card', async () => {
      const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
      const snils = snilsOf(4242);
      const typed = `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)}\u00a0${snils.slice(9)}`;
      const res = await admin.submit(D_NEW, D_NEW, { ...(await student()), snils: typed });
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      const person = await h.services.people.findByLogin('dnevnik', 'ershov.timur');
      assert.ok(person);
      assert.equal(person.snils, snils);
      const card = await admin.get(`/r/dnevnik/desk/1535/people/${person.id}`);
      assert.equal(card.statusCode, 200);
      assert.ok(card.body.includes(`<dd class="snils">${typed.replace('\u00a0', ' ')}</dd>`));
      // Without a SNILS the profile is made as before.
      const none = await admin.submit(D_NEW, D_NEW, { ...(await student()), login: 'ershov.t2', snils: ' ' });
      assert.equal(none.statusCode, 200);
      assert.equal((await h.services.people.findByLogin('dnevnik', 'ershov.t2'))?.snils, null);
    });

    test('bad SNILS: 400, the message next to the field, nobody created', async () => {
      const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
      const people = await peopleCount();
      const good = { ...(await student()), login: 'ershov.bad' };
      const checksum = 'Неверный СНИЛС: не сходится контрольное число. Проверьте цифры';
      const format = 'Неверный формат СНИЛС. Введите 11 цифр, например 112-233-445 95';
      const taken = 'Этот СНИЛС уже указан у другого человека';
      const cases: [string, string][] = [
        ['112-233-445 96', checksum],
        ['112-233-445 9О', format], // a Cyrillic «О» for the zero
        ['112-233-445-ab', format],
        ['112-233-445 950', format],
        ['1'.repeat(101), 'Слишком длинное значение'],
        ['112-233-445 95', taken], // Волкова Екатерина has it
        ['11223344595', taken],
      ];
      for (const [snils, message] of cases) {
        const res = await admin.submit(D_NEW, D_NEW, { ...good, snils });
        assert.equal(res.statusCode, 400, snils);
        assert.equal(fieldErrorOf(res.body, 'snils'), message, snils);
        assert.match(
          res.body,
          /id="snils"[^>]*aria-invalid="true" aria-describedby="snils-error snils-hint"/,
        );
        assert.ok(res.body.includes('Профиль не создан: исправьте ошибки в форме.'), snils);
      }
      const english = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
      english.cookies.set('lang', 'en');
      const res = await english.submit(D_NEW, D_NEW, { ...good, snils: '112-233-445 96' });
      assert.equal(res.statusCode, 400);
      assert.equal(
        fieldErrorOf(res.body, 'snils'),
        'Invalid SNILS: the check digits do not match. Please check the number',
      );
      assert.equal(await peopleCount(), people, 'nobody created');
    });

    test('createProfile itself refuses a SNILS the realm already has (the CLI and the API)', async () => {
      const realm = await h.services.realms.find('dnevnik');
      assert.ok(realm);
      const outcome = await createProfile(
        h.services,
        realm,
        { login: 'dup.snils', lastName: 'Дубль', firstName: 'Иван', snils: '112 233 445 95' },
        { actorId: null },
      );
      assert.equal(outcome.kind, 'invalid');
      assert.deepEqual(outcome.kind === 'invalid' ? outcome.problems : null, {
        snils: 'correction.snils_taken',
      });
    });
  });
}
