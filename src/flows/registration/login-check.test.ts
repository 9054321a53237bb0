/**
 * Registration's "this login is taken" answers, on SQLite and PostgreSQL: the account form and
 * the as-you-type check share one budget per flow (and per IP address and per realm), spent
 * before the lookup, so guesses sent through the form — even all at once — stop at the limit.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { csrfTokenOf } from '../../../test/support/harness.js';
import {
  fieldErrorOf,
  HELLO,
  issueCode,
  pendingStudentAt,
  registrationSuite,
  startRegistration,
  submitAccount,
  visitorsFrom,
} from '../../../test/support/registration.js';
import { checkLoginChoice, type LoginCheckLimits } from './login-check.js';
import { FLOW_TTL_MS, LOGIN_CHECKS_PER_FLOW, registrationFlow } from './machine.js';

const TAKEN = 'Этот логин уже занят. Придумайте другой.';

for (const dialect of DIALECTS) {
  describe(`registration login checks on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);
    const visitor = visitorsFrom('203.0.113', () => suite().app);

    /** A flow of a new pending student, opened in a browser of its own address. */
    async function openFlow() {
      const person = await pendingStudentAt(suite().h.services, suite().orgId, 'Проверкина', 'Ася');
      const { code } = await issueCode(suite().h.services, person.id, 'st');
      const v = visitor();
      const started = await startRegistration(v.b, code);
      return { ...v, ...started, csrf: csrfTokenOf(started.page.body) };
    }

    /** Posts the account form with a login guess; the repeat never matches, so nothing registers. */
    const guessByForm = (f: Awaited<ReturnType<typeof openFlow>>, login: string) =>
      submitAccount(
        suite().app,
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

    test('past the flow: one budget per address across flows, and one per realm across addresses', async () => {
      const { services } = suite().h;
      const realm = await services.realms.find('eljur');
      assert.ok(realm);
      const flow = () =>
        services.flows.start(services.db, registrationFlow, {
          realmId: 'eljur',
          state: 'code_ok',
          personId: null,
          data: {
            organisationId: suite().orgId,
            invitationId: 'none',
            prefix: 'st',
            accountId: null,
            login: null,
            emailGiven: false,
          },
          ttlMs: FLOW_TTL_MS,
        });
      const tag = randomBytes(4).toString('hex');
      const limits: LoginCheckLimits = {
        perIp: { name: `test-login-ip-${tag}`, points: 5, windowSeconds: 60 },
        perRealm: { name: `test-login-realm-${tag}`, points: 8, windowSeconds: 60 },
      };
      const ask = async (ip: string) =>
        (await checkLoginChoice(services, realm, await flow(), ip, 'nikolaeva.v', limits)).kind;
      // One address, a new flow each time: the address's budget still runs out.
      const fromOne = [];
      for (let i = 0; i < 6; i++) fromOne.push(await ask('192.0.2.200'));
      assert.deepEqual(fromOne, ['taken', 'taken', 'taken', 'taken', 'taken', 'throttled']);
      // Spread over addresses and flows: the realm's budget runs out (5 spent above).
      const spread = [];
      for (let i = 0; i < 4; i++) spread.push(await ask(`192.0.2.${210 + i}`));
      assert.deepEqual(spread, ['taken', 'taken', 'taken', 'throttled']);
      // A malformed login is answered without a lookup, and so without a budget.
      const malformed = await checkLoginChoice(services, realm, await flow(), '192.0.2.220', 'a b', limits);
      assert.equal(malformed.kind, 'invalid');
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
