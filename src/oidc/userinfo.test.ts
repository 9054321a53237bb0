/**
 * UserInfo's fast path (userinfo.ts) against oidc-provider itself, on SQLite and PostgreSQL: for
 * the same token, `GET` (the fast path) and `POST` with the same header (always the provider)
 * answer the same bytes, for every scope set; the fast path steps aside (null) in every case that
 * is not plain, and then the provider's own answer is what the client gets — a revoked, expired
 * or withdrawn token, a removed application, a blocked person, another realm's token stay 401.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  addClient,
  type OidcHarness,
  PETROV,
  type RegisteredClient,
  relyingParty,
  signIn,
  startOidcHarness,
  VOLKOVA,
} from '../../test/support/oidc.js';
import { TTL } from './provider.js';
import { fastUserinfo, planFor } from './userinfo.js';

for (const dialect of DIALECTS) {
  describe(`UserInfo fast path on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: OidcHarness;
    let rp: RegisteredClient;
    let config: client.Configuration;
    const realmOf = async (id: string) => {
      const realm = await h.services.realms.find(id);
      assert.ok(realm);
      return realm;
    };
    const fast = () =>
      fastUserinfo(h.services.db, h.clock, h.services.oidc.clients, h.services.handle.direct);
    const plainGet = (token: string) => ({
      method: 'GET',
      url: '/r/dnevnik/oidc/me',
      headers: { authorization: `Bearer ${token}` },
    });
    const call = (
      token: string,
      init: { method?: string; realm?: string; headers?: Record<string, string> } = {},
    ) =>
      fetch(`${h.issuer(init.realm ?? 'dnevnik')}/oidc/me`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, ...init.headers },
      });
    const tokenFor = async (
      registered: RegisteredClient,
      who: { readonly login: string; readonly password: string } = VOLKOVA,
      params: Record<string, string> = {},
    ) => {
      const rpConfig = registered === rp ? config : await relyingParty(h, 'dnevnik', registered);
      return (await signIn(new Agent(), rpConfig, registered, who, params)).tokens.access_token;
    };

    before(async () => {
      h = await startOidcHarness(dialect.name);
      rp = await addClient(h, {
        realmId: 'dnevnik',
        scopes: ['openid', 'profile', 'email', 'phone', 'school', 'snils', 'offline_access'],
      });
      config = await relyingParty(h, 'dnevnik', rp);
    });
    after(async () => h.close());

    test('the same bytes as the provider for every scope set, and it was the fast path', async () => {
      const dnevnik = await realmOf('dnevnik');
      for (const [who, scope] of [
        [VOLKOVA, 'openid'],
        [VOLKOVA, 'openid profile'],
        [VOLKOVA, 'openid email phone'],
        [PETROV, 'openid profile email phone school'],
        [PETROV, 'openid snils profile'],
        [VOLKOVA, 'openid offline_access school'],
      ] as const) {
        const token = await tokenFor(rp, who, { scope });
        assert.ok(await fast().answer(dnevnik, plainGet(token)), `${scope}: answered by the fast path`);
        const get = await call(token);
        const post = await call(token, { method: 'POST' });
        assert.equal(get.status, 200, scope);
        assert.equal(post.status, 200, scope);
        assert.equal(await get.text(), await post.text(), `${who.login} ${scope}`);
        assert.equal(get.headers.get('content-type'), post.headers.get('content-type'));
        assert.equal(get.headers.get('cache-control'), 'no-store');
      }
      const parent = await (await call(await tokenFor(rp, PETROV, { scope: 'openid school' }))).json();
      assert.equal(
        (parent as { children: unknown[] }).children.length,
        2,
        'the children with the school scope',
      );
    });

    test('whatever is not plain goes to the provider, which answers it as before', async () => {
      const dnevnik = await realmOf('dnevnik');
      const token = await tokenFor(rp, VOLKOVA, { scope: 'openid profile' });
      const cases: [string, { method: string; url: string; headers: Record<string, string> }][] = [
        ['POST', { ...plainGet(token), method: 'POST' }],
        ['a query string', { ...plainGet(token), url: `/r/dnevnik/oidc/me?scope=openid` }],
        [
          'a browser origin',
          { ...plainGet(token), headers: { ...plainGet(token).headers, origin: 'https://x.example' } },
        ],
        ['a DPoP proof', { ...plainGet(token), headers: { ...plainGet(token).headers, dpop: 'x.y.z' } }],
        ['lower-case scheme', { ...plainGet(token), headers: { authorization: `bearer ${token}` } }],
        ['not a token', plainGet('nope')],
        ['a token of another length', plainGet(`${token}A`)],
        ['no header', { ...plainGet(token), headers: {} }],
      ];
      for (const [what, request] of cases) assert.equal(await fast().answer(dnevnik, request), null, what);
      assert.equal(await fast().answer(await realmOf('eljur'), plainGet(token)), null, 'another realm');
      assert.equal((await call(token, { realm: 'eljur' })).status, 401, 'another realm’s issuer refuses it');
      const claims = JSON.stringify({ userinfo: { email: null } });
      const asked = await tokenFor(rp, VOLKOVA, { scope: 'openid', claims });
      assert.equal(await fast().answer(dnevnik, plainGet(asked)), null, 'a claims request');
      const viaProvider = (await (await call(asked)).json()) as Record<string, unknown>;
      assert.equal(viaProvider.email, 'volkova@demo.example', 'the provider still answers it');

      const pairwise = await addClient(h, {
        realmId: 'dnevnik',
        pairwise: true,
        redirectUris: ['https://p.example/cb'],
      });
      const pairwiseToken = await tokenFor(pairwise);
      assert.equal(await fast().answer(dnevnik, plainGet(pairwiseToken)), null, 'pairwise subjects');
      const pairwiseInfo = (await (await call(pairwiseToken)).json()) as { sub: string };
      const person = await h.services.people.findByLogin('dnevnik', VOLKOVA.login);
      assert.notEqual(pairwiseInfo.sub, person?.id, 'the provider gives the pairwise subject');
    });

    test('a token or grant written before its UserInfo columns goes to the provider', async () => {
      const dnevnik = await realmOf('dnevnik');
      for (const model of ['AccessToken', 'Grant'] as const) {
        const token = await tokenFor(rp, VOLKOVA, { scope: 'openid profile' });
        const fastAnswer = await fast().answer(dnevnik, plainGet(token));
        assert.ok(fastAnswer, `${model}: plain when written now`);
        const row = await h.services.db
          .selectFrom('oidc_payloads')
          .select(['grant_id', 'userinfo_scope'])
          .where('realm_id', '=', 'dnevnik')
          .where('model', '=', 'AccessToken')
          .where('id', '=', token)
          .executeTakeFirstOrThrow();
        assert.equal(row.userinfo_scope, 'openid profile');
        // As migration 0021 leaves the rows that were already there.
        const columns = { userinfo_plain: null, userinfo_scope: null, userinfo_until: null };
        await h.services.db
          .updateTable('oidc_payloads')
          .set(columns)
          .where('realm_id', '=', 'dnevnik')
          .where('model', '=', model)
          .where('id', '=', model === 'AccessToken' ? token : String(row.grant_id))
          .execute();
        assert.equal(await fast().answer(dnevnik, plainGet(token)), null, `${model}: to the provider`);
        const res = await call(token);
        assert.equal(res.status, 200, model);
        assert.deepEqual(await res.json(), fastAnswer, `${model}: the provider gives the same claims`);
      }
    });

    test('revoked, withdrawn, expired, removed, blocked: 401 from the provider, never claims', async () => {
      const dnevnik = await realmOf('dnevnik');
      const refused = async (token: string, what: string) => {
        assert.equal(await fast().answer(dnevnik, plainGet(token)), null, what);
        const res = await call(token);
        assert.equal(res.status, 401, what);
        assert.match(String(res.headers.get('www-authenticate')), /error="invalid_token"/, what);
      };
      const revoked = await tokenFor(rp);
      await client.tokenRevocation(config, revoked);
      await refused(revoked, 'revoked by the application (RFC 7009)');

      const withdrawn = await tokenFor(rp);
      const volkova = await h.services.people.findByLogin('dnevnik', VOLKOVA.login);
      assert.ok(volkova);
      assert.ok(await h.services.oidc.revokeAccess('dnevnik', volkova.id, rp.clientId));
      await refused(withdrawn, '«Отозвать доступ»');

      const other = await addClient(h, { realmId: 'dnevnik', redirectUris: ['https://gone.example/cb'] });
      const orphan = await tokenFor(other);
      assert.ok(await fast().answer(dnevnik, plainGet(orphan)));
      assert.ok(await h.services.oidc.removeClient('dnevnik', other.clientId));
      await refused(orphan, 'the application removed');

      const blockedToken = await tokenFor(rp, PETROV);
      const petrov = await h.services.people.findByLogin('dnevnik', PETROV.login);
      assert.ok(petrov);
      await h.services.people.setStatus(petrov.id, 'blocked');
      try {
        await refused(blockedToken, 'the person blocked');
      } finally {
        await h.services.people.setStatus(petrov.id, 'active');
      }

      const expiring = await tokenFor(rp);
      assert.ok(await fast().answer(dnevnik, plainGet(expiring)));
      h.clock.advance(TTL.AccessToken * 1000 + 1000);
      await refused(expiring, 'expired');
    });
  });
}

test('the plan of a grant’s and a token’s scopes: the grant’s order, each claim once, kept', () => {
  const plan = planFor('openid school profile email snils', 'email openid profile');
  assert.ok(plan);
  assert.equal(plan.scope, 'openid profile email', 'in the grant’s order, only what the token holds');
  assert.equal(plan.school, false);
  assert.deepEqual(plan.claims.slice(0, 4), ['sub', 'acr', 'amr', 'auth_time']);
  assert.ok(plan.claims.includes('family_name') && plan.claims.includes('email_verified'));
  assert.equal(new Set(plan.claims).size, plan.claims.length, 'each claim once');
  assert.equal(
    JSON.stringify(plan.pick({ email: 'e@example.org', snils: '11223344595', sub: 's', family_name: null })),
    '{"sub":"s","family_name":null,"email":"e@example.org"}',
    'the plan’s claims the person has, in the plan’s order; nothing the scopes do not give',
  );
  assert.equal(planFor('openid school profile email snils', 'email openid profile'), plan, 'kept');
  assert.equal(planFor('openid profile', 'profile'), null, 'no openid in the token: no plan');
  assert.equal(planFor('openid profile', 'profile'), null, 'kept as none');
  assert.equal(planFor('openid school', 'openid school')?.school, true);
});
