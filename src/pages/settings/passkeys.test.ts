/**
 * Passkeys' bad input through HTTP, on SQLite and PostgreSQL (the happy path runs in Chromium's
 * virtual authenticator, test/e2e/passkey.e2e.test.ts): a missing, too long or control-character
 * name; a malformed, forged or replayed credential; another browser's or an unknown challenge;
 * removing an unknown passkey or without the password; the sign-in step's passkey answer forged.
 * Always a localised 4xx, never a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';

const FORGED = JSON.stringify({
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', attestationObject: 'oA' },
});

for (const dialect of DIALECTS) {
  describe(`passkeys' refusals on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => h?.close());

    async function signedIn() {
      const b = new Browser(h.app);
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'smirnov.ivan',
        password: 'Kosmos-5512',
      });
      assert.equal(res.statusCode, 303);
      const page = await b.get('/r/dnevnik/settings');
      return { b, csrf: csrfTokenOf(page.body), page };
    }

    test('names, challenges and credentials that are not right', async () => {
      const { b, csrf, page } = await signedIn();
      assert.match(page.body, /data-passkey-create="\/r\/dnevnik\/settings\/passkeys\/options"/);
      for (const name of ['', '   ', 'x'.repeat(61), 'a\u0001b']) {
        const res = await b.post('/r/dnevnik/settings/passkeys/options', { _csrf: csrf, name });
        assert.equal(res.statusCode, 400, JSON.stringify(name));
        assert.equal(res.json().message, 'Введите название ключа.');
      }
      const ok = await b.post('/r/dnevnik/settings/passkeys/options', { _csrf: csrf, name: 'Телефон' });
      assert.equal(ok.statusCode, 200);
      const { flow, options } = ok.json() as {
        flow: string;
        options: { challenge: string; rp: { id: string } };
      };
      assert.equal(options.rp.id, 'propusk.test');
      const stranger = new Browser(h.app);
      const other = await stranger.get('/r/dnevnik/login');
      assert.equal(other.statusCode, 200);
      for (const [credential, status] of [
        ['not json', 400],
        ['{"id":1}', 400],
        [FORGED, 400],
      ] as const) {
        const fresh = await b.post('/r/dnevnik/settings/passkeys/options', { _csrf: csrf, name: 'Телефон' });
        const res = await b.post('/r/dnevnik/settings/passkeys/add', {
          _csrf: csrf,
          flow: fresh.json().flow,
          credential,
        });
        assert.equal(res.statusCode, status, credential);
        assert.match(res.body, /Ключ доступа не подошёл/);
      }
      const spent = await b.post('/r/dnevnik/settings/passkeys/add', {
        _csrf: csrf,
        flow,
        credential: FORGED,
      });
      assert.equal(spent.statusCode, 400, 'the first answer spends the challenge');
      const replayed = await b.post('/r/dnevnik/settings/passkeys/add', {
        _csrf: csrf,
        flow,
        credential: FORGED,
      });
      assert.equal(replayed.statusCode, 410);
      const unknown = await b.post('/r/dnevnik/settings/passkeys/add', {
        _csrf: csrf,
        flow: 'A'.repeat(22),
        credential: FORGED,
      });
      assert.equal(unknown.statusCode, 404);
      const long = await b.post('/r/dnevnik/settings/passkeys/add', {
        _csrf: csrf,
        flow,
        credential: 'x'.repeat(20_000),
      });
      assert.equal(long.statusCode, 400);
      const person = await h.services.people.findByLogin('dnevnik', 'smirnov.ivan');
      const audit = await h.services.audit.listForSubject(person?.id ?? '', 50);
      assert.ok(audit.some((e) => e.action === 'passkey.rejected'));
      assert.equal(await h.services.factors.passkeys.count(person?.id ?? ''), 0);
    });

    test("removing needs the password, and only the person's own passkey", async () => {
      const { b, csrf } = await signedIn();
      const none = await b.post('/r/dnevnik/settings/passkeys/remove', {
        _csrf: csrf,
        passkey: 'x',
        current_password: '',
      });
      assert.equal(none.statusCode, 400);
      const wrong = await b.post('/r/dnevnik/settings/passkeys/remove', {
        _csrf: csrf,
        passkey: 'x',
        current_password: 'nope-nope',
      });
      assert.equal(wrong.statusCode, 401);
      const unknown = await b.post('/r/dnevnik/settings/passkeys/remove', {
        _csrf: csrf,
        passkey: 'x',
        current_password: 'Kosmos-5512',
      });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /Такого ключа доступа нет/);
    });

    test('the sign-in step takes no forged passkey answer', async () => {
      const person = await h.services.people.findByLogin('dnevnik', 'smirnov.ivan');
      assert.ok(person);
      await h.services.factors.passkeys.add(h.services.db, {
        id: 'AAAA',
        realmId: 'dnevnik',
        personId: person.id,
        name: 'Тест',
        publicKey: new Uint8Array([1, 2, 3]),
        counter: 0,
        transports: [],
      });
      const b = new Browser(h.app);
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'smirnov.ivan',
        password: 'Kosmos-5512',
      });
      const step = String(res.headers.location);
      const page = await b.get(step);
      assert.match(page.body, /Войти с ключом доступа/);
      const csrf = csrfTokenOf(page.body);
      const noChallenge = await b.post(`${step}/passkey`, { _csrf: csrf, credential: FORGED });
      assert.equal(noChallenge.statusCode, 400);
      const options = await b.post(`${step}/passkey/options`, { _csrf: csrf });
      assert.equal(options.statusCode, 200);
      assert.deepEqual(
        (options.json() as { options: { allowCredentials: { id: string }[] } }).options.allowCredentials.map(
          (c) => c.id,
        ),
        ['AAAA'],
      );
      const forged = await b.post(`${step}/passkey`, { _csrf: csrf, credential: FORGED });
      assert.equal(forged.statusCode, 401);
      assert.match(forged.body, /Ключ доступа не подошёл/);
      const replay = await b.post(`${step}/passkey`, { _csrf: csrf, credential: FORGED });
      assert.equal(replay.statusCode, 400, 'the challenge was spent');
      assert.equal(b.cookies.has('__Host-propusk_dnevnik'), false);
    });

    test('a passkey alone: refused where the realm does not allow it, and every forged answer', async () => {
      const recycle = new Browser(h.app);
      const recyclePage = await recycle.get('/r/recycle/login');
      assert.doesNotMatch(recyclePage.body, /data-passkey-get/);
      const off = await recycle.post('/r/recycle/login/passkey/options', {
        _csrf: csrfTokenOf(recyclePage.body),
      });
      assert.equal(off.statusCode, 404);
      const b = new Browser(h.app);
      const page = await b.get('/r/dnevnik/login');
      assert.match(page.body, /data-passkey-get="\/r\/dnevnik\/login\/passkey"/);
      const csrf = csrfTokenOf(page.body);
      const issued = await b.post('/r/dnevnik/login/passkey/options', { _csrf: csrf });
      assert.equal(issued.statusCode, 200);
      const { flow } = issued.json() as { flow: string };
      const forged = await b.post('/r/dnevnik/login/passkey', { _csrf: csrf, flow, credential: FORGED });
      assert.equal(forged.statusCode, 401);
      assert.match(forged.body, /Ключ доступа не подошёл/);
      const replay = await b.post('/r/dnevnik/login/passkey', { _csrf: csrf, flow, credential: FORGED });
      assert.equal(replay.statusCode, 410);
      const unknown = await b.post('/r/dnevnik/login/passkey', {
        _csrf: csrf,
        flow: 'B'.repeat(22),
        credential: FORGED,
      });
      assert.equal(unknown.statusCode, 404);
      const other = await new Browser(h.app).get('/r/dnevnik/login');
      const elsewhere = await b.post('/r/dnevnik/login/passkey', {
        _csrf: csrf,
        flow: 'x',
        credential: 'not json',
      });
      assert.equal(elsewhere.statusCode, 404);
      assert.equal(other.statusCode, 200);
      const tooLong = await b.post('/r/dnevnik/login/passkey', {
        _csrf: csrf,
        flow,
        credential: 'x'.repeat(17_000),
      });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(b.cookies.has('__Host-propusk_dnevnik'), false);
    });
  });
}
