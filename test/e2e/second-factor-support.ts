/**
 * The authenticator app, as a browser test plays it: the key read off the page (the manual key
 * a person would type into their app) and codes computed from it with `otpauth`, as the app does.
 */
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { submit } from './support.js';

/** The code an authenticator app shows for `key` at `now`. */
export function totpCode(key: string, now: number): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(key),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({
    timestamp: now,
  });
}

/** The manual key on the open enrolment page, without the spaces between groups. */
export async function keyOnPage(page: Page): Promise<string> {
  return ((await page.locator('.totp-key').textContent()) ?? '').replace(/\s+/g, '');
}

/**
 * On the enrolment page (a realm that requires a second factor, or «Настройки»): the first code
 * from the key shown, then the recovery codes; returns both. Leaves the page on the codes.
 */
export async function enrolOnPage(page: Page, now: () => number): Promise<{ key: string; codes: string[] }> {
  const key = await keyOnPage(page);
  await page.getByLabel('Код из приложения').fill(totpCode(key, now()));
  const status = await submit(page, page.getByRole('button', { name: 'Подтвердить' }));
  if (status !== 200) throw new Error(`enrolment answered ${status}`);
  const codes = (await page.locator('.recovery-codes code').allTextContents()).map((c) => c.trim());
  return { key, codes };
}

/** After the password in a realm that requires a second factor: enrol, save the codes, go on. */
export async function enrolAtSignin(
  page: Page,
  now: () => number,
): Promise<{ key: string; codes: string[] }> {
  const enrolled = await enrolOnPage(page, now);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('link', { name: 'Я сохранил(а) коды, продолжить' }).click(),
  ]);
  return enrolled;
}
