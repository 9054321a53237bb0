/**
 * «Сбросить второй фактор» at the desk through HTTP, on SQLite and PostgreSQL: the app, the
 * recovery codes and the passkeys go, the sessions end, one audit event and one letter; the
 * refusals (unknown, another realm's person, oneself, an administrator, no factor, no
 * confirmation, forged CSRF); two curators at once reset once; and where the realm requires a
 * second factor, the next sign-in asks to enrol.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { errorMessageOf, ORG, useDesk } from '../../../test/support/desk.js';
import { Browser, csrfTokenOf, type Harness } from '../../../test/support/harness.js';
import { codeAt } from '../../factors/totp.js';

const SECRET = 'JBSWY3DPEHPK3PXP';

for (const dialect of DIALECTS) {
  describe(`curator desk on ${dialect.name}: resetting a second factor`, { skip: dialect.skip }, () => {
    const { harness, signIn, curator, personId, auditOf } = useDesk(dialect.name);
    let h: Harness;
    before(() => {
      h = harness();
    });

    const card = (id: string) => `${ORG}/people/${id}`;
    const resetUrl = (id: string) => `${ORG}/people/${id}/second-factor/reset`;

    async function giveFactors(realmId: string, id: string, passkey = true): Promise<void> {
      const { db, factors } = h.services;
      assert.ok(await factors.totp.create(db, { realmId, personId: id, secret: SECRET, step: 1 }));
      await factors.recoveryCodes.replace(db, id);
      if (passkey)
        await factors.passkeys.add(db, {
          id: `key-${id}`,
          realmId,
          personId: id,
          name: 'key',
          publicKey: new Uint8Array([1, 2, 3]),
          counter: 0,
          transports: ['internal'],
        });
    }

    async function factorRows(id: string): Promise<number[]> {
      const count = async (table: 'totp_factors' | 'recovery_codes' | 'passkeys') =>
        Number(
          (
            await h.services.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('person_id', '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return [await count('totp_factors'), await count('recovery_codes'), await count('passkeys')];
    }

    async function lettersTo(id: string) {
      return h.services.db
        .selectFrom('outbox')
        .select(['recipient'])
        .where('person_id', '=', id)
        .where('template', '=', 'second_factor_reset')
        .execute();
    }

    test('the curator confirms, the factors go, sessions end, one audit event and one letter', async () => {
      const orlova = await personId('eljur', 'Орлова', 'Наталья');
      const teacher = await signIn('eljur', 'orlova.math', 'Algebra2026urok');
      await giveFactors('eljur', orlova);
      assert.deepEqual(await factorRows(orlova), [1, 10, 1]);
      const b = await curator();

      const page = await b.get(card(orlova));
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<form method="post" action="[^"]+\/second-factor\/reset" class="factor-reset">/,
      );
      assert.ok(page.body.includes('Сбросить второй фактор'));

      // Without the confirmation nothing happens.
      const unconfirmed = await b.post(resetUrl(orlova), { _csrf: csrfTokenOf(page.body) });
      assert.equal(unconfirmed.statusCode, 400);
      assert.ok(unconfirmed.body.includes('Подтвердите, что вы проверили личность человека.'));
      assert.deepEqual(await factorRows(orlova), [1, 10, 1]);

      const done = await b.submit(card(orlova), resetUrl(orlova), { confirm: '1' });
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes('Второй фактор сброшен, все сеансы человека завершены.'));
      assert.ok(!done.body.includes('class="factor-reset"'), 'no button once there is no factor');
      assert.deepEqual(await factorRows(orlova), [0, 0, 0]);
      assert.equal((await teacher.get('/r/eljur/profile')).statusCode, 303, 'her session ended');

      const events = await auditOf('second_factor.reset', orlova);
      assert.equal(events.length, 1);
      const curatorId = await personId('eljur', 'Белов', 'Андрей');
      assert.equal(events[0]?.actorId, curatorId);
      assert.equal(events[0]?.detail?.via, 'desk');
      assert.equal(events[0]?.detail?.passkeys, 1);
      assert.ok(!JSON.stringify(events).includes(SECRET));

      const letters = await lettersTo(orlova);
      assert.equal(letters.length, 1);
      assert.equal(letters[0]?.recipient, 'orlova@1399.example');
      const entry = (await h.services.outbox.mailbox(200)).find(
        (e) => e.row.template === 'second_factor_reset' && e.row.recipient === 'orlova@1399.example',
      );
      const letter =
        entry?.message?.channel === 'email' ? `${entry.message.subject}\n${entry.message.text}` : '';
      assert.ok(letter.includes('Второй фактор сброшен'), 'the subject');
      assert.ok(letter.includes('ГБОУ СОШ № 1399'), 'the organisation is named');
      assert.ok(letter.includes('обратитесь в вашу образовательную организацию'));

      // She signs in again with her password alone (this realm requires no second factor).
      const again = await new Browser(h.app).submit('/r/eljur/login', '/r/eljur/login', {
        login: 'orlova.math',
        password: 'Algebra2026urok',
      });
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/r/eljur/profile');

      // A second, forged POST: nothing to reset, a localised 409, nothing more written.
      const twice = await b.submit(card(orlova), resetUrl(orlova), { confirm: '1' });
      assert.equal(twice.statusCode, 409);
      assert.equal(
        errorMessageOf(twice.body),
        'У этого человека нет второго фактора — возможно, его уже сбросили.',
      );
      assert.equal((await auditOf('second_factor.reset', orlova)).length, 1);
      assert.equal((await lettersTo(orlova)).length, 1);
    });

    test('refusals: unknown, another realm, oneself, an administrator, no factor, forged CSRF', async () => {
      const b = await curator();
      const self = await personId('eljur', 'Белов', 'Андрей');
      const admin = await personId('eljur', 'Зайцева', 'Людмила');
      const foreign = await personId('dnevnik', 'Петров', 'Михаил');
      const orlov = await personId('eljur', 'Орлов', 'Глеб');
      await giveFactors('eljur', self, false);
      await giveFactors('eljur', admin, false);
      await giveFactors('dnevnik', foreign, false);
      const cases: [string, number, string][] = [
        ['A'.repeat(22), 404, 'Такого человека нет в этой организации.'],
        [foreign, 404, 'Такого человека нет в этой организации.'],
        [self, 409, 'Свой второй фактор вы настраиваете в настройках.'],
        [
          admin,
          403,
          'Второй фактор администратора, куратора или сотрудника поддержки на рабочем месте куратора не сбрасывается. Обратитесь к оператору системы.',
        ],
        [orlov, 409, 'У этого человека нет второго фактора — возможно, его уже сбросили.'],
      ];
      const token = csrfTokenOf((await b.get(ORG)).body);
      for (const [id, status, message] of cases) {
        const res = await b.post(resetUrl(id), { _csrf: token, confirm: '1' });
        assert.equal(res.statusCode, status, message);
        assert.equal(errorMessageOf(res.body), message);
      }
      assert.ok(!(await b.get(card(orlov))).body.includes('class="factor-reset"'));
      const withFactor = await personId('eljur', 'Николаева', 'Светлана');
      await giveFactors('eljur', withFactor);
      for (const forged of [undefined, 'forged-token']) {
        const res = await b.post(resetUrl(withFactor), {
          ...(forged ? { _csrf: forged } : {}),
          confirm: '1',
        });
        assert.equal(res.statusCode, 403);
      }
      for (const id of [self, admin, foreign, withFactor]) assert.equal((await factorRows(id))[0], 1);
      assert.deepEqual(await factorRows(withFactor), [1, 10, 1]);
      assert.equal((await auditOf('second_factor.reset')).length, 1, 'only the first test’s reset');
      // The curator and the administrator sign in with their passwords alone in the next test.
      for (const id of [self, admin]) assert.ok(await h.services.factors.totp.remove(h.services.db, id));
    });

    test('two curators at once: one reset, one audit event, one letter, the other told', async () => {
      const mother = await personId('eljur', 'Николаева', 'Светлана');
      const first = await curator();
      const second = await signIn('eljur', 'admin1399', 'Direktor2026shkola');
      const [t1, t2] = [
        csrfTokenOf((await first.get(card(mother))).body),
        csrfTokenOf((await second.get(card(mother))).body),
      ];
      const answers = await Promise.all([
        first.post(resetUrl(mother), { _csrf: t1, confirm: '1' }),
        second.post(resetUrl(mother), { _csrf: t2, confirm: '1' }),
      ]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409]);
      const loser = answers.find((r) => r.statusCode === 409);
      assert.equal(
        errorMessageOf(loser?.body ?? ''),
        'У этого человека нет второго фактора — возможно, его уже сбросили.',
      );
      assert.equal((await auditOf('second_factor.reset', mother)).length, 1);
      assert.equal((await lettersTo(mother)).length, 1);
      assert.deepEqual(await factorRows(mother), [0, 0, 0]);
    });

    test('where the realm requires a second factor, the next sign-in asks to enrol again', async () => {
      const consents = { consent_personal_data: 'on', consent_signature_liability: 'on' };
      const seitova = (await h.services.people.findByLogin('recycle', 'seitova'))?.id ?? '';
      assert.ok(seitova);
      // The company's administrator enrols at his own first sign-in (recycle requires it).
      const admin = new Browser(h.app);
      const started = await admin.submit('/r/recycle/login', '/r/recycle/login', {
        login: 'akhmetov',
        password: 'Kz!Eco#2026',
        ...consents,
      });
      const step = String(started.headers.location);
      const enrolPage = await admin.get(step);
      const key = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(enrolPage.body)?.[1]?.replace(/ /g, '');
      assert.ok(key);
      const enrolled = await admin.post(`${step}/enrol`, {
        _csrf: csrfTokenOf(enrolPage.body),
        code: codeAt(key, h.clock.now()),
      });
      assert.equal(enrolled.statusCode, 200);

      await giveFactors('recycle', seitova);
      const cardUrl = `/r/recycle/desk/ecotrans/people/${seitova}`;
      const reset = await admin.submit(cardUrl, `${cardUrl}/second-factor/reset`, { confirm: '1' });
      assert.equal(reset.statusCode, 200);
      assert.deepEqual(await factorRows(seitova), [0, 0, 0]);

      const b = new Browser(h.app);
      const res = await b.submit('/r/recycle/login', '/r/recycle/login', {
        login: 'seitova',
        password: 'Almaty&Green7',
        ...consents,
      });
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/r\/recycle\/login\/step\//);
      const page = await b.get(String(res.headers.location));
      assert.match(page.body, /<code class="totp-key">/, 'the enrolment, not the code of the old app');
      assert.equal(b.cookies.has('__Host-propusk_recycle'), false);
    });
  });
}
