/**
 * The other side of a signature in the browser tests: NCALayer's key dialog, answered on the
 * simulator's page in a context of its own, and the two consents of the ЭЦП sign-in page.
 */
import type { Browser, Page } from 'playwright-core';

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
