/**
 * Attacks and bad input on sign-in: every one answered with a localised message and a 4xx,
 * never a 500 — empty fields, a 10 KB login, NUL and control characters, Latin/Cyrillic
 * look-alikes, SQL-looking strings, missing or forged CSRF tokens, an unknown realm, forged
 * session cookies, brute force per account and per IP. Timing: signin.timing.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness, textOf } from '../../../test/support/harness.js';

const WRONG = 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!';

for (const dialect of DIALECTS) {
  describe(`sign-in under attack on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    const attempt = (fields: Record<string, string>, ip = '203.0.113.10') =>
      new Browser(h.app, { 'x-forwarded-for': ip }).submit('/r/dnevnik/login', '/r/dnevnik/login', fields);

    test('empty fields: each named next to its field, 400', async () => {
      const res = await attempt({ login: '', password: '' });
      assert.equal(res.statusCode, 400);
      assert.equal(textOf(res.body, 'field-error'), 'Введите логин');
      assert.ok(res.body.includes('Введите пароль'));
      assert.match(res.body, /id="login"[^>]*aria-invalid="true"/);
      const onlyLogin = await attempt({ login: 'ekaterinavolkov', password: '' });
      assert.equal(onlyLogin.statusCode, 400);
      assert.ok(onlyLogin.body.includes('value="ekaterinavolkov"'), 'the login stays filled');
    });

    test('missing fields altogether and repeated fields count as empty', async () => {
      const b = new Browser(h.app);
      const page = await b.get('/r/dnevnik/login');
      const token = csrfTokenOf(page.body);
      const missing = await b.post('/r/dnevnik/login', { _csrf: token });
      assert.equal(missing.statusCode, 400);
      const repeated = await h.app.inject({
        method: 'POST',
        url: '/r/dnevnik/login',
        payload: `_csrf=${encodeURIComponent(token)}&login=a&login=b&password=x`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
      });
      assert.equal(repeated.statusCode, 400);
      assert.ok(repeated.body.includes('Введите логин'));
    });

    test('a 10 KB login is refused as too long without touching the database', async () => {
      const res = await attempt({ login: 'a'.repeat(10 * 1024), password: 'x' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Логин не должен быть длиннее 64 символов/);
      assert.ok(!res.body.includes('a'.repeat(100)), 'not echoed back whole');
    });

    test('NUL and control characters in the login and password', async () => {
      const nul = await attempt({ login: 'ekaterina\u0000volkov', password: 'Zvezda-4815' });
      assert.equal(nul.statusCode, 400);
      assert.ok(nul.body.includes('недопустимые'), textOf(nul.body, 'field-error') ?? '');
      const bell = await attempt({ login: 'ekaterinavolkov\u0007', password: 'Zvezda-4815' });
      assert.equal(bell.statusCode, 400);
      const nulPassword = await attempt({ login: 'ekaterinavolkov', password: 'Zvezda\u0000-4815' });
      assert.equal(nulPassword.statusCode, 400);
      assert.ok(nulPassword.body.includes('Пароль содержит недопустимые символы'));
    });

    test('a login mixing Latin and Cyrillic look-alikes is named as such', async () => {
      // "еkaterinavolkov" with a Cyrillic е
      const res = await attempt({ login: '\u0435katerinavolkov', password: 'Zvezda-4815' });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.includes('раскладку'), textOf(res.body, 'field-error') ?? '');
    });

    test('SQL-looking strings are just wrong input', async () => {
      const inLogin = await attempt({ login: "admin' OR '1'='1' --", password: 'x' });
      assert.equal(inLogin.statusCode, 400);
      const inPassword = await attempt({ login: 'admin1535', password: "' OR 1=1; DROP TABLE people; --" });
      assert.equal(inPassword.statusCode, 401);
      assert.equal(textOf(inPassword.body, 'notice-error'), WRONG);
      assert.ok(await h.services.people.findByLogin('dnevnik', 'admin1535'), 'people table intact');
    });

    test('a POST without a CSRF token, or with a forged one, is refused with 403', async () => {
      const b = new Browser(h.app);
      await b.get('/r/dnevnik/login');
      const none = await b.post('/r/dnevnik/login', { login: 'ekaterinavolkov', password: 'Zvezda-4815' });
      assert.equal(none.statusCode, 403);
      assert.ok(none.body.includes('Страница устарела'));
      const forged = await b.post('/r/dnevnik/login', {
        _csrf: 'forged-token-value',
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
      });
      assert.equal(forged.statusCode, 403);
      // A token from another browser's page does not fit this browser's secret.
      const other = new Browser(h.app);
      const otherToken = csrfTokenOf((await other.get('/r/dnevnik/login')).body);
      const stolen = await b.post('/r/dnevnik/login', {
        _csrf: otherToken,
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
      });
      assert.equal(stolen.statusCode, 403);
      const noCookie = await h.app.inject({
        method: 'POST',
        url: '/r/dnevnik/login',
        payload: `_csrf=${encodeURIComponent(otherToken)}&login=x&password=y`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(noCookie.statusCode, 403);
      const json = await h.app.inject({
        method: 'POST',
        url: '/r/dnevnik/logout',
        payload: 'x=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
      assert.equal(json.statusCode, 403);
      assert.deepEqual(json.json(), {
        error: 'csrf_invalid',
        message:
          'Страница устарела или открыта в другой вкладке. Обновите страницу и отправьте форму ещё раз.',
      });
    });

    test('an unknown realm is a localised 404 for pages and forms', async () => {
      for (const url of ['/r/nosuch/login', '/r/NOSUCH/login', '/r/../etc/passwd', '/r/%00/login']) {
        const res = await h.app.inject({ method: 'GET', url });
        assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url}: ${res.statusCode}`);
        assert.ok(!res.body.includes('Error:'), 'no internals');
      }
      const res = await h.app.inject({ method: 'GET', url: '/r/nosuch/login' });
      assert.ok(res.body.includes('Такой системы здесь нет'));
      const post = await h.app.inject({
        method: 'POST',
        url: '/r/nosuch/login',
        payload: 'login=a&password=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(post.statusCode, 404);
    });

    test('bodies too large, of other types or malformed get 4xx, not 500', async () => {
      const big = await h.app.inject({
        method: 'POST',
        url: '/r/dnevnik/login',
        payload: `login=${'a'.repeat(70 * 1024)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(big.statusCode, 413);
      assert.ok(big.body.includes('слишком много данных'));
      const multipart = await h.app.inject({
        method: 'POST',
        url: '/r/dnevnik/login',
        payload: '--x\r\nContent-Disposition: form-data; name="login"\r\n\r\na\r\n--x--',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      });
      assert.equal(multipart.statusCode, 415);
      const json = await h.app.inject({
        method: 'POST',
        url: '/r/dnevnik/login',
        payload: '{"login":',
        headers: { 'content-type': 'application/json' },
      });
      assert.ok(json.statusCode >= 400 && json.statusCode < 500, String(json.statusCode));
    });

    test('forged or malformed session cookies are simply not signed in', async () => {
      for (const value of ['x', 'A'.repeat(43), `${'A'.repeat(42)}!`, 'A'.repeat(5000)]) {
        const res = await h.app.inject({
          method: 'GET',
          url: '/r/dnevnik/profile',
          headers: { cookie: `__Host-propusk_dnevnik=${value}` },
        });
        assert.equal(res.statusCode, 303);
      }
    });

    test('the language switch never redirects to another site', async () => {
      for (const back of [
        'https://evil.example/',
        '//evil.example/',
        '/\\evil.example',
        'javascript:alert(1)',
      ]) {
        const res = await h.app.inject({
          method: 'GET',
          url: `/lang?to=en&back=${encodeURIComponent(back)}`,
        });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/');
      }
      const ok = await h.app.inject({ method: 'GET', url: '/lang?to=kk&back=%2Fr%2Fdnevnik%2Flogin' });
      assert.equal(ok.headers.location, '/r/dnevnik/login');
    });

    test('security headers on every page', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/r/dnevnik/login' });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(String(res.headers['strict-transport-security']), /max-age=/);
      assert.doesNotMatch(res.body, /<script>|\son\w+="/, 'no inline script or handlers');
    });

    test('brute force on one account is stopped, for known and unknown logins alike', async () => {
      const ip = (i: number) => `198.51.100.${i}`; // a different IP each time: the account counter acts
      for (const login of ['petrova.anya', 'ghost.account']) {
        for (let i = 0; i < 10; i++) {
          const res = await attempt({ login, password: `guess-${i}` }, ip(i));
          assert.equal(res.statusCode, 401, `attempt ${i}`);
        }
        const locked = await attempt(
          { login, password: login === 'petrova.anya' ? 'Oblako-2290' : 'x' },
          ip(99),
        );
        assert.equal(locked.statusCode, 429, `${login} locked`);
        assert.ok(locked.body.includes('Слишком много неудачных попыток входа'));
        assert.ok(Number(locked.headers['retry-after']) > 0);
      }
      // The lock ends with its window (15 minutes in the dnevnik preset; the in-memory limiter
      // reads real time, so the counter is reset here the way the window would).
      const person = await h.services.people.findByLogin('dnevnik', 'petrova.anya');
      const events = await h.services.audit.listForSubject(person?.id ?? '');
      assert.equal(events.filter((e) => e.action === 'signin.failed').length, 10);
      const realmEvents = await h.services.audit.listForRealm('dnevnik', 500);
      assert.ok(realmEvents.some((e) => e.action === 'signin.throttled' && e.detail.by === 'account'));
    });

    test('brute force from one IP over many accounts is stopped', async () => {
      const ip = '192.0.2.77';
      let throttledAt = -1;
      for (let i = 0; i < 205; i++) {
        const res = await attempt({ login: `spray${i}`, password: 'Password1' }, ip);
        if (res.statusCode === 429) {
          throttledAt = i;
          break;
        }
        assert.equal(res.statusCode, 401);
      }
      assert.equal(throttledAt, 200, 'the 201st failure from one IP is refused');
      const elsewhere = await attempt({ login: 'admin1535', password: 'Direktor-2026' }, '192.0.2.78');
      assert.equal(elsewhere.statusCode, 303, 'other addresses are not affected');
    });
  });
}

describe('sign-in throttling shared through Redis', {
  skip: process.env.TEST_REDIS_URL ? false : 'TEST_REDIS_URL is not set',
}, () => {
  test('two app instances on one Redis share the account counter', async () => {
    const config = { REDIS_URL: process.env.TEST_REDIS_URL ?? '' };
    const one = await startHarness('sqlite', { config });
    const two = await startHarness('sqlite', { config });
    try {
      const login = `ghost${Date.now().toString(36)}`; // fresh key: Redis outlives test runs
      for (let i = 0; i < 10; i++) {
        const h = i % 2 === 0 ? one : two;
        const res = await new Browser(h.app, { 'x-forwarded-for': `10.1.0.${i}` }).submit(
          '/r/dnevnik/login',
          '/r/dnevnik/login',
          { login, password: `guess-${i}` },
        );
        assert.equal(res.statusCode, 401);
      }
      for (const h of [one, two]) {
        const res = await new Browser(h.app, { 'x-forwarded-for': '10.1.1.1' }).submit(
          '/r/dnevnik/login',
          '/r/dnevnik/login',
          { login, password: 'x' },
        );
        assert.equal(res.statusCode, 429);
      }
    } finally {
      await one.close();
      await two.close();
    }
  });
});
