/**
 * The authenticator app in headless Chromium: set up from «Настройки» (the key read off the page,
 * codes computed with otpauth as an app would), then the sign-in with the password and a code, a
 * wrong code, and a recovery code that works once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { enrolOnPage, totpCode } from './second-factor-support.js';
import { browserSkip, pathOf, screenshot, signIn, submit, textAt, useE2E } from './support.js';

describe('two-factor authentication in the browser', { skip: browserSkip }, () => {
  const e2e = useE2E();

  const now = () => e2e.harness.clock.now();
  const PETROVA = { login: 'petrova.anya', password: 'Oblako-2290' };

  test('set up in «Настройки», then the password and a code; a recovery code once', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, PETROVA.login, PETROVA.password), 303);
      await page.goto('/r/dnevnik/settings');
      assert.equal(await textAt(page, '.totp-state'), 'Приложение-аутентификатор не подключено.');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Подключить приложение' })), 303);
      assert.ok(await page.locator('img.totp-qr').isVisible());
      await screenshot(page, 'totp-enrol');
      const { key, codes } = await enrolOnPage(page, now);
      assert.equal(codes.length, 10);
      assert.equal(await textAt(page, '.notice-success'), 'Приложение-аутентификатор подключено.');

      await page.goto('/r/dnevnik/profile');
      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      e2e.harness.clock.advance(60_000);
      assert.equal(await signIn(page, PETROVA.login, PETROVA.password), 303);
      assert.match(pathOf(page), /^\/r\/dnevnik\/login\/step\//);
      assert.equal(await textAt(page, 'h1'), 'Двухфакторная аутентификация');
      const right = totpCode(key, now());
      await page.getByLabel('Код из приложения').fill(right === '000000' ? '111111' : '000000');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Подтвердить' })), 401);
      assert.match(await textAt(page, '#code-error'), /^Неверный код.*Осталось попыток: 4\.$/);
      await page.getByLabel('Код из приложения').fill(right);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Подтвердить' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, PETROVA.login, PETROVA.password), 303);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'Использовать код восстановления' }).click(),
      ]);
      await page.getByLabel('Код восстановления').fill(codes[3] ?? '');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Подтвердить' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, PETROVA.login, PETROVA.password), 303);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'Использовать код восстановления' }).click(),
      ]);
      await page.getByLabel('Код восстановления').fill(codes[3] ?? '');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Подтвердить' })), 401);
      assert.match(await textAt(page, '#code-error'), /неверен или уже использован/);
      await page.goto('/r/dnevnik/settings');
      assert.match(page.url(), /\/r\/dnevnik\/login/, 'no session without the second factor');
    } finally {
      await context.close();
    }
  });
});
