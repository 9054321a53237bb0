/**
 * The ESIA simulator beside the app in the browser tests of «Войти через госуслуги» (esia and
 * keyboard-flows): started on 127.0.0.1 for Dnevnik, showing its SMS codes on its page, on the
 * app's clock, and configured into the app.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { checkEsiaConfig } from '../../src/esia/config.js';
import { type RunningSimulator, startSimulator } from '../../src/esia/sim/start.js';
import { lateBound } from '../support/harness.js';
import { browserSkip, type E2E, startE2E } from './support.js';

/**
 * The app, Chromium and the ESIA simulator (its files in a new folder named from `dirPrefix`) for
 * the `describe` block it is called in: started before its tests, unless the browser tests are
 * skipped here, and closed after them.
 */
export function useEsiaSimulator(dirPrefix: string): { readonly e2e: E2E; readonly sim: RunningSimulator } {
  let e2e: E2E | undefined;
  let sim: RunningSimulator | undefined;
  before(async () => {
    if (browserSkip) return;
    const started = await startE2E();
    e2e = started;
    sim = await startSimulator({
      dir: mkdtempSync(join(tmpdir(), dirPrefix)),
      host: '127.0.0.1',
      port: 0,
      propuskBaseUrl: started.baseUrl,
      realmIds: ['dnevnik'],
      showCode: true,
      now: () => started.harness.clock.now(),
    });
    const checked = checkEsiaConfig(sim.esiaConfig, started.baseUrl);
    assert.ok(checked.ok);
    started.harness.services.esia.configure(checked.realms);
  });
  after(async () => {
    await sim?.close();
    await e2e?.close();
  });
  return {
    e2e: lateBound('the app and browser', () => e2e),
    sim: lateBound('the ESIA simulator', () => sim),
  };
}
