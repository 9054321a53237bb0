/**
 * Sign-in throttling (issue 9, items 6 and 7), on SQLite and PostgreSQL, and with the counters
 * in Redis:
 * - an attempt is counted before argon2 looks at the password, atomically: racing guesses past
 *   the limit are never checked, and a right password among them does not sign in;
 * - an attacker is slowed by growing delays, not the owner locked out: a device the person
 *   signed in from before keeps its own budget, and a school behind one address is not locked.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';

/**
 * Addresses in a /64 of the documentation prefix drawn afresh for each run: counters in Redis
 * outlive a run, and runs in parallel must not share them.
 */
const NET = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
const addr = (group: number, host: number): string => `${NET}:${group.toString(16)}::${host.toString(16)}`;

const WRONG = 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!';

/** A person of the dnevnik realm made for one test: a login no other test uses. */
async function person(h: Harness, prefix: string, password: string): Promise<{ id: string; login: string }> {
  const login = `${prefix}.${randomBytes(4).toString('hex')}`;
  const created = await h.services.people.create({
    realmId: 'dnevnik',
    login,
    loginNormalized: login,
    lastName: 'Тестов',
    firstName: 'Тест',
    passwordHash: await h.services.passwords.hash(password),
  });
  return { id: created.id, login };
}

/** A browser with the sign-in page loaded: its next post carries a valid CSRF token. */
async function browserAt(
  h: Harness,
  ip: string,
): Promise<{ b: Browser; post(login: string, password: string): Promise<LightMyRequestResponse> }> {
  const b = new Browser(h.app, { 'x-forwarded-for': ip });
  const token = csrfTokenOf((await b.get('/r/dnevnik/login')).body);
  return {
    b,
    post: (login: string, password: string) => b.post('/r/dnevnik/login', { _csrf: token, login, password }),
  };
}

/**
 * Replaces the sign-in verification with one that counts its calls and holds each until
 * `release()`, so a test can see how many requests reached argon2 while they are all in flight.
 */
