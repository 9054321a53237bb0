/** Which payloads UserInfo may answer from columns (userinfo-columns.ts), and what it keeps of them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdapterPayload } from 'oidc-provider';
import { userinfoColumns } from './userinfo-columns.js';

const JTI = 'Ad_wDMCLsLnEpd7dP9T06dnoobgcN1oTp3hA5BFrQeq';
/** An access token's payload as oidc-provider writes it for a code exchange. */
const TOKEN: AdapterPayload = {
  iat: 1796503350,
  exp: 1796504250,
  accountId: 'b2PI97vQcGiMYvF4r7gJVQ',
  expiresWithSession: true,
  grantId: 'HQwG6-N-gG8Q2Ub99X6NhtyiC2iR2QN2reU7EVirk_d',
  gty: 'authorization_code',
  sessionUid: '28VLcAv60luZ-asMBlrwrQpgei97mN7mJd334VFL08S',
  kind: 'AccessToken',
  jti: JTI,
  clientId: '7ab414f7ee927ccf37da914e',
  scope: 'openid profile',
};
const GRANT: AdapterPayload = {
  iat: 1796503350,
  exp: 1828039350,
  accountId: 'b2PI97vQcGiMYvF4r7gJVQ',
  clientId: '7ab414f7ee927ccf37da914e',
  kind: 'Grant',
  jti: 'HQwG6-N-gG8Q2Ub99X6NhtyiC2iR2QN2reU7EVirk_d',
  openid: { scope: 'openid profile' },
};
const NOT_PLAIN = { userinfo_plain: null, userinfo_scope: null, userinfo_until: null };

test('a plain token and a plain grant keep their scope and their own expiry in milliseconds', () => {
  assert.deepEqual(userinfoColumns('AccessToken', JTI, TOKEN), {
    userinfo_plain: 1,
    userinfo_scope: 'openid profile',
    userinfo_until: 1796504250_000,
  });
  assert.deepEqual(userinfoColumns('Grant', String(GRANT.jti), GRANT), {
    userinfo_plain: 1,
    userinfo_scope: 'openid profile',
    userinfo_until: 1828039350_000,
  });
  const { exp: _exp, ...forever } = GRANT;
  assert.equal(userinfoColumns('Grant', 'g', forever).userinfo_until, null, 'a grant without exp');
  assert.equal(userinfoColumns('Grant', 'g', forever).userinfo_plain, 1);
});

test('a token with anything UserInfo must not answer alone is not plain', () => {
  const variants: [string, AdapterPayload, string?][] = [
    ['another id', TOKEN, 'someone-else'],
    ['another kind', { ...TOKEN, kind: 'RefreshToken' }],
    ['nbf', { ...TOKEN, nbf: 1796503350 }],
    ['an audience', { ...TOKEN, aud: 'https://api.example' }],
    ['a claims request', { ...TOKEN, claims: { userinfo: { email: null } } }],
    ['a DPoP key', { ...TOKEN, jkt: 'thumbprint' }],
    ['a certificate', { ...TOKEN, 'x5t#S256': 'thumbprint' }],
    ['a JWT', { ...TOKEN, format: 'jwt' }],
    ['no scope', { ...TOKEN, scope: undefined }],
    ['no exp', { ...TOKEN, exp: undefined }],
    ['exp as text', { ...TOKEN, exp: '1796504250' } as unknown as AdapterPayload],
    ['no iat', { ...TOKEN, iat: undefined }],
    ['no application', { ...TOKEN, clientId: undefined }],
    ['no person (client credentials)', { ...TOKEN, accountId: undefined }],
  ];
  for (const [what, payload, id] of variants) {
    assert.deepEqual(userinfoColumns('AccessToken', id ?? JTI, payload), NOT_PLAIN, what);
  }
  assert.deepEqual(userinfoColumns('ClientCredentials', JTI, TOKEN), NOT_PLAIN, 'another model');
  assert.deepEqual(userinfoColumns('RefreshToken', JTI, TOKEN), NOT_PLAIN, 'a refresh token');
});

test('a grant with a rejection, without an OpenID scope or with a strange exp is not plain', () => {
  const variants: [string, AdapterPayload][] = [
    ['rejected claims', { ...GRANT, rejected: { openid: { claims: ['email'] } } }],
    ['no OpenID part', { ...GRANT, openid: undefined }],
    ['an OpenID part without scope', { ...GRANT, openid: { claims: ['email'] } }],
    ['exp as text', { ...GRANT, exp: 'soon' } as unknown as AdapterPayload],
    ['no application', { ...GRANT, clientId: undefined }],
    ['no person', { ...GRANT, accountId: undefined }],
  ];
  for (const [what, payload] of variants)
    assert.deepEqual(userinfoColumns('Grant', 'g', payload), NOT_PLAIN, what);
});
