/**
 * Registration raced and fed odd input, on SQLite and PostgreSQL: a second submit and two at
 * once; two people racing for the same «Дети» code or the same login; markup typed into every
 * field; odd bodies. Each ends in a 4xx with a message, nothing half-written, and never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import {
  enterCode,
  fieldErrorOf,
  HELLO,
  issueCode,
  registrationApp,
  startRegistration,
  submitAccount,
} from '../../../test/support/registration.js';
import type { Person } from '../../db/schema.js';

for (const dialect of DIALECTS) {
  describe(`registration security on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    let owned = false;
    let ipCounter = 0;
    let orgId = '';

    function visitor(): { b: Browser; headers: Record<string, string>; ip: string } {
      ipCounter += 1;
      const ip = `192.0.2.${ipCounter}`;
      const headers = { 'x-forwarded-for': ip };
      return { b: new Browser(app, headers), headers, ip };
    }

    /** A student the school entered, not registered yet, in school 1399. */
    async function pendingStudent(): Promise<Person> {
      const person = await h.services.people.createPending({
        realmId: 'eljur',
        lastName: 'Тестова',
        firstName: 'Ученица',
      });
      await h.services.people.addMembership({ personId: person.id, organisationId: orgId, role: 'student' });
      return person;
    }

    async function statusOf(invitationId: string): Promise<string> {
      const row = await h.services.db
        .selectFrom('invitations')
        .select('status')
        .where('id', '=', invitationId)
        .executeTakeFirstOrThrow();
      return row.status;
    }

    const parentFields = (login: string): Record<string, string> => ({
      last_name: 'Родителева',
      first_name: 'Мария',
      login,
      password: 'SvetlyiPrud404',
      password2: 'SvetlyiPrud404',
      email: `${login}@demo.example`,
    });

    before(async () => {
      h = await startHarness(dialect.name);
      ({ app, owned } = await registrationApp(h.app, h.services));
      const org = await h.services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      orgId = org.id;
    });
    after(async () => {
      if (owned) await app.close();
      const logs = h?.logs() ?? '';
      await h?.close();
      assert.ok(!logs.includes('unexpected error'), 'no request ended in a 500');
    });

    test('a second submit, and two at once, register once', async () => {
      const { services } = h;
      const student = await pendingStudent();
      const { code } = await issueCode(services, student.id, 'st');
      const { b, headers } = visitor();
      const { accountUrl, flowId, page } = await startRegistration(b, code);
      const csrf = csrfTokenOf(page.body);
      const fields = { login: 'double.click', password: 'VysokayaGora12', password2: 'VysokayaGora12' };
      const [x, y] = await Promise.all([
        submitAccount(app, b, accountUrl, fields, [], { csrf, headers }),
        submitAccount(app, b, accountUrl, fields, [], { csrf, headers }),
      ]);
      assert.deepEqual([x.statusCode, y.statusCode], [303, 303]);
      assert.equal(x.headers.location, `${HELLO}/done?flow=${flowId}`);
      assert.equal(y.headers.location, `${HELLO}/done?flow=${flowId}`);
      // Later, with other values: the finished registration is shown, nothing changes.
      const again = await submitAccount(app, b, accountUrl, { ...fields, login: 'double.other' }, [], {
        csrf,
        headers,
      });
      assert.equal(again.statusCode, 303);
      assert.equal(await services.people.findByLogin('eljur', 'double.other'), null);
      const completed = (await services.audit.listForSubject(student.id)).filter(
        (e) => e.action === 'registration.completed',
      );
      assert.equal(completed.length, 1);
      const done = await b.get(String(again.headers.location));
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes('<strong class="login">double.click</strong>'));
    });

    test('two parents racing for one «Дети» code: one wins, the other is told, nothing half-written', async () => {
      const { services } = h;
      const [childA, childB, shared] = [
        await pendingStudent(),
        await pendingStudent(),
        await pendingStudent(),
      ];
      const codeA = await issueCode(services, childA.id, 'pt');
      const codeB = await issueCode(services, childB.id, 'pt');
      const sharedCode = await issueCode(services, shared.id, 'pt');
      const a = visitor();
      const b = visitor();
      const flowA = await startRegistration(a.b, codeA.code);
      const flowB = await startRegistration(b.b, codeB.code);
      const [resA, resB] = await Promise.all([
        submitAccount(app, a.b, flowA.accountUrl, parentFields('racer.a'), [sharedCode.code], {
          headers: a.headers,
        }),
        submitAccount(app, b.b, flowB.accountUrl, parentFields('racer.b'), [sharedCode.code], {
          headers: b.headers,
        }),
      ]);
      const statuses = [resA.statusCode, resB.statusCode].sort();
      assert.deepEqual(statuses, [303, 400]);
      const loser = resA.statusCode === 400 ? resA : resB;
      const message = fieldErrorOf(loser.body, 'child_code_1') ?? '';
      assert.ok(
        message.startsWith('Этот код уже использован.') || message.startsWith('Пока вы заполняли форму'),
        message,
      );
      const guardians = await services.db
        .selectFrom('guardianships')
        .select('parent_id')
        .where('child_id', '=', shared.id)
        .execute();
      assert.equal(guardians.length, 1);
      const loserCode = resA.statusCode === 400 ? codeA : codeB;
      const loserLogin = resA.statusCode === 400 ? 'racer.a' : 'racer.b';
      assert.equal(await statusOf(loserCode.invitationId), 'active', 'rolled back with the rest');
      assert.equal(await services.people.findByLogin('eljur', loserLogin), null);
    });

    test('two people racing for one login: one gets it, the other is told next to the field', async () => {
      const { services } = h;
      const [one, two] = [await pendingStudent(), await pendingStudent()];
      const codeOne = await issueCode(services, one.id, 'st');
      const codeTwo = await issueCode(services, two.id, 'st');
      const a = visitor();
      const b = visitor();
      const flowOne = await startRegistration(a.b, codeOne.code);
      const flowTwo = await startRegistration(b.b, codeTwo.code);
      const fields = { login: 'same.login', password: 'VysokayaGora12', password2: 'VysokayaGora12' };
      const [resOne, resTwo] = await Promise.all([
        submitAccount(app, a.b, flowOne.accountUrl, fields, [], { headers: a.headers }),
        submitAccount(app, b.b, flowTwo.accountUrl, fields, [], { headers: b.headers }),
      ]);
      assert.deepEqual([resOne.statusCode, resTwo.statusCode].sort(), [303, 400]);
      const loser = resOne.statusCode === 400 ? resOne : resTwo;
      assert.equal(fieldErrorOf(loser.body, 'login'), 'Этот логин уже занят. Придумайте другой.');
      const [winnerCode, loserCode] = resOne.statusCode === 303 ? [codeOne, codeTwo] : [codeTwo, codeOne];
      assert.equal(await statusOf(winnerCode.invitationId), 'used');
      assert.equal(await statusOf(loserCode.invitationId), 'active', 'rolled back with the rest');
    });

    test('markup typed into any field is refused or shown as text', async () => {
      const student = await pendingStudent();
      const { code } = await issueCode(h.services, student.id, 'pt');
      const { b, headers } = visitor();
      const script = '"><script>alert(1)</script>';
      const typed = await enterCode(b, script);
      assert.equal(typed.statusCode, 400);
      assert.ok(!typed.body.includes('<script>alert(1)'));
      assert.ok(typed.body.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));

      const { accountUrl } = await startRegistration(b, code);
      const res = await submitAccount(
        app,
        b,
        accountUrl,
        {
          ...parentFields(script),
          last_name: script,
          first_name: '<b>Мария</b>',
          email: script,
          phone: script,
        },
        [script],
        { headers },
      );
      assert.equal(res.statusCode, 400);
      assert.ok(!res.body.includes('<script>alert(1)'));
      assert.ok(!res.body.includes('<b>Мария'));
      for (const id of ['login', 'last_name', 'first_name', 'email', 'phone', 'child_code_1']) {
        assert.ok(fieldErrorOf(res.body, id), id);
      }
    });

    test('odd bodies are answered with the form, not a crash', async () => {
      const student = await pendingStudent();
      const { code } = await issueCode(h.services, student.id, 'pt');
      const { b, headers } = visitor();
      const { accountUrl, flowId } = await startRegistration(b, code);
      const csrf = csrfTokenOf((await b.get(accountUrl)).body);
      const action = accountUrl.split('?')[0] ?? '';
      const many = Array.from({ length: 200 }, (_, i) => `child_code=pt${String(i).padStart(7, '0')}`).join(
        '&',
      );
      for (const payload of [
        `_csrf=${encodeURIComponent(csrf)}&flow=${flowId}&login=a&login=b&password=x&password=y`,
        `_csrf=${encodeURIComponent(csrf)}&flow=${flowId}&${many}`,
        `_csrf=${encodeURIComponent(csrf)}&flow=${flowId}&guardian[]=x&child_code[x]=y`,
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: action,
          payload,
          headers: {
            ...headers,
            'content-type': 'application/x-www-form-urlencoded',
            cookie: b.cookieHeader(),
          },
        });
        assert.ok(
          res.statusCode >= 400 && res.statusCode < 500,
          `${res.statusCode}: ${payload.slice(0, 60)}`,
        );
      }
    });
  });
}
