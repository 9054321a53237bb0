/**
 * The authenticator app through HTTP (app.inject), on SQLite and PostgreSQL: enrolment from
 * «Настройки» (QR code and key, first code), the sign-in step after the password with right,
 * wrong, malformed, expired and reused codes, the flow's limit and the person's code budget,
 * recovery codes used once, two submissions of one code racing (one wins), turning the app off
 * without the password or the code refused, and recycle's required enrolment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { codeAt } from '../../factors/totp.js';

const SETTINGS = '/r/dnevnik/settings';
const PEOPLE = {
  volkova: { login: 'ekaterinavolkov', password: 'Zvezda-4815' },
  misha: { login: 'petrov.misha', password: 'Raketa-7731' },
  anya: { login: 'petrova.anya', password: 'Oblako-2290' },
  sergey: { login: 'petrov.sergey', password: 'Magistral-38' },
} as const;

/** The manual key shown on an enrolment page. */
function keyOf(body: string): string {
  const m = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(body);
  assert.ok(m?.[1], 'the manual key is shown');
  return m[1].replace(/ /g, '');
}

function codesOf(body: string): string[] {
  return [...body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? '');
}

function errorOf(body: string): string {
  return (
    /class="field-error" id="code-error">([^<]*)</.exec(body)?.[1] ??
    /class="notice notice-error"[^>]*>([^<]*)</.exec(body)?.[1] ??
    ''
  );
}

