/**
 * «Импорт списка» in the desk through HTTP on SQLite and PostgreSQL: a Windows-1251 file sent as
 * bytes, the dry run's report and its CSV (a formula stays text), the import batch by batch with
 * its JSON progress (a batch out of order is a 409), the run without script, pasted text, and the
 * refusals (a file that cannot be read: 400; an unknown import: 404; no CSRF: 403).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../test/support/harness.js';
import { cp1251, generatedRoster } from '../../test/support/roster.js';

const ORG = '/r/eljur/desk/1399';

for (const dialect of DIALECTS) {
  describe(`desk roster import on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let curator: Browser;

    before(async () => {
      h = await startHarness(dialect.name);
      curator = new Browser(h.app);
      const res = await curator.submit('/r/eljur/login', '/r/eljur/login', {
        login: 'curator1399',
        password: 'Kurator2026zhurnal',
      });
      assert.equal(res.statusCode, 303);
    });
    after(async () => {
      await h?.close();
    });

    async function upload(bytes: Uint8Array, create = '1') {
      const page = await curator.get(`${ORG}/import`);
      const token = csrfTokenOf(page.body);
      return h.app.inject({
        method: 'POST',
        url: `${ORG}/import/upload?_csrf=${encodeURIComponent(token)}&name=class.csv&create_classes=${create}`,
        payload: Buffer.from(bytes),
        headers: { 'content-type': 'application/octet-stream', cookie: curator.cookieHeader() },
      });
    }

    test('a cp1251 file: report, CSV, batches with progress, then nothing to do again', async () => {
      const text = `${generatedRoster(1200, 5000)}5А;=1+1;Эм;;01.01.2013;;ученик\r\n`;
      const res = await upload(cp1251(text));
      assert.equal(res.statusCode, 303);
      const reportUrl = String(res.headers.location);
      const report = await curator.get(reportUrl);
      assert.equal(report.statusCode, 200);
      assert.ok(report.body.includes('Кодировка: windows-1251'));
      assert.ok(report.body.includes('Строк: 1201. Новых: 1200.'));
      assert.ok(report.body.includes('<progress id="import-progress" max="3" value="0">'));
      const csv = await curator.get(`${reportUrl}/report.csv`);
      assert.equal(csv.statusCode, 200);
      assert.ok(csv.body.includes(`"'=1+1 Эм"`));
      const token = csrfTokenOf(report.body);
      const batch = (n: string) => curator.post(`${reportUrl}/batch`, { _csrf: token, n });
      assert.equal((await batch('1')).statusCode, 409, 'out of order');
      const first = await batch('0');
      assert.equal(first.statusCode, 200);
      assert.deepEqual(JSON.parse(first.body).done, 1);
      assert.equal((await batch('0')).statusCode, 200, 'asked again: what was done');
      await batch('1');
      const last = JSON.parse((await batch('2')).body) as { finished: boolean; summary: { created: number } };
      assert.equal(last.finished, true);
      assert.equal(last.summary.created, 1200);
      const done = await curator.get(reportUrl);
      assert.ok(done.body.includes('Импорт завершён. Создано профилей: 1200'));
      const again = await upload(cp1251(text));
      const second = await curator.get(String(again.headers.location));
      assert.ok(second.body.includes('Уже в школе: 1200.'));
    });

    test('pasted text without script, run in one request; refusals', async () => {
      const paste = await curator.submit(`${ORG}/import`, `${ORG}/import`, {
        csv: 'Класс;Фамилия;Имя;Дата рождения\n6А;Рябова;Ника;04.04.2013\n',
      });
      assert.equal(paste.statusCode, 303);
      const reportUrl = String(paste.headers.location);
      const report = await curator.get(reportUrl);
      const run = await curator.post(`${reportUrl}/run`, { _csrf: csrfTokenOf(report.body) });
      assert.equal(run.statusCode, 303);
      assert.ok((await curator.get(reportUrl)).body.includes('Создано профилей: 1'));
      const broken = await curator.submit(`${ORG}/import`, `${ORG}/import`, { csv: 'a;b\n1;2' });
      assert.equal(broken.statusCode, 400);
      assert.ok(broken.body.includes('В первой строке нет заголовков столбцов'));
      const empty = await upload(new Uint8Array(0));
      assert.equal(empty.statusCode, 400);
      assert.ok(empty.body.includes('Файл пустой.'));
      assert.equal((await curator.get(`${ORG}/import/AAAAAAAAAAAAAAAAAAAAAA`)).statusCode, 404);
      const noCsrf = await h.app.inject({
        method: 'POST',
        url: `${ORG}/import/upload`,
        payload: Buffer.from('Фамилия;Имя\nА;Б'),
        headers: { 'content-type': 'application/octet-stream', cookie: curator.cookieHeader() },
      });
      assert.equal(noCsrf.statusCode, 403);
    });
  });
}
