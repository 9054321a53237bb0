/**
 * Registration's "this login is taken" answers, on SQLite and PostgreSQL: the account form and
 * the as-you-type check share one budget per flow (and per IP address and per realm), spent
 * before the lookup, so guesses sent through the form — even all at once — stop at the limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import {
  fieldErrorOf,
  HELLO,
  issueCode,
  registrationApp,
  startRegistration,
  submitAccount,
} from '../../../test/support/registration.js';
import { LOGIN_CHECKS_PER_FLOW } from './machine.js';

const TAKEN = 'Этот логин уже занят. Придумайте другой.';

for (const dialect of DIALECTS) {
  describe(`registration login checks on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;
    let owned = false;
    let ipCounter = 0;
    let orgId = '';

    function visitor(): { b: Browser; headers: Record<string, string> } {
      ipCounter += 1;
      const headers = { 'x-forwarded-for': `203.0.113.${ipCounter}` };
      return { b: new Browser(app, headers), headers };
    }

    /** A flow of a new pending student, opened in a browser of its own address. */
    async function openFlow() {
      const person = await h.services.people.createPending({
        realmId: 'eljur',
        lastName: 'Проверкина',
        firstName: 'Ася',
      });
      await h.services.people.addMembership({ personId: person.id, organisationId: orgId, role: 'student' });
      const { code } = await issueCode(h.services, person.id, 'st');
      const v = visitor();
      const started = await startRegistration(v.b, code);
      return { ...v, ...started, csrf: csrfTokenOf(started.page.body) };
    }

    /** Posts the account form with a login guess; the repeat never matches, so nothing registers. */
    const guessByForm = (f: Awaited<ReturnType<typeof openFlow>>, login: string) =>
      submitAccount(
        app,
        f.b,
        f.accountUrl,
        { login, password: 'VysokayaGora12', password2: 'VysokayaGora13' },
        [],
        { csrf: f.csrf, headers: f.headers },
      );

    const guessByScript = async (f: Awaited<ReturnType<typeof openFlow>>, login: string) => {
      const res = await f.b.get(`${HELLO}/login?flow=${f.flowId}&login=${encodeURIComponent(login)}`, {
        accept: 'application/json',
      });
      return { status: res.statusCode, body: res.json() as { available: boolean; message: string } };
    };

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

    test('login guesses sent all at once through the account form stop at the flow’s budget', async () => {
      const f = await openFlow();
      const burst = LOGIN_CHECKS_PER_FLOW + 20;
      const answers = await Promise.all(
        Array.from({ length: burst }, (_, i) => guessByForm(f, i % 10 === 0 ? 'nikolaeva.v' : `guess.${i}`)),
      );
      const answered = answers.filter((r) => r.statusCode === 400);
      const refused = answers.filter((r) => r.statusCode === 429);
      assert.equal(answered.length, LOGIN_CHECKS_PER_FLOW, answers.map((r) => r.statusCode).join());
      assert.equal(refused.length, burst - LOGIN_CHECKS_PER_FLOW);
      for (const res of refused) {
        assert.ok(!res.body.includes(TAKEN), 'no verdict on the login past the limit');
        assert.equal(fieldErrorOf(res.body, 'login'), null);
        assert.ok(res.body.includes('Слишком много проверок логина'), res.body.slice(0, 300));
      }
      // The budget is the flow's: the next one, from another address, is answered again.
      const next = await openFlow();
      const res = await guessByForm(next, 'nikolaeva.v');
      assert.equal(res.statusCode, 400);
      assert.equal(fieldErrorOf(res.body, 'login'), TAKEN);
    });

    test('the as-you-type check and the account form share one budget', async () => {
      const f = await openFlow();
      for (let i = 0; i < LOGIN_CHECKS_PER_FLOW - 1; i++) {
        const answer = await guessByScript(f, i === 0 ? 'nikolaeva.v' : `typed.${i}`);
        assert.equal(answer.status, 200, `check ${i}`);
      }
      const last = await guessByForm(f, 'nikolaeva.v');
      assert.equal(last.statusCode, 400);
      assert.equal(fieldErrorOf(last.body, 'login'), TAKEN);
      const byForm = await guessByForm(f, 'nikolaeva.v');
      assert.equal(byForm.statusCode, 429);
      assert.ok(!byForm.body.includes(TAKEN));
      const byScript = await guessByScript(f, 'nikolaeva.v');
      assert.equal(byScript.status, 429);
      assert.equal(byScript.body.available, false);
      assert.notEqual(byScript.body.message, TAKEN);
      assert.match(byScript.body.message, /Слишком много проверок логина/);
      // A login that is not a login costs nothing: no lookup is made for it.
      const malformed = await guessByScript(f, 'inna belova');
      assert.equal(malformed.status, 200);
      assert.equal(malformed.body.available, false);
    });
  });
}
