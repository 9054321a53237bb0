/**
 * One SNILS is one person in a realm, also when several creations or corrections give the same
 * new number at the same moment: the read made before the write lets them all through, and the
 * database's unique index (migration 0019) refuses all but one, with the same localised refusal
 * the read gives — createProfile itself (the CLI's path), the curator desk's «Создать профиль»,
 * the admin API, and a correction. The login, unique since 0001, is raced the same way and
 * refused with the login check's words. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, apiCall, tokenFor } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import { D_NEW, fieldErrorOf } from '../../test/support/desk.js';
import { Browser, type Harness, startHarness } from '../../test/support/harness.js';
import { snilsOf } from '../../test/support/roster.js';
import { createProfile } from './accounts.js';
import { correctPerson } from './corrections.js';

const RACERS = 12;
const TAKEN = 'Этот СНИЛС уже указан у другого человека';

for (const dialect of DIALECTS) {
  describe(`one SNILS, many creations at once, on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => h?.close());

    async function holders(snils: string): Promise<number> {
      return (await h.services.people.findBySnils('dnevnik', snils)).length;
    }

    test('createProfile: exactly one profile, every other creation the «already used» refusal', async () => {
      const realm = await h.services.realms.find('dnevnik');
      assert.ok(realm);
      const snils = snilsOf(7001);
      const outcomes = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          createProfile(
            h.services,
            realm,
            { login: `race.snils${i}`, lastName: 'Гонкин', firstName: 'Пётр', snils },
            { actorId: null },
          ),
        ),
      );
      assert.equal(outcomes.filter((o) => o.kind === 'created').length, 1);
      for (const o of outcomes.filter((o) => o.kind !== 'created'))
        assert.deepEqual(o.kind === 'invalid' ? o.problems : o.kind, { snils: 'correction.snils_taken' });
      assert.equal(await holders(snils), 1);
    });

    test('createProfile with one new login at once: one profile, the others «login taken», no throw', async () => {
      const realm = await h.services.realms.find('dnevnik');
      assert.ok(realm);
      const outcomes = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          createProfile(
            h.services,
            realm,
            { login: 'race.login', lastName: 'Гонкин', firstName: 'Пётр', snils: snilsOf(7100 + i) },
            { actorId: null },
          ),
        ),
      );
      assert.equal(outcomes.filter((o) => o.kind === 'created').length, 1);
      for (const o of outcomes.filter((o) => o.kind !== 'created'))
        assert.deepEqual(o.kind === 'invalid' ? o.problems : o.kind, { login: 'account.login_taken' });
    });

    test("the desk's «Создать профиль»: one profile, the others a 400 with the field's words", async () => {
      const admin = new Browser(h.app);
      const signedIn = await admin.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'admin1535',
        password: 'Direktor-2026',
      });
      assert.equal(signedIn.statusCode, 303);
      const snils = snilsOf(7002);
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          admin.submit(D_NEW, D_NEW, {
            last_name: 'Гонкина',
            first_name: 'Мария',
            login: `race.desk${i}`,
            role: 'teacher',
            snils,
          }),
        ),
      );
      const made = answers.filter((r) => r.statusCode === 200);
      assert.equal(made.length, 1, answers.map((r) => r.statusCode).join(' '));
      for (const r of answers.filter((r) => r.statusCode !== 200)) {
        assert.equal(r.statusCode, 400);
        assert.equal(fieldErrorOf(r.body, 'snils'), TAKEN);
      }
      assert.equal(await holders(snils), 1);
    });

    test("the admin API: one 201, the others 400 invalid_request with the SNILS field's words", async () => {
      const { token } = await tokenFor(h, 'dnevnik');
      const snils = snilsOf(7003);
      const answers = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          apiCall(h, {
            method: 'POST',
            url: `${API}/people`,
            token,
            body: { login: `race.api${i}`, lastName: 'Гонкин', firstName: 'Олег', snils },
          }),
        ),
      );
      assert.equal(
        answers.filter((r) => r.statusCode === 201).length,
        1,
        answers.map((r) => r.statusCode).join(' '),
      );
      for (const r of answers.filter((r) => r.statusCode !== 201)) {
        assert.equal(r.statusCode, 400, r.body);
        const body = r.json() as { error: string; issues: { path: string; message: string }[] };
        assert.equal(body.error, 'invalid_request');
        assert.deepEqual(body.issues, [{ path: 'body.snils', message: TAKEN }]);
      }
      assert.equal(await holders(snils), 1);
    });

    test('corrections giving two people one new SNILS at once: one corrected, the other refused', async () => {
      const realm = await h.services.realms.find('dnevnik');
      assert.ok(realm);
      const people = await Promise.all(
        Array.from({ length: RACERS }, async (_, i) => {
          const made = await createProfile(
            h.services,
            realm,
            { login: `race.fix${i}`, lastName: 'Правкин', firstName: 'Иван' },
            { actorId: null },
          );
          assert.equal(made.kind, 'created');
          return made.kind === 'created' ? made.person : null;
        }),
      );
      const snils = snilsOf(7004);
      const school = await h.services.organisations.findBySlug('dnevnik', '1535');
      assert.ok(school);
      const outcomes = await Promise.all(
        people.map((person) => {
          assert.ok(person);
          return correctPerson(
            h.services,
            { realmId: 'dnevnik', organisationId: school.id },
            person,
            {
              lastName: 'Правкин',
              firstName: 'Иван',
              middleName: '',
              birthDate: '',
              snils,
              reason: 'сверено',
            },
            { actorId: null, ip: null, userAgent: null, via: 'api' },
          );
        }),
      );
      assert.equal(outcomes.filter((o) => o.kind === 'corrected').length, 1);
      for (const o of outcomes.filter((o) => o.kind !== 'corrected'))
        assert.deepEqual(o.kind === 'invalid' ? o.problems : o.kind, { snils: 'correction.snils_taken' });
      assert.equal(await holders(snils), 1);
    });
  });
}
