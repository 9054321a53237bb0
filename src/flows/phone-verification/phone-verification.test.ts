/**
 * Phone confirmation through HTTP: the code by SMS (read from the outbox before delivery), wrong
 * codes up to and past the limit, resends, expiry, SMS caps, and the flow of another person or
 * realm.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness, textOf } from '../../../test/support/harness.js';
import { startSmsGateway, type TestSmsGateway } from '../../../test/support/sms-gateway.js';
import { MINUTE } from '../../core/clock.js';

for (const dialect of DIALECTS) {
  describe(`phone confirmation on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sms: TestSmsGateway;
    before(async () => {
      sms = await startSmsGateway();
      h = await startHarness(dialect.name, {
        config: { ...sms.config, SMS_CAP_PHONE_HOUR: 6, SMS_CAP_IP_HOUR: 1000 },
      });
    });
    after(async () => {
      await h?.close();
      await sms?.close();
    });

    async function signedIn(login: string, password: string, ip = '198.51.100.7'): Promise<Browser> {
      const b = new Browser(h.app, { 'x-forwarded-for': ip });
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', { login, password });
      assert.equal(res.statusCode, 303);
      return b;
    }

    /** The code in the newest SMS the gateway received for `phone`. */
    async function lastCode(phone: string): Promise<string> {
      await h.services.worker.runOnce();
      const text = sms.lastTo(phone) ?? '';
      const code = /\b(\d{6})\b/.exec(text)?.[1];
      assert.ok(code, `no code in «${text}»`);
      return code;
    }

    async function requestCode(b: Browser, password: string, phone: string): Promise<string> {
      const res = await b.submit('/r/dnevnik/settings/phone', '/r/dnevnik/settings/phone', {
        password,
        phone,
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const location = String(res.headers.location);
      assert.match(location, /^\/r\/dnevnik\/settings\/phone\/code\?flow=[A-Za-z0-9_-]{22}$/);
      return location.split('flow=')[1] ?? '';
    }

    const submitCode = (b: Browser, flow: string, code: string) =>
      // The CSRF token comes from the phone form: the code page may already say the flow ended.
      b.submit('/r/dnevnik/settings/phone', '/r/dnevnik/settings/phone/code', { flow, code });

    test('a 6-digit code by SMS confirms the number; the page shows it masked as in article 000', async () => {
      const b = await signedIn('smirnov.ivan', 'Kosmos-5512');
      const flow = await requestCode(b, 'Kosmos-5512', '8 (953) 354-12-34');
      const page = await b.get(`/r/dnevnik/settings/phone/code?flow=${flow}`);
      assert.ok(
        page.body.includes('Код подтверждения был отправлен в SMS на мобильный телефон 7953354****.'),
      );
      assert.ok(page.body.includes('Введите код подтверждения'));
      const code = await lastCode('+79533541234');
      const [row] = await h.services.outbox.list({ limit: 1 });
      assert.equal(row?.template, 'phone_confirmation_code');
      assert.equal(row?.status, 'sent');
      assert.match(sms.lastTo('+79533541234') ?? '', /Дневник\.ру/);

      const done = await submitCode(b, flow, ` ${code.slice(0, 3)} ${code.slice(3)} `);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/r/dnevnik/profile?phone_confirmed=1');
      const person = await h.services.people.findByLogin('dnevnik', 'smirnov.ivan');
      assert.equal(person?.phone, '+79533541234');
      assert.ok(person?.phone_verified_at);
      const profile = await b.get('/r/dnevnik/profile?phone_confirmed=1');
      assert.ok(profile.body.includes('Номер телефона подтверждён.'));

      const reused = await submitCode(b, flow, code);
      assert.equal(reused.statusCode, 404, 'a used code is gone');
      const actions = (await h.services.audit.listForSubject(person?.id ?? '')).map((e) => e.action);
      for (const a of ['contact.phone_changed', 'contact.phone_code_sent', 'contact.phone_confirmed']) {
        assert.ok(actions.includes(a), a);
      }
    });

    test('wrong codes count down, and past the limit the flow ends even for the right code', async () => {
      const b = await signedIn('petrov.misha', 'Raketa-7731');
      const flow = await requestCode(b, 'Raketa-7731', '+7 916 000-11-22');
      const code = await lastCode('+79160001122');
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 1; i <= 4; i++) {
        const res = await submitCode(b, flow, wrong);
        assert.equal(res.statusCode, 400);
        assert.equal(
          textOf(res.body, 'field-error'),
          `Неверный код подтверждения. Осталось попыток: ${5 - i}`,
        );
      }
      const locked = await submitCode(b, flow, wrong);
      assert.equal(locked.statusCode, 429);
      assert.ok(locked.body.includes('Превышено число попыток ввода кода. Запросите новый код.'));
      const late = await submitCode(b, flow, code);
      assert.equal(late.statusCode, 429);
      const person = await h.services.people.findByLogin('dnevnik', 'petrov.misha');
      assert.equal(person?.phone_verified_at, null);
      const actions = (await h.services.audit.listForSubject(person?.id ?? '')).map((e) => e.action);
      assert.equal(actions.filter((a) => a === 'contact.phone_code_wrong').length, 4);
      assert.ok(actions.includes('contact.phone_code_locked'));
    });

    test('racing wrong codes each spend an attempt: three at once leave two', async () => {
      const b = await signedIn('ekaterinavolkov', 'Zvezda-4815');
      const flow = await requestCode(b, 'Zvezda-4815', '+79160007711');
      const code = await lastCode('+79160007711');
      const wrong = code === '000000' ? '111111' : '000000';
      const token = csrfTokenOf((await b.get('/r/dnevnik/settings/phone')).body);
      const post = (value: string) =>
        b.post('/r/dnevnik/settings/phone/code', { _csrf: token, flow, code: value });
      const raced = await Promise.all([post(wrong), post(wrong), post(wrong)]);
      assert.deepEqual(
        raced.map((r) => r.statusCode),
        [400, 400, 400],
      );
      assert.deepEqual(
        raced.map((r) => textOf(r.body, 'field-error')).sort(),
        [2, 3, 4].map((n) => `Неверный код подтверждения. Осталось попыток: ${n}`),
      );
      const next = await post(wrong);
      assert.equal(textOf(next.body, 'field-error'), 'Неверный код подтверждения. Осталось попыток: 1');
    });

    test('N racing wrong codes past the limit spend N attempts; the right code after them confirms nothing', async () => {
      const b = await signedIn('smirnova.ov', 'Geografia-91');
      const flow = await requestCode(b, 'Geografia-91', '+79160007722');
      const code = await lastCode('+79160007722');
      const wrong = code === '000000' ? '111111' : '000000';
      const token = csrfTokenOf((await b.get('/r/dnevnik/settings/phone')).body);
      const post = (value: string) =>
        b.post('/r/dnevnik/settings/phone/code', { _csrf: token, flow, code: value });
      const raced = await Promise.all(Array.from({ length: 8 }, () => post(wrong)));
      const statuses = raced.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [400, 400, 400, 400, 429, 429, 429, 429]);
      const late = await post(code);
      assert.equal(late.statusCode, 429);
      assert.ok(late.body.includes('Превышено число попыток ввода кода. Запросите новый код.'));
      const person = await h.services.people.findByLogin('dnevnik', 'smirnova.ov');
      assert.equal(person?.phone_verified_at, null);
      const actions = (await h.services.audit.listForSubject(person?.id ?? '')).map((e) => e.action);
      assert.equal(actions.filter((a) => a === 'contact.phone_code_wrong').length, 4);
      assert.equal(actions.filter((a) => a === 'contact.phone_code_locked').length, 1);
    });

    test('malformed codes cost no attempt; bad phones and passwords are named', async () => {
      const b = await signedIn('petrova.anya', 'Oblako-2290');
      for (const [fields, status] of [
        [{ password: 'Oblako-2290', phone: '' }, 400],
        [{ password: 'Oblako-2290', phone: 'abc' }, 400],
        [{ password: 'Oblako-2290', phone: '+1 202 555 0100' }, 400],
        [{ password: 'Oblako-2290', phone: '9'.repeat(5000) }, 400],
        [{ password: 'wrong-password', phone: '+79160002233' }, 400],
        [{ password: '', phone: '+79160002233' }, 400],
      ] as const) {
        const res = await b.submit('/r/dnevnik/settings/phone', '/r/dnevnik/settings/phone', fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields).slice(0, 60));
        assert.ok((textOf(res.body, 'field-error') ?? '').length > 0);
      }
      const flow = await requestCode(b, 'Oblako-2290', '+79160002233');
      for (const bad of ['', '12345', '1234567', 'abcdef', '١٢٣٤٥٦', "1' OR 1=1"]) {
        const res = await submitCode(b, flow, bad);
        assert.equal(res.statusCode, 400, bad);
        assert.equal(textOf(res.body, 'field-error'), 'Код состоит из 6 цифр');
      }
      const code = await lastCode('+79160002233');
      assert.equal((await submitCode(b, flow, code)).statusCode, 303, 'no attempts were spent');
    });

    test('repeated and over-long fields are refused next to the field, and spend nothing', async () => {
      const b = await signedIn('petrova.anya', 'Oblako-2290');
      const raw = async (url: string, body: string) => {
        const token = csrfTokenOf((await b.get('/r/dnevnik/settings/phone')).body);
        return h.app.inject({
          method: 'POST',
          url,
          payload: `_csrf=${encodeURIComponent(token)}&${body}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
        });
      };
      const twice = await raw(
        '/r/dnevnik/settings/phone',
        'password=x&phone=%2B79160001111&phone=%2B79160002222',
      );
      assert.equal(twice.statusCode, 400);
      assert.equal(
        textOf(twice.body, 'field-error'),
        'Поле передано несколько раз: отправьте форму ещё раз со страницы',
      );
      const long = await raw('/r/dnevnik/settings/phone', `password=x&phone=${'9'.repeat(101)}`);
      assert.equal(long.statusCode, 400);
      assert.equal(textOf(long.body, 'field-error'), 'Слишком длинное значение');

      const flow = await requestCode(b, 'Oblako-2290', '+79160002244');
      const code = await lastCode('+79160002244');
      const repeatedCode = await raw(
        '/r/dnevnik/settings/phone/code',
        `flow=${flow}&code=${code}&code=${code}`,
      );
      assert.equal(repeatedCode.statusCode, 400);
      assert.equal(
        textOf(repeatedCode.body, 'field-error'),
        'Поле передано несколько раз: отправьте форму ещё раз со страницы',
      );
      const repeatedFlow = await raw(
        '/r/dnevnik/settings/phone/code',
        `flow=${flow}&flow=${flow}&code=${code}`,
      );
      assert.equal(repeatedFlow.statusCode, 404);
      const query = await b.get(`/r/dnevnik/settings/phone/code?flow=${flow}&flow=${flow}`);
      assert.equal(query.statusCode, 404);
      assert.equal((await submitCode(b, flow, code)).statusCode, 303, 'no attempt was spent');
    });

    test('a resend replaces the code; resends are limited; the code expires', async () => {
      const b = await signedIn('curator.perm12', 'Kurator-Perm-12');
      const flow = await requestCode(b, 'Kurator-Perm-12', '+79160003344');
      const first = await lastCode('+79160003344');
      const resend = () =>
        b.submit(`/r/dnevnik/settings/phone/code?flow=${flow}`, '/r/dnevnik/settings/phone/resend', { flow });
      const again = await resend();
      assert.equal(again.statusCode, 200);
      assert.ok(again.body.includes('Новый код отправлен'));
      const second = await lastCode('+79160003344');
      if (first !== second) {
        const old = await submitCode(b, flow, first);
        assert.equal(old.statusCode, 400, 'the old code no longer works');
      }
      await resend();
      await resend();
      const tooMany = await resend();
      assert.equal(tooMany.statusCode, 429);
      assert.ok(tooMany.body.includes('Код больше нельзя отправить повторно'));

      h.clock.advance(11 * MINUTE);
      const expired = await submitCode(b, flow, await lastCode('+79160003344'));
      assert.equal(expired.statusCode, 410);
      assert.ok(expired.body.includes('Срок действия кода истёк'));
    });

    test('SMS caps: over the per-phone cap nothing is queued and the person is told to wait', async () => {
      const b = await signedIn('support.desk', 'Podderzhka-77');
      const before = (await h.services.outbox.list({ limit: 1000 })).length;
      let capped = null;
      for (let i = 0; i < 8; i++) {
        const res = await b.submit('/r/dnevnik/settings/phone', '/r/dnevnik/settings/phone', {
          password: 'Podderzhka-77',
          phone: '+79160009999',
        });
        if (res.statusCode === 429) {
          capped = res;
          break;
        }
        assert.equal(res.statusCode, 303);
      }
      assert.ok(capped, 'capped');
      assert.ok(capped.body.includes('Слишком много SMS'));
      assert.ok(Number(capped.headers['retry-after']) > 0);
      const queued = (await h.services.outbox.list({ limit: 1000 })).length - before;
      assert.equal(queued, 6, 'exactly the cap was queued');
    });

    test("another person's flow, a foreign realm and garbage ids do nothing", async () => {
      const owner = await signedIn('admin1535', 'Direktor-2026');
      const flow = await requestCode(owner, 'Direktor-2026', '+79160005566');
      const code = await lastCode('+79160005566');
      const intruder = await signedIn('petrov.sergey', 'Magistral-38');
      const stolen = await submitCode(intruder, flow, code);
      assert.equal(stolen.statusCode, 404);
      for (const id of ['', 'x', 'a'.repeat(64), "' OR 1=1 --"]) {
        const res = await submitCode(intruder, id, code);
        assert.equal(res.statusCode, 404, id);
      }
      const owners = await h.services.people.findByLogin('dnevnik', 'admin1535');
      assert.equal(owners?.phone_verified_at, null);
      assert.equal((await submitCode(owner, flow, code)).statusCode, 303);
      assert.equal(
        (await new Browser(h.app).get(`/r/dnevnik/settings/phone/code?flow=${flow}`)).statusCode,
        303,
      );
    });
  });
}
