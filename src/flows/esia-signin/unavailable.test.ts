/**
 * «Войти через госуслуги» through the operator's external signer command and when ESIA or the
 * signer fails, on SQLite and PostgreSQL: a whole sign-in signed by a separate process
 * (test/support/esia-signer-command.ts); a signer that is missing, exits non-zero, hangs or
 * writes garbage, at the start and at the token exchange; ESIA down at the start, at the
 * callback's token exchange and at the person resource. The person gets the localised
 * «Госуслуги недоступны» page with 424 (503 when our own signer fails), never a 500; the
 * operator's log and the audit say why.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import {
  configureEsia,
  esiaAddress,
  simulatorFor,
  walkSimulator,
  withSignerCommand,
} from '../../../test/support/esia.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';
import { type RunningSimulator, startSimulator } from '../../esia/sim/start.js';

for (const dialect of DIALECTS) {
  describe(`Gosuslugi through a signer command, and unavailable, on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let h: Harness;
    let sim: RunningSimulator;
    before(async () => {
      h = await startHarness(dialect.name);
      sim = await simulatorFor(h, { slowMs: 1500, timeoutMs: 700 });
    });
    after(async () => {
      await sim.close();
      await h.close();
    });

    async function start(b: Browser) {
      const page = await b.get('/r/dnevnik/esia/region');
      assert.equal(page.statusCode, 200);
      const region = /<option value="([^"]+)"/.exec(page.body)?.[1] as string;
      return b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
    }

    async function audited(reason: string): Promise<boolean> {
      const events = await h.services.audit.listForRealm('dnevnik', 200);
      return events.some((e) => e.action === 'esia.signin_failed' && e.detail.reason === reason);
    }

    test('a whole sign-in signed by the external command, in either byte order', async () => {
      for (const mode of ['openssl', 'cryptopro']) {
        configureEsia(h, sim, (v) => withSignerCommand(v, { mode }));
        const b = new Browser(h.app);
        const back = new URL(await walkSimulator(sim, esiaAddress(await start(b)), 'standard'));
        const res = await b.get(`${back.pathname}${back.search}`);
        assert.equal(res.statusCode, 303, `${mode}: ${res.body.slice(0, 300)}`);
        assert.equal(res.headers.location, '/r/dnevnik/profile');
        assert.equal((await b.get('/r/dnevnik/profile')).statusCode, 200);
      }
      configureEsia(h, sim);
    });

    test('a broken signer at the start: «Госуслуги недоступны», 503, the reason in the log', async () => {
      const cases: [Parameters<typeof withSignerCommand>[1], string][] = [
        [{ command: ['/nonexistent/csptest', '-sfsign'] }, 'the signer command was not found'],
        [{ mode: 'exit' }, 'exited with code 3: csptest: key container not found'],
        [{ mode: 'sleep', timeoutMs: 300 }, 'did not finish within 300 ms'],
        [{ mode: 'garbage' }, 'does not verify with our certificate'],
      ];
      for (const [options, reason] of cases) {
        configureEsia(h, sim, (v) => withSignerCommand(v, options));
        const res = await start(new Browser(h.app));
        assert.equal(res.statusCode, 503, reason);
        assert.match(res.body, /Госуслуги недоступны/);
        assert.match(res.body, /временно недоступен по техническим причинам/);
        assert.doesNotMatch(res.body, /csptest|signer/, 'the operator detail stays in the log');
        assert.ok(h.logs().includes(reason), `the log says: ${reason}`);
      }
      assert.ok(await audited('start:signer'));
      const english = new Browser(h.app);
      english.cookies.set('lang', 'en');
      const en = await start(english);
      assert.equal(en.statusCode, 503);
      assert.match(en.body, /Gosuslugi is unavailable/);
      configureEsia(h, sim);
    });

    test('a signer that breaks between the start and the token exchange: 503 at the callback', async () => {
      const b = new Browser(h.app);
      const back = new URL(await walkSimulator(sim, esiaAddress(await start(b)), 'standard'));
      configureEsia(h, sim, (v) => withSignerCommand(v, { mode: 'exit' }));
      const res = await b.get(`${back.pathname}${back.search}`);
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /Госуслуги недоступны/);
      assert.ok(await audited('token:signer'));
      configureEsia(h, sim);
    });

    test('ESIA down at the start, at the token exchange and at the person resource', async () => {
      const down = await startSimulator({
        dir: mkdtempSync(join(tmpdir(), 'esia-down-')),
        host: '127.0.0.1',
        port: 0,
        propuskBaseUrl: 'https://propusk.test',
        realmIds: ['dnevnik'],
        showCode: true,
        now: () => h.clock.now(),
      });
      configureEsia(h, down);
      const b = new Browser(h.app);
      const back = new URL(await walkSimulator(down, esiaAddress(await start(b)), 'standard'));
      await down.close();
      const exchange = await b.get(`${back.pathname}${back.search}`);
      assert.equal(exchange.statusCode, 424);
      assert.match(exchange.body, /Госуслуги недоступны/);
      assert.match(exchange.body, /Портал госуслуг сейчас недоступен/);
      assert.ok(await audited('token:unreachable'));

      configureEsia(h, down); // a new client: nothing remembered of ESIA answering before
      const atStart = await start(new Browser(h.app));
      assert.equal(atStart.statusCode, 424);
      assert.match(atStart.body, /Портал госуслуг сейчас недоступен/);
      assert.equal(atStart.headers['retry-after'], '60');
      assert.ok(await audited('start:unreachable'));
      assert.match(h.logs(), /ESIA start failed: unreachable/);

      configureEsia(h, sim, (v) => ({ ...v, timeoutMs: 700 }));
      for (const [login, status] of [
        ['person-timeout', 424],
        ['person-500', 424],
      ] as const) {
        const b2 = new Browser(h.app);
        const cb = new URL(await walkSimulator(sim, esiaAddress(await start(b2)), login));
        const res = await b2.get(`${cb.pathname}${cb.search}`);
        assert.equal(res.statusCode, status, login);
        assert.match(res.body, /Госуслуги недоступны/, login);
      }
      assert.ok(await audited('person:timeout'));
    });
  });
}
