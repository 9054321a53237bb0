/**
 * A realm's look saved through the admin API, on SQLite and PostgreSQL: a colour, a logo and a
 * favicon reach the realm's pages at once; every bad field is a 400 that names it in the caller's
 * language (a colour that is not one, a contrast under 4.5:1 with the measured ratio, a file that
 * is not base64, empty, not an image or too large, an empty or too long name) and nothing is
 * saved; `null` gives the preset's value back; an organisation's token is refused; it is audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, apiCall, tokenFor } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { LOGO_MAX_BYTES } from '../realms/look.js';

type ErrorJson = { error: string; issues?: { path: string; message: string }[] };

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ICO = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 4, 0, 0, 0, 22, 0, 0, 0]);

for (const dialect of DIALECTS) {
  describe(`admin API realm look on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let dnevnik: { token: string; id: string };
    let org1535: string;
    const save = (body: unknown, headers: Record<string, string> = {}, token = dnevnik.token) =>
      apiCall(h, { method: 'POST', url: `${API}/realm/look`, token, body, headers });

    before(async () => {
      h = await startHarness(dialect.name);
      dnevnik = await tokenFor(h, 'dnevnik');
      org1535 = (await tokenFor(h, 'dnevnik', { org: '1535' })).token;
    });
    after(async () => {
      await h?.close();
    });

    test('a colour, a logo and a favicon reach the sign-in page at once, and are audited', async () => {
      const cssOf = async (): Promise<string | undefined> => {
        const page = await h.app.inject({ method: 'GET', url: '/r/dnevnik/login' });
        return /href="(\/r\/dnevnik\/look\.css\?v=[^"]+)"/.exec(page.body)?.[1];
      };
      const first = await cssOf();
      const res = await save({
        productName: 'Дневник области',
        primaryColour: '#1A4D8F',
        logo: PNG.toString('base64'),
        favicon: ICO.toString('base64'),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        productName: 'Дневник области',
        primaryColour: '#1a4d8f',
        logo: 'image/png',
        favicon: 'image/x-icon',
      });
      const page = await h.app.inject({ method: 'GET', url: '/r/dnevnik/login' });
      assert.match(page.body, /Дневник области/);
      const css = /href="(\/r\/dnevnik\/look\.css\?v=[^"]+)"/.exec(page.body)?.[1];
      assert.ok(css, 'the page links the look');
      assert.notEqual(css, first, 'a new look is a new address');
      assert.match((await h.app.inject({ method: 'GET', url: css })).body, /#1a4d8f/);
      const logoUrl = /src="(\/r\/dnevnik\/logo\?v=[^"]+)"/.exec(page.body)?.[1];
      assert.ok(logoUrl, 'the page shows the logo');
      const logo = await h.app.inject({ method: 'GET', url: logoUrl.replaceAll('&amp;', '&') });
      assert.equal(logo.headers['content-type'], 'image/png');
      assert.deepEqual(logo.rawPayload, PNG);
      const audit = await h.services.db
        .selectFrom('audit_events')
        .select('detail')
        .where('action', '=', 'realm.settings_changed')
        .where('realm_id', '=', 'dnevnik')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const detail = JSON.parse(audit.detail) as Record<string, string>;
      assert.equal(detail.via, 'api');
      assert.equal(detail.token_id, dnevnik.id);
      assert.match(detail.set ?? '', /look\.primaryColour/);

      const back = await save({ primaryColour: null, logo: null, favicon: null, productName: 'Дневник.ру' });
      assert.equal(back.statusCode, 200);
      assert.deepEqual(back.json(), {
        productName: 'Дневник.ру',
        primaryColour: '#1d64c8',
        logo: null,
        favicon: null,
      });
      assert.equal((await h.app.inject({ method: 'GET', url: '/r/dnevnik/logo' })).statusCode, 404);
      const last = await cssOf();
      assert.ok(last);
      assert.notEqual(last, css, 'the look changed back: a new address again');
      assert.equal(
        (
          await h.app.inject({
            method: 'GET',
            url: css,
            headers: { 'if-none-match': `"${css.split('v=')[1]}"` },
          })
        ).statusCode,
        200,
        'the old fingerprint is no longer current',
      );
    });

    test('every bad field is a 400 naming it, in the caller’s language, and nothing is saved', async () => {
      const before = (await h.services.realms.find('dnevnik'))?.settings;
      const cases: { body: Record<string, unknown>; path: string; message: RegExp }[] = [
        { body: { primaryColour: 'blue' }, path: 'body.primaryColour', message: /не цвет/ },
        { body: { primaryColour: '' }, path: 'body.primaryColour', message: /не цвет/ },
        { body: { primaryColour: '#ffff00' }, path: 'body.primaryColour', message: /1\.07:1.*4,5:1/ },
        { body: { primaryColour: '#1d64c8;x' }, path: 'body.primaryColour', message: /не цвет/ },
        { body: { primaryColour: 7 }, path: 'body.primaryColour', message: /Неверный тип/ },
        { body: { logo: '***' }, path: 'body.logo', message: /base64/ },
        {
          body: { logo: Buffer.from('hello').toString('base64') },
          path: 'body.logo',
          message: /не изображение/,
        },
        { body: { logo: ICO.toString('base64') }, path: 'body.logo', message: /не изображение/ },
        { body: { favicon: '' }, path: 'body.favicon', message: /пустой/ },
        {
          body: { logo: Buffer.concat([PNG, Buffer.alloc(LOGO_MAX_BYTES)]).toString('base64') },
          path: 'body.logo',
          message: new RegExp(`больше ${LOGO_MAX_BYTES} байт`),
        },
        { body: { logo: 'A'.repeat(100_000) }, path: 'body.logo', message: /длинное/ },
        { body: { productName: '   ' }, path: 'body.productName', message: /Обязательное/ },
        { body: { productName: 'Д'.repeat(61) }, path: 'body.productName', message: /длинное/ },
        {
          body: { primaryColour: '#1a4d8f', logo: 'bm90IGFuIGltYWdl' },
          path: 'body.logo',
          message: /не изображение/,
        },
      ];
      for (const c of cases) {
        const res = await save(c.body);
        assert.equal(res.statusCode, 400, JSON.stringify(c.body).slice(0, 80));
        const e = res.json() as ErrorJson;
        const issue = e.issues?.find((i) => i.path === c.path);
        assert.ok(issue, `${c.path}: ${JSON.stringify(e.issues)}`);
        assert.match(issue.message, c.message);
      }
      assert.deepEqual((await h.services.realms.find('dnevnik'))?.settings, before, 'nothing was saved');
      const english = await save({ primaryColour: '#ffff00' }, { 'accept-language': 'en' });
      assert.match((english.json() as ErrorJson).issues?.[0]?.message ?? '', /contrast of 1\.07:1/);
      const org = await save({ primaryColour: '#1a4d8f' }, {}, org1535);
      assert.equal(org.statusCode, 403);
      assert.equal((org.json() as ErrorJson).error, 'forbidden_scope');
    });
  });
}
