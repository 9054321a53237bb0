/**
 * «Восстановите доступ» in ElJur and app.recycle.kz through real clicks and typing in headless
 * Chromium: the proof of work that replaces the picture where JavaScript runs, the picture where
 * it does not, the email path with a strong password and then the two consents of
 * app.recycle.kz. Dnevnik's screens are in recovery.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ANSWERED_PASSWORD,
  follow,
  followLetterLink,
  NO_LETTER,
  resetLinkIn,
  setNewPassword,
  signInAfterReset,
  waitForProofOfWork,
} from './recovery-support.js';
import {
  browserOnly,
  newestLetter,
  openMailbox,
  pathOf,
  screenshot,
  submit,
  textAt,
  textsAt,
  typeCaptcha,
  useE2E,
} from './support.js';

describe('recovery in a browser', () => {
  const e2e = useE2E();

  test(
    'ElJur «Забыли пароль?»: the proof of work instead of the picture, login and link',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      const chosen = 'Vesna2027novaya';
      const pictures: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/captcha/')) pictures.push(request.url());
      });
      try {
        await page.goto('/r/eljur/login');
        assert.equal(await textAt(page, 'h1'), 'Вход в журнал');
        await follow(page, 'Забыли пароль?');
        assert.equal(pathOf(page), '/r/eljur/recovery');
        assert.equal(await textAt(page, 'h1'), 'Восстановление пароля');
        await page.getByLabel('Введите ваш E-mail').fill('14a139@mail.example');
        await waitForProofOfWork(page);
        assert.deepEqual(pictures, [], 'a browser doing the work never fetches the picture');
        await screenshot(page, 'recovery-eljur-pow');
        // No digits typed: the proof of work is the answer.
        assert.equal(await submit(page, page.getByRole('button', { name: 'ВОССТАНОВИТЬ' })), 200);
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);
        assert.equal(await page.getByRole('link', { name: NO_LETTER }).count(), 0, 'no SMS branch');

        await openMailbox(e2e, page);
        const letter = newestLetter(page, '14a139@mail.example', 'login_and_reset_link');
        assert.ok(
          (await letter.locator('pre.letter-text').textContent())?.includes('Ваш логин: nikolaeva.mama'),
        );
        const href = await resetLinkIn(e2e, page, '14a139@mail.example', 'login_and_reset_link');
        assert.ok(href.startsWith(`${e2e.baseUrl}/r/eljur/recovery/reset/`), href);
        await followLetterLink(page, href, letter);
        assert.equal(
          await textAt(page, '.recovery-new-password > p'),
          'Укажите новый пароль для входа в ЭлЖур',
        );
        assert.equal(await textAt(page, '.recovery-new-password strong.login'), 'nikolaeva.mama');

        // ElJur forbids special characters.
        await page.getByLabel('Ваш новый пароль').fill('Vesna-2027-novaya');
        await page.getByLabel('Повторите пароль').fill('Vesna-2027-novaya');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);
        assert.ok(
          (await textsAt(page, '#password-error li')).includes(
            'Пароль не должен содержать специальных знаков (точек, кавычек и проч.)',
          ),
        );
        await setNewPassword(page, chosen);
        await signInAfterReset(page, 'eljur', 'nikolaeva.mama', chosen);
      } finally {
        await context.close();
      }
    },
  );

  test(
    'ElJur without JavaScript: the picture is shown and its digits are the answer',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage({ javaScriptEnabled: false });
      try {
        await page.goto('/r/eljur/recovery');
        const img = page.locator('[data-captcha-image] img');
        assert.ok(await img.isVisible(), 'the picture is shown');
        assert.ok(
          await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth > 0),
          'and loaded from its address',
        );
        await page.getByLabel('Введите ваш E-mail').fill('nobody@mail.example');
        await typeCaptcha(page);
        assert.equal(await submit(page, page.getByRole('button', { name: 'ВОССТАНОВИТЬ' })), 200);
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);
      } finally {
        await context.close();
      }
    },
  );

  test(
    'app.recycle.kz: the email path and a strong password, then the ЭЦП sign-in screen',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      const chosen = 'Str0ng!Pass-kz';
      try {
        // The sign-in screen is the ЭЦП one; the realm's email recovery page is still there.
        await page.goto('/r/recycle/recovery');
        assert.equal(await textAt(page, 'h1'), 'Восстановление пароля');
        assert.ok(
          (await textAt(page, '.recovery-email > p')).startsWith('Если вы забыли пароль, введите e-mail'),
        );
        await page.getByLabel('Введите ваш E-mail').fill('tteniscent@demo.example');
        await waitForProofOfWork(page);
        assert.equal(
          await submit(page, page.getByRole('button', { name: 'Отправить ссылку на email' })),
          200,
        );
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);

        await openMailbox(e2e, page);
        const href = await resetLinkIn(e2e, page, 'tteniscent@demo.example', 'password_reset_link');
        assert.ok(href.startsWith(`${e2e.baseUrl}/r/recycle/recovery/reset/`), href);
        await followLetterLink(page, href);
        assert.equal(await textAt(page, '.recovery-new-password strong.login'), 'akhmetov');
        await setNewPassword(page, chosen);

        await follow(page, 'Перейти ко входу');
        assert.equal(pathOf(page), '/r/recycle/login');
        assert.equal(await textAt(page, 'h1'), 'Вход в систему');
        assert.ok(await page.getByRole('button', { name: 'Войти в систему' }).isVisible());
      } finally {
        await context.close();
      }
    },
  );
});
