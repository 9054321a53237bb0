/**
 * Registration raced and fed odd input, on SQLite and PostgreSQL: a second submit and two at
 * once; two people racing for the same «Дети» code or the same login; markup typed into every
 * field; odd bodies. Each ends in a 4xx with a message, nothing half-written, and never a 500.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { csrfTokenOf } from '../../../test/support/harness.js';
import {
  enterCode,
  fieldErrorOf,
  HELLO,
  invitationStatusOf,
  issueCode,
  parentFields,
  pendingStudent,
  registrationSuite,
  startRegistration,
  submitAccount,
  visitorsFrom,
} from '../../../test/support/registration.js';

for (const dialect of DIALECTS) {
  describe(`registration security on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);
    const visitor = visitorsFrom('192.0.2', () => suite().app);

    test('a second submit, and two at once, register once', async () => {
      const { h, app, orgId } = suite();
      const { services } = h;
      const student = await pendingStudent(services, orgId);
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
      const { h, app, orgId } = suite();
      const { services } = h;
      const [childA, childB, shared] = [
        await pendingStudent(services, orgId),
        await pendingStudent(services, orgId),
        await pendingStudent(services, orgId),
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
      assert.equal(
        await invitationStatusOf(services, loserCode.invitationId),
        'active',
        'rolled back with the rest',
      );
      assert.equal(await services.people.findByLogin('eljur', loserLogin), null);
    });

    test('two people racing for one login: one gets it, the other is told next to the field', async () => {
      const { h, app, orgId } = suite();
      const { services } = h;
      const [one, two] = [await pendingStudent(services, orgId), await pendingStudent(services, orgId)];
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
      assert.equal(await invitationStatusOf(services, winnerCode.invitationId), 'used');
      assert.equal(
        await invitationStatusOf(services, loserCode.invitationId),
        'active',
        'rolled back with the rest',
      );
    });

    test('markup typed into any field is refused or shown as text', async () => {
      const { h, app, orgId } = suite();
      const student = await pendingStudent(h.services, orgId);
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
      const { h, app, orgId } = suite();
      const student = await pendingStudent(h.services, orgId);
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
