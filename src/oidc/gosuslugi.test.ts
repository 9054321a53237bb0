/**
 * A relying application signs a person in through Propusk who chooses «Войти через госуслуги»,
 * on SQLite and PostgreSQL: openid-client over real HTTP, the realm's sign-in page, the region,
 * the ESIA simulator (its password and SMS code), back to the application's sign-in. The ID
 * token says `acr` urn:propusk:acr:gosuslugi and `amr` ["gosuslugi"]. A demand for a second
 * factor (`acr_values` urn:propusk:acr:second-factor) is not met by Gosuslugi's own sign-in
 * (docs/SECURITY.md): after ESIA the person sets up Propusk's app (a step-up of the Gosuslugi
 * session) and the token says `amr` gosuslugi, otp, mfa.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as client from 'openid-client';
import { DIALECTS } from '../../test/support/databases.js';
import { walkSimulator } from '../../test/support/esia.js';
import {
  Agent,
  actionOf,
  addClient,
  authorizationRequest,
  exchange,
  type OidcHarness,
  type RegisteredClient,
  relyingParty,
  type Step,
  startOidcHarness,
} from '../../test/support/oidc.js';
import { checkEsiaConfig } from '../esia/config.js';
import { type RunningSimulator, startSimulator } from '../esia/sim/start.js';
import { codeAt } from '../factors/totp.js';

const GOSUSLUGI = 'urn:propusk:acr:gosuslugi';
const SECOND = 'urn:propusk:acr:second-factor';

for (const dialect of DIALECTS) {
  describe(`an application's sign-in through Gosuslugi on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: OidcHarness;
    let sim: RunningSimulator;
    let rp: RegisteredClient;
    let config: client.Configuration;

    before(async () => {
      h = await startOidcHarness(dialect.name);
      sim = await startSimulator({
        dir: mkdtempSync(join(tmpdir(), 'esia-oidc-')),
        host: '127.0.0.1',
        port: 0,
        propuskBaseUrl: h.baseUrl,
        realmIds: ['dnevnik'],
        showCode: true,
        now: () => h.clock.now(),
      });
      const checked = checkEsiaConfig(sim.esiaConfig, h.baseUrl);
      assert.ok(checked.ok);
      h.services.esia.configure(checked.realms);
      rp = await addClient(h, { realmId: 'dnevnik' });
      config = await relyingParty(h, 'dnevnik', rp);
    });
    after(async () => {
      await sim?.close();
      await h?.close();
    });

    function back(step: Step): URL {
      assert.ok(
        step.location?.startsWith(rp.redirectUri),
        `${step.status} ${step.url}\n${step.body.slice(0, 400)}`,
      );
      return new URL(step.location ?? '');
    }

    /** From the realm's sign-in page: «Войти через госуслуги», the region, ESIA, back to Propusk. */
    async function throughGosuslugi(agent: Agent, signinPage: Step, login: string): Promise<Step> {
      const href = /<a class="button gosuslugi-button" href="([^"]+)"/.exec(signinPage.body)?.[1];
      assert.ok(href, 'the sign-in page offers «Войти через госуслуги»');
      const regions = await agent.follow(new URL(href.replace(/&amp;/g, '&'), h.baseUrl).href);
      assert.match(regions.body, /Выберите Ваш регион/);
      assert.match(regions.body, /name="return" value="\/r\/dnevnik\/interaction\//);
      const region = /<option value="([^"]+)"/.exec(regions.body)?.[1] as string;
      const start = await agent.request(new URL(actionOf(regions.body), h.baseUrl).href, {
        form: { ...hiddenOf(regions.body), region },
      });
      assert.equal(start.status, 303);
      assert.ok(start.location?.startsWith(`${sim.url}/aas/oauth2/v2/ac?`), start.location ?? '');
      const callback = await walkSimulator(sim, start.location as string, login);
      assert.ok(callback.startsWith(`${h.baseUrl}/r/dnevnik/esia/callback?`), callback);
      return agent.follow(callback, rp.redirectUri);
    }

    test('the ID token says acr gosuslugi and amr gosuslugi; single sign-on gives the same', async () => {
      const agent = new Agent();
      const request = await authorizationRequest(config, rp);
      const page = await agent.follow(request.url.href, rp.redirectUri);
      assert.match(page.body, /name="password"/);
      const tokens = await exchange(config, back(await throughGosuslugi(agent, page, 'standard')), request);
      assert.equal(tokens.claims()?.acr, GOSUSLUGI);
      assert.deepEqual(tokens.claims()?.amr, ['gosuslugi']);

      const again = await authorizationRequest(config, rp);
      const sso = await exchange(config, back(await agent.follow(again.url.href, rp.redirectUri)), again);
      assert.equal(sso.claims()?.acr, GOSUSLUGI);
      assert.deepEqual(sso.claims()?.amr, ['gosuslugi']);
      assert.equal(sso.claims()?.sub, tokens.claims()?.sub);
      const events = await h.services.audit.listForRealm('dnevnik', 50);
      assert.ok(events.some((e) => e.action === 'esia.signin_succeeded'));
    });

    test('acr_values naming Gosuslugi is met by a Gosuslugi sign-in', async () => {
      const agent = new Agent();
      const request = await authorizationRequest(config, rp, { acr_values: GOSUSLUGI });
      const page = await agent.follow(request.url.href, rp.redirectUri);
      const tokens = await exchange(config, back(await throughGosuslugi(agent, page, 'confirmed')), request);
      assert.equal(tokens.claims()?.acr, GOSUSLUGI);
    });

    test('registered through the wizard on the way: «Перейти в Дневник.ру» goes on to the application', async () => {
      const agent = new Agent();
      const request = await authorizationRequest(config, rp);
      const page = await agent.follow(request.url.href, rp.redirectUri);
      const personal = await throughGosuslugi(agent, page, 'wizard');
      assert.match(personal.url, /\/esia\/register\/personal$/, personal.url);
      const W = `${h.baseUrl}/r/dnevnik/esia/register`;
      const security = await agent.submit(personal, `${W}/personal`, {
        gender: 'female',
        birthDate: '1987-12-02',
      });
      assert.match(security.url, /\/security$/);
      const password = await agent.submit(security, `${W}/security`, {
        email: 'zaytseva@demo.example',
        phone: '',
        back: '', // the page's «Назад» form has a hidden field of its own
      });
      assert.match(password.url, /\/password$/);
      const great = await agent.submit(password, `${W}/password`, {
        password: 'Solnce-Luna-4817',
        password2: 'Solnce-Luna-4817',
        accept: 'on',
        back: '',
      });
      assert.match(great.body, /Отлично!/);
      const go = /<a class="button primary" href="([^"]+)">Перейти в Дневник.ру/.exec(great.body)?.[1];
      assert.ok(go?.startsWith('/r/dnevnik/interaction/'), go);
      const tokens = await exchange(
        config,
        back(await agent.follow(new URL((go ?? '').replace(/&amp;/g, '&'), h.baseUrl).href, rp.redirectUri)),
        request,
      );
      assert.equal(tokens.claims()?.acr, GOSUSLUGI);
      // A return that is not an application's sign-in of this realm is not offered.
      const elsewhere = await agent.request(
        `${W}/done?return=${encodeURIComponent('https://evil.example/')}`,
      );
      assert.match(elsewhere.body, /href="\/r\/dnevnik\/profile">Перейти в Дневник.ру/);
    });

    test("a demand for a second factor: Gosuslugi's own sign-in is not one; the app is set up, then back", async () => {
      const agent = new Agent();
      const request = await authorizationRequest(config, rp, { acr_values: SECOND });
      const page = await agent.follow(request.url.href, rp.redirectUri);
      const enrol = await throughGosuslugi(agent, page, 'rsa');
      assert.match(
        enrol.url,
        /\/r\/dnevnik\/login\/step\//,
        `the step-up page, not the application: ${enrol.url}`,
      );
      const key = (/<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1] ?? '').replace(
        / /g,
        '',
      );
      assert.ok(key.length >= 16, enrol.body.slice(0, 400));
      const codes = await agent.submit(enrol, actionOf(enrol.body), { code: codeAt(key, h.clock.now()) });
      assert.match(codes.body, /Коды восстановления/);
      const next = /<a class="button primary" href="([^"]+)"/.exec(codes.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(next?.startsWith('/r/dnevnik/interaction/'), next);
      const tokens = await exchange(
        config,
        back(await agent.follow(new URL(next ?? '', h.baseUrl).href, rp.redirectUri)),
        request,
      );
      assert.equal(tokens.claims()?.acr, SECOND);
      assert.deepEqual(tokens.claims()?.amr, ['gosuslugi', 'otp', 'mfa']);
    });
  });
}

function hiddenOf(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    if (m[1]) fields[m[1]] = (m[2] ?? '').replace(/&amp;/g, '&');
  return fields;
}
