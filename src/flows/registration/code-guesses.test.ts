/**
 * Guessed invitation codes, on SQLite and PostgreSQL: a failed lookup is counted before the
 * lookup, atomically — guesses sent all at once from one address stop at the limit, not past it —
 * and the guesses under «Дети» of one flow stop at the flow's limit from whatever addresses they
 * come.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf } from '../../../test/support/harness.js';
import {
  HELLO,
  issueCode,
  pendingStudentAt,
  registrationSuite,
  startRegistration,
  submitAccount,
} from '../../../test/support/registration.js';
import { CODE_FAILURES_PER_IP } from './code-guesses.js';
import { CODE_FAILURES_PER_FLOW } from './machine.js';

for (const dialect of DIALECTS) {
  describe(`registration code guesses on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);

    const unknownRejections = async (
      filter: (detail: Record<string, unknown>, ip: string | null) => boolean,
    ) =>
      (await suite().h.services.audit.listForRealm('eljur', 1000)).filter(
        (e) => e.action === 'invitation.rejected' && e.detail.reason === 'unknown' && filter(e.detail, e.ip),
      ).length;

    test('wrong codes sent all at once: exactly the limit is looked up, the rest refused', async () => {
      const ip = '198.18.0.1';
      const b = new Browser(suite().app, { 'x-forwarded-for': ip });
      const csrf = csrfTokenOf((await b.get(HELLO)).body);
      const burst = CODE_FAILURES_PER_IP * 3;
      const answers = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          b.post(HELLO, { _csrf: csrf, code: `st${String(i).padStart(7, '0')}` }),
        ),
      );
      const statuses = answers.map((r) => r.statusCode);
      assert.equal(statuses.filter((s) => s === 400).length, CODE_FAILURES_PER_IP, statuses.join());
      assert.equal(statuses.filter((s) => s === 429).length, burst - CODE_FAILURES_PER_IP);
      assert.equal(await unknownRejections((_d, from) => from === ip), CODE_FAILURES_PER_IP);
    });

    test('a right code costs no guess: a class behind one address registers between typos', async () => {
      const { h, app, orgId } = suite();
      const b = new Browser(app, { 'x-forwarded-for': '198.18.0.2' });
      const wrong = async (n: number) =>
        (await b.submit(HELLO, HELLO, { code: `tr${String(n).padStart(7, '0')}` })).statusCode;
      for (let i = 0; i < CODE_FAILURES_PER_IP - 1; i++) assert.equal(await wrong(i), 400, `typo ${i}`);
      // One failure is left; every right code is counted as one before its lookup, then given back.
      for (let i = 0; i < CODE_FAILURES_PER_IP + 5; i++) {
        const person = await pendingStudentAt(h.services, orgId, 'Классова', `Ученица${'а'.repeat(i + 1)}`);
        const { code } = await issueCode(h.services, person.id, 'st');
        assert.equal((await b.submit(HELLO, HELLO, { code })).statusCode, 303, `student ${i}`);
      }
      assert.equal(await wrong(100), 400, 'the last failure of the window');
      assert.equal(await wrong(101), 429);
    });

    test('guesses under «Дети» stop at the flow’s limit, from whatever addresses they come', async () => {
      const child = await pendingStudentAt(suite().h.services, suite().orgId, 'Детова', 'Вера');
      const { code } = await issueCode(suite().h.services, child.id, 'pt');
      const b = new Browser(suite().app, { 'x-forwarded-for': '198.18.1.1' });
      const { accountUrl, flowId, page } = await startRegistration(b, code);
      const csrf = csrfTokenOf(page.body);
      const fields = {
        last_name: 'Детова',
        first_name: 'Ольга',
        login: 'detova.olga',
        password: 'SvetlyiPrud404',
        password2: 'SvetlyiPrud404',
        email: 'detova@demo.example',
      };
      const statuses: number[] = [];
      for (let round = 0; round < 4; round++) {
        // Each submit from a new address: the per-address limit never bites.
        const headers = { 'x-forwarded-for': `198.18.2.${round + 1}` };
        const guesses = Array.from({ length: 3 }, (_, i) => `pt${String(round * 3 + i).padStart(7, '0')}`);
        const res = await submitAccount(suite().app, b, accountUrl, fields, guesses, { csrf, headers });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses.slice(0, 3), [400, 400, 400]);
      assert.equal(statuses[3], 429);
      const spent = await unknownRejections((d) => d.step === 'children');
      assert.equal(spent, CODE_FAILURES_PER_FLOW, `flow ${flowId}`);
    });
  });
}
