import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, type Harness, startHarness } from '../../test/support/harness.js';

describe('whoami: the session check', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  test('answers who is signed in, as JSON', async () => {
    const b = new Browser(h.app);
    await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
      login: 'ekaterinavolkov',
      password: 'Zvezda-4815',
    });
    const res = await b.get('/r/dnevnik/whoami');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
    const body = res.json() as {
      realm: string;
      person: Record<string, unknown>;
      session: { method: string; createdAt: string; expiresAt: string };
    };
    const person = await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov');
    assert.ok(person);
    // The whole answer, and nothing else (the serializer is compiled from its schema).
    assert.deepEqual(Object.keys(body), ['realm', 'person', 'session']);
    assert.equal(body.realm, 'dnevnik');
    assert.deepEqual(body.person, {
      id: person.id,
      login: 'ekaterinavolkov',
      lastName: 'Волкова',
      firstName: person.first_name,
      middleName: person.middle_name,
      mustChangePassword: false,
    });
    assert.deepEqual(Object.keys(body.session), ['method', 'createdAt', 'expiresAt']);
    assert.equal(body.session.method, 'password');
    assert.match(body.session.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(body.session.expiresAt) > Date.parse(body.session.createdAt));
    assert.ok(!JSON.stringify(body).includes('password_hash'));
  });

  test('401 JSON without a session, with a forged one, or in another realm', async () => {
    for (const cookie of ['', '__Host-propusk_dnevnik=forged', `__Host-propusk_dnevnik=${'A'.repeat(43)}`]) {
      const res = await h.app.inject({ method: 'GET', url: '/r/dnevnik/whoami', headers: { cookie } });
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), { error: 'unauthenticated', message: 'Вы не вошли в систему.' });
    }
    const b = new Browser(h.app);
    await b.submit('/r/dnevnik/login', '/r/dnevnik/login', { login: 'admin1535', password: 'Direktor-2026' });
    assert.equal((await b.get('/r/eljur/whoami')).statusCode, 401);
  });
});
