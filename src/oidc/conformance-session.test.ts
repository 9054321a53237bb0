/**
 * The sign-in step of an application's sign-in: prompt, max_age, id_token_hint, login_hint,
 * ui_locales, acr_values (named after the Basic OP conformance modules), single sign-on into a
 * second application, the consent page of a third-party application, a temporary password.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  actionOf,
  addClient,
  authorizationRequest,
  authorize,
  exchange,
  relyingParty,
  relyingPartySuite,
  signIn,
  VOLKOVA,
} from '../../test/support/oidc.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const dialect of DIALECTS) {
  describe(`sign-in step (Basic OP conformance) on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = relyingPartySuite(dialect.name);

    test('oidcc-prompt-none-not-logged-in: login_required, back to the client with the state', async () => {
      const { rp, config } = suite();
      const request = await authorizationRequest(config, rp, { prompt: 'none' });
      const callback = await authorize(new Agent(), request, rp);
      assert.equal(callback.searchParams.get('error'), 'login_required');
      assert.equal(callback.searchParams.get('state'), request.state);
    });

    test('oidcc-prompt-none-logged-in: no page, a code for the same person', async () => {
      const { rp, config } = suite();
      const agent = new Agent();
      const first = await signIn(agent, config, rp, VOLKOVA);
      const second = await signIn(agent, config, rp, undefined, { prompt: 'none' });
      assert.equal(second.tokens.claims()?.sub, first.tokens.claims()?.sub);
    });

    test('oidcc-prompt-login: the password is asked again although signed in', async () => {
      const { rp, config } = suite();
      const agent = new Agent();
      await signIn(agent, config, rp, VOLKOVA);
      const request = await authorizationRequest(config, rp, { prompt: 'login' });
      const page = await agent.follow(request.url.href, rp.redirectUri);
      assert.match(page.body, /name="password"/, 'the sign-in page is shown');
      await assert.rejects(authorize(agent, request, rp), /no redirect back/);
      const callback = await authorize(agent, request, rp, VOLKOVA);
      assert.ok((await exchange(config, callback, request)).access_token);
    });

    test('oidcc-max-age-1: after more than a second, the password is asked again', async () => {
      const { rp, config } = suite();
      const agent = new Agent();
      const first = await signIn(agent, config, rp, VOLKOVA);
      await sleep(1_500);
      const request = await authorizationRequest(config, rp, { max_age: '1' });
      const page = await agent.follow(request.url.href, rp.redirectUri);
      assert.match(page.body, /name="password"/);
      const callback = await authorize(agent, request, rp, VOLKOVA);
      const tokens = await exchange(config, callback, request);
      const authTime = tokens.claims()?.auth_time ?? 0;
      assert.ok(authTime > (first.tokens.claims()?.auth_time ?? 0) - 1);
    });

    test('oidcc-max-age-10000: within the age, no password again', async () => {
      const { rp, config } = suite();
      const agent = new Agent();
      await signIn(agent, config, rp, VOLKOVA);
      const { tokens } = await signIn(agent, config, rp, undefined, { max_age: '10000' });
      assert.equal(typeof tokens.claims()?.auth_time, 'number');
    });

    test('oidcc-id-token-hint: prompt=none with the ID token as hint gives the same subject', async () => {
      const { rp, config } = suite();
      const agent = new Agent();
      const first = await signIn(agent, config, rp, VOLKOVA);
      const idToken = first.tokens.id_token ?? '';
      const again = await signIn(agent, config, rp, undefined, { prompt: 'none', id_token_hint: idToken });
      assert.equal(again.tokens.claims()?.sub, first.tokens.claims()?.sub);
    });

    test('oidcc-login-hint: the sign-in page comes with the login filled in', async () => {
      const { rp, config } = suite();
      const request = await authorizationRequest(config, rp, { login_hint: 'ekaterinavolkov' });
      const page = await new Agent().follow(request.url.href, rp.redirectUri);
      assert.match(page.body, /name="login"[^>]*value="ekaterinavolkov"/);
    });

    test('oidcc-ui-locales: the pages follow ui_locales when no language was chosen', async () => {
      const { rp, config } = suite();
      const request = await authorizationRequest(config, rp, { ui_locales: 'kk-KZ ru' });
      const page = await new Agent().follow(request.url.href, rp.redirectUri);
      assert.match(page.body, /<html lang="kk">/);
    });

    test('oidcc-ensure-request-with-acr-values-succeeds; a class the realm cannot give is refused', async () => {
      const { rp, config } = suite();
      const { tokens } = await signIn(new Agent(), config, rp, VOLKOVA, {
        acr_values: 'urn:propusk:acr:password urn:example:other',
      });
      assert.equal(tokens.claims()?.acr, 'urn:propusk:acr:password');
      const request = await authorizationRequest(config, rp, { acr_values: 'urn:example:unknown-class' });
      const callback = await authorize(new Agent(), request, rp, VOLKOVA);
      assert.equal(callback.searchParams.get('error'), 'unmet_authentication_requirements');
    });

    test('single sign-on: a second application signs in without the password', async () => {
      const { h, rp, config } = suite();
      const agent = new Agent();
      const first = await signIn(agent, config, rp, VOLKOVA);
      const other = await addClient(h, { realmId: 'dnevnik', name: 'Второе приложение' });
      const otherConfig = await relyingParty(h, 'dnevnik', other);
      const { tokens } = await signIn(agent, otherConfig, other, undefined);
      assert.equal(tokens.claims()?.sub, first.tokens.claims()?.sub);
    });

    test('a Propusk sign-in without any application before is single sign-on too', async () => {
      const { h, rp, config } = suite();
      const agent = new Agent();
      const login = await agent.request(`${h.baseUrl}/r/dnevnik/login`);
      await agent.submit(login, '/r/dnevnik/login', VOLKOVA);
      const { tokens } = await signIn(agent, config, rp, undefined);
      assert.ok(tokens.access_token);
    });

    test('a third-party application shows what it will get; «Разрешить» once, not again', async () => {
      const { h } = suite();
      const third = await addClient(h, { realmId: 'dnevnik', firstParty: false, name: 'Портфолио' });
      const thirdConfig = await relyingParty(h, 'dnevnik', third);
      const agent = new Agent();
      const request = await authorizationRequest(thirdConfig, third, { scope: 'openid profile email' });
      let page = await agent.follow(request.url.href, third.redirectUri);
      page = await agent.submit(page, actionOf(page.body), VOLKOVA, third.redirectUri);
      assert.match(page.body, /Приложение «Портфолио» просит доступ/);
      assert.match(page.body, /Фамилия, имя, отчество, дата рождения и пол/);
      assert.match(page.body, /Адрес электронной почты/);
      const back = await agent.submit(page, actionOf(page.body), { decision: 'allow' }, third.redirectUri);
      assert.ok(back.location);
      const tokens = await exchange(thirdConfig, new URL(back.location), request);
      assert.ok(tokens.access_token);
      // Another browser, the same scopes: no consent page (remembered), only the password.
      const again = await signIn(new Agent(), thirdConfig, third, VOLKOVA, { scope: 'openid email' });
      assert.ok(again.tokens.access_token);
      const events = await h.services.audit.listForRealm('dnevnik', 200);
      assert.ok(
        events.some((e) => e.action === 'oidc.consent_granted' && e.detail.client_id === third.clientId),
      );
    });

    test('«Отказать» on the consent page: access_denied to the application', async () => {
      const { h } = suite();
      const third = await addClient(h, { realmId: 'dnevnik', firstParty: false, name: 'Чужое приложение' });
      const thirdConfig = await relyingParty(h, 'dnevnik', third);
      const agent = new Agent();
      const request = await authorizationRequest(thirdConfig, third);
      let page = await agent.follow(request.url.href, third.redirectUri);
      page = await agent.submit(page, actionOf(page.body), VOLKOVA, third.redirectUri);
      const back = await agent.submit(page, actionOf(page.body), { decision: 'deny' }, third.redirectUri);
      const callback = new URL(back.location ?? '');
      assert.equal(callback.searchParams.get('error'), 'access_denied');
      const events = await h.services.audit.listForRealm('dnevnik', 200);
      assert.ok(
        events.some((e) => e.action === 'oidc.consent_refused' && e.detail.client_id === third.clientId),
      );
    });

    test('a temporary password: «Новый пароль» first, then back to the application', async () => {
      const { rp, config } = suite();
      const agent = new Agent();
      const request = await authorizationRequest(config, rp);
      let page = await agent.follow(request.url.href, rp.redirectUri);
      page = await agent.submit(
        page,
        actionOf(page.body),
        { login: 'novikov.artem', password: 'vremya-7K3p' },
        rp.redirectUri,
      );
      assert.match(page.body, /Новый пароль/);
      const back = await agent.submit(
        page,
        actionOf(page.body),
        { password: 'Sovsem-Novyi-Parol-77', password2: 'Sovsem-Novyi-Parol-77' },
        rp.redirectUri,
      );
      assert.ok(back.location?.startsWith(rp.redirectUri), back.body.slice(0, 300));
      assert.ok((await exchange(config, new URL(back.location ?? ''), request)).access_token);
    });
  });
}
