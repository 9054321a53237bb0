/**
 * Access-help requests changed through the admin API, on SQLite and PostgreSQL: ticking the
 * checklist takes a request into work and closing ends it, with the desk's rules and audit
 * (help-requests/actions.ts); a request outside the token's reach is the same 404 as none; every
 * bad number, item and outcome is a 400 naming its field; a closed request takes no change (409,
 * in the caller's language); of racing closes exactly one wins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, apiCall, tokenFor } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import type { HelpRequest } from '../db/schema.js';
import { createHelpRequest, findByNumber } from '../help-requests/store.js';

type ErrorJson = { error: string; message: string; issues?: { path: string; message: string }[] };
type RequestJson = { request: { status: string; checklist: string[]; outcome: string | null } };

for (const dialect of DIALECTS) {
  describe(`admin API access-help changes on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let dnevnik: string;
    let eljur: string;
    let org1535: string;
    let orgPerm: { token: string; id: string };

    async function newRequest(lastName = 'Петров'): Promise<HelpRequest> {
      const school = await h.services.organisations.findBySlug('dnevnik', '1535');
      return createHelpRequest(h.services.db, h.clock, {
        realmId: 'dnevnik',
        organisationId: school?.id ?? '',
        reason: 'no_contact',
        lastName,
        firstName: 'Михаил',
        middleName: null,
        className: '6А',
        role: 'student',
        contact: '+7 999 000-11-22',
      });
    }

    before(async () => {
      h = await startHarness(dialect.name);
      dnevnik = (await tokenFor(h, 'dnevnik')).token;
      eljur = (await tokenFor(h, 'eljur')).token;
      org1535 = (await tokenFor(h, 'dnevnik', { org: '1535' })).token;
      orgPerm = await tokenFor(h, 'dnevnik', { org: 'perm-12' });
    });
    after(async () => {
      await h?.close();
    });

    test('one request with its matching profiles, in reach only', async () => {
      const row = await newRequest();
      const own = await apiCall(h, {
        method: 'GET',
        url: `${API}/help-requests/${row.number}`,
        token: org1535,
      });
      assert.equal(own.statusCode, 200);
      const body = own.json() as { request: { number: string }; matches: { lastName: string }[] };
      assert.equal(body.request.number, row.number);
      assert.ok(
        body.matches.some((m) => m.lastName === 'Петров'),
        'the school’s Petrovs are offered',
      );
      assert.ok(!JSON.stringify(body.matches).includes('login'), 'a login is shown only in the desk');
      const unknown = await apiCall(h, {
        method: 'GET',
        url: `${API}/help-requests/0000-0000-0001`,
        token: org1535,
      });
      for (const [token, what] of [
        [orgPerm.token, 'another school'],
        [eljur, 'another realm'],
      ] as const) {
        for (const [method, suffix, payload] of [
          ['GET', '', undefined],
          ['POST', '/checklist', { checked: ['identity_document'] }],
          ['POST', '/close', { outcome: 'referred' }],
        ] as const) {
          const res = await apiCall(h, {
            method,
            url: `${API}/help-requests/${row.number}${suffix}`,
            token,
            ...(payload ? { body: payload } : {}),
          });
          assert.equal(res.statusCode, 404, `${what} ${method} ${suffix}`);
          assert.deepEqual(res.json(), unknown.json(), `${what} looks like no request`);
        }
      }
      const after = await findByNumber(h.services.db, 'dnevnik', row.number);
      assert.equal(after?.status, 'open', 'nothing out of reach changed it');
    });

    test('bad numbers, items and outcomes are 400 naming the field', async () => {
      const row = await newRequest();
      const cases: { url: string; body?: unknown; path: string }[] = [
        { url: `${API}/help-requests/12345`, path: 'path.number' },
        { url: `${API}/help-requests/abcd-efgh-ijkl`, path: 'path.number' },
        {
          url: `${API}/help-requests/${row.number}/checklist`,
          body: { checked: ['passport'] },
          path: 'body.checked.0',
        },
        {
          url: `${API}/help-requests/${row.number}/checklist`,
          body: { checked: 'identity_document' },
          path: 'body.checked',
        },
        { url: `${API}/help-requests/${row.number}/checklist`, body: {}, path: 'body.checked' },
        {
          url: `${API}/help-requests/${row.number}/checklist`,
          body: { checked: Array(5).fill('relationship') },
          path: 'body.checked',
        },
        { url: `${API}/help-requests/${row.number}/close`, body: { outcome: '' }, path: 'body.outcome' },
        {
          url: `${API}/help-requests/${row.number}/close`,
          body: { outcome: 'solved' },
          path: 'body.outcome',
        },
        { url: `${API}/help-requests/${row.number}/close`, body: {}, path: 'body.outcome' },
      ];
      for (const c of cases) {
        const res = await apiCall(h, {
          method: c.body === undefined ? 'GET' : 'POST',
          url: c.url,
          token: dnevnik,
          ...(c.body !== undefined ? { body: c.body } : {}),
        });
        assert.equal(res.statusCode, 400, `${c.url} ${JSON.stringify(c.body)}`);
        const e = res.json() as ErrorJson;
        assert.equal(e.error, 'invalid_request');
        assert.ok(
          e.issues?.some((i) => i.path === c.path && i.message.length > 0),
          JSON.stringify(e.issues),
        );
      }
      const long = await apiCall(h, {
        method: 'GET',
        url: `${API}/help-requests/${'1'.repeat(300)}`,
        token: dnevnik,
      });
      assert.equal(long.statusCode, 414);
      assert.equal((long.json() as ErrorJson).error, 'uri_too_long');
      assert.equal((await findByNumber(h.services.db, 'dnevnik', row.number))?.status, 'open');
    });

    test('the checklist takes it into work, closing ends it, audited without its contents', async () => {
      const row = await newRequest('Иванов');
      const checked = await apiCall(h, {
        method: 'POST',
        url: `${API}/help-requests/${row.number}/checklist`,
        token: org1535,
        body: { checked: ['identity_document', 'identity_document', 'class_confirmed'] },
      });
      assert.equal(checked.statusCode, 200, checked.body);
      assert.deepEqual((checked.json() as RequestJson).request.status, 'in_progress');
      assert.deepEqual((checked.json() as RequestJson).request.checklist, [
        'identity_document',
        'class_confirmed',
      ]);
      const closed = await apiCall(h, {
        method: 'POST',
        url: `${API}/help-requests/${row.number}/close`,
        token: dnevnik,
        body: { outcome: 'data_corrected' },
      });
      assert.equal(closed.statusCode, 200);
      assert.equal((closed.json() as RequestJson).request.status, 'closed');
      assert.equal((closed.json() as RequestJson).request.outcome, 'data_corrected');
      for (const [suffix, payload] of [
        ['/close', { outcome: 'referred' }],
        ['/checklist', { checked: [] }],
      ] as const) {
        const again = await apiCall(h, {
          method: 'POST',
          url: `${API}/help-requests/${row.number}${suffix}`,
          token: dnevnik,
          body: payload,
          headers: { 'accept-language': 'en' },
        });
        assert.equal(again.statusCode, 409, suffix);
        assert.equal((again.json() as ErrorJson).error, 'conflict');
        assert.match((again.json() as ErrorJson).message, /already closed/);
      }
      const stored = await findByNumber(h.services.db, 'dnevnik', row.number);
      assert.equal(stored?.outcome, 'data_corrected', 'the later close changed nothing');
      const events = await h.services.db
        .selectFrom('audit_events')
        .select(['action', 'detail', 'actor_id'])
        .where('action', 'in', ['help.checked', 'help.closed'])
        .where('detail', 'like', `%${row.number}%`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.action),
        ['help.checked', 'help.closed'],
      );
      for (const e of events) {
        assert.equal(e.actor_id, null);
        const detail = JSON.parse(e.detail) as Record<string, string>;
        assert.equal(detail.via, 'api');
        assert.equal(typeof detail.token_id, 'string');
        assert.ok(!e.detail.includes('Иванов') && !e.detail.includes('+7'), 'no contents of the request');
      }
    });

    test('of ten racing closes exactly one wins, and its outcome stays', async () => {
      const row = await newRequest();
      const outcomes = ['login_told', 'password_set', 'data_corrected', 'referred', 'not_verified'] as const;
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          apiCall(h, {
            method: 'POST',
            url: `${API}/help-requests/${row.number}/close`,
            token: i % 2 ? dnevnik : org1535,
            body: { outcome: outcomes[i % outcomes.length] },
          }),
        ),
      );
      const won = answers.filter((a) => a.statusCode === 200);
      assert.equal(won.length, 1, answers.map((a) => a.statusCode).join(' '));
      assert.equal(answers.filter((a) => a.statusCode === 409).length, 9);
      const stored = await findByNumber(h.services.db, 'dnevnik', row.number);
      const winner = won[0];
      assert.ok(winner);
      assert.equal(stored?.outcome, (winner.json() as RequestJson).request.outcome);
      const audits = await h.services.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'help.closed')
        .where('detail', 'like', `%${row.number}%`)
        .execute();
      assert.equal(audits.length, 1, 'one close, one audit entry');
    });
  });
}
