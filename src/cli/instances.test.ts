/**
 * Several instances serve one realm as one service: two real `propusk serve` processes on one
 * PostgreSQL database and one Redis, on two ports (the README's "Running it for real" setup).
 * A session made on one is valid on the other; a recovery started on one is finished on the
 * other by its link and its letter goes out once; throttles, SMS caps and the captcha replay set
 * are shared; OpenID Connect tokens issued by one are accepted by the other; and one killed
 * with SIGKILL under load loses nothing the other cannot finish, and sends nothing twice beyond
 * the outbox's promise (a message being sent when its worker died may go out again once its
 * lease has run out).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { POSTGRES_URL } from '../../test/support/databases.js';
import { testConfig } from '../../test/support/harness.js';
import {
  Browser,
  freshPostgresDatabase,
  type Instance,
  solvePow,
  startInstance,
} from '../../test/support/instances.js';
import { startSmsGateway, type TestSmsGateway } from '../../test/support/sms-gateway.js';
import { startSmtp, type TestSmtp } from '../../test/support/smtp.js';
import { openDatabase } from '../db/connect.js';
import { migrateOrThrow } from '../db/migrate.js';
import { seedDemo } from '../demo/seed.js';
import { createServices } from '../services.js';

const REDIS_BASE_URL = process.env.TEST_REDIS_URL ?? '';
const skip = !POSTGRES_URL
  ? 'TEST_DATABASE_URL is not set: the several-instances test skipped'
  : !REDIS_BASE_URL
    ? 'TEST_REDIS_URL is not set: the several-instances test skipped'
    : false;
const PASSWORD = 'Zvezda-4815';
const REDIRECT = 'https://rp.instances.test/cb';
/** People of ElJur with confirmed emails, one recovery each under load. */
const UNDER_LOAD = 16;

