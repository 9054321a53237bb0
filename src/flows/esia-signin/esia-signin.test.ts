/**
 * «Войти через госуслуги» through HTTP against the ESIA simulator (real HTTP), on SQLite and
 * PostgreSQL: the button and «Инструкция для входа», the region choice remembered, every case
 * of article 002 and of article 003's Gosuslugi part with its page, and every refusal — a wrong,
 * forged or replayed state, ESIA's error codes, tampered, foreign, expired tokens, a person
 * resource that times out or fails, a SNILS with a wrong check digit. 4xx, never 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { esiaAddress, simulatorFor, walkSimulator } from '../../../test/support/esia.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';
import type { RunningSimulator } from '../../esia/sim/start.js';

for (const dialect of DIALECTS) {
  describe(`«Войти через госуслуги» on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sim: RunningSimulator;
    before(async () => {
      h = await startHarness(dialect.name);
      sim = await simulatorFor(h, { slowMs: 1500, timeoutMs: 700 });
    });
    after(async () => {
      await sim.close();
      await h.close();
    });

    /** From the sign-in page to ESIA and back; the callback's answer. */
    async function signInWith(login: string, realm = 'dnevnik', b = new Browser(h.app)) {
      const regions = await b.get(`/r/${realm}/esia/region`);
      assert.equal(regions.statusCode, 200);
      const region = /<option value="([^"]+)"/.exec(regions.body)?.[1] as string;
      const start = await b.submit(`/r/${realm}/esia/region`, `/r/${realm}/esia/start`, { region });
      const back = new URL(await walkSimulator(sim, esiaAddress(start), login));
      const res = await b.get(`${back.pathname}${back.search}`);
      return { res, b, back };
    }

    test('the button, the instruction, the region page remembers the choice', async () => {
      const b = new Browser(h.app);
      const login = await b.get('/r/dnevnik/login');
      assert.match(login.body, /Войти через госуслуги/);
      assert.match(login.body, /Инструкция для входа/);
      const help = await b.get('/r/dnevnik/esia/help');
      assert.match(help.body, /Совпадение ФИО и СНИЛС/);
      const page = await b.get('/r/dnevnik/esia/region');
      assert.match(page.body, /Выберите Ваш регион/);
      // The region form may lead to ESIA's origin (the 303 of the start), and to nothing else.
      const origin = new URL(sim.url).origin;
      assert.match(
        String(page.headers['content-security-policy']),
        new RegExp(`form-action 'self' ${origin};`),
      );
      assert.match(String(login.headers['content-security-policy']), /form-action 'self';/);
      const moscow = /<option value="([^"]+)"\s*>Москва/.exec(page.body)?.[1] as string;
      const empty = await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Выберите регион из списка/);
      const wrong = await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', {
        region: 'x'.repeat(500),
      });
      assert.equal(wrong.statusCode, 400);
      await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region: moscow });
      const again = await b.get('/r/dnevnik/esia/region');
      assert.match(again.body, new RegExp(`value="${moscow}" selected`));
    });

    test('adults with a standard or confirmed account and the same name and SNILS are signed in (ё/е, case)', async () => {
      for (const login of ['standard', 'confirmed', 'rsa']) {
        const { res, b } = await signInWith(login);
        assert.equal(res.statusCode, 303, `${login}: ${res.body.slice(0, 300)}`);
        assert.equal(res.headers.location, '/r/dnevnik/profile');
        const profile = await b.get('/r/dnevnik/profile');
        assert.equal(profile.statusCode, 200);
      }
      const events = await h.services.audit.listForRealm('dnevnik', 50);
      assert.ok(events.some((e) => e.action === 'esia.signin_succeeded' && e.detail.via === 'snils'));
    });

    test("signing out of a Gosuslugi session goes through ESIA's logout and back", async () => {
      const { b } = await signInWith('standard');
      const profile = await b.get('/r/dnevnik/profile');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(profile.body)?.[1] as string;
      const out = await b.post('/r/dnevnik/logout', { _csrf: csrf });
      assert.equal(out.statusCode, 303);
      const logout = new URL(out.headers.location as string);
      assert.equal(logout.pathname, '/idp/ext/Logout');
      const back = await fetch(logout, { redirect: 'manual' });
      assert.equal(back.headers.get('location'), 'https://propusk.test/r/dnevnik/login?signed_out=1');
      assert.equal((await b.get('/r/dnevnik/profile')).statusCode, 303);
    });

    test('minors: linked, activated and matching are signed in; otherwise the article reason', async () => {
      const ok = await signInWith('minor');
      assert.equal(ok.res.statusCode, 303);
      const cases = [
        ['minor-birth-differs', /некорректная дата рождения/],
        ['minor-name-differs', /ФИО в профилях Дневник.ру и портала госуслуг не совпадают/],
        ['minor-unlinked', /младше 18 лет нужно связать/],
      ] as const;
      for (const [login, text] of cases) {
        const { res } = await signInWith(login);
        assert.equal(res.statusCode, 403, login);
        assert.match(res.body, text, login);
      }
    });

    test('each failure of article 002 has its page with the reason, the advice and the school', async () => {
      const cases = [
        ['simplified', /ниже требуемого уровня/],
        ['snils-differs', /ФИО и СНИЛС в профилях Дневник.ру и портала госуслуг не совпадают/],
        ['name-differs', /ФИО и СНИЛС в профилях/],
        ['no-snils', /не указан СНИЛС/],
        ['nobody', /отсутствует или не привязан ни к одной образовательной организации/],
        ['no-organisation', /отсутствует или не привязан ни к одной образовательной организации/],
      ] as const;
      for (const [login, text] of cases) {
        const { res } = await signInWith(login);
        assert.equal(res.statusCode, 403, login);
        assert.match(res.body, text, login);
        assert.match(res.body, /администратором в Дневник.ру|МФЦ|связать|логином и паролем/, login);
      }
      const { res } = await signInWith('snils-differs');
      assert.match(res.body, /Страница школы: МАОУ СОШ № 12/);
      const failures = await h.services.audit.listForRealm('dnevnik', 100);
      assert.ok(
        failures.some((e) => e.action === 'esia.signin_failed' && e.detail.reason === 'snils_differs'),
      );
    });

    test('ElJur finds by SNILS, a verified email or a verified mobile; nobody or several get article 003', async () => {
      for (const login of ['eljur-snils', 'eljur-email', 'eljur-phone']) {
        const { res } = await signInWith(login, 'eljur');
        assert.equal(res.statusCode, 303, `${login}: ${res.body.slice(0, 300)}`);
      }
      for (const login of ['eljur-none', 'eljur-several']) {
        const { res } = await signInWith(login, 'eljur');
        assert.equal(res.statusCode, 403, login);
        assert.match(res.body, /Не удалось найти возможного пользователя для авторизации/);
      }
    });

    test('tokens and person data that fail their checks: a clear page and a 4xx', async () => {
      const cases = [
        ['tampered-token', 403, /не прошёл проверку подлинности/],
        ['other-key', 403, /не прошёл проверку подлинности/],
        ['wrong-aud', 403, /не прошёл проверку подлинности/],
        ['expired-token', 403, /не прошёл проверку подлинности/],
        ['person-timeout', 424, /сейчас недоступен/],
        ['person-500', 424, /сейчас недоступен/],
        ['bad-snils', 422, /неверный СНИЛС/],
      ] as const;
      for (const [login, status, text] of cases) {
        const { res } = await signInWith(login);
        assert.equal(res.statusCode, status, login);
        assert.match(res.body, text, login);
      }
    });

    test('a state works once, in its browser, for ten minutes; a forged one is refused', async () => {
      const { b, back } = await signInWith('standard');
      const replay = await b.get(`${back.pathname}${back.search}`);
      assert.equal(replay.statusCode, 400);
      const other = await new Browser(h.app).get(`${back.pathname}${back.search}`);
      assert.equal(other.statusCode, 400);
      assert.match(other.body, /не относится к входу, начатому в этом браузере/);

      const b2 = new Browser(h.app);
      const region = /<option value="([^"]+)"/.exec(
        (await b2.get('/r/dnevnik/esia/region')).body,
      )?.[1] as string;
      await b2.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
      const forged = await b2.get(
        '/r/dnevnik/esia/callback?code=abc&state=00000000-0000-4000-8000-000000000000',
      );
      assert.equal(forged.statusCode, 400);

      const b3 = new Browser(h.app);
      await b3.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
      h.clock.advance(11 * 60_000);
      const late = await b3.get('/r/dnevnik/esia/callback?code=abc&state=x');
      assert.equal(late.statusCode, 400);
      assert.match(late.body, /истекло|не относится/);
    });

    test("ESIA's error codes on the callback become messages, not 500s", async () => {
      const codes = [
        ['ESIA-007004', 'access_denied', 401, /отменён/],
        ['ESIA-007055', 'access_denied', 403, /ниже требуемого уровня/],
        ['ESIA-007053', 'invalid_request', 403, /ошибка настройки/],
        ['ESIA-007015', 'invalid_request', 403, /время запроса/],
        ['ESIA-007011', 'invalid_grant', 403, /недействителен или устарел/],
        ['ESIA-007008', 'server_error', 403, /недоступен/],
        ['ESIA-999999', 'weird', 403, /ошибка настройки/],
      ] as const;
      for (const [code, error, status, text] of codes) {
        const b = new Browser(h.app);
        const region = /<option value="([^"]+)"/.exec(
          (await b.get('/r/dnevnik/esia/region')).body,
        )?.[1] as string;
        const start = await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
        const state = new URL(esiaAddress(start)).searchParams.get('state') as string;
        const res = await b.get(
          `/r/dnevnik/esia/callback?error=${error}&error_description=${encodeURIComponent(`${code}: text`)}&state=${state}`,
        );
        assert.equal(res.statusCode, status, code);
        assert.match(res.body, text, code);
      }
    });
  });
}
