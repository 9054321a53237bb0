/**
 * Recovery under attack: enumeration (same page, same status; the time is in
 * recovery.timing.test.ts), expired,
 * reused, tampered and other-realm links, wrong digits and codes past the limits, throttling,
 * impossible dates and bad addresses, and the captcha test hook being off outside tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import {
  Browser,
  csrfTokenOf,
  type Harness,
  startHarness,
  testConfig,
  textOf,
} from '../../../test/support/harness.js';
import { askRecovery } from '../../../test/support/recovery.js';
import { startSmsGateway, type TestSmsGateway } from '../../../test/support/sms-gateway.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import { HOUR, MINUTE } from '../../core/clock.js';
import { createServices } from '../../services.js';
import { buildApp } from '../../web/app.js';

for (const dialect of DIALECTS) {
  describe(`recovery under attack on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let smtp: TestSmtp;
    let sms: TestSmsGateway;
    before(async () => {
      smtp = await startSmtp();
      sms = await startSmsGateway();
      h = await startHarness(dialect.name, { config: { SMTP_URL: smtp.url, ...sms.config } });
      // Confirm Petrov's phone so the SMS branch has a real number behind it.
      await h.services.db
        .updateTable('people')
        .set({ phone_verified_at: h.clock.now() })
        .where('login_normalized', '=', 'petrov.sergey')
        .execute();
    });
    after(async () => {
      await h?.close();
      await smtp?.close();
      await sms?.close();
    });

    let ip = 0;
    /** A browser from its own address, so per-IP limits do not mix the tests up. */
    const browser = (): Browser => new Browser(h.app, { 'x-forwarded-for': `203.0.113.${++ip}` });

    const fill = (b: Browser, realm: string, path: string, action: string, fields: Record<string, string>) =>
      askRecovery(h, b, realm, path, action, fields);

    async function linkFor(login: string, address: string): Promise<string> {
      const count = () => smtp.letters.filter((l) => l.envelopeTo.includes(address)).length;
      const before = count();
      const res = await fill(browser(), 'dnevnik', '/recovery/password', '/recovery/password', { login });
      assert.equal(res.statusCode, 200);
      await h.services.worker.runOnce();
      await smtp.waitFor(smtp.letters.length >= 1 ? 1 : 1);
      const until = Date.now() + 3000;
      while (count() === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const letter = smtp.letters.filter((l) => l.envelopeTo.includes(address)).at(-1);
      const link = /https:\/\/propusk\.test(\/r\/[^\s]+\/recovery\/reset\/[^\s]+)/.exec(
        letter?.parsed.text ?? '',
      )?.[1];
      assert.ok(link);
      return link;
    }

    test('unknown, known without contacts, and known with contacts get the same page and status', async () => {
      const normalize = (body: string) =>
        body
          .replace(/name="_csrf" value="[^"]+"/g, '')
          .replace(/flow=[A-Za-z0-9_-]+/g, 'flow=X')
          .replace(/name="captcha_id" value="[^"]+"/g, '');
      const pages: string[] = [];
      for (const login of ['nobody.at.all', 'petrov.misha', 'ekaterinavolkov', 'blocked.user']) {
        const res = await fill(browser(), 'dnevnik', '/recovery/password', '/recovery/password', { login });
        assert.equal(res.statusCode, 200, login);
        pages.push(normalize(res.body));
      }
      assert.ok(
        pages.every((p) => p === pages[0]),
        'identical answers',
      );
    });

    test('a link: tampered, other realm, garbage → 400; reused → 410; expired → 410', async () => {
      const link = await linkFor('admin1535', 'admin@school1535.example');
      const token = link.split('/').at(-1) ?? '';
      const tampered = link.replace(token, `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`);
      assert.equal((await browser().get(tampered)).statusCode, 400);
      assert.equal((await browser().get(link.replace('/r/dnevnik/', '/r/eljur/'))).statusCode, 400);
      for (const bad of ['x', '%00', "'%20OR%201=1", `${'a'.repeat(22)}.${'b'.repeat(43)}`]) {
        const res = await browser().get(`/r/dnevnik/recovery/reset/${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.ok(res.body.includes('Ссылка недействительна'));
      }
      const b = browser();
      const form = await b.get(link);
      const ok = await b.post(link, {
        _csrf: csrfTokenOf(form.body),
        password: 'Gornaya-Reka-31',
        password2: 'Gornaya-Reka-31',
      });
      assert.equal(ok.statusCode, 200);
      const reused = await b.post(link, {
        _csrf: csrfTokenOf(form.body),
        password: 'Gornaya-Reka-32',
        password2: 'Gornaya-Reka-32',
      });
      assert.equal(reused.statusCode, 410);
      assert.ok(reused.body.includes('уже использована'));

      const late = await linkFor('smirnova.ov', 'smirnova@demo.example');
      h.clock.advance(25 * HOUR);
      const expired = await browser().get(late);
      assert.equal(expired.statusCode, 410);
      assert.ok(expired.body.includes('Срок действия ссылки истёк'));
      const events = await h.services.audit.listForRealm('dnevnik', 500);
      assert.ok(events.some((e) => e.action === 'recovery.flow_expired' && e.detail.step === 'link'));
    });

    test('two requests racing with the same link: exactly one sets the password', async () => {
      const link = await linkFor('petrova.anya', 'anya@demo.example').catch(() => null);
      assert.equal(link, null, 'petrova.anya has no email: no letter is sent at all');
      await h.services.db
        .updateTable('people')
        .set({
          email: 'anya@demo.example',
          email_normalized: 'anya@demo.example',
          email_verified_at: h.clock.now(),
        })
        .where('login_normalized', '=', 'petrova.anya')
        .execute();
      const real = await linkFor('petrova.anya', 'anya@demo.example');
      const [one, two] = [browser(), browser()];
      const [f1, f2] = [await one.get(real), await two.get(real)];
      const results = await Promise.all([
        one.post(real, {
          _csrf: csrfTokenOf(f1.body),
          password: 'Sinyaya-Ptica-81',
          password2: 'Sinyaya-Ptica-81',
        }),
        two.post(real, {
          _csrf: csrfTokenOf(f2.body),
          password: 'Zelenaya-Ptica-82',
          password2: 'Zelenaya-Ptica-82',
        }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 410]);
    });

    test('wrong digits end the SMS branch after three tries; wrong codes after five', async () => {
      const b = browser();
      const res = await fill(b, 'dnevnik', '/recovery/password', '/recovery/password', {
        login: 'petrov.sergey',
      });
      const flow = /recovery\/phone\?flow=([^"]+)"/.exec(res.body)?.[1] ?? '';
      const page = await b.get(`/r/dnevnik/recovery/phone?flow=${flow}`);
      const csrf = csrfTokenOf(page.body);
      for (const bad of ['', '12', 'abcd', '12345', '١٢٣٤']) {
        const r = await b.post('/r/dnevnik/recovery/phone', { _csrf: csrf, flow, digits: bad });
        assert.equal(r.statusCode, 400, bad);
        assert.equal(textOf(r.body, 'field-error'), 'Введите 4 недостающие цифры номера');
      }
      for (let i = 0; i < 2; i++) {
        const r = await b.post('/r/dnevnik/recovery/phone', { _csrf: csrf, flow, digits: '0000' });
        assert.equal(r.statusCode, 400);
      }
      const ended = await b.post('/r/dnevnik/recovery/phone', { _csrf: csrf, flow, digits: '0000' });
      assert.equal(ended.statusCode, 429);
      assert.ok(ended.body.includes('Превышено число попыток'));
      const tooLate = await b.post('/r/dnevnik/recovery/phone', { _csrf: csrf, flow, digits: '4567' });
      assert.equal(tooLate.statusCode, 429, 'the right digits after the end do nothing');

      const c = browser();
      const res2 = await fill(c, 'dnevnik', '/recovery/password', '/recovery/password', {
        login: 'petrov.sergey',
      });
      const flow2 = /recovery\/phone\?flow=([^"]+)"/.exec(res2.body)?.[1] ?? '';
      const csrf2 = csrfTokenOf((await c.get(`/r/dnevnik/recovery/phone?flow=${flow2}`)).body);
      assert.equal(
        (await c.post('/r/dnevnik/recovery/phone', { _csrf: csrf2, flow: flow2, digits: '4567' })).statusCode,
        303,
      );
      await h.services.worker.runOnce();
      const code = /(\d{6})/.exec(sms.lastTo('+79161234567') ?? '')?.[1] ?? '';
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 1; i <= 4; i++) {
        const r = await c.post('/r/dnevnik/recovery/code', { _csrf: csrf2, flow: flow2, code: wrong });
        assert.equal(r.statusCode, 400);
        assert.ok(r.body.includes(`Осталось попыток: ${5 - i}`));
      }
      assert.equal(
        (await c.post('/r/dnevnik/recovery/code', { _csrf: csrf2, flow: flow2, code: wrong })).statusCode,
        429,
      );
      assert.equal(
        (await c.post('/r/dnevnik/recovery/code', { _csrf: csrf2, flow: flow2, code })).statusCode,
        429,
      );

      // Another browser cannot continue a flow it did not start; another realm does not know it.
      const stranger = browser();
      const csrf3 = csrfTokenOf((await stranger.get('/r/dnevnik/recovery/password')).body);
      assert.equal(
        (await stranger.post('/r/dnevnik/recovery/phone', { _csrf: csrf3, flow: flow2, digits: '4567' }))
          .statusCode,
        404,
      );
      assert.equal((await c.get(`/r/eljur/recovery/phone?flow=${flow2}`)).statusCode, 404);
    });

    test('an SMS code expires after ten minutes', async () => {
      const b = browser();
      const res = await fill(b, 'dnevnik', '/recovery/password', '/recovery/password', {
        login: 'petrov.sergey',
      });
      const flow = /recovery\/phone\?flow=([^"]+)"/.exec(res.body)?.[1] ?? '';
      const csrf = csrfTokenOf((await b.get(`/r/dnevnik/recovery/phone?flow=${flow}`)).body);
      assert.equal(
        (await b.post('/r/dnevnik/recovery/phone', { _csrf: csrf, flow, digits: '4567' })).statusCode,
        303,
      );
      await h.services.worker.runOnce();
      const code = /(\d{6})/.exec(sms.lastTo('+79161234567') ?? '')?.[1] ?? '';
      h.clock.advance(11 * MINUTE);
      const late = await b.post('/r/dnevnik/recovery/code', { _csrf: csrf, flow, code });
      assert.equal(late.statusCode, 410);
    });

    test('bad input: 31.02, Cyrillic and 300-character emails, a 10 KB login, no contact at all', async () => {
      const cases: [string, string, Record<string, string>, string][] = [
        [
          '/recovery/login',
          '/recovery/login',
          { email: 'a@demo.example', day: '31', month: '2', year: '2010' },
          'Такой даты не существует',
        ],
        [
          '/recovery/login',
          '/recovery/login',
          { email: 'иван@почта.рф', day: '1', month: '2', year: '2010' },
          'email',
        ],
        [
          '/recovery/login',
          '/recovery/login',
          { email: `${'a'.repeat(300)}@x.ru`, day: '1', month: '2', year: '2010' },
          'email',
        ],
        [
          '/recovery/login',
          '/recovery/login',
          { day: '1', month: '2', year: '2010' },
          'Укажите email или номер мобильного телефона',
        ],
        [
          '/recovery/login',
          '/recovery/login',
          { phone: 'not a phone', day: '1', month: '2', year: '2010' },
          'phone',
        ],
        [
          '/recovery/login',
          '/recovery/login',
          { email: 'a@demo.example', day: '1', month: '13', year: '2010' },
          'Такой даты не существует',
        ],
        [
          '/recovery/password',
          '/recovery/password',
          { login: 'a'.repeat(10_000) },
          'Логин не должен быть длиннее 64 символов',
        ],
        ['/recovery/password', '/recovery/password', { login: '' }, 'Введите логин'],
        ['/recovery/password', '/recovery/password', { login: 'ivan\u0000' }, 'login'],
      ];
      for (const [path, action, fields, message] of cases) {
        const res = await fill(browser(), 'dnevnik', path, action, fields);
        assert.equal(res.statusCode, 400, `${JSON.stringify(fields).slice(0, 60)}`);
        const errors = [...res.body.matchAll(/class="field-error"[^>]*>([^<]+)</g)].map((m) => m[1]);
        assert.ok(errors.length > 0, 'a message next to a field');
        if (!['email', 'phone', 'login'].includes(message))
          assert.ok(errors.includes(message), `${message} in ${errors.join(' | ')}`);
      }
      const eljur = await fill(browser(), 'eljur', '/recovery', '/recovery/email', {
        email: 'иван@почта.рф',
      });
      assert.equal(eljur.statusCode, 400);
    });

    test('a captcha answer works once; a missing or forged captcha is refused', async () => {
      const b = browser();
      const page = await b.get('/r/dnevnik/recovery/password');
      const captchaId = /name="captcha_id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const answer = h.services.captcha.revealForTests?.(captchaId) ?? '';
      const csrf = csrfTokenOf(page.body);
      assert.equal(
        (
          await b.post('/r/dnevnik/recovery/password', {
            _csrf: csrf,
            captcha_id: captchaId,
            captcha: answer,
            login: 'x.y',
          })
        ).statusCode,
        200,
      );
      const replay = await b.post('/r/dnevnik/recovery/password', {
        _csrf: csrf,
        captcha_id: captchaId,
        captcha: answer,
        login: 'x.y',
      });
      assert.equal(replay.statusCode, 400);
      const none = await b.post('/r/dnevnik/recovery/password', { _csrf: csrf, login: 'x.y' });
      assert.equal(none.statusCode, 400);
      const forged = await b.post('/r/dnevnik/recovery/password', {
        _csrf: csrf,
        captcha_id: 'i.forged',
        captcha: '12345',
        login: 'x.y',
      });
      assert.equal(forged.statusCode, 400);
    });

    test('throttling: one login asked about too often, and one address asking too often', async () => {
      let last = 0;
      for (let i = 0; i < 7; i++) {
        const res = await fill(browser(), 'dnevnik', '/recovery/password', '/recovery/password', {
          login: 'ghost.login',
        });
        last = res.statusCode;
        if (i < 5) assert.equal(res.statusCode, 200);
      }
      assert.equal(last, 429);
      const same = new Browser(h.app, { 'x-forwarded-for': '198.18.0.1' });
      let throttled = false;
      for (let i = 0; i < 35 && !throttled; i++) {
        const res = await fill(same, 'dnevnik', '/recovery/password', '/recovery/password', {
          login: `someone${i}`,
        });
        throttled = res.statusCode === 429;
      }
      assert.ok(throttled, 'per-IP limit reached');
    });
  });
}

describe('the captcha test hook is off outside the test configuration', () => {
  test('services built as the CLI builds them have no reveal hook and no /test/captcha route', async () => {
    const services = await createServices(testConfig());
    try {
      assert.equal(services.captcha.revealForTests, undefined);
      const app = await buildApp(services, { captchaRevealRoute: true });
      const res = await app.inject({ method: 'GET', url: '/test/captcha?id=x' });
      assert.equal(res.statusCode, 404);
      await app.close();
    } finally {
      await services.close();
    }
  });
});
