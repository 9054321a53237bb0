/**
 * The other side of a signature in the browser tests: the NCALayer simulator beside the app, its
 * key dialog answered on the simulator's page in a context of its own, and the two consents of
 * the ЭЦП sign-in page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.js';
import { type Simulator, startSimulator } from '../../src/ncalayer-sim/server.js';
import { lateBound } from '../support/harness.js';
import { browserSkip, type E2E, startE2E } from './support.js';

/**
 * The NCALayer simulator (its files in a new folder named from `dirPrefix`, removed after) and
 * the app and Chromium talking to it, on a manual clock, for the `describe` block it is called
 * in: started before its tests, unless the browser tests are skipped here, and closed after them.
 */
export function useNcalayerSimulator(dirPrefix: string): { readonly e2e: E2E; readonly sim: Simulator } {
  let e2e: E2E | undefined;
  let sim: Simulator | undefined;
  let dir: string | undefined;
  before(async () => {
    if (browserSkip) return;
    dir = mkdtempSync(join(tmpdir(), dirPrefix));
    sim = await startSimulator({ dir, port: 0 });
    e2e = await startE2E({
      config: { NCALAYER_SIM_DIR: dir, NCALAYER_SIM_PORT: Number(new URL(sim.url).port) },
      clock: new ManualClock(Date.now()),
    });
  });
  after(async () => {
    await e2e?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    e2e: lateBound('the app and browser', () => e2e),
    sim: lateBound('the NCALayer simulator', () => sim),
  };
}

/** The simulator's dialog: waits for the request, picks the key, types the password, answers. */
export async function answerInDialog(
  browser: Browser,
  simUrl: string,
  choice: { key: string; password?: string; cancel?: boolean },
): Promise<void> {
  const context = await browser.newContext();
  try {
    const dialog = await context.newPage();
    for (let i = 0; i < 50; i++) {
      await dialog.goto(`${simUrl}/`);
      if ((await dialog.locator('select#key').count()) > 0) break;
      await dialog.waitForTimeout(100);
    }
    if (choice.cancel) {
      await Promise.all([
        dialog.waitForEvent('load'),
        dialog.getByRole('button', { name: 'Отмена' }).click(),
      ]);
      return;
    }
    await dialog.locator('select#key').selectOption(choice.key);
    await dialog.locator('#password').fill(choice.password ?? 'Qwerty12');
    await Promise.all([
      dialog.waitForEvent('load'),
      dialog.getByRole('button', { name: 'Подписать' }).click(),
    ]);
  } finally {
    await context.close();
  }
}

export async function tickConsents(page: Page): Promise<void> {
  await page.locator('input[name=consent_personal_data]').check();
  await page.locator('input[name=consent_signature_liability]').check();
}
