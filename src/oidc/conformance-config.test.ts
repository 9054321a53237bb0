/**
 * Config OP conformance: the discovery document of each realm's issuer (oidcc-discovery-endpoint-
 * verification), its JWKS, and a key rotation seen from outside — the new keys published before
 * they sign, then signing, the old ones published until what they signed has expired.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  addClient,
  type OidcHarness,
  relyingParty,
  signIn,
  startOidcHarness,
  VOLKOVA,
} from '../../test/support/oidc.js';
import { ACTIVATION_DELAY_MS, RELOAD_MS, RETIRED_PUBLISHED_MS } from './keys.js';

interface Jwks {
  keys: { kid: string; kty: string; alg: string; use: string; key_ops?: string[]; d?: string }[];
}

for (const dialect of DIALECTS) {
  describe(`Config OP conformance on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: OidcHarness;
    before(async () => {
      h = await startOidcHarness(dialect.name);
    });
    after(async () => h.close());

    const json = async <T>(url: string): Promise<T> => {
      const response = await fetch(url);
      assert.equal(response.status, 200, url);
      return (await response.json()) as T;
    };

    test('oidcc-discovery-endpoint-verification: one issuer per realm, what it supports', async () => {
      for (const realm of ['dnevnik', 'eljur', 'recycle']) {
        const issuer = h.issuer(realm);
        const d = await json<Record<string, unknown>>(`${issuer}/.well-known/openid-configuration`);
        assert.equal(d.issuer, issuer);
        for (const endpoint of [
          'authorization_endpoint',
          'token_endpoint',
          'userinfo_endpoint',
          'jwks_uri',
          'introspection_endpoint',
          'revocation_endpoint',
          'end_session_endpoint',
        ]) {
          assert.ok(String(d[endpoint]).startsWith(`${issuer}/oidc/`), `${realm}: ${endpoint}`);
        }
        assert.deepEqual(d.response_types_supported, ['code']);
        assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
        assert.deepEqual(d.subject_types_supported, ['public', 'pairwise']);
        assert.deepEqual([...(d.token_endpoint_auth_methods_supported as string[])].sort(), [
          'client_secret_basic',
          'client_secret_post',
          'none',
          'private_key_jwt',
        ]);
        assert.deepEqual([...(d.id_token_signing_alg_values_supported as string[])].sort(), [
          'ES256',
          'RS256',
        ]);
        for (const scope of [
          'openid',
          'profile',
          'email',
          'phone',
          'school',
          'snils',
          'iin',
          'offline_access',
        ]) {
          assert.ok((d.scopes_supported as string[]).includes(scope), scope);
        }
        for (const claim of [
          'family_name',
          'given_name',
          'middle_name',
          'birthdate',
          'memberships',
          'children',
        ]) {
          assert.ok((d.claims_supported as string[]).includes(claim), claim);
        }
        assert.equal(d.backchannel_logout_supported, true);
        assert.equal(d.backchannel_logout_session_supported, true);
        assert.deepEqual(d.acr_values_supported, [
          'urn:propusk:acr:password',
          'urn:propusk:acr:gosuslugi',
          'urn:propusk:acr:signature',
          'urn:propusk:acr:second-factor',
        ]);
        assert.deepEqual(d.ui_locales_supported, ['ru', 'en', 'kk']);
        assert.ok(!(d.grant_types_supported as string[]).includes('implicit'));
      }
    });

    test('JWKS: an ES256 and an RS256 key, public parts only', async () => {
      const jwks = await json<Jwks>(`${h.issuer('dnevnik')}/oidc/jwks`);
      assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
      assert.ok(jwks.keys.every((k) => k.d === undefined && k.use === 'sig'));
    });

    test('a rotation: published first, signing a minute later, the old key published a while after', async () => {
      const rp = await addClient(h, { realmId: 'dnevnik' });
      const config = await relyingParty(h, 'dnevnik', rp);
      const kidOf = (idToken: string): string =>
        (JSON.parse(Buffer.from(idToken.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;
      const before = kidOf((await signIn(new Agent(), config, rp, VOLKOVA)).tokens.id_token ?? '');

      await h.services.oidc.keys.rotate();
      h.clock.advance(RELOAD_MS);
      const published = await json<Jwks>(`${h.issuer('dnevnik')}/oidc/jwks`);
      assert.equal(published.keys.length, 4);
      assert.equal(kidOf((await signIn(new Agent(), config, rp, VOLKOVA)).tokens.id_token ?? ''), before);

      h.clock.advance(ACTIVATION_DELAY_MS);
      const after = kidOf((await signIn(new Agent(), config, rp, VOLKOVA)).tokens.id_token ?? '');
      assert.notEqual(after, before);
      const both = await json<Jwks>(`${h.issuer('dnevnik')}/oidc/jwks`);
      const old = both.keys.find((k) => k.kid === before);
      assert.deepEqual(old?.key_ops, ['verify'], 'the old key verifies, does not sign');

      h.clock.advance(RETIRED_PUBLISHED_MS);
      const later = await json<Jwks>(`${h.issuer('dnevnik')}/oidc/jwks`);
      assert.equal(later.keys.length, 2);
      assert.ok(!later.keys.some((k) => k.kid === before));
    });
  });
}
