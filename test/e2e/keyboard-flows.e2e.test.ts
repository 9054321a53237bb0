/**
 * Two flows walked by keyboard alone in a window 360 px wide, under the accessibility gate:
 * the registration wizard after Gosuslugi (article 002: «Личные данные», «Параметры
 * безопасности», «Новый пароль», «Отлично!») and the reset with ЭЦП (article 004: «Забыли
 * пароль?», «Сброс доступа через ЭЦП», the new password and email, the code). Every Tab stop is
 * checked (keyboard.ts): the site's focus outline, inside the window, not covered, in the order
 * of the page. Only the pages of the other side (the Gosuslugi simulator's sign-in, NCALayer's
 * key dialog) are filled without the keyboard walk: they are not ours.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SIM_PASSWORD } from '../../src/esia/sim/people.js';
import { useEsiaSimulator } from './esia-support.js';
import { enterOn, retype, tabTo } from './keyboard.js';
import { answerInDialog, useNcalayerSimulator } from './ncalayer-support.js';
import { browserSkip, newestLetter, openMailbox, pathOf, screenshot, textAt } from './support.js';

const PHONE = { width: 360, height: 740 };

/** Presses a key on the focused element and waits for the page it leads to. */
async function pressAndLoad(page: Page, key: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
}

describe('the ESIA wizard by keyboard at 360 px', { skip: browserSkip }, () => {
  const { e2e } = useEsiaSimulator('esia-keyboard-');

  test('from «Войти через госуслуги» to «Отлично!», Enter submitting each step forward', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.setViewportSize(PHONE);
      await page.goto('/r/dnevnik/login');
      await enterOn(page, 'Войти через госуслуги');
      assert.match(pathOf(page), /\/esia\/region$/);
      await tabTo(page, '#region');
      // A closed select moves to the next option with the arrow key.
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#region option:checked').textContent(), 'Москва');
      await tabTo(page, 'Продолжить');
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/aas/oauth2/v2/ac'),
        page.keyboard.press('Enter'),
      ]);
      // The simulator's own pages.
      await page.getByLabel('Телефон / Email / СНИЛС').fill('wizard');
      await page.getByLabel('Пароль').fill(SIM_PASSWORD);
      await pressAndLoad(page, 'Enter');
      await page.getByLabel('Код из СМС').fill(await textAt(page, '[data-sms-code]'));
      await pressAndLoad(page, 'Enter');

      assert.equal(pathOf(page), '/r/dnevnik/esia/register/personal');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Личные данные');
      await tabTo(page, '#gender');
      await tabTo(page, '#birthDate');
      await pressAndLoad(page, 'Enter');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Параметры безопасности');

      // A wrong address: Enter in the field submits forward (not «Назад»), the error is said.
      await tabTo(page, '#email');
      await page.keyboard.type('zaytseva@');
      await pressAndLoad(page, 'Enter');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Параметры безопасности');
      assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
      assert.ok((await textAt(page, '#email-error')).length > 0);
      assert.equal(await page.locator('#email').getAttribute('aria-describedby'), 'email-error');
      await screenshot(page, 'keyboard-360-esia-security-error');
      await tabTo(page, '#email');
      await retype(page, 'zaytseva@demo.example');
      await tabTo(page, /^Я соглашусь получать информацию/);
      await page.keyboard.press('Space');
      assert.ok(await page.locator('input[name=news]').isChecked());
      await tabTo(page, '#phone');
      await page.keyboard.type('9260000013');
      await pressAndLoad(page, 'Enter');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Новый пароль');

      // «Назад» by keyboard goes one step back, and Enter goes forward again.
      await enterOn(page, 'Назад');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Параметры безопасности');
      await tabTo(page, '#email');
      await pressAndLoad(page, 'Enter');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Новый пароль');

      await tabTo(page, '#password');
      await page.keyboard.type('Solnce-Luna-4817');
      await tabTo(page, '#password2');
      await page.keyboard.type('Solnce-Luna-4817');
      await tabTo(page, /Пользовательского соглашения/);
      await page.keyboard.press('Space');
      await screenshot(page, 'keyboard-360-esia-password');
      await tabTo(page, 'Готово!');
      await pressAndLoad(page, 'Enter');
      assert.match(await textAt(page, '.great'), /^Отлично!/);
      await enterOn(page, 'Перейти в Дневник.ру');
      assert.equal(pathOf(page), '/r/dnevnik/profile');
    } finally {
      await context.close();
    }
  });
});

