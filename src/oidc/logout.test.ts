/**
 * Logout: RP-initiated logout (named after the conformance modules) with a registered
 * post_logout_redirect_uri only, and Back-Channel Logout 1.0 reaching the applications of a
 * session when it ends — at an application's logout, at «Выйти», when an operator resets the
 * password, at «Завершить все другие сеансы». Also «Отозвать доступ».
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  actionOf,
  addClient,
  authorizationRequest,
  authorize,
  type LogoutReceiver,
  logoutReceiver,
  type OidcHarness,
  type RegisteredClient,
  refusal,
  relyingParty,
  signIn,
  signInToRealm,
  startOidcHarness,
  VOLKOVA,
} from '../../test/support/oidc.js';
import { checkLogin } from '../core/identifiers/login.js';
import { setPasswordByOperator } from '../directory/accounts.js';

const LOGGED_OUT = 'https://rp.example/logged-out';

for (const dialect of DIALECTS) {
  describe(`logout on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: OidcHarness;
    let receiver: LogoutReceiver;
    let rp: RegisteredClient;
    let config: client.Configuration;
    let listening: RegisteredClient;
    let listeningConfig: client.Configuration;

    before(async () => {
      h = await startOidcHarness(dialect.name);
      receiver = await logoutReceiver();
      rp = await addClient(h, { realmId: 'dnevnik', postLogoutRedirectUris: [LOGGED_OUT] });
      config = await relyingParty(h, 'dnevnik', rp);
      listening = await addClient(h, {
        realmId: 'dnevnik',
        name: 'Журнал с выходом',
        redirectUris: ['https://journal.example/cb'],
        backchannelLogoutUri: receiver.url,
      });
      listeningConfig = await relyingParty(h, 'dnevnik', listening);
    });
    after(async () => {
      await h.close();
      await receiver.close();
    });

    /** Signs in to both applications in one browser; returns the listening one's ID token claims. */
    async function signedInToBoth(agent: Agent) {
      const first = await signIn(agent, config, rp, VOLKOVA);
      const second = await signIn(agent, listeningConfig, listening, undefined);
      return { idToken: first.tokens.id_token ?? '', listeningClaims: second.tokens.claims() };
    }

    /** The outbox worker sends the queued logout tokens; the receiver has them then. */
    async function delivered(count: number): Promise<LogoutReceiver['tokens']> {
      await h.services.worker.runOnce();
      assert.equal(receiver.tokens.length, count, `logout tokens received\n${h.logs().slice(-3000)}`);
      return receiver.tokens;
    }

    test('oidcc-rp-initiated-logout (+ back-channel): «Да, выйти» ends everything', async () => {
      receiver.tokens.length = 0;
      const agent = new Agent();
      const { idToken, listeningClaims } = await signedInToBoth(agent);
      const end = client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: LOGGED_OUT,
        state: 'st4te',
      });
      const question = await agent.follow(end.href);
      assert.equal(question.status, 200);
      assert.match(question.body, /Выйти из Дневник\.ру\?/);
      const back = await agent.submit(question, actionOf(question.body), { logout: 'yes' }, LOGGED_OUT);
      assert.equal(back.location, `${LOGGED_OUT}?state=st4te`);
      const [token] = await delivered(1);
      assert.equal(token?.header.typ, 'logout+jwt');
      assert.equal(token?.payload.iss, h.issuer('dnevnik'));
      assert.equal(token?.payload.aud, listening.clientId);
      assert.equal(token?.payload.sub, listeningClaims?.sub);
      assert.equal(token?.payload.sid, listeningClaims?.sid);
      assert.ok(
        (token?.payload.events as Record<string, unknown> | undefined)?.[
          'http://schemas.openid.net/event/backchannel-logout'
        ],
      );
      // Signed out of Propusk too: the next silent request needs a sign-in.
      const profile = await agent.request(`${h.baseUrl}/r/dnevnik/profile`);
      assert.equal(profile.status, 303);
      const silent = await authorizationRequest(config, rp, { prompt: 'none' });
      assert.equal((await authorize(agent, silent, rp)).searchParams.get('error'), 'login_required');
      const events = await h.services.audit.listForRealm('dnevnik', 200);
      assert.ok(events.some((e) => e.action === 'oidc.logout'));
      assert.ok(events.some((e) => e.action === 'oidc.backchannel_logout' && e.detail.delivered === true));
      assert.ok(events.some((e) => e.action === 'signout' && e.detail.via === 'oidc.end_session'));
    });

    test('oidcc-rp-initiated-logout-bad-post-logout-redirect-uri: a page, no redirect', async () => {
      const agent = new Agent();
      const { idToken } = await signedInToBoth(agent);
      const end = client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: 'https://evil.example/',
      });
      const step = await agent.follow(end.href);
      assert.equal(step.status, 400);
      assert.equal(step.location, null);
      assert.match(step.body, /data-error="invalid_request"/);
    });

    test('oidcc-rp-initiated-logout-modified-id-token-hint and a hint from another realm are refused', async () => {
      const agent = new Agent();
      const { idToken } = await signedInToBoth(agent);
      const [header, payload] = idToken.split('.');
      const modified = `${header}.${payload}.${'A'.repeat(43)}`;
      const step = await agent.follow(client.buildEndSessionUrl(config, { id_token_hint: modified }).href);
      assert.equal(step.status, 400);
      // An ID token of dnevnik at eljur's end-session endpoint.
      await addClient(h, { realmId: 'eljur', clientId: rp.clientId });
      const other = await agent.follow(`${h.issuer('eljur')}/oidc/session/end?id_token_hint=${idToken}`);
      assert.equal(other.status, 400);
      assert.match(other.body, /data-error="invalid_request"/);
    });

    test('oidcc-rp-initiated-logout-no-id-token-hint: the question is still asked', async () => {
      const agent = new Agent();
      await signedInToBoth(agent);
      const step = await agent.follow(`${h.issuer('dnevnik')}/oidc/session/end`);
      assert.equal(step.status, 200);
      assert.match(step.body, /Да, выйти/);
    });

    test('«Выйти» in Propusk reaches the application by back-channel', async () => {
      receiver.tokens.length = 0;
      const agent = new Agent();
      await signedInToBoth(agent);
      const profile = await agent.request(`${h.baseUrl}/r/dnevnik/profile`);
      await agent.submit(profile, '/r/dnevnik/logout', {});
      await delivered(1);
    });

    test('an operator resetting the password logs the applications out', async () => {
      receiver.tokens.length = 0;
      const agent = new Agent();
      const { listeningClaims } = await signedInToBoth(agent);
      const realm = await h.services.realms.find('dnevnik');
      const login = checkLogin(VOLKOVA.login);
      const person = login.ok ? await h.services.people.findByLogin('dnevnik', login.normalized) : null;
      assert.ok(realm && person);
      await setPasswordByOperator(h.services, realm, person, VOLKOVA.password, { actorId: null });
      await h.services.worker.runOnce();
      // Every session of the person ended (earlier tests' browsers too): this one is among them.
      assert.ok(receiver.tokens.some((t) => t.payload.sid === listeningClaims?.sid));
    });

    test('«Завершить все другие сеансы» logs out the other browser’s applications only', async () => {
      receiver.tokens.length = 0;
      const mine = new Agent();
      const other = new Agent();
      await signIn(mine, listeningConfig, listening, VOLKOVA);
      const { listeningClaims } = await signedInToBoth(other);
      const settings = await mine.request(`${h.baseUrl}/r/dnevnik/settings`);
      await mine.submit(settings, '/r/dnevnik/settings/sessions/end-others', {});
      const [token] = await delivered(1);
      assert.equal(token?.payload.sid, listeningClaims?.sid);
      // Mine still works silently; the other browser must sign in again.
      assert.ok(
        (await signIn(mine, listeningConfig, listening, undefined, { prompt: 'none' })).tokens.access_token,
      );
      const silent = await authorizationRequest(listeningConfig, listening, { prompt: 'none' });
      assert.equal((await authorize(other, silent, listening)).searchParams.get('error'), 'login_required');
    });

    test('«Отозвать доступ»: the application’s tokens stop working and it asks again', async () => {
      const third = await addClient(h, { realmId: 'dnevnik', firstParty: false, name: 'Портфолио ученика' });
      const thirdConfig = await relyingParty(h, 'dnevnik', third);
      const agent = new Agent();
      const request = await authorizationRequest(thirdConfig, third, {
        scope: 'openid offline_access',
        prompt: 'consent',
      });
      let page = await agent.follow(request.url.href, third.redirectUri);
      page = await agent.submit(page, actionOf(page.body), VOLKOVA, third.redirectUri);
      const back = await agent.submit(page, actionOf(page.body), { decision: 'allow' }, third.redirectUri);
      const tokens = await client.authorizationCodeGrant(thirdConfig, new URL(back.location ?? ''), {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      assert.ok(tokens.refresh_token);
      const apps = await agent.request(`${h.baseUrl}/r/dnevnik/settings/apps`);
      assert.match(apps.body, /Портфолио ученика/);
      const revoked = await agent.submit(apps, '/r/dnevnik/settings/apps/revoke', {
        client_id: third.clientId,
      });
      assert.match(revoked.body, /Доступ приложения «Портфолио ученика» отозван/);
      assert.doesNotMatch(revoked.body, new RegExp(`data-client="${third.clientId}"`));
      assert.equal(
        await refusal(client.refreshTokenGrant(thirdConfig, tokens.refresh_token)),
        'invalid_grant',
      );
      assert.equal(
        await refusal(client.fetchUserInfo(thirdConfig, tokens.access_token, client.skipSubjectCheck)),
        'invalid_token',
      );
      const again = await authorizationRequest(thirdConfig, third);
      const asked = await agent.follow(again.url.href, third.redirectUri);
      assert.match(asked.body, /просит доступ/);
    });

    test('«Отозвать доступ» for an application that has none is a 404 page', async () => {
      const agent = new Agent();
      await signInToRealm(agent, h.baseUrl, 'dnevnik', VOLKOVA);
      const apps = await agent.request(`${h.baseUrl}/r/dnevnik/settings/apps`);
      for (const clientId of ['', 'x'.repeat(300), 'nope', '../etc']) {
        const step = await agent.submit(apps, '/r/dnevnik/settings/apps/revoke', { client_id: clientId });
        assert.equal(step.status, 404, clientId);
        assert.match(step.body, /Такого приложения в списке нет/);
      }
    });
  });
}
