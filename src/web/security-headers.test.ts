/**
 * Which security headers an answer carries: a page the whole set (its CSP naming the page's own
 * script, style and form sources); a route that answers JSON only (the session check, UserInfo,
 * the admin API) the lean set, signed in or refused alike — a CSP that allows nothing and no
 * framing, nosniff, same-origin resources, no referrer, no-store and the request id — and never
 * a page's CSP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { type Harness, startHarness } from '../../test/support/harness.js';

const LEAN = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
const PAGE_ONLY = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

function assertLean(res: LightMyRequestResponse, what: string): void {
  for (const [name, value] of Object.entries(LEAN))
    assert.equal(res.headers[name], value, `${what}: ${name}`);
  assert.match(String(res.headers['x-request-id']), /\S/, `${what}: x-request-id`);
  for (const name of PAGE_ONLY) assert.equal(res.headers[name], undefined, `${what}: no ${name}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, `${what}: JSON`);
}

describe('security headers: pages the whole set, JSON routes the lean one', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  test('a page carries every header and its own CSP', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/r/dnevnik/login' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    for (const name of PAGE_ONLY) assert.ok(page.headers[name], `page: ${name}`);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    // A page that is not found is a page too.
    const missing = await h.app.inject({ method: 'GET', url: '/r/dnevnik/no-such-page' });
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-security-policy']), /script-src 'self'/);
  });

  test('the session check, without a cookie or with a forged one, carries the lean set', async () => {
    const refused = await h.app.inject({ method: 'GET', url: '/r/dnevnik/whoami' });
    assert.equal(refused.statusCode, 401);
    assertLean(refused, 'whoami 401');
    const forged = await h.app.inject({
      method: 'GET',
      url: '/r/dnevnik/whoami',
      headers: { cookie: `propusk_session_dnevnik=${'A'.repeat(43)}` },
    });
    assert.equal(forged.statusCode, 401);
    assertLean(forged, 'whoami with a forged cookie');
    // An unknown realm: the same headers, and the refusal in JSON, not a page they cannot style.
    const realm = await h.app.inject({ method: 'GET', url: '/r/no-such-realm/whoami' });
    assert.equal(realm.statusCode, 404);
    assertLean(realm, 'whoami in an unknown realm');
    assert.equal((realm.json() as { error: string }).error, 'realm_not_found');
  });

  test('UserInfo and the admin API carry the lean set', async () => {
    const userinfo = await h.app.inject({
      method: 'GET',
      url: '/r/dnevnik/oidc/me',
      headers: { authorization: 'Bearer not-a-token' },
    });
    assert.equal(userinfo.statusCode, 401);
    assertLean(userinfo, 'userinfo 401');
    const api = await h.app.inject({ method: 'GET', url: '/api/admin/v1/people' });
    assert.equal(api.statusCode, 401);
    assertLean(api, 'admin API 401');
    const document = await h.app.inject({ method: 'GET', url: '/api/admin/v1/openapi.json' });
    assert.equal(document.statusCode, 200);
    assertLean(document, 'the OpenAPI document');
  });
});
