/**
 * Every bad input an application (or someone pretending to be one) can send, answered with the
 * RFC's error — to the application when its redirect URI is known, on a localised page when a
 * person sees it — and never a 500: unknown client, missing or `plain` PKCE, a wrong secret, a
 * forged or expired private_key_jwt, an id_token_hint of another realm, an unknown scope, a SNILS
 * scope from a client not allowed it. Introspection (RFC 7662) and revocation (RFC 7009) only of
 * the caller's own tokens. SNILS never in an ID token.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import * as client from 'openid-client';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  addClient,
  authorizationRequest,
  authorize,
  PETROV,
  refusal,
  relyingParty,
  relyingPartySuite,
  signIn,
  VOLKOVA,
} from '../../test/support/oidc.js';

function ecKeyPair(): { publicJwk: Record<string, unknown>; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicJwk: { ...publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'k1' },
    privateKey,
  };
}

async function cryptoKey(key: KeyObject): Promise<client.CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'jwk',
    key.export({ format: 'jwk' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
}

for (const dialect of DIALECTS) {
  describe(`refusals on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = relyingPartySuite(dialect.name);

    test('an unknown client: a localised page (400), never a redirect', async () => {
      const { h, rp } = suite();
      for (const clientId of ['nope-nope', '', '../../etc', 'x'.repeat(500)]) {
        const url = new URL(`${h.issuer('dnevnik')}/oidc/auth`);
        url.search = new URLSearchParams({
          client_id: clientId,
          redirect_uri: rp.redirectUri,
          response_type: 'code',
          scope: 'openid',
        }).toString();
        const step = await new Agent().request(url.href);
        assert.equal(step.status, 400, clientId);
        assert.equal(step.location, null);
        assert.match(step.body, /Не удалось войти через Пропуск/);
      }
      const kazakh = new Agent();
      kazakh.cookies.set('lang', 'kk');
      const page = await kazakh.request(
        `${h.issuer('dnevnik')}/oidc/auth?client_id=nope-nope&response_type=code`,
      );
      assert.match(page.body, /Пропуск арқылы кіру мүмкін болмады/);
    });

    test('a public client without PKCE, and plain PKCE from anyone: invalid_request', async () => {
      const { h, rp, config } = suite();
      const pub = await addClient(h, { realmId: 'dnevnik', authMethod: 'none' });
      const pubConfig = await relyingParty(h, 'dnevnik', pub);
      const without = await authorizationRequest(pubConfig, pub);
      without.url.searchParams.delete('code_challenge');
      without.url.searchParams.delete('code_challenge_method');
      assert.equal((await authorize(new Agent(), without, pub)).searchParams.get('error'), 'invalid_request');
      const plain = await authorizationRequest(config, rp, {
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'plain',
      });
      assert.equal((await authorize(new Agent(), plain, rp)).searchParams.get('error'), 'invalid_request');
      // With S256 the public client signs in.
      assert.ok((await signIn(new Agent(), pubConfig, pub, VOLKOVA)).tokens.access_token);
    });

    test('a wrong or missing client secret: invalid_client', async () => {
      const { h, rp, config } = suite();
      const request = await authorizationRequest(config, rp);
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      const wrong = await relyingParty(h, 'dnevnik', rp, client.ClientSecretBasic('wrong-secret'));
      const checks = {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      };
      assert.equal(await refusal(client.authorizationCodeGrant(wrong, callback, checks)), 'invalid_client');
      const none = await relyingParty(h, 'dnevnik', rp, client.None());
      assert.equal(await refusal(client.authorizationCodeGrant(none, callback, checks)), 'invalid_client');
      // The stored value is a hash: presenting the hash itself does not work either.
      const row = await h.services.db
        .selectFrom('oidc_clients')
        .select('secret_hash')
        .where('client_id', '=', rp.clientId)
        .executeTakeFirstOrThrow();
      const hashed = await relyingParty(h, 'dnevnik', rp, client.ClientSecretBasic(row.secret_hash ?? ''));
      assert.equal(await refusal(client.authorizationCodeGrant(hashed, callback, checks)), 'invalid_client');
    });

    test('private_key_jwt: the registered key signs in; a forged or expired assertion is invalid_client', async () => {
      const { h } = suite();
      const key = ecKeyPair();
      const signer = await addClient(h, {
        realmId: 'dnevnik',
        authMethod: 'private_key_jwt',
        jwks: { keys: [key.publicJwk] },
      });
      const good = await relyingParty(
        h,
        'dnevnik',
        signer,
        client.PrivateKeyJwt(await cryptoKey(key.privateKey)),
      );
      assert.ok((await signIn(new Agent(), good, signer, VOLKOVA)).tokens.access_token);

      const request = await authorizationRequest(good, signer);
      const callback = await authorize(new Agent(), request, signer, VOLKOVA);
      const checks = {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      };
      const forged = await relyingParty(
        h,
        'dnevnik',
        signer,
        client.PrivateKeyJwt(await cryptoKey(ecKeyPair().privateKey), {
          [client.modifyAssertion]: (header) => {
            header.kid = 'k1';
          },
        }),
      );
      assert.equal(await refusal(client.authorizationCodeGrant(forged, callback, checks)), 'invalid_client');
      const expired = await relyingParty(
        h,
        'dnevnik',
        signer,
        client.PrivateKeyJwt(await cryptoKey(key.privateKey), {
          [client.modifyAssertion]: (_header, payload) => {
            payload.iat = Math.floor(Date.now() / 1000) - 7200;
            payload.exp = Math.floor(Date.now() / 1000) - 3600;
          },
        }),
      );
      assert.equal(await refusal(client.authorizationCodeGrant(expired, callback, checks)), 'invalid_client');
    });

    test('an id_token_hint of another realm at the authorization endpoint: invalid_request', async () => {
      const { h, rp, config } = suite();
      const eljur = await addClient(h, {
        realmId: 'eljur',
        clientId: rp.clientId,
        redirectUris: [rp.redirectUri],
      });
      const eljurConfig = await relyingParty(h, 'eljur', eljur);
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA);
      const request = await authorizationRequest(eljurConfig, eljur, {
        id_token_hint: tokens.id_token ?? '',
        prompt: 'none',
      });
      assert.equal(
        (await authorize(new Agent(), request, eljur)).searchParams.get('error'),
        'invalid_request',
      );
    });

    test('an unknown scope, and a SNILS scope from a client not allowed it: invalid_scope', async () => {
      const { rp, config } = suite();
      const unknown = await authorizationRequest(config, rp, { scope: 'openid profile admin:all' });
      const first = await authorize(new Agent(), unknown, rp, VOLKOVA);
      assert.equal(first.searchParams.get('error'), 'invalid_scope');
      assert.equal(first.searchParams.get('state'), unknown.state);
      const snils = await authorizationRequest(config, rp, { scope: 'openid snils' });
      assert.equal(
        (await authorize(new Agent(), snils, rp, VOLKOVA)).searchParams.get('error'),
        'invalid_scope',
      );
    });

    test('SNILS to a client allowed it, only from userinfo, never in the ID token', async () => {
      const { h, rp, config } = suite();
      const allowed = await addClient(h, { realmId: 'dnevnik', scopes: ['openid', 'profile', 'snils'] });
      const allowedConfig = await relyingParty(h, 'dnevnik', allowed);
      const claims = JSON.stringify({ id_token: { snils: { essential: true } } });
      const { tokens } = await signIn(new Agent(), allowedConfig, allowed, PETROV, {
        scope: 'openid snils',
        claims,
      });
      assert.equal(tokens.claims()?.snils, undefined);
      const info = await client.fetchUserInfo(allowedConfig, tokens.access_token, client.skipSubjectCheck);
      assert.equal(info.snils, '11223344494');
      // Without the scope, the claims parameter does not get it either.
      const other = await signIn(new Agent(), config, rp, PETROV, {
        scope: 'openid',
        claims: JSON.stringify({ userinfo: { snils: null } }),
      });
      const plain = await client.fetchUserInfo(config, other.tokens.access_token, client.skipSubjectCheck);
      assert.equal(plain.snils, undefined);
    });

    test('pairwise subjects differ per client and stay stable; public ones are the same', async () => {
      const { h, rp, config } = suite();
      const a = await addClient(h, {
        realmId: 'dnevnik',
        pairwise: true,
        redirectUris: ['https://a.example/cb'],
      });
      const b = await addClient(h, {
        realmId: 'dnevnik',
        pairwise: true,
        redirectUris: ['https://b.example/cb'],
      });
      const agent = new Agent();
      const subA = (await signIn(agent, await relyingParty(h, 'dnevnik', a), a, VOLKOVA)).tokens.claims()
        ?.sub;
      const subA2 = (await signIn(agent, await relyingParty(h, 'dnevnik', a), a, undefined)).tokens.claims()
        ?.sub;
      const subB = (await signIn(agent, await relyingParty(h, 'dnevnik', b), b, undefined)).tokens.claims()
        ?.sub;
      const subPublic = (await signIn(agent, config, rp, undefined)).tokens.claims()?.sub;
      assert.equal(subA, subA2);
      assert.notEqual(subA, subB);
      assert.notEqual(subA, subPublic);
    });

    test('introspection and revocation: active, then revoked; another client learns nothing', async () => {
      const { h, rp, config } = suite();
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA);
      const active = await client.tokenIntrospection(config, tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(active.client_id, rp.clientId);
      const other = await addClient(h, { realmId: 'dnevnik' });
      const otherConfig = await relyingParty(h, 'dnevnik', other);
      assert.equal((await client.tokenIntrospection(otherConfig, tokens.access_token)).active, false);
      await client.tokenRevocation(otherConfig, tokens.access_token);
      assert.equal(
        (await client.tokenIntrospection(config, tokens.access_token)).active,
        true,
        'not revoked by another',
      );
      await client.tokenRevocation(config, tokens.access_token);
      assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false);
    });

    test('the token endpoint refuses JSON bodies, unknown grants and garbage with the RFC errors', async () => {
      const { h, rp } = suite();
      const token = `${h.issuer('dnevnik')}/oidc/token`;
      const basic = `Basic ${Buffer.from(`${rp.clientId}:${rp.secret}`).toString('base64')}`;
      const post = (body: string, type: string) =>
        fetch(token, { method: 'POST', headers: { authorization: basic, 'content-type': type }, body });
      const json = await post('{"grant_type":"authorization_code"}', 'application/json');
      assert.equal(json.status, 400);
      assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
      const unknownGrant = await post(
        'grant_type=password&username=a&password=b',
        'application/x-www-form-urlencoded',
      );
      assert.equal(((await unknownGrant.json()) as { error: string }).error, 'unsupported_grant_type');
      const noCode = await post(
        'grant_type=authorization_code&code=x&redirect_uri=https%3A%2F%2Frp.example%2Fcallback',
        'application/x-www-form-urlencoded',
      );
      assert.equal(((await noCode.json()) as { error: string }).error, 'invalid_grant');
      const huge = await post(
        `grant_type=authorization_code&code=${'a'.repeat(70_000)}`,
        'application/x-www-form-urlencoded',
      );
      assert.ok(huge.status >= 400 && huge.status < 500, `huge body: ${huge.status}`);
      const badUserinfo = await fetch(`${h.issuer('dnevnik')}/oidc/me`, {
        headers: { authorization: 'Bearer nope' },
      });
      assert.equal(badUserinfo.status, 401);
    });

    test('an unknown realm is our 404 for every provider endpoint', async () => {
      const { h } = suite();
      for (const path of ['/.well-known/openid-configuration', '/oidc/auth', '/oidc/token', '/oidc/jwks']) {
        const response = await fetch(`${h.baseUrl}/r/no-such-realm${path}`);
        assert.equal(response.status, 404, path);
      }
    });
  });
}
