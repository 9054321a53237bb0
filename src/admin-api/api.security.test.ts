/**
 * The admin API's refusals, on SQLite and PostgreSQL: tokens of the wrong scope (another realm,
 * another organisation), revoked, expired, forged, malformed and missing — each a 401/403/404 in
 * the stable error shape and audited when a token was presented; bodies that are malformed JSON,
 * too large, of the wrong type, with unknown or wrongly typed fields, or not JSON at all — each a
 * 4xx in the same shape, never a 500; messages in ru, en and kk; an address that keeps presenting
 * bad tokens is refused with 429.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API, adminApiSuite, apiCall, personIdByLogin, tokenFor } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import { DAY } from '../core/clock.js';
import { API_ERROR_CODES } from './errors.js';
import { TOKEN_FAILURES } from './plugin.js';

type ErrorJson = { error: string; message: string; issues?: { path: string; message: string }[] };

function assertErrorShape(body: unknown): asserts body is ErrorJson {
  const e = body as ErrorJson;
  assert.ok((API_ERROR_CODES as string[]).includes(e.error), `known code: ${JSON.stringify(body)}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  const keys = Object.keys(e).sort();
  assert.ok(keys.join() === 'error,message' || keys.join() === 'error,issues,message', keys.join());
}

for (const dialect of DIALECTS) {
  describe(`admin API refusals on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = adminApiSuite(dialect.name);

    async function rejections(): Promise<Record<string, unknown>[]> {
      const { h } = suite();
      const rows = await h.services.db
        .selectFrom('audit_events')
        .select(['detail', 'realm_id'])
        .where('action', '=', 'api.token_rejected')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...(JSON.parse(r.detail) as Record<string, unknown>), realm: r.realm_id }));
    }

    test("another realm's people are not found, whatever the token of this realm asks", async () => {
      const { h, eljur, misha } = suite();
      const res = await apiCall(h, { method: 'GET', url: `${API}/people/${misha}`, token: eljur });
      assert.equal(res.statusCode, 404);
      assertErrorShape(res.json());
      for (const url of [
        `/people/${misha}/memberships`,
        `/people/${misha}/invitations`,
        `/audit?person=${misha}`,
      ]) {
        const r = await apiCall(h, { method: 'GET', url: `${API}${url}`, token: eljur });
        assert.ok(
          r.statusCode === 404 ||
            (r.statusCode === 200 && (r.json() as { items: unknown[] }).items.length === 0),
          url,
        );
        assert.ok(!r.body.includes('Петров'), url);
      }
      const list = await apiCall(h, { method: 'GET', url: `${API}/people?limit=200`, token: eljur });
      assert.ok(!list.body.includes(misha));
      const block = await apiCall(h, { method: 'POST', url: `${API}/people/${misha}/block`, token: eljur });
      assert.equal(block.statusCode, 404);
      assert.equal((await h.services.people.findById('dnevnik', misha))?.status, 'active');
      const org = await apiCall(h, { method: 'GET', url: `${API}/people?organisation=1535`, token: eljur });
      assert.equal(org.statusCode, 404);
    });

    test("an organisation's token reaches its organisation only; the realm's operations are 403", async () => {
      const { h, dnevnik, eljur, org1535, novikov } = suite();
      const other = await apiCall(h, { method: 'GET', url: `${API}/people/${novikov}`, token: org1535 });
      assert.equal(other.statusCode, 404);
      assertErrorShape(other.json());
      const otherOrg = await apiCall(h, {
        method: 'GET',
        url: `${API}/people?organisation=perm-12`,
        token: org1535,
      });
      assert.equal(otherOrg.statusCode, 404);
      const missingOrg = await apiCall(h, {
        method: 'GET',
        url: `${API}/people?organisation=nope`,
        token: org1535,
      });
      assert.deepEqual(missingOrg.json(), otherOrg.json(), 'another organisation looks like no organisation');
      const help = await apiCall(h, {
        method: 'GET',
        url: `${API}/help-requests?organisation=perm-12`,
        token: org1535,
      });
      assert.equal(help.statusCode, 404);
      const helpElsewhere = await apiCall(h, {
        method: 'GET',
        url: `${API}/help-requests?organisation=1535`,
        token: eljur,
      });
      assert.equal(helpElsewhere.statusCode, 404);
      const helpRealm = await apiCall(h, { method: 'GET', url: `${API}/help-requests`, token: dnevnik });
      assert.equal(helpRealm.statusCode, 400, 'a realm token names the organisation');
      const orgs = await apiCall(h, { method: 'GET', url: `${API}/organisations`, token: org1535 });
      assert.deepEqual(
        (orgs.json() as { items: { slug: string }[] }).items.map((o) => o.slug),
        ['1535'],
      );
      const people = await apiCall(h, { method: 'GET', url: `${API}/people?limit=200`, token: org1535 });
      assert.ok(!people.body.includes(novikov));
      const create = await apiCall(h, {
        method: 'POST',
        url: `${API}/people`,
        token: org1535,
        body: { login: 'x.perm', lastName: 'Иванов', firstName: 'Иван', organisation: 'perm-12' },
      });
      assert.equal(create.statusCode, 404);
      assert.equal(await h.services.people.findByLogin('dnevnik', 'x.perm'), null);
      const curator = await apiCall(h, {
        method: 'POST',
        url: `${API}/people`,
        token: org1535,
        body: { login: 'new.curator', lastName: 'Иванов', firstName: 'Иван', role: 'curator' },
      });
      assert.equal(curator.statusCode, 403);
      const admin = await personIdByLogin(h, 'dnevnik', 'admin1535');
      const reset = await apiCall(h, {
        method: 'POST',
        url: `${API}/people/${admin}/temporary-password`,
        token: org1535,
      });
      assert.equal(reset.statusCode, 403);
      assertErrorShape(reset.json());
      const realm = await apiCall(h, { method: 'GET', url: `${API}/realm`, token: org1535 });
      assert.equal(realm.statusCode, 403);
      assert.equal((realm.json() as ErrorJson).error, 'forbidden_scope');
      const audit = await apiCall(h, { method: 'GET', url: `${API}/audit?limit=200`, token: org1535 });
      const events = (
        audit.json() as { items: { organisationId: string | null; subjectId: string | null }[] }
      ).items;
      assert.ok(events.every((e) => e.subjectId !== novikov));
    });

    test('revoked, expired, forged, malformed and missing tokens: 401, audited with the reason', async () => {
      const { h, dnevnik } = suite();
      const revoked = await tokenFor(h, 'dnevnik', { name: 'revoked' });
      assert.equal(
        (await apiCall(h, { method: 'GET', url: `${API}/realm`, token: revoked.token })).statusCode,
        200,
      );
      assert.ok(await h.services.apiTokens.revoke('dnevnik', revoked.id, { via: 'cli' }));
      const expired = await tokenFor(h, 'dnevnik', { name: 'expires', days: 1 });
      h.clock.advance(DAY);
      const forged = `${revoked.token.slice(0, -4)}AAAA`;
      const unknown = `propusk_${'A'.repeat(22)}.${'B'.repeat(43)}`;
      const cases: [string | null, string, string | null][] = [
        [revoked.token, 'token_revoked', 'revoked'],
        [expired.token, 'token_expired', 'expired'],
        [forged, 'token_invalid', 'wrong_secret'],
        [unknown, 'token_invalid', 'unknown'],
        ['not-a-token', 'token_invalid', 'malformed'],
        [null, 'token_missing', null],
      ];
      const before = (await rejections()).length;
      for (const [token, code] of cases) {
        const res = await apiCall(h, { method: 'GET', url: `${API}/people`, token });
        assert.equal(res.statusCode, 401, code);
        assert.equal((res.json() as ErrorJson).error, code);
        assertErrorShape(res.json());
        assert.ok(!res.body.includes('Петров'));
      }
      const basic = await apiCall(h, {
        method: 'GET',
        url: `${API}/people`,
        headers: { authorization: `Basic ${dnevnik}` },
      });
      assert.equal(basic.statusCode, 401);
      const audited = (await rejections()).slice(before);
      assert.deepEqual(
        audited.map((e) => e.reason),
        ['revoked', 'expired', 'wrong_secret', 'unknown', 'malformed', 'malformed'],
      );
      assert.equal(audited[0]?.token_id, revoked.id);
      assert.equal(audited[0]?.realm, 'dnevnik');
      assert.equal(audited[3]?.realm, null);
      assert.ok(audited.every((e) => !JSON.stringify(e).includes(revoked.token.split('.')[1] ?? '')));
      h.clock.advance(-DAY);
    });

    test('bad bodies are 4xx in the stable shape, never a 500', async () => {
      const { h, dnevnik } = suite();
      const url = `${API}/people`;
      const raw = (payload: string | Buffer, contentType = 'application/json') =>
        apiCall(h, { method: 'POST', url, token: dnevnik, raw: { payload, contentType } });
      const cases: [Promise<import('fastify').LightMyRequestResponse>, number, string][] = [
        [raw('{"login": '), 400, 'invalid_json'],
        [raw('{"login": "a",}'), 400, 'invalid_json'],
        [raw('\u0000\u0001'), 400, 'invalid_json'],
        [raw('[1,2,3]'), 400, 'invalid_request'],
        [raw('"text"'), 400, 'invalid_request'],
        [raw('null'), 400, 'invalid_request'],
        [raw(''), 400, 'invalid_request'],
        [raw(JSON.stringify({ login: 'a'.repeat(70 * 1024) })), 413, 'payload_too_large'],
        [raw('login=a&lastName=b', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
        [raw('<a/>', 'text/xml'), 415, 'unsupported_media_type'],
        [raw(`${'['.repeat(30_000)}${']'.repeat(30_000)}`), 400, 'invalid_request'],
        [raw('{"__proto__": {"admin": true}, "login": "x"}'), 400, 'invalid_request'],
      ];
      for (const [pending, status, code] of cases) {
        const res = await pending;
        assert.equal(res.statusCode, status, `${code}: ${res.body.slice(0, 200)}`);
        assertErrorShape(res.json());
        assert.equal((res.json() as ErrorJson).error, code);
      }
      const typed = await apiCall(h, {
        method: 'POST',
        url,
        token: dnevnik,
        body: { login: 42, lastName: ['x'], firstName: 'Пётр', birthDate: 'x'.repeat(11), extra: 1 },
      });
      assert.equal(typed.statusCode, 400);
      const issues = (typed.json() as ErrorJson).issues ?? [];
      assert.deepEqual(issues.map((i) => i.path).sort(), [
        'body.birthDate',
        'body.extra',
        'body.lastName',
        'body.login',
      ]);
      assert.ok(issues.some((i) => i.message.startsWith('Неверный тип значения')));
      const domain = await apiCall(h, {
        method: 'POST',
        url,
        token: dnevnik,
        body: {
          login: 'petrov.misha',
          lastName: 'Иванов',
          firstName: 'Иван',
          snils: '112-233-445 96',
          birthDate: '2012-02-30',
        },
      });
      assert.equal(domain.statusCode, 400);
      assert.deepEqual(((domain.json() as ErrorJson).issues ?? []).map((i) => i.path).sort(), [
        'body.birthDate',
        'body.login',
        'body.snils',
      ]);
      const query = await apiCall(h, {
        method: 'GET',
        url: `${API}/people?limit=abc&limit=2&debug=1`,
        token: dnevnik,
      });
      assert.equal(query.statusCode, 400);
      assert.deepEqual(((query.json() as ErrorJson).issues ?? []).map((i) => i.path).sort(), [
        'query.debug',
        'query.limit',
      ]);
      for (const cursor of ['%%%', 'bm9wZQ', Buffer.from('["a","b"]').toString('base64url')]) {
        const res = await apiCall(h, { method: 'GET', url: `${API}/audit?cursor=${cursor}`, token: dnevnik });
        assert.equal(res.statusCode, 400, cursor);
        assert.equal((res.json() as ErrorJson).issues?.[0]?.path, 'query.cursor');
      }
      const wrongMethod = await apiCall(h, { method: 'DELETE', url: `${API}/people`, token: dnevnik });
      assert.equal(wrongMethod.statusCode, 405);
      assert.match(String(wrongMethod.headers.allow), /GET, POST/);
      assertErrorShape(wrongMethod.json());
      const nowhere = await apiCall(h, { method: 'GET', url: `${API}/nowhere`, token: dnevnik });
      assert.equal(nowhere.statusCode, 404);
      assertErrorShape(nowhere.json());
      assert.ok(!h.logs().includes('"level":50'), 'nothing logged as an unexpected error');
    });

    test('messages follow Accept-Language, else the realm', async () => {
      const { h, org1535, novikov } = suite();
      const ask = (lang?: string) =>
        apiCall(h, {
          method: 'GET',
          url: `${API}/people/${novikov}`,
          token: org1535,
          ...(lang ? { headers: { 'accept-language': lang } } : {}),
        });
      assert.equal(((await ask()).json() as ErrorJson).message, 'Не найдено.');
      assert.equal(((await ask('en-GB,en;q=0.8')).json() as ErrorJson).message, 'Not found.');
      assert.equal(((await ask('kk')).json() as ErrorJson).message, 'Табылмады.');
      assert.equal(((await ask('de, fr')).json() as ErrorJson).message, 'Не найдено.');
      const missing = await apiCall(h, {
        method: 'GET',
        url: `${API}/people`,
        headers: { 'accept-language': 'en' },
      });
      assert.match((missing.json() as ErrorJson).message, /API token is required/);
    });

    test('an address presenting bad tokens is refused with 429 after the limit; a good token elsewhere works', async () => {
      const { h, dnevnik } = suite();
      const headers = { 'x-forwarded-for': '203.0.113.77' };
      let last = 0;
      for (let i = 0; i <= TOKEN_FAILURES; i++) {
        const res = await apiCall(h, {
          method: 'GET',
          url: `${API}/people`,
          token: `propusk_${'C'.repeat(22)}.${'D'.repeat(43)}`,
          headers,
        });
        last = res.statusCode;
        if (i < TOKEN_FAILURES) assert.equal(res.statusCode, 401);
      }
      assert.equal(last, 429);
      const good = await apiCall(h, { method: 'GET', url: `${API}/people`, token: dnevnik, headers });
      assert.equal(good.statusCode, 429, 'the address waits, whatever it presents');
      assert.ok(Number(good.headers['retry-after']) > 0);
      const elsewhere = await apiCall(h, { method: 'GET', url: `${API}/people`, token: dnevnik });
      assert.equal(elsewhere.statusCode, 200);
    });
  });
}