describe('several instances on one PostgreSQL and one Redis', { skip }, () => {
  let database: { url: string; drop(): Promise<void> };
  let smtp: TestSmtp;
  let sms: TestSmsGateway;
  let a: Instance;
  let b: Instance;
  let client: { id: string; secret: string };

  // Redis outlives every test database, and the demo's people, emails and this machine's address
  // are the same in every run: the two instances get a logical Redis database of their own,
  // emptied first, so no earlier run's counters (recovery per address and email, SMS caps)
  // are in it.
  let REDIS_URL = '';
  const emptyRedis = async (): Promise<void> => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      await redis.flushdb();
    } finally {
      redis.disconnect();
    }
  };

  before(async () => {
    const redisUrl = new URL(REDIS_BASE_URL);
    redisUrl.pathname = `/${randomInt(1, 16)}`;
    REDIS_URL = redisUrl.toString();
    await emptyRedis();
    database = await freshPostgresDatabase(POSTGRES_URL);
    const handle = await openDatabase(database.url);
    const services = await createServices(testConfig({ DATABASE_URL: database.url }), { handle });
    try {
      await migrateOrThrow(handle);
      await seedDemo(services);
      const added = await services.oidc.clients.add({
        realmId: 'dnevnik',
        name: 'Two instances',
        firstParty: true,
        redirectUris: [REDIRECT],
      });
      assert.ok(added.kind === 'added' && added.secret);
      client = { id: added.client.clientId, secret: added.secret };
      const hash = await services.passwords.hash(PASSWORD);
      for (let i = 0; i < UNDER_LOAD; i++) {
        await services.people.create({
          realmId: 'eljur',
          login: `load.p${i}`,
          loginNormalized: `load.p${i}`,
          lastName: 'Нагрузкина',
          firstName: `Вера${i}`,
          email: `load.p${i}@instances.test`,
          emailNormalized: `load.p${i}@instances.test`,
          emailVerifiedAt: Date.now(),
          passwordHash: hash,
        });
      }
    } finally {
      await services.close();
      await handle.close();
    }
    smtp = await startSmtp();
    sms = await startSmsGateway();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      SMTP_URL: smtp.url,
      ...sms.config,
      SMS_CAP_PHONE_HOUR: '2',
    };
    [a, b] = await Promise.all([startInstance('A', env), startInstance('B', env)]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await sms?.close();
    await database?.drop();
    if (REDIS_URL) await emptyRedis();
  });

  const signIn = async (browser: Browser, at: Instance, realm = 'dnevnik', login = 'ekaterinavolkov') =>
    browser.submit(`${at.base}/r/${realm}/login`, `${at.base}/r/${realm}/login`, {
      login,
      password: PASSWORD,
    });

  test('a session made on one is valid on the other, and ended on the other ends it on both', async () => {
    const browser = new Browser();
    assert.equal((await signIn(browser, a)).status, 303);
    const who = await browser.request(`${b.base}/r/dnevnik/whoami`);
    assert.equal(who.status, 200);
    assert.equal((JSON.parse(who.body) as { person: { login: string } }).person.login, 'ekaterinavolkov');
    const out = await browser.submit(`${b.base}/r/dnevnik/profile`, `${b.base}/r/dnevnik/logout`, {});
    assert.equal(out.status, 303);
    assert.equal((await browser.request(`${a.base}/r/dnevnik/whoami`)).status, 401);
  });

  test('sign-in throttles are shared: wrong passwords on both count together', async () => {
    const browser = new Browser();
    // Redis outlives this database: a login of this run only, so no earlier run's counts are in it.
    const login = `nobody.${randomBytes(4).toString('hex')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 16 && !statuses.includes(429); i++) {
      const at = i % 2 === 0 ? a : b;
      const res = await browser.submit(`${at.base}/r/dnevnik/login`, `${at.base}/r/dnevnik/login`, {
        login,
        password: `wrong-${i}`,
      });
      statuses.push(res.status);
    }
    assert.ok(
      statuses.includes(429),
      `no 429 after ${statuses.length} wrong passwords: ${statuses.join(' ')}`,
    );
    // The instance that did not refuse last refuses the next attempt too: one counter.
    const other = statuses.length % 2 === 0 ? a : b;
    const next = await browser.submit(`${other.base}/r/dnevnik/login`, `${other.base}/r/dnevnik/login`, {
      login,
      password: 'wrong-again',
    });
    assert.equal(next.status, 429);
    assert.ok(Number(next.headers.get('retry-after')) > 0);
  });

  test('a recovery started on one is finished on the other by its link; the letter goes out once', async () => {
    const browser = new Browser();
    const form = await browser.request(`${a.base}/r/eljur/recovery`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const answer = solvePow(form.body);
    const asked = await browser.request(`${a.base}/r/eljur/recovery/email`, {
      form: { _csrf: csrf, ...answer, email: 'orlova@1399.example' },
    });
    assert.equal(asked.status, 200);
    // The captcha's answer was spent on A: B refuses the same one (one replay set).
    const replayed = await browser.request(`${b.base}/r/eljur/recovery/email`, {
      form: { _csrf: csrf, ...answer, email: 'orlova@1399.example' },
    });
    assert.equal(replayed.status, 400);

    const to = () => smtp.letters.filter((l) => l.envelopeTo.includes('orlova@1399.example'));
    await until(() => to().length >= 1, 15_000);
    const link = /https:\/\/propusk\.test(\/r\/eljur\/recovery\/reset\/\S+)/.exec(
      to()[0]?.parsed.text ?? '',
    )?.[1];
    assert.ok(link, 'the letter carries the link');
    const other = new Browser();
    const set = await other.submit(`${b.base}${link}`, `${b.base}${link}`, {
      password: 'NovyjParol2024',
      password2: 'NovyjParol2024',
    });
    assert.equal(set.status, 200, set.body.slice(0, 300));
    const again = await new Browser().submit(`${a.base}/r/eljur/login`, `${a.base}/r/eljur/login`, {
      login: 'orlova.math',
      password: 'NovyjParol2024',
    });
    assert.ok(again.status === 303, `sign-in with the new password: ${again.status}`);
    await new Promise((r) => setTimeout(r, 1500));
    const resetLetters = to().filter((l) => (l.parsed.text ?? '').includes('/recovery/reset/'));
    assert.equal(resetLetters.length, 1, 'one letter, though both workers poll the outbox');
  });

  test('SMS caps are shared: the phone cap counts what both instances sent', async () => {
    const browser = new Browser();
    assert.equal((await signIn(browser, a)).status, 303);
    const digits = `7916${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const phone = `+${digits}`;
    const statuses: number[] = [];
    for (const at of [a, b, a]) {
      const res = await browser.submit(
        `${at.base}/r/dnevnik/settings/phone`,
        `${at.base}/r/dnevnik/settings/phone`,
        {
          password: PASSWORD,
          phone,
        },
      );
      statuses.push(res.status);
    }
    assert.equal(statuses[2], 429, `the third SMS within the hour: ${statuses.join(' ')}`);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(sms.received.filter((m) => m.phone.replace(/\D/g, '') === digits).length, 2);
  });

  test('an OpenID Connect token issued by one is accepted by the other', async () => {
    const browser = new Browser();
    assert.equal((await signIn(browser, a)).status, 303);
    const auth = new URL(`${a.base}/r/dnevnik/oidc/auth`);
    for (const [k, v] of Object.entries({
      client_id: client.id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid profile',
      state: 'x',
    }))
      auth.searchParams.set(k, v);
    let url = auth.toString();
    let code: string | null = null;
    for (let hops = 0; hops < 10 && !code; hops++) {
      const res = await browser.request(url);
      const location = res.headers.get('location');
      if (location?.startsWith(REDIRECT)) code = new URL(location).searchParams.get('code');
      else if (location) url = new URL(location, url).href;
      else {
        const refresh = /content="0;url=([^"]+)"/.exec(res.body)?.[1];
        assert.ok(refresh, `stuck at ${url}: ${res.status}`);
        url = new URL(refresh.replace(/&amp;/g, '&'), url).href;
      }
    }
    assert.ok(code, 'a code');
    const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
    const token = await fetch(`${a.base}/r/dnevnik/oidc/token`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
      }).toString(),
    });
    const { access_token: accessToken } = (await token.json()) as { access_token?: string };
    assert.ok(accessToken);
    const me = await fetch(`${b.base}/r/dnevnik/oidc/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal(me.status, 200);
    assert.ok(((await me.json()) as { sub?: string }).sub);
    const introspected = await fetch(`${b.base}/r/dnevnik/oidc/token/introspection`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken }).toString(),
    });
    assert.equal(((await introspected.json()) as { active?: boolean }).active, true);
  });

  test('kill -9 of one under load: every answered request is finished by the other, nothing sent twice', async () => {
    const sessions: Browser[] = [];
    const recoveries: { email: string; status: number }[] = [];
    const work = Array.from({ length: UNDER_LOAD }, async (_, i) => {
      const at = i % 2 === 0 ? a : b;
      const browser = new Browser();
      const signedIn = await signIn(browser, at, 'eljur', `load.p${i}`).catch(() => null);
      if (signedIn?.status === 303) sessions.push(browser);
      const form = await browser.request(`${at.base}/r/eljur/recovery`).catch(() => null);
      if (!form) return;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const email = `load.p${i}@instances.test`;
      const asked = await browser
        .request(`${at.base}/r/eljur/recovery/email`, {
          form: { _csrf: csrf, ...solvePow(form.body), email },
        })
        .catch(() => null);
      recoveries.push({ email, status: asked?.status ?? 0 });
    });
    await new Promise((r) => setTimeout(r, 300));
    await a.kill9();
    await Promise.all(work);

    const answered = recoveries.filter((r) => r.status === 200);
    assert.ok(answered.length >= UNDER_LOAD / 2, `B answered its half at least: ${answered.length}`);
    // Every session made before or after the kill is valid on the survivor.
    for (const browser of sessions)
      assert.equal((await browser.request(`${b.base}/r/eljur/whoami`)).status, 200);
    // Every answered recovery's letter arrives (a message A held goes out when its lease runs out).
    const lettersTo = (email: string) =>
      smtp.letters.filter(
        (l) => l.envelopeTo.includes(email) && (l.parsed.text ?? '').includes('/recovery/reset/'),
      );
    await until(() => answered.every((r) => lettersTo(r.email).length >= 1), 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    const twice = answered.filter((r) => lettersTo(r.email).length > 1);
    assert.ok(twice.length <= 1, `sent twice: ${twice.map((r) => r.email).join(', ')}`);
    assert.ok(!/"level":50/.test(b.stderr()), `the survivor logged errors: ${b.stderr().slice(0, 500)}`);
  });
});

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
