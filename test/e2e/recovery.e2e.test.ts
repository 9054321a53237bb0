/**
 * «Восстановите доступ» in Dnevnik through real clicks and typing in headless Chromium: the three
 * choices (the letter with a link, the SMS branch, the login reminder, login and password), the
 * picture typed by hand and a wrong one, and signing in with the new password. The rules
 * themselves (no enumeration, throttling, single-use links) are tested with app.inject() next to
 * the flow; here we check that a person can actually get through the screens. ElJur and
 * app.recycle.kz are in recovery-eljur.e2e.test.ts.
 *
 * One app per file, so the order matters where people repeat: `ekaterinavolkov` changes her
 * password in several tests, each signing in with the password it has just set.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ANSWERED_LOGIN,
  ANSWERED_PASSWORD,
  chooseBirthDate,
  codeIn,
  countTo,
  follow,
  followLetterLink,
  LINK_USED,
  NO_LETTER,
  otherDigits,
  resetLinkIn,
  setNewPassword,
  signInAfterReset,
  wrongAnswer,
} from './recovery-support.js';
import {
  browserOnly,
  captchaAnswer,
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
    'Dnevnik «Я не помню пароль»: the letter, its link, a new password, the link dead',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      const chosen = 'Lunnaya-Doroga-7';
      try {
        await page.goto('/r/dnevnik/login');
        await follow(page, 'Восстановите доступ.');
        assert.equal(pathOf(page), '/r/dnevnik/recovery');
        assert.equal(await textAt(page, 'h1'), 'Восстановление доступа');
        assert.deepEqual(await textsAt(page, '.choices a'), [
          'Я не помню логин',
          'Я не помню пароль',
          'Я не помню логин и пароль',
        ]);
        await screenshot(page, 'recovery-chooser');

        await follow(page, 'Я не помню пароль');
        assert.equal(pathOf(page), '/r/dnevnik/recovery/password');
        assert.equal(await textAt(page, 'h1'), 'Я не помню пароль');
        assert.ok(await page.locator('[data-captcha-image] img').isVisible(), 'the picture is shown');
        await page.getByLabel('Введите логин').pressSequentially('ekaterinavolkov');
        await typeCaptcha(page);
        await screenshot(page, 'recovery-password-form');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
        assert.equal(await textAt(page, 'h1'), 'Восстановление доступа');
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);
        assert.equal(await page.getByRole('link', { name: NO_LETTER }).count(), 1);

        await openMailbox(e2e, page);
        const href = await resetLinkIn(e2e, page, 'volkova@demo.example', 'password_reset_link');
        assert.ok(href.startsWith(`${e2e.baseUrl}/r/dnevnik/recovery/reset/`), href);
        await followLetterLink(page, href);
        assert.equal(page.url(), href);
        assert.equal(await textAt(page, 'h1'), 'Выберите свой новый пароль');
        assert.equal(
          await textAt(page, '.recovery-new-password > p'),
          'Укажите новый пароль для входа в Дневник.ру',
        );
        assert.equal(await textAt(page, '.recovery-new-password strong.login'), 'ekaterinavolkov');
        await screenshot(page, 'recovery-new-password');

        const password = page.getByLabel('Ваш новый пароль');
        const repeat = page.getByLabel('Повторите пароль');
        await password.fill('Ab1');
        await repeat.fill('Ab1');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);
        assert.ok(
          (await textsAt(page, '#password-error li')).includes('Пароль должен содержать не менее 8 символов'),
          'the too-short message under the first field',
        );
        assert.equal(await password.getAttribute('aria-invalid'), 'true');

        await password.fill(chosen);
        await repeat.fill(`${chosen}x`);
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);
        assert.deepEqual(await textsAt(page, '#password2-error li'), ['Пароли не совпадают']);
        assert.equal(await page.locator('#password-error').count(), 0);
        await screenshot(page, 'recovery-new-password-mismatch');

        await setNewPassword(page, chosen);
        await signInAfterReset(page, 'dnevnik', 'ekaterinavolkov', chosen);

        // Opened again, the link says it was used, with 410 Gone and no form.
        const again = await page.goto(href);
        assert.equal(again?.status(), 410);
        assert.equal(await textAt(page, '.notice-error'), LINK_USED);
        assert.equal(await page.getByLabel('Ваш новый пароль').count(), 0);

        await openMailbox(e2e, page);
        const notice = newestLetter(page, 'volkova@demo.example', 'password_changed');
        assert.ok((await notice.locator('.subject').textContent())?.startsWith('Пароль изменён'));
      } finally {
        await context.close();
      }
    },
  );

  test(
    'Dnevnik SMS branch: the missing digits, the code from the SMS, a new password',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      const chosen = 'Vesennii-Grom-44';
      try {
        await page.goto('/r/dnevnik/recovery');
        await follow(page, 'Я не помню пароль');
        await page.getByLabel('Введите логин').fill('ekaterinavolkov');
        await typeCaptcha(page);
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);

        await follow(page, NO_LETTER);
        assert.equal(pathOf(page), '/r/dnevnik/recovery/phone');
        assert.equal(await textAt(page, 'h1'), 'Восстановление доступа');
        assert.equal(
          await textAt(page, '.recovery-digits > p'),
          'Для подтверждения восстановления доступа к своей странице укажите недостающие цифры номера телефона, который указан в вашем профиле.',
        );
        assert.equal(await textAt(page, '.masked-phone'), '7953354');
        await screenshot(page, 'recovery-digits');

        const digits = page.getByLabel('недостающие 4 цифры номера');
        await digits.pressSequentially(otherDigits('1234'));
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);
        assert.equal(
          await textAt(page, '#digits-error'),
          'Цифры не совпадают с номером в профиле. Осталось попыток: 2',
        );
        assert.equal(await digits.getAttribute('aria-invalid'), 'true');

        await digits.pressSequentially('1234');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 303);
        assert.equal(pathOf(page), '/r/dnevnik/recovery/code');
        assert.equal(
          await textAt(page, '.recovery-code > p'),
          'Код подтверждения был отправлен в SMS на мобильный телефон 7953354****.',
        );
        await screenshot(page, 'recovery-code');

        // The SMS is read in another tab of the same browser, as a person would switch apps.
        const inbox = await context.newPage();
        await openMailbox(e2e, inbox);
        const sms = newestLetter(inbox, '+79533541234', 'recovery_code');
        assert.equal(await sms.getAttribute('data-channel'), 'sms');
        assert.equal(await sms.locator('.status').textContent(), 'доставлено');
        const code = codeIn(await sms.locator('pre.letter-text').textContent());
        await inbox.close();
        // Back to the first tab: a background tab gets no animation frames (slow clicks).
        await page.bringToFront();

        await page.getByLabel('Введите код подтверждения').pressSequentially(code);
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 303);
        assert.equal(pathOf(page), '/r/dnevnik/recovery/new-password');
        assert.equal(await textAt(page, '.recovery-new-password strong.login'), 'ekaterinavolkov');
        await setNewPassword(page, chosen);
        await signInAfterReset(page, 'dnevnik', 'ekaterinavolkov', chosen);
      } finally {
        await context.close();
      }
    },
  );

  test(
    'Dnevnik «Я не помню логин»: the login by email only when the birth date matches',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      const address = 'smirnova@demo.example';
      try {
        await page.goto('/r/dnevnik/recovery');
        await follow(page, 'Я не помню логин');
        assert.equal(pathOf(page), '/r/dnevnik/recovery/login');
        assert.equal(await textAt(page, 'h1'), 'Я не помню логин');
        assert.equal(await textAt(page, '.birth-date legend'), 'Выберите дату рождения');
        await page.getByLabel('Введите email').fill(address);
        await chooseBirthDate(page, '8', 'Апрель', '1979');
        await typeCaptcha(page);
        await screenshot(page, 'recovery-login-form');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_LOGIN);
        assert.equal(
          await page.getByRole('link', { name: NO_LETTER }).count(),
          0,
          'no SMS branch for a login',
        );

        await openMailbox(e2e, page);
        const letter = newestLetter(page, address, 'login_reminder');
        assert.equal(await letter.locator('.status').textContent(), 'доставлено');
        assert.ok((await letter.locator('.subject').textContent())?.startsWith('Ваш логин в системе'));
        assert.ok(
          (await letter.locator('pre.letter-text').textContent())?.includes('Ваш логин: smirnova.ov'),
        );
        const letters = await countTo(page, address);

        // A wrong birth date: the same answer, and nothing is sent.
        await page.goto('/r/dnevnik/recovery/login');
        await page.getByLabel('Введите email').fill(address);
        await chooseBirthDate(page, '9', 'Апрель', '1979');
        await typeCaptcha(page);
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
        assert.equal(await textAt(page, '.notice-info'), ANSWERED_LOGIN);
        await openMailbox(e2e, page);
        assert.equal(await countTo(page, address), letters, 'no letter for a wrong birth date');
      } finally {
        await context.close();
      }
    },
  );

  test('Dnevnik «Я не помню логин и пароль»: a letter with the login and a link', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    const chosen = 'Osennii-List-58';
    try {
      await page.goto('/r/dnevnik/recovery');
      await follow(page, 'Я не помню логин и пароль');
      assert.equal(pathOf(page), '/r/dnevnik/recovery/both');
      assert.equal(await textAt(page, 'h1'), 'Я не помню логин и пароль');
      await page.getByLabel('Введите email').fill('volkova@demo.example');
      await chooseBirthDate(page, '14', 'Май', '2009');
      await typeCaptcha(page);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
      assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);

      await openMailbox(e2e, page);
      const letter = newestLetter(page, 'volkova@demo.example', 'login_and_reset_link');
      assert.ok(
        (await letter.locator('pre.letter-text').textContent())?.includes('Ваш логин: ekaterinavolkov'),
      );
      const href = await resetLinkIn(e2e, page, 'volkova@demo.example', 'login_and_reset_link');
      await followLetterLink(page, href, letter);
      assert.equal(await textAt(page, '.recovery-new-password strong.login'), 'ekaterinavolkov');
      await setNewPassword(page, chosen);
      await signInAfterReset(page, 'dnevnik', 'ekaterinavolkov', chosen);
    } finally {
      await context.close();
    }
  });

  test('a wrong captcha keeps the email and the birth date, and says so', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/recovery/login');
      const firstId = await page.locator('[data-captcha-image] input[name=captcha_id]').inputValue();
      await page.getByLabel('Введите email').fill('kept@demo.example');
      await chooseBirthDate(page, '3', 'Февраль', '2013');
      await page.getByLabel('Введите символы с картинки').fill(wrongAnswer(await captchaAnswer(page)));
      assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);

      assert.equal(await textAt(page, '#captcha-error'), 'Неверно введены символы с картинки');
      const captcha = page.getByLabel('Введите символы с картинки');
      assert.equal(await captcha.getAttribute('aria-invalid'), 'true');
      assert.equal(await captcha.inputValue(), '', 'the wrong digits are not kept');
      const secondId = await page.locator('[data-captcha-image] input[name=captcha_id]').inputValue();
      assert.notEqual(secondId, firstId, 'a new picture');
      assert.equal(await page.getByLabel('Введите email').inputValue(), 'kept@demo.example');
      assert.equal(await page.getByLabel('День', { exact: true }).inputValue(), '3');
      assert.equal(await page.getByLabel('Месяц', { exact: true }).inputValue(), '02');
      assert.equal(await page.getByLabel('Год', { exact: true }).inputValue(), '2013');
      assert.equal(await page.locator('.notice-info').count(), 0, 'not answered');
      await screenshot(page, 'recovery-wrong-captcha');
    } finally {
      await context.close();
    }
  });
});
