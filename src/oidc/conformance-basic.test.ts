/**
 * The realm's provider against what the OpenID Foundation's Basic OP conformance modules check,
 * one test per module (named after it), with openid-client as the relying party over real HTTP,
 * on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  addClient,
  authorizationRequest,
  authorize,
  exchange,
  type OidcHarness,
  PETROV,
  type RegisteredClient,
  refusal,
  relyingParty,
  signIn,
  startOidcHarness,
  VOLKOVA,
} from '../../test/support/oidc.js';

for (const dialect of DIALECTS) {
  describe(`Basic OP conformance on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: OidcHarness;
    let rp: RegisteredClient;
    let config: client.Configuration;

    before(async () => {
      h = await startOidcHarness(dialect.name);
      rp = await addClient(h, {
        realmId: 'dnevnik',
        scopes: ['openid', 'profile', 'email', 'phone', 'school', 'offline_access'],
      });
      config = await relyingParty(h, 'dnevnik', rp);
    });
    after(async () => h.close());

    test('oidcc-server: code flow, ID token checked by the client, userinfo for the same subject', async () => {
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA);
      const idToken = tokens.claims();
      assert.ok(idToken);
      assert.equal(idToken.iss, h.issuer('dnevnik'));
      assert.equal(idToken.aud, rp.clientId);
      assert.equal(idToken.acr, 'urn:propusk:acr:password');
      assert.deepEqual(idToken.amr, ['pwd']);
      assert.equal(typeof idToken.auth_time, 'number');
      // Scope-requested claims go to userinfo, not the ID token (there is an access token).
      assert.equal(idToken.family_name, undefined);
      const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      assert.equal(info.sub, idToken.sub);
      assert.equal(info.family_name, 'Волкова');
      assert.equal(info.name, 'Волкова Екатерина Александровна');
      assert.equal(info.snils, undefined);
      const issued = (await h.services.audit.listForRealm('dnevnik', 50)).find(
        (e) => e.action === 'oidc.token_issued',
      );
      assert.equal(issued?.subjectId, idToken.sub, 'the audit names whose tokens were issued');
      assert.equal(issued?.detail.client_id, rp.clientId);
      assert.equal(issued?.detail.grant_type, 'authorization_code');
    });

    test('oidcc-server-client-secret-post: the client authenticates with client_secret_post', async () => {
      const posting = await addClient(h, { realmId: 'dnevnik', authMethod: 'client_secret_post' });
      const postConfig = await relyingParty(
        h,
        'dnevnik',
        posting,
        client.ClientSecretPost(posting.secret ?? ''),
      );
      const { tokens } = await signIn(new Agent(), postConfig, posting, VOLKOVA);
      assert.ok(tokens.access_token);
    });

    test('oidcc-response-type-missing: no response_type is refused to the client', async () => {
      const request = await authorizationRequest(config, rp);
      request.url.searchParams.delete('response_type');
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      assert.equal(callback.searchParams.get('error'), 'invalid_request');
      assert.equal(callback.searchParams.get('state'), request.state);
    });

    test('oidcc-userinfo-get, oidcc-userinfo-post-header, oidcc-userinfo-post-body', async () => {
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA, { scope: 'openid email' });
      const userinfo = `${h.issuer('dnevnik')}/oidc/me`;
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const get = await fetch(userinfo, { headers: bearer });
      const postHeader = await fetch(userinfo, { method: 'POST', headers: bearer });
      const postBody = await fetch(userinfo, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ access_token: tokens.access_token }).toString(),
      });
      for (const response of [get, postHeader, postBody]) {
        assert.equal(response.status, 200);
        const body = (await response.json()) as Record<string, unknown>;
        assert.equal(body.email, 'volkova@demo.example');
        assert.equal(body.email_verified, true);
        assert.equal(body.family_name, undefined, 'profile was not asked for');
      }
    });

    test('oidcc-ensure-request-without-nonce-succeeds-for-code-flow', async () => {
      const request = await authorizationRequest(config, rp);
      request.url.searchParams.delete('nonce');
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      });
      assert.equal(tokens.claims()?.nonce, undefined);
    });

    test('oidcc-scope-profile, oidcc-scope-email, oidcc-scope-phone, oidcc-scope-all', async () => {
      const agent = new Agent();
      const expect = async (scope: string, present: string[], absent: string[]) => {
        const { tokens } = await signIn(agent, config, rp, VOLKOVA, { scope });
        const info = await client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
        for (const claim of present) assert.ok(info[claim] !== undefined, `${scope}: ${claim}`);
        for (const claim of absent) assert.equal(info[claim], undefined, `${scope}: ${claim}`);
      };
      await expect(
        'openid profile',
        ['family_name', 'given_name', 'middle_name', 'name', 'birthdate', 'gender', 'locale'],
        ['email', 'phone_number'],
      );
      await expect('openid email', ['email', 'email_verified'], ['family_name', 'phone_number']);
      await expect('openid phone', ['phone_number', 'phone_number_verified'], ['email', 'name']);
      await expect('openid profile email phone', ['name', 'email', 'phone_number'], ['memberships', 'snils']);
    });

    test('oidcc-ensure-other-scope-order-succeeds', async () => {
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA, { scope: 'email openid' });
      const info = await client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
      assert.equal(info.email, 'volkova@demo.example');
    });

    test('oidcc-ensure-request-with-unknown-parameter-succeeds', async () => {
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA, { extra: 'foobar' });
      assert.ok(tokens.access_token);
    });

    test('oidcc-ensure-request-with-valid-pkce-succeeds; a wrong verifier is invalid_grant', async () => {
      const request = await authorizationRequest(config, rp);
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      const wrong = { ...request, verifier: client.randomPKCECodeVerifier() };
      assert.equal(await refusal(exchange(config, callback, wrong)), 'invalid_grant');
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA);
      assert.ok(tokens.access_token);
    });

    test('oidcc-codereuse: a code used twice is refused and what it issued is revoked', async () => {
      const request = await authorizationRequest(config, rp);
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      const tokens = await exchange(config, callback, request);
      const sub = tokens.claims()?.sub ?? '';
      assert.ok(await client.fetchUserInfo(config, tokens.access_token, sub));
      assert.equal(await refusal(exchange(config, callback, request)), 'invalid_grant');
      assert.equal(await refusal(client.fetchUserInfo(config, tokens.access_token, sub)), 'invalid_token');
    });

    test('oidcc-codereuse-30seconds: a code used again later is refused too', async () => {
      const request = await authorizationRequest(config, rp);
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      const tokens = await exchange(config, callback, request);
      h.clock.advance(30_000);
      assert.equal(await refusal(exchange(config, callback, request)), 'invalid_grant');
      assert.equal(
        await refusal(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)),
        'invalid_token',
      );
    });

    test('an expired code is invalid_grant', async () => {
      const request = await authorizationRequest(config, rp);
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      h.clock.advance(61_000);
      assert.equal(await refusal(exchange(config, callback, request)), 'invalid_grant');
    });

    test('racing exchanges of one code: one wins at most, and a loser revokes what it issued', async () => {
      const request = await authorizationRequest(config, rp);
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => exchange(config, callback, request)));
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.ok(won.length <= 1, `${won.length} exchanges of one code succeeded`);
      for (const r of won) {
        assert.equal(
          await refusal(client.fetchUserInfo(config, r.value.access_token, client.skipSubjectCheck)),
          'invalid_token',
        );
      }
    });

    test('oidcc-ensure-registered-redirect-uri: an unregistered redirect_uri is a page, not a redirect', async () => {
      const request = await authorizationRequest(config, rp, { redirect_uri: 'https://rp.example/other' });
      const step = await new Agent().follow(request.url.href);
      assert.equal(step.status, 400);
      assert.equal(step.location, null);
      assert.match(step.body, /адрес возврата/);
      assert.match(step.body, /data-error="invalid_redirect_uri"/);
    });

    test('oidcc-ensure-redirect-uri-in-authorization-request: no redirect_uri is refused', async () => {
      const request = await authorizationRequest(config, rp);
      request.url.searchParams.delete('redirect_uri');
      const step = await new Agent().follow(request.url.href);
      assert.equal(step.status, 400);
      assert.equal(step.location, null);
      assert.match(step.body, /data-error="invalid_request"/);
    });

    test('oidcc-refresh-token: rotation, and a reused refresh token revokes the family', async () => {
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA, {
        scope: 'openid offline_access',
        prompt: 'consent',
      });
      const first = tokens.refresh_token;
      assert.ok(first);
      const refreshed = await client.refreshTokenGrant(config, first);
      assert.ok(refreshed.refresh_token && refreshed.refresh_token !== first, 'rotated');
      assert.equal(refreshed.claims()?.sub, tokens.claims()?.sub);
      assert.equal(await refusal(client.refreshTokenGrant(config, first)), 'invalid_grant');
      // The reuse revoked the family: the rotated token and its access token are dead too.
      assert.equal(await refusal(client.refreshTokenGrant(config, refreshed.refresh_token)), 'invalid_grant');
      assert.equal(
        await refusal(client.fetchUserInfo(config, refreshed.access_token, client.skipSubjectCheck)),
        'invalid_token',
      );
    });

    test('oidcc-claims-essential: a claim asked for by the claims parameter reaches userinfo', async () => {
      const claims = JSON.stringify({ userinfo: { name: { essential: true } } });
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA, { scope: 'openid', claims });
      const info = await client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
      assert.equal(info.name, 'Волкова Екатерина Александровна');
    });

    test('the school scope: memberships with organisation, role and class; a parent gets the children', async () => {
      const { tokens } = await signIn(new Agent(), config, rp, PETROV, { scope: 'openid school' });
      const info = await client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
      const memberships = info.memberships as { organisation: Record<string, unknown>; role: string }[];
      assert.equal(memberships[0]?.role, 'parent');
      assert.equal(memberships[0]?.organisation.name, 'ГБОУ Школа № 1535');
      assert.equal(memberships[0]?.organisation.number, '1535');
      assert.deepEqual(memberships[0]?.organisation.region, { code: '77', name: 'Москва' });
      const children = info.children as {
        given_name: string;
        sub: string;
        memberships: { class: string }[];
      }[];
      assert.deepEqual(children.map((c) => c.given_name).sort(), ['Анна', 'Михаил']);
      assert.ok(children.every((c) => c.sub.length > 0 && c.memberships[0]?.class));
    });
  });
}
