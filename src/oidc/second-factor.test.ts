/**
 * Relying applications and the second factor (factors/, oidc/acr.ts), on SQLite and PostgreSQL:
 * `acr_values=urn:propusk:acr:second-factor` from someone without a factor leads, after the
 * password, to setting up the app (a step-up of this session) and back; someone with the app
 * gives a code after the password; the ID token says `acr` second-factor and `amr` pwd, otp,
 * mfa; a password-only session is not enough for the demand but is for a plain request.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Agent,
  actionOf,
  authorizationRequest,
  exchange,
  relyingPartySuite,
  type Step,
  VOLKOVA,
} from '../../test/support/oidc.js';
import { codeAt } from '../factors/totp.js';

const SECOND = 'urn:propusk:acr:second-factor';

for (const dialect of DIALECTS) {
  describe(`acr_values and the second factor on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = relyingPartySuite(dialect.name);
    let key = '';

    function back(step: Step): URL {
      const { rp } = suite();
      assert.ok(
        step.location?.startsWith(rp.redirectUri),
        `${step.status} ${step.url}\n${step.body.slice(0, 400)}`,
      );
      return new URL(step.location ?? '');
    }

    test('a demand for a second factor from someone without one: the password, then the app is set up, then back', async () => {
      const { h, rp, config } = suite();
      const agent = new Agent();
      const request = await authorizationRequest(config, rp, { acr_values: SECOND });
      const page = await agent.follow(request.url.href, rp.redirectUri);
      assert.match(page.body, /name="password"/);
      const enrol = await agent.submit(page, actionOf(page.body), VOLKOVA, rp.redirectUri);
      assert.match(enrol.url, /\/r\/dnevnik\/login\/step\//, 'the step-up page');
      key = (/<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1] ?? '').replace(/ /g, '');
      assert.ok(key.length >= 16);
      const codes = await agent.submit(enrol, actionOf(enrol.body), { code: codeAt(key, h.clock.now()) });
      assert.equal(codes.status, 200);
      assert.match(codes.body, /Коды восстановления/);
      const next = /<a class="button primary" href="([^"]+)"/.exec(codes.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(next?.startsWith('/r/dnevnik/interaction/'), next);
      const callback = back(await agent.follow(new URL(next ?? '', h.baseUrl).href, rp.redirectUri));
      const tokens = await exchange(config, callback, request);
      assert.equal(tokens.claims()?.acr, SECOND);
      assert.deepEqual(tokens.claims()?.amr, ['pwd', 'otp', 'mfa']);

      // Single sign-on from the same browser: the session now has its second factor.
      const again = await authorizationRequest(config, rp, { acr_values: SECOND });
      const sso = await exchange(config, back(await agent.follow(again.url.href, rp.redirectUri)), again);
      assert.equal(sso.claims()?.acr, SECOND);
    });

    test('with the app: the code after the password, for a demand and for a plain request alike', async () => {
      const { h, rp, config } = suite();
      h.clock.advance(60_000);
      const asked: Record<string, string>[] = [{ acr_values: SECOND }, {}];
      for (const params of asked) {
        h.clock.advance(60_000);
        const agent = new Agent();
        const request = await authorizationRequest(config, rp, params);
        const page = await agent.follow(request.url.href, rp.redirectUri);
        const code = await agent.submit(page, actionOf(page.body), VOLKOVA, rp.redirectUri);
        assert.match(code.body, /Введите шестизначный код/);
        const wrong = await agent.submit(code, actionOf(code.body), { code: '12345' }, rp.redirectUri);
        assert.equal(wrong.status, 400, 'five digits are not a code');
        const done = await agent.submit(
          code,
          actionOf(code.body),
          { code: codeAt(key, h.clock.now()) },
          rp.redirectUri,
        );
        const tokens = await exchange(config, back(done), request);
        assert.equal(tokens.claims()?.acr, SECOND);
        assert.deepEqual(tokens.claims()?.amr, ['pwd', 'otp', 'mfa']);
      }
    });

    test('a password-only session answers a plain request but not a demand for the second factor', async () => {
      const { rp, config } = suite();
      const petrov = { login: 'petrov.misha', password: 'Raketa-7731' };
      const agent = new Agent();
      const plain = await authorizationRequest(config, rp);
      const page = await agent.follow(plain.url.href, rp.redirectUri);
      const tokens = await exchange(
        config,
        back(await agent.submit(page, actionOf(page.body), petrov, rp.redirectUri)),
        plain,
      );
      assert.equal(tokens.claims()?.acr, 'urn:propusk:acr:password');
      assert.deepEqual(tokens.claims()?.amr, ['pwd']);
      const demand = await authorizationRequest(config, rp, { acr_values: SECOND });
      const asked = await agent.follow(demand.url.href, rp.redirectUri);
      assert.match(asked.body, /name="password"/, 'the password again (a fresh sign-in for the demand)');
      const stepUp = await agent.submit(asked, actionOf(asked.body), petrov, rp.redirectUri);
      assert.match(stepUp.body, /Отсканируйте QR-код/, 'then the app is set up');
    });
  });
}
