/**
 * «Настройки», the list of sessions, through HTTP (app.inject) on SQLite and PostgreSQL: device
 * labels and the current session marked, ending one and all others (that browser is signed out,
 * audited), and the ids that must end nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { textOf } from '../../../test/support/harness.js';
import {
  CHROME_WINDOWS,
  END,
  END_OTHERS,
  SAFARI_IPHONE,
  SETTINGS,
  settingsSuite,
} from '../../../test/support/settings.js';
import { MINUTE } from '../../core/clock.js';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0';

/** The session ids that have a «Завершить» button. */
function endableIds(body: string): string[] {
  return [...body.matchAll(/name="session" value="([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** The table row of the sessions list that mentions `text`. */
function rowOf(body: string, text: string): string {
  const row = [...body.matchAll(/<tr[^>]*>[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(text));
  assert.ok(row, `no row with ${text}`);
  return row;
}

for (const dialect of DIALECTS) {
  describe(`«Настройки» on ${dialect.name}`, { skip: dialect.skip }, () => {
    const { suite, signIn, sessionIdOf, personId } = settingsSuite(dialect.name);

    test('the session list labels devices and marks the current one', async () => {
      const { h } = suite();
      const here = await signIn('smirnova.ov', 'Geografia-91', {
        'user-agent': CHROME_WINDOWS,
        'x-forwarded-for': '198.51.100.20',
      });
      h.clock.advance(5 * MINUTE);
      await signIn('smirnova.ov', 'Geografia-91', { 'user-agent': SAFARI_IPHONE });
      await signIn('smirnova.ov', 'Geografia-91', { 'user-agent': 'curl/8.5.0' });
      h.clock.advance(2 * MINUTE);

      const res = await here.get(SETTINGS);
      assert.equal(res.statusCode, 200);
      const current = rowOf(res.body, 'Chrome, Windows');
      assert.ok(current.includes('Текущий сеанс'));
      assert.ok(current.includes('198.51.100.20'));
      assert.ok(current.includes('<td class="session-created">01.09.2026 08:'), current);
      assert.ok(!current.includes('name="session"'), 'no «Завершить» for the current session');
      assert.ok(rowOf(res.body, 'Safari, iPhone').includes('Завершить'));
      assert.ok(rowOf(res.body, 'Неизвестное устройство').includes('Завершить'));
      assert.equal(res.body.split('Текущий сеанс').length - 1, 1, 'one current session');
      assert.ok(res.body.indexOf('Chrome, Windows') < res.body.indexOf('Safari, iPhone'), 'current first');
      assert.ok(res.body.includes('Завершить все другие сеансы'));
      assert.match(res.body, /\d\d\.\d\d\.\d{4} \d\d:\d\d UTC/);
      assert.equal(endableIds(res.body).length, 2);
      assert.ok(!endableIds(res.body).includes(sessionIdOf(here)));
    });

    test('ending another session signs that browser out and is audited', async () => {
      const { h } = suite();
      const id = await personId('petrov.sergey');
      const here = await signIn('petrov.sergey', 'Magistral-38', { 'user-agent': CHROME_WINDOWS });
      const phone = await signIn('petrov.sergey', 'Magistral-38', { 'user-agent': SAFARI_IPHONE });
      const laptop = await signIn('petrov.sergey', 'Magistral-38', { 'user-agent': FIREFOX_LINUX });

      const page = await here.get(SETTINGS);
      const phoneId = sessionIdOf(phone);
      assert.ok(rowOf(page.body, 'Safari, iPhone').includes(`value="${phoneId}"`));
      const res = await here.submit(SETTINGS, END, { session: phoneId });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${SETTINGS}?done=session`);
      assert.equal(textOf((await here.get(res.headers.location)).body, 'notice-success'), 'Сеанс завершён.');
      assert.equal((await phone.get('/r/dnevnik/profile')).statusCode, 303, 'that browser is signed out');
      assert.equal((await laptop.get('/r/dnevnik/profile')).statusCode, 200, 'the others are not');
      assert.equal((await here.get('/r/dnevnik/profile')).statusCode, 200);

      const event = (await h.services.audit.listForSubject(id)).find(
        (e) => e.action === 'session.ended_by_person',
      );
      assert.deepEqual(event?.detail, { ended: 1 });

      // «Завершить все другие сеансы»
      await signIn('petrov.sergey', 'Magistral-38');
      const all = await here.submit(SETTINGS, END_OTHERS, {});
      assert.equal(all.statusCode, 303);
      assert.equal(all.headers.location, `${SETTINGS}?done=others&ended=2`);
      assert.equal(
        textOf((await here.get(all.headers.location)).body, 'notice-success'),
        'Завершено других сеансов: 2.',
      );
      assert.equal((await laptop.get('/r/dnevnik/profile')).statusCode, 303);
      assert.deepEqual(
        (await h.services.sessions.listOf(id)).map((s) => s.id),
        [sessionIdOf(here)],
      );
      const events = (await h.services.audit.listForSubject(id)).filter(
        (e) => e.action === 'session.ended_by_person',
      );
      assert.deepEqual(
        events.map((e) => e.detail),
        [{ ended: 2 }, { ended: 1 }],
      );
    });

    test('a foreign, a garbage and the current session id are 404 and end nothing', async () => {
      const { h } = suite();
      const id = await personId('admin1535');
      const here = await signIn('admin1535', 'Direktor-2026');
      const mine = await signIn('admin1535', 'Direktor-2026');
      const stranger = await signIn('smirnov.ivan', 'Kosmos-5512');
      const strangerId = await personId('smirnov.ivan');
      const count = async (personId: string): Promise<number> =>
        (await h.services.sessions.listOf(personId)).length;
      const before = { mine: await count(id), stranger: await count(strangerId) };

      const attempts: { session: string; message: string }[] = [
        {
          session: sessionIdOf(stranger),
          message:
            'Такого сеанса нет среди ваших активных сеансов — возможно, он уже завершён. Ничего не изменено.',
        },
        {
          session: 'f'.repeat(64),
          message:
            'Такого сеанса нет среди ваших активных сеансов — возможно, он уже завершён. Ничего не изменено.',
        },
        {
          session: "' OR 1=1 --",
          message:
            'Такого сеанса нет среди ваших активных сеансов — возможно, он уже завершён. Ничего не изменено.',
        },
        {
          session: '',
          message:
            'Такого сеанса нет среди ваших активных сеансов — возможно, он уже завершён. Ничего не изменено.',
        },
        {
          session: sessionIdOf(here),
          message:
            'Это ваш текущий сеанс, здесь его завершить нельзя. Чтобы выйти, нажмите «Выйти» в профиле.',
        },
      ];
      for (const a of attempts) {
        const res = await here.submit(SETTINGS, END, { session: a.session });
        assert.equal(res.statusCode, 404, a.session);
        assert.equal(textOf(res.body, 'notice-error'), a.message);
        assert.ok(res.body.includes('Сеанс не найден'));
      }
      assert.deepEqual({ mine: await count(id), stranger: await count(strangerId) }, before);
      for (const b of [here, mine, stranger]) {
        assert.equal((await b.get('/r/dnevnik/profile')).statusCode, 200);
      }
      const actions = (await h.services.audit.listForSubject(id)).map((e) => e.action);
      assert.ok(!actions.includes('session.ended_by_person'));
    });
  });
}