describe('the reset with ЭЦП by keyboard at 360 px', { skip: browserSkip }, () => {
  const { e2e, sim } = useNcalayerSimulator('ncalayer-keyboard-');

  test('«Вход в систему» with ЭЦП → «Забыли пароль?» → the statement signed → new password → the code', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.setViewportSize(PHONE);
      await page.goto('/r/recycle/login');
      assert.equal(await textAt(page, 'h1'), 'Вход в систему');
      await tabTo(page, /^Настоящим Вы даете согласие/);
      await page.keyboard.press('Space');
      await tabTo(page, /^Ознакомлен\(а\) с ответственностью/);
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#consents-warning').isVisible(), false);
      await tabTo(page, 'Войти в систему');
      const toPassword = page.waitForURL(/\/signature\/password\?flow=/);
      await page.keyboard.press('Enter');
      await answerInDialog(e2e.browser, sim.url, { key: 'rsa:individual' });
      await toPassword;

      await enterOn(page, 'Забыли пароль?');
      assert.equal(await textAt(page, '.your-email'), 'Ваш email: tteniscent@demo.example');
      await enterOn(page, 'Сбросить данные через ЭЦП');
      assert.equal(await textAt(page, 'h1'), 'Сброс доступа через ЭЦП');
      await tabTo(page, 'Подписать и сбросить');
      const toNew = page.waitForURL(/\/signature\/reset\/new\?flow=/);
      await page.keyboard.press('Enter');
      await answerInDialog(e2e.browser, sim.url, { key: 'gost:signing' });
      await toNew;

      // The rules of the new password are read with its field.
      assert.equal(await page.locator('#password').getAttribute('aria-describedby'), 'password-rules');
      assert.match(await textAt(page, '#password-rules'), /^Пароль должен быть минимум 8 символов/);
      // Passwords that differ: the error is said and the fields can be reached again.
      await tabTo(page, '#password');
      await page.keyboard.type('Eco!1');
      await tabTo(page, '#password2');
      await page.keyboard.type('Eco!Reset2027');
      await tabTo(page, '#email');
      await retype(page, 'akhmetov.fresh@demo.example');
      await pressAndLoad(page, 'Enter');
      assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
      assert.equal(
        await page.locator('#password').getAttribute('aria-describedby'),
        'password-rules password-error',
      );
      assert.equal(await page.locator('#password2').getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'keyboard-360-signature-new-error');
      await tabTo(page, '#password');
      await page.keyboard.type('Eco!Reset2026');
      await tabTo(page, '#password2');
      await page.keyboard.type('Eco!Reset2026');
      await tabTo(page, '#email');
      await retype(page, 'akhmetov.fresh@demo.example');
      await tabTo(page, 'Далее');
      await pressAndLoad(page, 'Enter');
      assert.ok(await page.getByText('Письмо с подтверждением успешно отправлено!').isVisible());

      const mail = await context.newPage();
      await openMailbox(e2e, mail);
      const letter = await newestLetter(mail, 'akhmetov.fresh@demo.example', 'email_code').textContent();
      await mail.close();
      const code = /\b(\d{6})\b/.exec(letter ?? '')?.[1];
      assert.ok(code, 'the code is in the letter');

      // A wrong code first: said next to the field, which keeps its place in the order.
      await tabTo(page, '#code');
      await page.keyboard.type(code === '000000' ? '111111' : '000000');
      await pressAndLoad(page, 'Enter');
      assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
      // The error is said with the field, not only shown under it.
      assert.deepEqual((await page.locator('#code').getAttribute('aria-describedby'))?.split(' ').sort(), [
        'code-error',
        'code-hint',
      ]);
      await screenshot(page, 'keyboard-360-signature-code-error');
      await tabTo(page, '#code');
      await page.keyboard.type(code);
      await pressAndLoad(page, 'Enter');
      assert.equal(await textAt(page, 'h1'), 'Доступ восстановлен');
      await enterOn(page, 'Перейти ко входу');
      assert.equal(pathOf(page), '/r/recycle/signature/login');
    } finally {
      await context.close();
    }
  });
});
