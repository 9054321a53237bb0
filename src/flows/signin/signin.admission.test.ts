/**
 * Admission control (issue 15, item 2): when more sign-ins wait for argon2 than the pool allows,
 * the rest are told at once to come back (503, Retry-After, a localised page) instead of waiting
 * behind a queue that only grows. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness, textOf } from '../../../test/support/harness.js';

const FLOOD = 30;
const CONCURRENCY = 1;
const QUEUE = 4;

for (const dialect of DIALECTS) {
  describe(`sign-in admission on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name, {
        config: { ARGON2_CONCURRENCY: CONCURRENCY, ARGON2_QUEUE_MAX: QUEUE },
      });
    });
    after(async () => {
      await h?.close();
    });

    test('a flood past the queue: some get 503 with Retry-After, the rest sign in, nothing else', async () => {
      const net = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
      const people = await Promise.all(
        Array.from({ length: FLOOD }, async (_, i) => {
          const login = `flood${i}.${randomBytes(3).toString('hex')}`;
          await h.services.people.create({
            realmId: 'dnevnik',
            login,
            loginNormalized: login,
            lastName: 'Утренний',
            firstName: 'Наплыв',
            passwordHash: await h.services.passwords.hash(`Utro-Parol-${i}`),
          });
          const b = new Browser(h.app, { 'x-forwarded-for': `${net}::${(i + 1).toString(16)}` });
          const token = csrfTokenOf((await b.get('/r/dnevnik/login')).body);
          return { b, token, login, password: `Utro-Parol-${i}` };
        }),
      );
      const results = await Promise.all(
        people.map((p) =>
          p.b.post('/r/dnevnik/login', { _csrf: p.token, login: p.login, password: p.password }),
        ),
      );
      const codes = results.map((r) => r.statusCode);
      assert.ok(
        codes.every((c) => c === 303 || c === 503),
        `only 303 and 503: ${codes.join(' ')}`,
      );
      const busy = results.filter((r) => r.statusCode === 503);
      assert.ok(busy.length > 0, 'some were turned away');
      assert.ok(FLOOD - busy.length >= CONCURRENCY + QUEUE, `${FLOOD - busy.length} signed in`);
      for (const res of busy) {
        assert.ok(Number(res.headers['retry-after']) >= 1, 'Retry-After');
        assert.match(String(res.headers['content-type']), /text\/html/);
        assert.match(
          textOf(res.body, 'notice-error') ?? '',
          /^Сейчас входят очень многие\. Попробуйте снова через \d+ с/,
        );
        assert.ok(res.body.includes('name="_csrf"'), 'the form is there to try again');
      }
      // Turned away before anything was counted: each signs in when trying again.
      for (const [i, res] of results.entries()) {
        if (res.statusCode !== 503) continue;
        const p = people[i];
        assert.ok(p);
        const again = await p.b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
          login: p.login,
          password: p.password,
        });
        assert.equal(again.statusCode, 303);
      }
    });

    test('the page in English and Kazakh too', async () => {
      const expected = {
        en: /^Very many people are signing in right now/,
        kk: /^Қазір өте көп адам кіріп жатыр/,
      };
      for (const [n, [lang, pattern]] of Object.entries(expected).entries()) {
        const flood = await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const b = new Browser(h.app, { 'x-forwarded-for': `2001:db8::${n + 1}:${i + 1}` });
            b.cookies.set('lang', lang);
            return { b, token: csrfTokenOf((await b.get('/r/dnevnik/login')).body) };
          }),
        );
        const results = await Promise.all(
          flood.map(({ b, token }, i) =>
            b.post('/r/dnevnik/login', { _csrf: token, login: `nobody${i}`, password: 'x' }),
          ),
        );
        assert.ok(results.every((r) => r.statusCode === 401 || r.statusCode === 503));
        const busy = results.find((r) => r.statusCode === 503);
        assert.ok(busy, `${lang}: one was turned away`);
        assert.match(textOf(busy.body, 'notice-error') ?? '', pattern);
      }
    });
  });
}