for (const dialect of DIALECTS) {
  describe(`the authenticator app on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    const now = () => h.clock.now();
    const STEP = 30_000;

    async function signIn(who: keyof typeof PEOPLE, realm = 'dnevnik') {
      const b = new Browser(h.app);
      const page = `/r/${realm}/login`;
      const fields: Record<string, string> = { ...PEOPLE[who] };
      const res = await b.submit(page, page, fields);
      return { b, res };
    }

    /** Signs in, enrols from «Настройки», returns the browser, the key and the recovery codes. */
    async function enrol(who: keyof typeof PEOPLE) {
      const { b, res } = await signIn(who);
      assert.equal(res.headers.location, '/r/dnevnik/profile');
      const settings = await b.get(SETTINGS);
      assert.match(settings.body, /Приложение-аутентификатор не подключено/);
      const start = await b.post('/r/dnevnik/settings/totp/start', { _csrf: csrfTokenOf(settings.body) });
      assert.equal(start.statusCode, 303);
      const flowUrl = String(start.headers.location);
      const page = await b.get(flowUrl);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<img class="totp-qr" src="data:image\/png;base64,/);
      const key = keyOf(page.body);
      const token = csrfTokenOf(page.body);
      const wrong = await b.post(flowUrl, {
        _csrf: token,
        code: '000000' === codeAt(key, now()) ? '111111' : '000000',
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(errorOf(wrong.body).startsWith('Неверный код'), true);
      const bad = await b.post(flowUrl, { _csrf: token, code: '12ab56' });
      assert.equal(bad.statusCode, 400);
      assert.equal(errorOf(bad.body), 'Код из приложения — шесть цифр.');
      const ok = await b.post(flowUrl, { _csrf: token, code: codeAt(key, now()) });
      assert.equal(ok.statusCode, 200);
      const codes = codesOf(ok.body);
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      const again = await b.post(flowUrl, { _csrf: token, code: codeAt(key, now()) });
      assert.equal(again.statusCode, 410, 'the enrolment is over');
      return { b, key, codes };
    }

    test('enrolment from «Настройки», then the code after the password; a code is accepted once', async () => {
      const { key, codes } = await enrol('volkova');
      const person = await h.services.people.findByLogin('dnevnik', PEOPLE.volkova.login);
      assert.ok(person);
      const row = await h.services.db
        .selectFrom('totp_factors')
        .selectAll()
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      assert.ok(!row.secret_sealed.includes(key), 'the secret is sealed at rest');
      const stored = await h.services.db
        .selectFrom('recovery_codes')
        .select('code_hash')
        .where('person_id', '=', person.id)
        .execute();
      assert.equal(stored.length, 10);
      assert.ok(stored.every((r) => !codes.some((c) => r.code_hash.includes(c.replace('-', '')))));

      h.clock.advance(STEP * 2);
      const { b, res } = await signIn('volkova');
      assert.equal(res.statusCode, 303);
      const step = String(res.headers.location);
      assert.match(step, /^\/r\/dnevnik\/login\/step\/[A-Za-z0-9_-]{22}$/);
      assert.equal(b.cookies.has('__Host-propusk_dnevnik'), false, 'no session before the second factor');
      const page = await b.get(step);
      assert.match(page.body, /Введите шестизначный код из приложения-аутентификатора/);
      assert.match(page.body, /Использовать код восстановления/);
      const token = csrfTokenOf(page.body);
      const code = codeAt(key, now());
      const done = await b.post(`${step}/code`, {
        _csrf: token,
        kind: 'totp',
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/r/dnevnik/profile');
      const session = await h.services.db
        .selectFrom('sessions')
        .selectAll()
        .where('person_id', '=', person.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(session.second_factor, 'totp');
      assert.equal(session.method, 'password');

      // The same code again, in a new sign-in within its window: refused as used.
      const second = await signIn('volkova');
      const step2 = String(second.res.headers.location);
      const page2 = await second.b.get(step2);
      const reused = await second.b.post(`${step2}/code`, {
        _csrf: csrfTokenOf(page2.body),
        kind: 'totp',
        code,
      });
      assert.equal(reused.statusCode, 401);
      assert.match(reused.body, /Неверный код/);
      assert.match(reused.body, /Осталось попыток: 4/);
      // A code of a step before the window: expired.
      const old = await second.b.post(`${step2}/code`, {
        _csrf: csrfTokenOf(page2.body),
        kind: 'totp',
        code: codeAt(key, now() - 5 * STEP),
      });
      assert.equal(old.statusCode, 401);
      const audit = await h.services.audit.listForSubject(person.id, 50);
      assert.ok(audit.some((e) => e.action === 'second_factor.reused'));
      assert.ok(audit.some((e) => e.action === 'totp.enrolled'));
      assert.ok(audit.some((e) => e.action === 'recovery_codes.issued'));
      assert.ok(audit.some((e) => e.action === 'signin.succeeded' && e.detail.second_factor === 'totp'));

      // A recovery code signs in once, in any case and with or without the dash.
      h.clock.advance(STEP * 2);
      const third = await signIn('volkova');
      const step3 = String(third.res.headers.location);
      const recoveryPage = await third.b.get(`${step3}?use=recovery`);
      assert.match(recoveryPage.body, /Код восстановления/);
      const first = codes[0] ?? '';
      const used = await third.b.post(`${step3}/code`, {
        _csrf: csrfTokenOf(recoveryPage.body),
        kind: 'recovery',
        code: first.toUpperCase().replace('-', ''),
      });
      assert.equal(used.statusCode, 303);
      const fourth = await signIn('volkova');
      const step4 = String(fourth.res.headers.location);
      const p4 = await fourth.b.get(`${step4}?use=recovery`);
      const again = await fourth.b.post(`${step4}/code`, {
        _csrf: csrfTokenOf(p4.body),
        kind: 'recovery',
        code: first,
      });
      assert.equal(again.statusCode, 401);
      assert.match(again.body, /неверен или уже использован/);
      const malformed = await fourth.b.post(`${step4}/code`, {
        _csrf: csrfTokenOf(p4.body),
        kind: 'recovery',
        code: 'ЖЖЖЖЖ-ЖЖЖЖЖ',
      });
      assert.equal(malformed.statusCode, 400);
      const empty = await fourth.b.post(`${step4}/code`, {
        _csrf: csrfTokenOf(p4.body),
        kind: 'totp',
        code: '',
      });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Введите код/);
      const long = await fourth.b.post(`${step4}/code`, {
        _csrf: csrfTokenOf(p4.body),
        kind: 'totp',
        code: '1'.repeat(5000),
      });
      assert.equal(long.statusCode, 400);
      const settings = await used.headers.location;
      assert.equal(settings, '/r/dnevnik/profile');
    });

    test('five wrong codes end the step; the person budget then makes further guesses wait', async () => {
      const { key } = await enrol('misha');
      // The enrolment's one wrong code is forgotten after 15 minutes: the budget starts empty.
      h.clock.advance(15 * 60_000);
      const { b, res } = await signIn('misha');
      const step = String(res.headers.location);
      const page = await b.get(step);
      const token = csrfTokenOf(page.body);
      const right = codeAt(key, now());
      const wrongCode = right === '123456' ? '654321' : '123456';
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await b.post(`${step}/code`, { _csrf: token, kind: 'totp', code: wrongCode })).statusCode,
        );
      assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
      const after = await b.post(`${step}/code`, { _csrf: token, kind: 'totp', code: right });
      assert.equal(after.statusCode, 429, 'the locked step takes no right code');
      assert.match(after.body, /Войдите снова/);
      // A new sign-in: the person's budget (five free) is spent, so the next guess waits.
      const again = await signIn('misha');
      const step2 = String(again.res.headers.location);
      const p2 = await again.b.get(step2);
      const waited = await again.b.post(`${step2}/code`, {
        _csrf: csrfTokenOf(p2.body),
        kind: 'totp',
        code: right,
      });
      assert.equal(waited.statusCode, 429);
      assert.ok(Number(waited.headers['retry-after']) > 0);
      assert.match(waited.body, /Попробуйте снова через \d+ с/);
      h.clock.advance(60_000);
      const ok = await again.b.post(`${step2}/code`, {
        _csrf: csrfTokenOf(p2.body),
        kind: 'totp',
        code: codeAt(key, now()),
      });
      assert.equal(ok.statusCode, 303);
    });

    test('two submissions of one code race: exactly one signs in', async () => {
      const { key } = await enrol('anya');
      h.clock.advance(STEP * 2);
      const one = await signIn('anya');
      const two = await signIn('anya');
      const s1 = String(one.res.headers.location);
      const s2 = String(two.res.headers.location);
      const p1 = await one.b.get(s1);
      const p2 = await two.b.get(s2);
      const code = codeAt(key, now());
      const results = await Promise.all([
        one.b.post(`${s1}/code`, { _csrf: csrfTokenOf(p1.body), kind: 'totp', code }),
        two.b.post(`${s2}/code`, { _csrf: csrfTokenOf(p2.body), kind: 'totp', code }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 401]);
    });

    test('turning the app off needs the current password and a code', async () => {
      const { b, key } = await enrol('sergey');
      h.clock.advance(STEP * 2);
      const page = await b.get(SETTINGS);
      assert.match(page.body, /Приложение-аутентификатор подключено/);
      assert.match(page.body, /Осталось кодов восстановления: 10/);
      const token = csrfTokenOf(page.body);
      const noPassword = await b.post('/r/dnevnik/settings/totp/off', {
        _csrf: token,
        current_password: '',
        code: codeAt(key, now()),
      });
      assert.equal(noPassword.statusCode, 400);
      const wrongPassword = await b.post('/r/dnevnik/settings/totp/off', {
        _csrf: token,
        current_password: 'nope-nope',
        code: codeAt(key, now()),
      });
      assert.equal(wrongPassword.statusCode, 401);
      const noCode = await b.post('/r/dnevnik/settings/totp/off', {
        _csrf: token,
        current_password: PEOPLE.sergey.password,
        code: '',
      });
      assert.equal(noCode.statusCode, 400);
      assert.ok(
        await h.services.factors.totp.find(
          (await h.services.people.findByLogin('dnevnik', PEOPLE.sergey.login))?.id ?? '',
        ),
      );
      const off = await b.post('/r/dnevnik/settings/totp/off', {
        _csrf: token,
        current_password: PEOPLE.sergey.password,
        code: codeAt(key, now()),
      });
      assert.equal(off.statusCode, 303);
      assert.equal(off.headers.location, '/r/dnevnik/settings?done=totp_off');
      const settings = await b.get(String(off.headers.location));
      assert.match(settings.body, /Приложение-аутентификатор отключено/);
      const { res } = await signIn('sergey');
      assert.equal(res.headers.location, '/r/dnevnik/profile', 'no second step any more');
    });

    test('recycle requires a second factor: a person without one enrols before getting in', async () => {
      const b = new Browser(h.app);
      const res = await b.submit('/r/recycle/login', '/r/recycle/login', {
        login: 'seitova',
        password: 'Almaty&Green7',
        consent_personal_data: 'on',
        consent_signature_liability: 'on',
      });
      assert.equal(res.statusCode, 303);
      const step = String(res.headers.location);
      assert.match(step, /^\/r\/recycle\/login\/step\//);
      assert.equal(b.cookies.has('__Host-propusk_recycle'), false);
      const page = await b.get(step);
      assert.match(page.body, /Ввиду добавления двухфакторной аутентификации/);
      const key = keyOf(page.body);
      const enrolled = await b.post(`${step}/enrol`, {
        _csrf: csrfTokenOf(page.body),
        code: codeAt(key, now()),
      });
      assert.equal(enrolled.statusCode, 200);
      assert.equal(codesOf(enrolled.body).length, 10);
      assert.ok(b.cookies.has('__Host-propusk_recycle'));
      assert.match(enrolled.body, /href="\/r\/recycle\/profile"/);
      const profile = await b.get('/r/recycle/profile');
      assert.equal(profile.statusCode, 200);
    });

    test("an unknown, forged or other browser's step is a localised 410, never a 500", async () => {
      for (const id of ['nope', 'A'.repeat(22), 'x'.repeat(90)]) {
        const res = await new Browser(h.app).get(`/r/dnevnik/login/step/${id}`);
        assert.equal(res.statusCode, 410, id);
        assert.match(res.body, /Время на вход истекло/);
      }
      const { res } = await signIn('volkova');
      const other = await new Browser(h.app).get(String(res.headers.location));
      assert.equal(other.statusCode, 410);
      const en = await new Browser(h.app, { cookie: 'lang=en' }).get('/r/dnevnik/login/step/nope');
      assert.equal(en.statusCode, 410);
    });
  });
}
