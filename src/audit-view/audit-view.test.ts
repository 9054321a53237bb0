/**
 * «Журнал событий» through HTTP on SQLite and PostgreSQL: a curator sees their organisation's
 * people only, a regional administrator their region, filters by kind, person and period, keyset
 * pages newest first without repeats, every bad filter a localised 400, the CSV export with
 * formula cells neutralised; and the CLI's operator scope.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, type Harness, startHarness } from '../../test/support/harness.js';
import { auditCommand } from '../cli/audit-command.js';
import { csvCell } from '../core/text/csv.js';
import { parseAuditFilter } from './filter.js';
import { visibleDetail } from './kinds.js';

const AUDIT = '/r/eljur/desk/1399/audit';
const D_AUDIT = '/r/dnevnik/desk/1535/audit';
const REGION = '/r/dnevnik/desk/region/77/audit';

function actionsOf(body: string): string[] {
  return [...body.matchAll(/<tr class="audit-event" data-action="([^"]+)"/g)].map((m) => m[1] ?? '');
}

function fieldErrorOf(body: string, field: string): string | null {
  return new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(body)?.[1]?.trim() ?? null;
}

for (const dialect of DIALECTS) {
  describe(`audit viewer on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let curator: Browser;
    let nikolaevaId: string;
    let orgId: string;

    async function signIn(realm: string, login: string, password: string, ua = 'test'): Promise<Browser> {
      const b = new Browser(h.app, { 'user-agent': ua });
      const res = await b.submit(`/r/${realm}/login`, `/r/${realm}/login`, { login, password });
      assert.equal(res.statusCode, 303, `${login} signs in`);
      return b;
    }

    before(async () => {
      h = await startHarness(dialect.name);
      // Events: a failed and a good sign-in of a student (with a formula as the browser), a
      // sign-in in another realm, then the curator.
      const fail = new Browser(h.app, { 'user-agent': '=HYPERLINK("http://evil")' });
      await fail.submit('/r/eljur/login', '/r/eljur/login', {
        login: 'nikolaeva.v',
        password: 'wrong-one-1',
      });
      h.clock.advance(1000);
      await signIn('eljur', 'nikolaeva.v', 'Vesna2026shkola', '=HYPERLINK("http://evil")');
      h.clock.advance(1000);
      await signIn('dnevnik', 'petrov.misha', 'Raketa-7731');
      await signIn('dnevnik', 'curator.perm12', 'Kurator-Perm-12');
      h.clock.advance(1000);
      curator = await signIn('eljur', 'curator1399', 'Kurator2026zhurnal');
      const p = await h.services.people.findByLogin('eljur', 'nikolaeva.v');
      assert.ok(p);
      nikolaevaId = p.id;
      const org = await h.services.organisations.findBySlug('eljur', '1399');
      assert.ok(org);
      orgId = org.id;
    });
    after(async () => {
      await h?.close();
    });

    test("the curator sees the organisation's people, newest first, and no other realm", async () => {
      const res = await curator.get(AUDIT);
      assert.equal(res.statusCode, 200);
      const actions = actionsOf(res.body);
      assert.deepEqual(actions.slice(0, 3), ['signin.succeeded', 'signin.succeeded', 'signin.failed']);
      assert.ok(res.body.includes('Николаева Вера'));
      assert.ok(!res.body.includes('Петров'), 'no one of another realm');
      assert.ok(!res.body.includes('Vesna2026shkola') && !res.body.includes('wrong-one-1'), 'no passwords');
      assert.ok(res.body.includes('Журнал событий'));
    });

    test('filters: kind, person, period', async () => {
      const byKind = await curator.get(`${AUDIT}?kind=signin`);
      assert.equal(byKind.statusCode, 200);
      assert.ok(actionsOf(byKind.body).every((a) => a.startsWith('signin.')));
      const none = await curator.get(`${AUDIT}?kind=invitation`);
      assert.deepEqual(actionsOf(none.body), []);
      assert.ok(none.body.includes('Событий не найдено.'));
      const byPerson = await curator.get(`${AUDIT}?person=${nikolaevaId}`);
      assert.deepEqual(actionsOf(byPerson.body), ['signin.succeeded', 'signin.failed']);
      const day = new Date(h.clock.now()).toISOString().slice(0, 10);
      const inPeriod = await curator.get(`${AUDIT}?from=${day}&to=${day}&kind=signin&kind=password`);
      assert.equal(actionsOf(inPeriod.body).length, 3);
      const earlier = await curator.get(`${AUDIT}?to=2000-01-01`);
      assert.deepEqual(actionsOf(earlier.body), []);
    });

    test('every bad filter is a localised 400', async () => {
      const other = await h.services.people.findByLogin('dnevnik', 'petrov.misha');
      assert.ok(other);
      const cases: [string, string, string][] = [
        [`${AUDIT}?from=2025-02-30`, 'from', 'Дата должна быть настоящей, в виде ГГГГ-ММ-ДД.'],
        [`${AUDIT}?to=вчера`, 'to', 'Дата должна быть настоящей, в виде ГГГГ-ММ-ДД.'],
        [`${AUDIT}?from=2025-03-02&to=2025-03-01`, 'to', 'Дата «по» раньше даты «с».'],
        [`${AUDIT}?kind=passwords`, 'kind', 'Неизвестный вид событий.'],
        [`${AUDIT}?person=${other.id}`, 'person', 'Такого человека нет среди людей, чьи события вам видны.'],
        [`${AUDIT}?person=<script>`, 'person', 'Такого человека нет среди людей, чьи события вам видны.'],
        [
          `${AUDIT}?person=a&person=b`,
          'person',
          'Поле передано несколько раз: отправьте форму ещё раз со страницы',
        ],
      ];
      for (const [url, field, message] of cases) {
        const res = await curator.get(url);
        assert.equal(res.statusCode, 400, url);
        assert.equal(fieldErrorOf(res.body, field), message, url);
        assert.ok(!res.body.includes('<script>'), url);
      }
      const cursor = await curator.get(`${AUDIT}?before=abc`);
      assert.equal(cursor.statusCode, 400);
      assert.ok(cursor.body.includes('Ссылка на страницу испорчена'));
      const csv = await curator.get(`${AUDIT}.csv?from=2025-13-01`);
      assert.equal(csv.statusCode, 400);
      const en = await curator.get(`${AUDIT}?kind=x`, { cookie: `${curator.cookieHeader()}; lang=en` });
      assert.equal(fieldErrorOf(en.body, 'kind'), 'Unknown kind of events.');
    });

    test('keyset pages: newest first, no event twice, the older link ends', async () => {
      for (let i = 0; i < 120; i++) {
        await h.services.audit.append({
          realmId: 'eljur',
          action: 'invitation.printed',
          organisationId: orgId,
          detail: { n: i },
        });
        if (i % 7 === 0) h.clock.advance(1);
      }
      const seen: string[] = [];
      let url: string | null = `${AUDIT}?kind=invitation`;
      let pages = 0;
      while (url) {
        const res = await curator.get(url);
        assert.equal(res.statusCode, 200);
        const ns = [...res.body.matchAll(/n: (\d+)<\/span>/g)].map((m) => m[1] ?? '');
        seen.push(...ns);
        const older = /<a class="audit-older" rel="next" href="([^"]+)"/.exec(res.body)?.[1];
        url = older ? older.replace(/&amp;/g, '&') : null;
        pages++;
      }
      assert.equal(pages, 3);
      assert.equal(seen.length, 120);
      assert.deepEqual(
        seen.map(Number),
        Array.from({ length: 120 }, (_, i) => 119 - i),
      );
    });

    test('the CSV export: every row, cells that start a formula neutralised', async () => {
      const res = await curator.get(`${AUDIT}.csv?kind=signin`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/csv/);
      assert.ok(res.body.startsWith('\uFEFF"id";"at";"action"'));
      assert.ok(res.body.includes(`"'=HYPERLINK(""http://evil"")"`), 'the formula is text');
      assert.ok(!/;"=/.test(res.body), 'no cell starts with =');
      assert.equal(res.body.trim().split('\r\n').length, 1 + 3);
      assert.equal(csvCell('+1'), `"'+1"`);
      assert.equal(csvCell('-1'), `"'-1"`);
      assert.equal(csvCell('@SUM(A1)'), `"'@SUM(A1)"`);
      assert.equal(csvCell('ok'), '"ok"');
    });

    test('a regional administrator sees the region, not the other region; others 403/404', async () => {
      const admin1535 = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
      await admin1535.get(D_AUDIT);
      const region = await signIn('dnevnik', 'region.msk', 'Okrug-Moskva-26');
      const index = await region.get('/r/dnevnik/desk');
      assert.equal(index.statusCode, 200);
      assert.ok(index.body.includes('/r/dnevnik/desk/region/77/audit'));
      const res = await region.get(`${REGION}?kind=signin`);
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('Петров Михаил'), 'a student of 1535 (Москва)');
      assert.ok(!res.body.includes('Кураторова') && !res.body.includes('curator.perm12'), 'nobody of Пермь');
      assert.equal((await region.get('/r/dnevnik/desk/region/59/audit')).statusCode, 404);
      assert.equal((await region.get('/r/dnevnik/desk/1535/audit')).statusCode, 404);
      assert.equal((await admin1535.get(REGION)).statusCode, 404);
      const support = await signIn('dnevnik', 'support.desk', 'Podderzhka-77');
      assert.equal((await support.get('/r/dnevnik/desk/perm-12/audit')).statusCode, 403);
      assert.equal((await curator.get('/r/eljur/desk/1400/audit')).statusCode, 404);
    });

    test('the CLI: the operator sees everything, or a realm, an organisation, a region', async () => {
      let out = '';
      const sink = { write: (s: string) => (out += s) };
      await auditCommand(h.services, ['list', '--kind', 'signin', '--limit', '500'], sink);
      assert.ok(out.includes('petrov.misha') && out.includes('nikolaeva.v'));
      out = '';
      await auditCommand(
        h.services,
        ['list', '--realm', 'dnevnik', '--region', '59', '--kind', 'signin'],
        sink,
      );
      assert.ok(out.includes('curator.perm12') && !out.includes('petrov.misha'));
      out = '';
      await auditCommand(
        h.services,
        ['export', '--realm', 'eljur', '--org', '1399', '--kind', 'signin'],
        sink,
      );
      assert.ok(out.startsWith('\uFEFF"id"') && out.includes(`"'=HYPERLINK`));
      await assert.rejects(auditCommand(h.services, ['list', '--from', '2025-02-30'], sink), /--from/);
      await assert.rejects(auditCommand(h.services, ['list', '--realm', 'nope'], sink), /no realm/);
      await assert.rejects(auditCommand(h.services, ['list', '--limit', '0'], sink), /--limit/);
    });
  });
}

test('the filter parser and the detail shown', () => {
  assert.equal(parseAuditFilter({ kind: 'signin,recovery' }).ok, true);
  assert.equal(parseAuditFilter({ before: '1.2' }).ok, true);
  assert.equal(parseAuditFilter({ before: '1.2.3' }).ok, false);
  assert.deepEqual(
    visibleDetail({ method: 'password', password: 'x', token: 'y', code_hash: 'z', nested: { a: 1 } }),
    {
      method: 'password',
    },
  );
});
