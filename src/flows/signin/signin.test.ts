/**
 * Password sign-in through HTTP (app.inject), on SQLite and PostgreSQL: the page, success,
 * the one wrong-credentials answer, a temporary password, a blocked person, consents, sign-out,
 * and the rows left in the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, type Harness, startHarness, textOf } from '../../../test/support/harness.js';

const WRONG = 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!';

for (const dialect of DIALECTS) {
  describe(`password sign-in on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    test('the Dnevnik sign-in page has the article 000 labels', async () => {
      const res = await new Browser(h.app).get('/r/dnevnik/login');
      assert.equal(res.statusCode, 200);
      for (const label of [
        'Войти в Дневник.ру',
        'Логин',
        'Пароль',
        'Войти',
        'Забыли логин или пароль?',
        'Восстановите доступ.',
      ]) {
        assert.ok(res.body.includes(label), `missing «${label}»`);
      }
      assert.match(res.body, /href="\/r\/dnevnik\/recovery"/);
    });

    test('the ElJur and recycle pages use their own wording', async () => {
      const eljur = await new Browser(h.app).get('/r/eljur/login');
      assert.ok(eljur.body.includes('Вход в журнал'));
      assert.ok(eljur.body.includes('Забыли пароль?'));
      const recycle = await new Browser(h.app).get('/r/recycle/login');
      assert.ok(recycle.body.includes('Вход в систему'));
      assert.ok(recycle.body.includes('name="consent_personal_data"'));
      assert.ok(recycle.body.includes('name="consent_signature_liability"'));
    });

    test('a right password signs in, opens «Мой профиль», activates the account and is audited', async () => {
      const b = new Browser(h.app, { 'user-agent': 'TestBrowser/1.0' });
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'EkaterinaVolkov', // logins are case-insensitive
        password: 'Zvezda-4815',
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/r/dnevnik/profile');
      const cookie = res.cookies.find((c) => c.name === '__Host-propusk_dnevnik');
      assert.ok(cookie, 'session cookie set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.secure, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);

      const profile = await b.get('/r/dnevnik/profile');
      assert.equal(profile.statusCode, 200);
      assert.equal(textOf(profile.body, 'person-name'), 'Волкова Екатерина Александровна');
      assert.equal(textOf(profile.body, 'login'), 'ekaterinavolkov');
      assert.ok(profile.body.includes('ГБОУ Школа № 1535'));
      assert.ok(profile.body.includes('обучающийся'));
      assert.ok(profile.body.includes('9Б'));
      assert.ok(profile.body.includes('подтверждён'));
      assert.ok(profile.body.includes('Выйти'));

      const person = await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov');
      assert.ok(person?.activated_at, 'activated at first sign-in');
      const sessions = await h.services.sessions.listOf(person.id);
      assert.equal(sessions.length, 1);
      assert.notEqual(sessions[0]?.id, cookie.value, 'only a hash of the token is stored');
      assert.equal(sessions[0]?.user_agent, 'TestBrowser/1.0');
      const events = await h.services.audit.listForSubject(person.id);
      assert.equal(events[0]?.action, 'signin.succeeded');
      assert.equal(events[0]?.userAgent, 'TestBrowser/1.0');
      assert.ok(events[0]?.ip);
    });

    test('a fresh session token at every sign-in', async () => {
      const b = new Browser(h.app);
      const first = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'petrov.misha',
        password: 'Raketa-7731',
      });
      const firstToken = first.cookies.find((c) => c.name === '__Host-propusk_dnevnik')?.value;
      b.cookies.delete('__Host-propusk_dnevnik');
      const second = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'petrov.misha',
        password: 'Raketa-7731',
      });
      const secondToken = second.cookies.find((c) => c.name === '__Host-propusk_dnevnik')?.value;
      assert.ok(firstToken && secondToken);
      assert.notEqual(firstToken, secondToken);
    });

    test('a wrong password and an unknown login get the same answer, both audited as failures', async () => {
      const wrongPassword = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'smirnova.ov',
        password: 'not-her-password',
      });
      const unknownLogin = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'nobody.here',
        password: 'whatever-123',
      });
      for (const res of [wrongPassword, unknownLogin]) {
        assert.equal(res.statusCode, 401);
        assert.equal(textOf(res.body, 'notice-error'), WRONG);
        assert.equal(
          res.cookies.some((c) => c.name.includes('propusk_dnevnik')),
          false,
        );
      }
      const strip = (body: string): string =>
        body.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="(smirnova\.ov|nobody\.here)"/, '');
      assert.equal(strip(wrongPassword.body), strip(unknownLogin.body), 'identical pages');
      const events = await h.services.audit.listForRealm('dnevnik');
      const failures = events.filter((e) => e.action === 'signin.failed');
      assert.ok(failures.some((e) => e.detail.reason === 'wrong_password' && e.subjectId));
      assert.ok(failures.some((e) => e.detail.reason === 'unknown_login' && e.subjectId === null));
    });

    test('a temporary password leads to «Новый пароль» before anything else', async () => {
      const b = new Browser(h.app);
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'novikov.artem',
        password: 'vremya-7K3p',
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/r/dnevnik/password/new');
      const profile = await b.get('/r/dnevnik/profile');
      assert.equal(profile.statusCode, 303);
      assert.equal(profile.headers.location, '/r/dnevnik/password/new');

      const page = await b.get('/r/dnevnik/password/new');
      assert.ok(page.body.includes('Новый пароль'));
      assert.ok(page.body.includes('novikov.artem'));
      assert.ok(
        page.body.includes('В целях безопасности необходимо изменить временный пароль на постоянный.'),
      );

      const short = await b.submit('/r/dnevnik/password/new', '/r/dnevnik/password/new', {
        password: 'a1',
        password2: 'a1',
      });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /не менее 8/);
      const mismatch = await b.submit('/r/dnevnik/password/new', '/r/dnevnik/password/new', {
        password: 'Kometa-Luna-2049',
        password2: 'Kometa-Luna-2048',
      });
      assert.equal(mismatch.statusCode, 400);
      assert.ok(mismatch.body.includes('Пароли не совпадают'));
      const withLogin = await b.submit('/r/dnevnik/password/new', '/r/dnevnik/password/new', {
        password: 'novikov.artem77',
        password2: 'novikov.artem77',
      });
      assert.equal(withLogin.statusCode, 400);
      const same = await b.submit('/r/dnevnik/password/new', '/r/dnevnik/password/new', {
        password: 'vremya-7K3p',
        password2: 'vremya-7K3p',
      });
      assert.equal(same.statusCode, 400);
      assert.ok(same.body.includes('должен отличаться от временного'));

      // A second browser signed in with the temporary password loses its session on change.
      const other = new Browser(h.app);
      await other.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'novikov.artem',
        password: 'vremya-7K3p',
      });

      const done = await b.submit('/r/dnevnik/password/new', '/r/dnevnik/password/new', {
        password: 'Kometa-Luna-2049',
        password2: 'Kometa-Luna-2049',
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/r/dnevnik/profile?password_changed=1');
      const profileAfter = await b.get('/r/dnevnik/profile?password_changed=1');
      assert.equal(profileAfter.statusCode, 200);
      assert.ok(profileAfter.body.includes('Пароль изменён.'));
      assert.equal((await other.get('/r/dnevnik/profile')).statusCode, 303, 'other session ended');

      const person = await h.services.people.findByLogin('dnevnik', 'novikov.artem');
      assert.equal(person?.password_must_change, 0);
      const actions = (await h.services.audit.listForSubject(person?.id ?? '')).map((e) => e.action);
      assert.ok(actions.includes('password.forced_change'));

      const old = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'novikov.artem',
        password: 'vremya-7K3p',
      });
      assert.equal(old.statusCode, 401);
      const fresh = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'novikov.artem',
        password: 'Kometa-Luna-2049',
      });
      assert.equal(fresh.statusCode, 303);
      assert.equal(fresh.headers.location, '/r/dnevnik/profile');
    });

    test('a blocked person is told so, only after the right password', async () => {
      const right = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'blocked.user',
        password: 'Zablokirovan-1',
      });
      assert.equal(right.statusCode, 403);
      assert.ok(right.body.includes('Ваша учётная запись заблокирована'));
      assert.equal(
        right.cookies.some((c) => c.name.includes('propusk_dnevnik')),
        false,
      );
      const wrong = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'blocked.user',
        password: 'Zablokirovan-2',
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(textOf(wrong.body, 'notice-error'), WRONG);
    });

    test('recycle asks for both consents before signing in', async () => {
      const none = await new Browser(h.app).submit('/r/recycle/login', '/r/recycle/login', {
        login: 'akhmetov',
        password: 'Kz!Eco#2026',
      });
      assert.equal(none.statusCode, 400);
      assert.ok(none.body.includes('Для входа требуется подтверждение обоих пунктов согласия.'));
      // Issue 14: said once, as the error — not again as the hint above it.
      assert.equal(none.body.split('подтверждение обоих пунктов согласия').length - 1, 1);
      const one = await new Browser(h.app).submit('/r/recycle/login', '/r/recycle/login', {
        login: 'akhmetov',
        password: 'Kz!Eco#2026',
        consent_personal_data: 'on',
      });
      assert.equal(one.statusCode, 400);
      assert.ok(one.body.includes('checked'), 'the ticked box stays ticked');
      const both = await new Browser(h.app).submit('/r/recycle/login', '/r/recycle/login', {
        login: 'akhmetov',
        password: 'Kz!Eco#2026',
        consent_personal_data: 'on',
        consent_signature_liability: 'on',
      });
      assert.equal(both.statusCode, 303);
    });

    test('«Выйти» ends the session and is audited', async () => {
      const b = new Browser(h.app);
      await b.submit('/r/eljur/login', '/r/eljur/login', {
        login: 'nikolaeva.mama',
        password: 'Roditel2026dom',
      });
      const profile = await b.get('/r/eljur/profile');
      assert.equal(profile.statusCode, 200);
      assert.ok(profile.body.includes('Николаева Вера'), 'children listed');
      assert.ok(profile.body.includes('Николаев Кирилл'));
      const out = await b.submit('/r/eljur/profile', '/r/eljur/logout', {});
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/r/eljur/login?signed_out=1');
      assert.ok((await b.get('/r/eljur/login?signed_out=1')).body.includes('Вы вышли из системы.'));
      assert.equal((await b.get('/r/eljur/profile')).statusCode, 303);
      const person = await h.services.people.findByLogin('eljur', 'nikolaeva.mama');
      assert.equal((await h.services.sessions.listOf(person?.id ?? '')).length, 0);
      const actions = (await h.services.audit.listForSubject(person?.id ?? '')).map((e) => e.action);
      assert.ok(actions.includes('signout'));
    });

    test('a session of one realm means nothing in another', async () => {
      const b = new Browser(h.app);
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'admin1535',
        password: 'Direktor-2026',
      });
      const token = res.cookies.find((c) => c.name === '__Host-propusk_dnevnik')?.value ?? '';
      const cross = await h.app.inject({
        method: 'GET',
        url: '/r/eljur/profile',
        headers: { cookie: `__Host-propusk_eljur=${token}` },
      });
      assert.equal(cross.statusCode, 303);
      assert.equal(cross.headers.location, '/r/eljur/login');
    });

    test('sessions end after the idle timeout and after the absolute lifetime', async () => {
      const b = new Browser(h.app);
      await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'smirnov.ivan',
        password: 'Kosmos-5512',
      });
      h.clock.advance(59 * 60_000); // idle 60 min in the dnevnik preset
      assert.equal((await b.get('/r/dnevnik/profile')).statusCode, 200);
      h.clock.advance(59 * 60_000);
      assert.equal((await b.get('/r/dnevnik/profile')).statusCode, 200, 'still active: it was used');
      h.clock.advance(61 * 60_000);
      assert.equal((await b.get('/r/dnevnik/profile')).statusCode, 303, 'idle too long');

      const c = new Browser(h.app);
      await c.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'smirnov.ivan',
        password: 'Kosmos-5512',
      });
      for (let i = 0; i < 12; i++) {
        h.clock.advance(55 * 60_000);
        const r = await c.get('/r/dnevnik/profile');
        if (i < 13 && (i + 1) * 55 < 12 * 60)
          assert.equal(r.statusCode, 200, `still inside 12 h at step ${i}`);
        else assert.equal(r.statusCode, 303, 'absolute lifetime of 12 h reached');
      }
    });
  });
}
