/**
 * `POST /people/{id}/second-factor/reset` on SQLite and PostgreSQL: the same operation as the
 * desk and the CLI (the factors go, sessions end, one audit event with the token's id, one
 * letter); an organisation's token only on its own ordinary members; a person without a factor
 * a 409 and nothing written; two resets at once reset once; bad ids and bodies refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API, adminApiSuite, apiCall, personIdByLogin } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import type { Harness } from '../../test/support/harness.js';

type ErrorJson = { error: string; message: string };

const SECRET = 'JBSWY3DPEHPK3PXP';

async function giveFactors(h: Harness, id: string): Promise<void> {
  const { db, factors } = h.services;
  await db.deleteFrom('totp_factors').where('person_id', '=', id).execute();
  assert.ok(await factors.totp.create(db, { realmId: 'dnevnik', personId: id, secret: SECRET, step: 1 }));
  await factors.recoveryCodes.replace(db, id);
}

async function factorRows(h: Harness, id: string): Promise<[number, number]> {
  const count = async (table: 'totp_factors' | 'recovery_codes') =>
    (await h.services.db.selectFrom(table).select('person_id').where('person_id', '=', id).execute()).length;
  return [await count('totp_factors'), await count('recovery_codes')];
}

async function resetEvents(h: Harness, id: string) {
  return h.services.db
    .selectFrom('audit_events')
    .select(['detail', 'actor_id'])
    .where('action', '=', 'second_factor.reset')
    .where('subject_id', '=', id)
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`admin API second-factor reset on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = adminApiSuite(dialect.name);
    const url = (id: string) => `${API}/people/${id}/second-factor/reset`;

    test('a realm token resets: the factors go, sessions end, one audit event with the token', async () => {
      const { h, dnevnik, misha } = suite();
      await giveFactors(h, misha);
      const session = await h.services.sessions.create({
        realmId: 'dnevnik',
        personId: misha,
        lifetimes: { idleMinutes: 60, absoluteHours: 8 },
        ip: null,
        userAgent: null,
        method: 'password',
      });
      const res = await apiCall(h, { method: 'POST', url: url(misha), token: dnevnik });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { totp: true, recoveryCodes: 10, passkeys: 0, sessionsEnded: 1 });
      assert.deepEqual(await factorRows(h, misha), [0, 0]);
      const lifetimes = { idleMinutes: 60, absoluteHours: 8 };
      assert.equal(await h.services.sessions.validate('dnevnik', session.token, lifetimes), null);
      const events = await resetEvents(h, misha);
      assert.equal(events.length, 1);
      const detail = JSON.parse(String(events[0]?.detail)) as Record<string, unknown>;
      assert.equal(detail.via, 'api');
      assert.equal(typeof detail.token_id, 'string');
      assert.ok(!JSON.stringify(events).includes(SECRET));

      // Nothing left to reset: 409 with the reason, in the caller's language, nothing written.
      const again = await apiCall(h, {
        method: 'POST',
        url: url(misha),
        token: dnevnik,
        headers: { 'accept-language': 'en' },
      });
      assert.equal(again.statusCode, 409);
      assert.equal((again.json() as ErrorJson).error, 'conflict');
      assert.match((again.json() as ErrorJson).message, /no second factor/);
      assert.equal((await resetEvents(h, misha)).length, 1);
    });

    test('an organisation token: its own ordinary members only', async () => {
      const { h, org1535, eljur, novikov } = suite();
      // Another organisation's person is not found, as one that does not exist.
      await giveFactors(h, novikov);
      const other = await apiCall(h, { method: 'POST', url: url(novikov), token: org1535 });
      assert.equal(other.statusCode, 404);
      // Another realm's token does not reach this realm's person either.
      assert.equal((await apiCall(h, { method: 'POST', url: url(novikov), token: eljur })).statusCode, 404);
      assert.deepEqual(await factorRows(h, novikov), [1, 10]);
      // The school's administrator is not reset with the school's token (403), as at the desk.
      const admin = await personIdByLogin(h, 'dnevnik', 'admin1535');
      await giveFactors(h, admin);
      const privileged = await apiCall(h, { method: 'POST', url: url(admin), token: org1535 });
      assert.equal(privileged.statusCode, 403);
      assert.equal((privileged.json() as ErrorJson).error, 'forbidden_scope');
      assert.deepEqual(await factorRows(h, admin), [1, 10]);
    });

    test('two resets at once: one resets, the other is told there is nothing left', async () => {
      const { h, dnevnik, novikov } = suite();
      await giveFactors(h, novikov);
      const before = (await resetEvents(h, novikov)).length;
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => apiCall(h, { method: 'POST', url: url(novikov), token: dnevnik })),
      );
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409, 409, 409]);
      assert.equal((await resetEvents(h, novikov)).length, before + 1);
    });

    test('bad input: no token, a malformed id, an unknown id, a body it does not take', async () => {
      const { h, dnevnik, misha } = suite();
      assert.equal((await apiCall(h, { method: 'POST', url: url(misha) })).statusCode, 401);
      assert.equal(
        (await apiCall(h, { method: 'POST', url: url('x'.repeat(300)), token: dnevnik })).statusCode,
        414,
      );
      const alphabet = await apiCall(h, { method: 'POST', url: url('<script>'), token: dnevnik });
      assert.equal(alphabet.statusCode, 400);
      assert.equal((alphabet.json() as ErrorJson).error, 'invalid_request');
      assert.deepEqual(
        ((alphabet.json() as { issues: { path: string }[] }).issues ?? []).map((i) => i.path),
        ['path.id'],
      );
      assert.ok(!alphabet.body.includes('<script>'), 'the input is not echoed');
      const empty = await apiCall(h, {
        method: 'POST',
        url: `${API}/people//second-factor/reset`,
        token: dnevnik,
      });
      assert.equal(empty.statusCode, 400, 'an empty id');
      const unknown = await apiCall(h, {
        method: 'POST',
        url: url('01J0000000000000000000000X'),
        token: dnevnik,
      });
      assert.equal(unknown.statusCode, 404, 'an id nobody has: not found, as another organisation’s person');
      assert.equal((unknown.json() as ErrorJson).error, 'not_found');
      assert.match((unknown.json() as ErrorJson).message, /\S/);
      const withBody = await apiCall(h, {
        method: 'POST',
        url: url(misha),
        token: dnevnik,
        raw: { payload: 'a=1', contentType: 'text/plain' },
      });
      assert.equal(withBody.statusCode, 415);
      assert.equal(
        (await apiCall(h, { method: 'GET', url: url(misha), token: dnevnik })).statusCode,
        405,
        'only POST',
      );
    });
  });
}
