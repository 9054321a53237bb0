/**
 * The provider's request context on Node 20 (provider-context.ts): off between provider
 * requests, so the rest of the service does not pay its promise hooks, and on for every provider
 * request however many run at once — sign-ins with code exchanges, refreshes, UserInfo through
 * the provider and discovery, all at once, each answered as alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import als from 'oidc-provider/lib/helpers/als.js';
import * as client from 'openid-client';
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
import { hooksCostPromises, providerRequestsInFlight } from './provider-context.js';

/** Node 20's AsyncLocalStorage says whether it is enabled (its promise hooks with it). */
const enabled = (): boolean | undefined => (als as unknown as { enabled?: boolean }).enabled;

describe('the provider request context', () => {
  let h: OidcHarness;
  let rp: RegisteredClient;
  let config: client.Configuration;

  before(async () => {
    h = await startOidcHarness('sqlite');
    rp = await addClient(h, { realmId: 'dnevnik', scopes: ['openid', 'profile', 'offline_access'] });
    config = await relyingParty(h, 'dnevnik', rp);
  });
  after(async () => h.close());

  test('Node 20: disabled once a provider request has finished', {
    skip: hooksCostPromises ? false : 'Node 22 and later: the context costs no promise hooks',
  }, async () => {
    const res = await fetch(`${h.issuer('dnevnik')}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    assert.equal(providerRequestsInFlight(), 0);
    assert.equal(enabled(), false, 'the context storage is off between provider requests');
  });

  test('Node 22 and later: left alone', {
    skip: hooksCostPromises ? 'Node 20: the context is switched off between requests' : false,
  }, async () => {
    const res = await fetch(`${h.issuer('dnevnik')}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(providerRequestsInFlight(), 0);
  });

  test('provider requests at once each keep their context, and it is off after the last', async () => {
    const flow = async (i: number) => {
      const who = i % 2 === 0 ? VOLKOVA : PETROV;
      const { tokens } = await signIn(new Agent(), config, rp, who, {
        scope: 'openid profile offline_access',
        prompt: 'consent',
      });
      const claims = tokens.claims();
      assert.ok(claims?.sub, 'an ID token with a subject');
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      assert.ok(refreshed.access_token);
      // POST goes to the provider (the fast path takes GET only).
      const me = await fetch(`${h.issuer('dnevnik')}/oidc/me`, {
        method: 'POST',
        headers: { authorization: `Bearer ${refreshed.access_token}` },
      });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { sub: string }).sub, claims?.sub);
    };
    const discovery = async () => {
      const res = await fetch(`${h.issuer('dnevnik')}/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { issuer: string }).issuer, h.issuer('dnevnik'));
    };
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => flow(i)),
      ...Array.from({ length: 20 }, discovery),
    ]);
    assert.equal(providerRequestsInFlight(), 0);
    if (hooksCostPromises) assert.equal(enabled(), false);
  });
});