function holdVerifications(h: Harness) {
  const services = h.services as unknown as { passwords: PasswordHasher };
  const real = services.passwords;
  let calls = 0;
  let open = false;
  const waiting: (() => void)[] = [];
  services.passwords = {
    ...real,
    async verifyForSignin(storedHash, password, admission) {
      calls++;
      if (!open) await new Promise<void>((resolve) => waiting.push(resolve));
      return real.verifyForSignin(storedHash, password, admission);
    },
  };
  return {
    calls: () => calls,
    held: () => waiting.length,
    release() {
      open = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
    restore() {
      services.passwords = real;
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cases = [
  ...DIALECTS.map((d) => ({ name: d.name, dialect: d.name, skip: d.skip, redis: false })),
  {
    name: 'sqlite with the counters in Redis',
    dialect: 'sqlite' as const,
    skip: process.env.TEST_REDIS_URL ? (false as const) : 'TEST_REDIS_URL is not set',
    redis: true,
  },
];

for (const c of cases) {
  describe(`sign-in throttling on ${c.name}`, { skip: c.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(
        c.dialect,
        c.redis ? { config: { REDIS_URL: process.env.TEST_REDIS_URL ?? '' } } : {},
      );
    });
    after(async () => {
      await h?.close();
    });

    test('9.7: racing guesses are counted before argon2; past the limit none is checked, a right one does not sign in', async () => {
      const target = await person(h, 'race', 'Pravilnyi-Parol-1');
      const browsers = await Promise.all(Array.from({ length: 20 }, (_, i) => browserAt(h, addr(0x1818, i))));
      const hold = holdVerifications(h);
      try {
        // Nineteen wrong passwords at once, each from its own address: only the login's own
        // budget (10 in the dnevnik preset) stands between them and argon2.
        let answered = 0;
        const wrong = browsers.slice(0, 19).map((br, i) =>
          br.post(target.login, `wrong-guess-${i}`).then((res) => {
            answered++;
            return res;
          }),
        );
        await until(() => hold.held() + answered === 19, 'every guess to be checked or refused');
        assert.ok(hold.calls() <= 10, `${hold.calls()} guesses reached argon2, the limit is 10`);
        // While the checked ones are still in argon2, the right password arrives: too late.
        const latecomer = browsers[19];
        assert.ok(latecomer);
        const right = latecomer.post(target.login, 'Pravilnyi-Parol-1').then((res) => {
          answered++;
          return res;
        });
        await until(() => hold.held() + answered === 20, 'the right password to be checked or refused');
        hold.release();
        const results = await Promise.all([...wrong, right]);
        const last = results[19];
        assert.equal(last?.statusCode, 429, 'the right password beyond the limit is refused');
        assert.ok(Number(last?.headers['retry-after']) > 0);
        assert.equal(hold.calls(), 10, 'exactly the limit was checked');
        for (const res of results.slice(0, 19))
          assert.ok([401, 429].includes(res.statusCode), `${res.statusCode}`);
        assert.equal(results.filter((r) => r.statusCode === 401).length, 10);
        assert.deepEqual(await h.services.sessions.listOf(target.id), [], 'no session was made');
      } finally {
        hold.release();
        hold.restore();
      }
    });

    test('9.7: twenty guesses in one burst: at most the limit reach argon2', async () => {
      const target = await person(h, 'burst', 'Pravilnyi-Parol-2');
      const browsers = await Promise.all(Array.from({ length: 20 }, (_, i) => browserAt(h, addr(0x1819, i))));
      const hold = holdVerifications(h);
      hold.release(); // counted, not held
      try {
        const results = await Promise.all(browsers.map((br, i) => br.post(target.login, `wrong-${i}`)));
        assert.ok(hold.calls() <= 10, `${hold.calls()} reached argon2`);
        assert.equal(results.filter((r) => r.statusCode === 401).length, hold.calls());
        assert.equal(results.filter((r) => r.statusCode === 429).length, 20 - hold.calls());
      } finally {
        hold.restore();
      }
    });

    test('9.6: the owner signs in from their usual device while an attacker hammers the login elsewhere', async () => {
      const target = await person(h, 'owner', 'Moi-Parol-2026');
      const owner = new Browser(h.app, { 'x-forwarded-for': addr(0x2030, 50) });
      const first = await owner.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: target.login,
        password: 'Moi-Parol-2026',
      });
      assert.equal(first.statusCode, 303);
      owner.cookies.delete('__Host-propusk_dnevnik'); // signed out; the device is remembered
      assert.ok(
        [...owner.cookies.keys()].some((name) => name.includes('device')),
        'a device cookie',
      );

      // Forty guesses from forty addresses: the login's budget for unknown devices runs out.
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const attacker = await browserAt(h, addr(0x5100, i + 1));
        statuses.push((await attacker.post(target.login, `guess-${i}`)).statusCode);
      }
      assert.ok(statuses.includes(429), 'the attacker is slowed');
      assert.ok(statuses.every((code) => code === 401 || code === 429));

      // The owner, from the usual device, at home or at school: a wrong password is just wrong,
      // the right one signs in.
      const typo = await owner.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: target.login,
        password: 'Moi-Parol-2025',
      });
      assert.equal(typo.statusCode, 401);
      assert.ok(typo.body.includes(WRONG));
      const again = await owner.submit(
        '/r/dnevnik/login',
        '/r/dnevnik/login',
        { login: target.login, password: 'Moi-Parol-2026' },
        { 'x-forwarded-for': addr(0x2030, 99) },
      );
      assert.equal(again.statusCode, 303, 'the owner is not locked out');

      // A browser the person never signed in from shares the slowed budget.
      const elsewhere = await browserAt(h, addr(0x2030, 51));
      const refused = await elsewhere.post(target.login, 'Moi-Parol-2026');
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.ok(refused.body.includes('Слишком много неудачных попыток входа'));
      const events = await h.services.audit.listForRealm('dnevnik', 500);
      assert.ok(
        events.some((e) => e.action === 'signin.throttled' && e.detail.login === target.login),
        'throttling is audited',
      );
    });

    test('9.6: a stolen device cookie has a budget of its own, not an unlimited one', async () => {
      const target = await person(h, 'device', 'Moi-Parol-2027');
      const device = new Browser(h.app, { 'x-forwarded-for': addr(0x2030, 60) });
      await device.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: target.login,
        password: 'Moi-Parol-2027',
      });
      device.cookies.delete('__Host-propusk_dnevnik');
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        const res = await device.submit('/r/dnevnik/login', '/r/dnevnik/login', {
          login: target.login,
          password: `guess-${i}`,
        });
        statuses.push(res.statusCode);
      }
      assert.equal(statuses.filter((code) => code === 401).length, 10, statuses.join(' '));
      assert.equal(statuses.at(-1), 429);
    });

    test("9.6: a device cookie that is forged, expired, empty, oversized or another person's is not trusted", async () => {
      const target = await person(h, 'forged', 'Moi-Parol-2028');
      const other = await person(h, 'other', 'Chuzhoi-Parol-1');
      const theirs = new Browser(h.app, { 'x-forwarded-for': addr(0x2030, 70) });
      await theirs.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: other.login,
        password: 'Chuzhoi-Parol-1',
      });
      const [name, value] = [...theirs.cookies].find(([n]) => n.includes('device')) ?? ['', ''];
      assert.ok(name && value);
      const [nonce, issued, mac] = value.split('.');
      // Slow the target's login down for unknown devices.
      for (let i = 0; i < 12; i++)
        await (await browserAt(h, addr(0x5101, i + 1))).post(target.login, `g-${i}`);
      const forgedMac = `${nonce}.${issued}.${(mac ?? '').replace(/^./, (ch) => (ch === '0' ? '1' : '0'))}`;
      for (const cookie of [
        value, // another person's device
        forgedMac,
        '',
        'x'.repeat(5000),
        'не.cookie.вовсе',
        `${nonce}.${issued}`,
        '~~~',
      ]) {
        const b = new Browser(h.app, { 'x-forwarded-for': addr(0x2030, 71) });
        b.cookies.set(name, encodeURIComponent(cookie));
        const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
          login: target.login,
          password: 'Moi-Parol-2028',
        });
        assert.equal(res.statusCode, 429, `cookie ${cookie.slice(0, 20)}: ${res.statusCode}`);
        assert.ok(res.body.includes('Слишком много неудачных попыток входа'));
      }
      // A cookie past its lifetime: the owner's own, a year and a day later, no longer counts.
      const owner = new Browser(h.app, { 'x-forwarded-for': addr(0x2030, 72) });
      const signed = await owner.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: other.login,
        password: 'Chuzhoi-Parol-1',
      });
      assert.equal(signed.statusCode, 303);
      owner.cookies.delete('__Host-propusk_dnevnik');
      h.clock.advance(366 * 24 * 3600_000);
      for (let i = 0; i < 12; i++)
        await (await browserAt(h, addr(0x5102, i + 1))).post(other.login, `g-${i}`);
      const expired = await owner.submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: other.login,
        password: 'Chuzhoi-Parol-1',
      });
      assert.equal(expired.statusCode, 429, 'an expired device cookie is an unknown device');
    });

    test('9.6: a school behind one address: many people failing now and then are never locked', async () => {
      const school = addr(0x1920, 200);
      const pupils = await Promise.all(
        Array.from({ length: 160 }, (_, i) => person(h, `pupil${i}`, `Shkola-Parol-${i}`)),
      );
      const codes = new Map<number, number>();
      const count = (code: number) => codes.set(code, (codes.get(code) ?? 0) + 1);
      // A morning at school: eight classroom computers (no device cookie) in use at once; every
      // pupil mistypes once or twice, then gets in. 214 failures in all, from one address.
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = next++; i < pupils.length; i = next++) {
            const pupil = pupils[i] as { login: string };
            const desk = await browserAt(h, school);
            for (let t = 0; t < (i % 3 === 0 ? 2 : 1); t++)
              count((await desk.post(pupil.login, `oshibka-${t}`)).statusCode);
            count((await desk.post(pupil.login, `Shkola-Parol-${i}`)).statusCode);
          }
        }),
      );
      assert.deepEqual([...codes.keys()].sort(), [303, 401], JSON.stringify([...codes]));
      assert.equal(codes.get(303), 160);
      assert.equal(codes.get(401), 214);
      // The same address spraying logins that never get in is still slowed.
      const sprayer = await browserAt(h, school);
      let refusedAt = -1;
      for (let i = 0; i < 400 && refusedAt < 0; i++) {
        const res = await sprayer.post(`spray${i}.${randomBytes(2).toString('hex')}`, 'Password1');
        if (res.statusCode === 429) refusedAt = i;
        else assert.equal(res.statusCode, 401);
      }
      assert.ok(refusedAt > 0, 'spraying from the school address is slowed too');
    });

    test('9.6: an attacker waits longer after every guess; the owner gets in once the wait is over', async () => {
      const target = await person(h, 'slowed', 'Moi-Parol-2029');
      const attacker = addr(0x5103, 77);
      let retry = 0;
      for (let i = 0; i < 20 && retry === 0; i++) {
        const res = await (await browserAt(h, attacker)).post(target.login, `guess-${i}`);
        if (res.statusCode === 429) retry = Number(res.headers['retry-after']);
        else assert.equal(res.statusCode, 401);
      }
      assert.ok(retry > 0, 'slowed at last');
      const waits = [retry];
      for (let k = 0; k < 5; k++) {
        h.clock.advance(retry * 1000);
        const allowed = await (await browserAt(h, attacker)).post(target.login, `later-${k}`);
        assert.equal(allowed.statusCode, 401, 'after the wait one more guess is checked');
        const refused = await (await browserAt(h, attacker)).post(target.login, `eager-${k}`);
        assert.equal(refused.statusCode, 429, 'and the next must wait again');
        retry = Number(refused.headers['retry-after']);
        waits.push(retry);
      }
      for (let k = 1; k < waits.length; k++) {
        assert.ok((waits[k] as number) > (waits[k - 1] as number), `growing waits: ${waits.join(', ')}`);
      }
      // Not a lock: once the wait is over the owner, on a new device, signs in.
      h.clock.advance(retry * 1000);
      const owner = await browserAt(h, addr(0x2030, 80));
      assert.equal((await owner.post(target.login, 'Moi-Parol-2029')).statusCode, 303);
    });
  });
}
