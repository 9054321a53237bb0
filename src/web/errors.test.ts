/**
 * The project's own error handling and logging: an unexpected error is a localised 500 page (or
 * JSON when asked) with no internals and is logged with its detail; passwords and tokens never
 * reach the log; every response carries a request id; health and readiness answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, type Harness, startHarness } from '../../test/support/harness.js';

describe('errors, logs and health', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', {
      app: {
        extraRoutes: (app) => {
          app.get('/test/throws', async () => {
            throw new Error('secret internal detail: table people is on fire');
          });
        },
      },
    });
  });
  after(async () => {
    await h?.close();
  });

  test('an unexpected error renders a localised 500 page without internals and is logged', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/test/throws' });
    assert.equal(res.statusCode, 500);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.ok(res.body.includes('Произошла внутренняя ошибка'));
    assert.ok(!res.body.includes('on fire'));
    assert.ok(!res.body.includes('at '), 'no stack trace');
    const line = h
      .logs()
      .split('\n')
      .find((l) => l.includes('on fire'));
    assert.ok(line, 'the detail is in the log');
    const entry = JSON.parse(line) as { level: number; reqId: string; err: { stack: string } };
    assert.equal(entry.level, 50);
    assert.ok(entry.reqId);
    assert.match(entry.err.stack, /errors\.test/);
  });

  test('JSON clients get JSON errors, in their language', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/test/throws',
      headers: { accept: 'application/json', cookie: 'lang=en' },
    });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), {
      error: 'internal',
      message: 'An internal error occurred. We have been notified. Please try again later.',
    });
    const missing = await h.app.inject({
      method: 'GET',
      url: '/nope',
      headers: { accept: 'application/json' },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error, 'not_found');
  });

  test('unknown pages are a localised 404 in the chosen language', async () => {
    const ru = await h.app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(ru.statusCode, 404);
    assert.ok(ru.body.includes('Страница не найдена.'));
    const kk = await h.app.inject({ method: 'GET', url: '/no/such/page', headers: { cookie: 'lang=kk' } });
    assert.ok(kk.body.includes('Бет табылмады.'));
    assert.match(kk.body, /<html lang="kk">/);
  });

  test('passwords, session tokens and CSRF tokens never reach the log', async () => {
    const b = new Browser(h.app, { 'x-request-id': 'test-request-0001' });
    const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
      login: 'ekaterinavolkov',
      password: 'Zvezda-4815',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers['x-request-id'], 'test-request-0001');
    const token = res.cookies.find((c) => c.name === '__Host-propusk_dnevnik')?.value ?? '';
    await b.get('/r/dnevnik/profile?token=abc123secret&code=999111');
    await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
      login: 'x',
      password: 'Another-Secret-77',
    });
    const logs = h.logs();
    assert.ok(logs.includes('test-request-0001'), 'request ids are logged');
    for (const secret of ['Zvezda-4815', 'Another-Secret-77', token, 'abc123secret', '999111']) {
      assert.ok(secret.length > 0 && !logs.includes(secret), `${secret.slice(0, 6)}… leaked into the log`);
    }
    assert.ok(logs.includes('token=[redacted]'));
    for (const line of logs.trim().split('\n')) JSON.parse(line); // JSON lines only
  });

  test('a request id from outside is kept only when it looks like one', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n' },
    });
    assert.notEqual(res.headers['x-request-id'], 'bad id\n');
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('/healthz and /readyz', async () => {
    const live = await h.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ready');
  });

  test('static assets are served with a validator', async () => {
    const css = await h.app.inject({ method: 'GET', url: '/assets/style.css' });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    const again = await h.app.inject({
      method: 'GET',
      url: '/assets/style.css',
      headers: { 'if-none-match': String(css.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    assert.equal((await h.app.inject({ method: 'GET', url: '/assets/..%2Fpackage.json' })).statusCode, 404);
  });
});

describe('readiness when the database is gone', () => {
  test('/readyz answers 503', async () => {
    const h = await startHarness('sqlite', { seed: false });
    try {
      await h.services.handle.close();
      const res = await h.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().status, 'unavailable');
    } finally {
      await h.app.close();
    }
  });
});
