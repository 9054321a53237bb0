/**
 * The admin API's changes kept in scope, on SQLite and PostgreSQL: corrections and attaching
 * (another organisation's or realm's person is not found, every bad field named, a second attach
 * a 409) and roster imports (another organisation's file refused, a broken file named, batches
 * in order and asked for once, the import's larger body limit on its route alone).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API, adminApiSuite, apiCall } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';

type ErrorJson = { error: string; message: string; issues?: { path: string; message: string }[] };

function assertErrorShape(body: unknown): void {
  const e = body as ErrorJson;
  assert.equal(typeof e.error, 'string');
  assert.equal(typeof e.message, 'string');
}

for (const dialect of DIALECTS) {
  describe(`admin API changes in scope on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = adminApiSuite(dialect.name);

    test('corrections and attaching stay in scope and name every bad field', async () => {
      const { h, dnevnik, eljur, org1535, misha, novikov } = suite();
      const out = await apiCall(h, {
        method: 'POST',
        url: `${API}/people/${novikov}/correction`,
        token: org1535,
        body: { lastName: 'Чужой', reason: 'проверка' },
      });
      assert.equal(out.statusCode, 404);
      assert.equal((await h.services.people.findById('dnevnik', novikov))?.last_name, 'Новиков');
      const noReason = await apiCall(h, {
        method: 'POST',
        url: `${API}/people/${misha}/correction`,
        token: dnevnik,
        body: { reason: ' ' },
      });
      assert.equal(noReason.statusCode, 400);
      assert.deepEqual(
        ((noReason.json() as ErrorJson).issues ?? []).map((i) => i.path),
        ['body.reason'],
      );
      const badSnils = await apiCall(h, {
        method: 'POST',
        url: `${API}/people/${misha}/correction`,
        token: dnevnik,
        body: { snils: '112-233-445 96', birthDate: '2013-13-01', reason: 'r' },
      });
      assert.deepEqual(((badSnils.json() as ErrorJson).issues ?? []).map((i) => i.path).sort(), [
        'body.birthDate',
        'body.snils',
      ]);
      const crossRealm = await apiCall(h, {
        method: 'POST',
        url: `${API}/memberships`,
        token: eljur,
        body: { login: 'petrov.misha', organisation: '1399', role: 'student', class: '6А' },
      });
      assert.equal(crossRealm.statusCode, 404, 'a login of another realm is no login');
      const otherOrg = await apiCall(h, {
        method: 'POST',
        url: `${API}/memberships`,
        token: org1535,
        body: { login: 'novikov.artem', organisation: 'perm-12', role: 'student' },
      });
      assert.equal(otherOrg.statusCode, 404);
      const twice = { login: 'petrov.misha', organisation: '1535', role: 'student', class: '6А' };
      const again = await apiCall(h, {
        method: 'POST',
        url: `${API}/memberships`,
        token: org1535,
        body: twice,
      });
      assert.equal(again.statusCode, 409);
      assertErrorShape(again.json());
      const detachNothing = await apiCall(h, {
        method: 'POST',
        url: `${API}/people/${misha}/detach`,
        token: org1535,
        body: { organisation: '1535', role: 'teacher' },
      });
      assert.equal(detachNothing.statusCode, 404);
    });

    test('roster imports: in scope, a broken file named, batches in order, a file larger than 64 KiB accepted', async () => {
      const { h, dnevnik, eljur, org1535 } = suite();
      const header = 'Класс;Фамилия;Имя;Дата рождения\n';
      const post = (token: string, body: unknown) =>
        apiCall(h, { method: 'POST', url: `${API}/imports`, token, body });
      const other = await post(org1535, {
        organisation: 'perm-12',
        fileName: 'a.csv',
        content: `${header}1А;Иванов;Иван;01.01.2015\n`,
      });
      assert.equal(other.statusCode, 404);
      const broken = await post(dnevnik, {
        organisation: '1535',
        fileName: 'a.csv',
        content: 'a;b;c\n1;2;3',
      });
      assert.equal(broken.statusCode, 400);
      assert.equal((broken.json() as ErrorJson).issues?.[0]?.path, 'body.content');
      const rows = Array.from(
        { length: 3000 },
        (_, i) => `6А;Тестов${String.fromCharCode(1072 + (i % 32))};Имя;01.01.2013`,
      ).join('\n');
      const big = await post(org1535, { organisation: '1535', fileName: 'big.csv', content: header + rows });
      assert.equal(big.statusCode, 201, big.body.slice(0, 300));
      assert.ok(Buffer.byteLength(header + rows) > 64 * 1024, "more than the API's usual body limit");
      const id = (big.json() as { id: string }).id;
      const outOfOrder = await apiCall(h, {
        method: 'POST',
        url: `${API}/imports/${id}/batches/1`,
        token: org1535,
      });
      assert.equal(outOfOrder.statusCode, 409);
      const foreign = await apiCall(h, { method: 'GET', url: `${API}/imports/${id}`, token: eljur });
      assert.equal(foreign.statusCode, 404);
      const first = await apiCall(h, {
        method: 'POST',
        url: `${API}/imports/${id}/batches/0`,
        token: org1535,
      });
      assert.equal(first.statusCode, 200);
      const again = await apiCall(h, {
        method: 'POST',
        url: `${API}/imports/${id}/batches/0`,
        token: org1535,
      });
      assert.deepEqual(again.json(), first.json(), 'a batch asked for again answers what was done');
      const tooBig = await post(org1535, {
        organisation: '1535',
        fileName: 'x.csv',
        content: 'x'.repeat(6 * 1024 * 1024),
      });
      assert.equal(tooBig.statusCode, 413);
    });
  });
}
