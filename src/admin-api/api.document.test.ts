/**
 * The admin API tested through its own OpenAPI document, on SQLite and PostgreSQL: the test
 * fetches the document the service serves, and for every operation in it calls the operation
 * with a valid request and checks the status and that the answer validates against the schema
 * the document declares (turned back into a validator by `z.fromJSONSchema`); then calls it with
 * no token (401), and — where it takes a body — with an unknown field (400), and checks those
 * answers against the declared error schema. An operation without an example here fails the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { API, apiCall, personIdByLogin, personIdOf, tokenFor } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { createHelpRequest } from '../help-requests/store.js';

type Json = Record<string, unknown>;

interface Example {
  readonly token: 'dnevnik' | 'eljur' | 'org1535';
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
}

for (const dialect of DIALECTS) {
  describe(`admin API through its OpenAPI document on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let tokens: Record<Example['token'], string>;
    let examples: Record<string, () => Promise<Example>>;
    before(async () => {
      h = await startHarness(dialect.name);
      tokens = {
        dnevnik: (await tokenFor(h, 'dnevnik')).token,
        eljur: (await tokenFor(h, 'eljur')).token,
        org1535: (await tokenFor(h, 'dnevnik', { org: '1535' })).token,
      };
      const misha = await personIdByLogin(h, 'dnevnik', 'petrov.misha');
      const ivan = await personIdByLogin(h, 'dnevnik', 'smirnov.ivan');
      const anya = await personIdByLogin(h, 'dnevnik', 'petrova.anya');
      const dasha = await personIdOf(h, 'eljur', 'Смирнова', 'Дарья');
      const novikov = await personIdByLogin(h, 'dnevnik', 'novikov.artem');
      const school = await h.services.organisations.findBySlug('dnevnik', '1535');
      const help = await createHelpRequest(h.services.db, h.clock, {
        realmId: 'dnevnik',
        organisationId: school?.id ?? '',
        reason: 'no_contact',
        lastName: 'Петров',
        firstName: 'Михаил',
        middleName: null,
        className: '6А',
        role: 'student',
        contact: '+7 999 000-11-22',
      });
      examples = {
        listPeople: async () => ({ token: 'org1535', query: { role: 'student', class: '6А', limit: '1' } }),
        getPerson: async () => ({ token: 'dnevnik', params: { id: misha } }),
        createPerson: async () => ({
          token: 'org1535',
          body: {
            login: 'sidorov.p',
            lastName: 'Сидоров',
            firstName: 'Пётр',
            birthDate: '2012-03-04',
            snils: '001-002-077 36',
            class: '6А',
            role: 'student',
          },
        }),
        blockPerson: async () => ({ token: 'dnevnik', params: { id: ivan } }),
        unblockPerson: async () => ({ token: 'org1535', params: { id: ivan } }),
        issueTemporaryPassword: async () => ({ token: 'org1535', params: { id: anya } }),
        resetSecondFactor: async () => {
          await h.services.factors.totp.create(h.services.db, {
            realmId: 'dnevnik',
            personId: anya,
            secret: 'JBSWY3DPEHPK3PXP',
            step: 1,
          });
          return { token: 'org1535', params: { id: anya } };
        },
        listMemberships: async () => ({ token: 'dnevnik', params: { id: misha } }),
        listInvitations: async () => ({ token: 'eljur', params: { id: dasha } }),
        issueInvitation: async () => ({
          token: 'eljur',
          body: { person: dasha, organisation: '1399', prefix: 'st', days: 30 },
        }),
        voidInvitations: async () => ({
          token: 'eljur',
          params: { id: dasha },
          body: { organisation: '1399' },
        }),
        correctPerson: async () => ({
          token: 'dnevnik',
          params: { id: misha },
          body: {
            middleName: 'Сергеевич',
            birthDate: '2013-05-06',
            snils: '123-456-789 64',
            reason: 'Ошибка в документах',
          },
        }),
        attachPerson: async () => ({
          token: 'org1535',
          body: { login: 'novikov.artem', organisation: '1535', role: 'student', class: '6А' },
        }),
        detachPerson: async () => ({
          token: 'org1535',
          params: { id: novikov },
          body: { organisation: '1535', role: 'student' },
        }),
        checkRosterImport: async () => ({
          token: 'org1535',
          body: {
            organisation: '1535',
            fileName: '6a.csv',
            content:
              'Класс;Фамилия;Имя;Дата рождения\n6А;Ёлкина;Жанна;02.02.2013\n6А;Ёлкина;Жанна;99.99.2013\n',
          },
        }),
        getRosterImport: async () => ({ token: 'dnevnik', params: { id: await latestImport() } }),
        importRosterBatch: async () => ({
          token: 'org1535',
          params: { id: await latestImport(), batch: '0' },
        }),
        listHelpRequests: async () => ({ token: 'dnevnik', query: { organisation: '1535' } }),
        getHelpRequest: async () => ({ token: 'org1535', params: { number: help.number } }),
        checkHelpRequest: async () => ({
          token: 'org1535',
          params: { number: help.number },
          body: { checked: ['identity_document', 'class_confirmed'] },
        }),
        closeHelpRequest: async () => ({
          token: 'dnevnik',
          params: { number: help.number },
          body: { outcome: 'login_told' },
        }),
        listAuditEvents: async () => ({ token: 'dnevnik', query: { action: 'person.', limit: '5' } }),
        listOrganisations: async () => ({ token: 'dnevnik', query: { limit: '1' } }),
        getRealm: async () => ({ token: 'dnevnik' }),
        setRealmLook: async () => ({
          token: 'dnevnik',
          body: { primaryColour: '#1D64C8', productName: 'Дневник.ру' },
        }),
      };
    });
    after(async () => {
      await h?.close();
    });

    async function latestImport(): Promise<string> {
      const row = await h.services.db
        .selectFrom('roster_imports')
        .select('id')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    }

    async function documentOperations(): Promise<{ path: string; method: string; op: Json }[]> {
      const res = await h.app.inject({ method: 'GET', url: `${API}/openapi.json` });
      assert.equal(res.statusCode, 200);
      const doc = res.json() as Json;
      assert.equal(doc.openapi, '3.1.0');
      const out: { path: string; method: string; op: Json }[] = [];
      for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>))
        for (const [method, op] of Object.entries(item)) out.push({ path, method: method.toUpperCase(), op });
      return out;
    }

    function schemaOf(op: Json, status: string): z.ZodType {
      const responses = op.responses as Record<string, { content: { 'application/json': { schema: Json } } }>;
      const response = responses[status];
      assert.ok(response, `${String(op.operationId)} declares ${status}`);
      return z.fromJSONSchema(response.content['application/json'].schema as z.core.JSONSchema.JSONSchema);
    }

    function check(op: Json, status: string, body: unknown): void {
      const result = schemaOf(op, status).safeParse(body);
      assert.ok(
        result.success,
        `${String(op.operationId)} ${status}: ${JSON.stringify(result.error?.issues)}`,
      );
    }

    function urlOf(path: string, example: Example): string {
      let url = `${API}${path}`;
      for (const [k, v] of Object.entries(example.params ?? {}))
        url = url.replace(`{${k}}`, encodeURIComponent(v));
      const query = new URLSearchParams(example.query ?? {}).toString();
      return query ? `${url}?${query}` : url;
    }

    test('every operation in the document answers as it declares', async () => {
      const operations = await documentOperations();
      assert.deepEqual(
        operations.map(({ op }) => String(op.operationId)).sort(),
        Object.keys(examples).sort(),
        'the document and the examples name the same operations',
      );
      for (const { path, method, op } of operations) {
        const example = await (examples[String(op.operationId)] as () => Promise<Example>)();
        const url = urlOf(path, example);
        assert.doesNotMatch(url, /\{/, `${url}: every path parameter has a value`);
        const res = await apiCall(h, {
          method: method as 'GET',
          url,
          token: tokens[example.token],
          ...(example.body !== undefined ? { body: example.body } : {}),
        });
        const success = Object.keys(op.responses as Json).find((s) => s.startsWith('2')) ?? '200';
        assert.equal(String(res.statusCode), success, `${String(op.operationId)}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        check(op, success, res.json());

        const anonymous = await apiCall(h, {
          method: method as 'GET',
          url,
          ...(example.body !== undefined ? { body: example.body } : {}),
        });
        assert.equal(anonymous.statusCode, 401, String(op.operationId));
        assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="propusk"');
        check(op, '401', anonymous.json());

        if ((op as { requestBody?: unknown }).requestBody) {
          const extra = { ...(example.body as Json), surprise: true };
          const bad = await apiCall(h, {
            method: method as 'GET',
            url,
            token: tokens[example.token],
            body: extra,
          });
          assert.equal(bad.statusCode, 400, String(op.operationId));
          check(op, '400', bad.json());
          assert.deepEqual((bad.json() as { issues: unknown[] }).issues, [
            { path: 'body.surprise', message: 'Неизвестное поле' },
          ]);
        }
      }
    });

    test('realm-wide operations refuse an organisation token with 403, as declared', async () => {
      for (const { path, method, op } of await documentOperations()) {
        if (op['x-propusk-scope'] !== 'realm') continue;
        const res = await apiCall(h, {
          method: method as 'GET',
          url: `${API}${path}`,
          token: tokens.org1535,
        });
        assert.equal(res.statusCode, 403);
        check(op, '403', res.json());
        assert.equal((res.json() as Json).error, 'forbidden_scope');
      }
    });

    test('pages follow each other to the end without repeats', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await apiCall(h, {
          method: 'GET',
          url: `${API}/people?limit=2${query}`,
          token: tokens.dnevnik,
        });
        assert.equal(res.statusCode, 200);
        const page = res.json() as { items: { id: string }[]; next: string | null };
        for (const p of page.items) {
          assert.ok(!seen.has(p.id));
          seen.add(p.id);
        }
        cursor = page.next;
        pages++;
      } while (cursor && pages < 50);
      const total = await h.services.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('realm_id', '=', 'dnevnik')
        .executeTakeFirstOrThrow();
      assert.equal(seen.size, Number(total.n));

      const events: number[] = [];
      cursor = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await apiCall(h, {
          method: 'GET',
          url: `${API}/audit?limit=3${query}`,
          token: tokens.dnevnik,
        });
        const page = res.json() as { items: { id: number; at: string }[]; next: string | null };
        events.push(...page.items.map((e) => e.id));
        cursor = page.next;
      } while (cursor);
      assert.equal(new Set(events).size, events.length);
      const inRealm = await h.services.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('realm_id', '=', 'dnevnik')
        .executeTakeFirstOrThrow();
      assert.equal(events.length, Number(inRealm.n));
    });
  });
}
