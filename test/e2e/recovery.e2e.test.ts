/**
 * «Восстановите доступ» through real clicks and typing in headless Chromium: the three Dnevnik
 * choices (the letter with a link, the SMS branch, the login reminder, login and password), the
 * picture typed by hand, the proof of work that replaces it where JavaScript runs (ElJur,
 * app.recycle.kz), and signing in with the new password. The rules themselves (no enumeration,
 * throttling, single-use links) are tested with app.inject() next to the flow; here we check that
 * a person can actually get through the screens.
 *
 * One app per file, so the order matters where people repeat: `ekaterinavolkov` changes her
 * password in three tests, each signing in with the password it has just set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { enrolAtSignin } from './second-factor-support.js';
import {
  browserSkip,
  captchaAnswer,
  type E2E,
  newestLetter,
  openMailbox,
  pathOf,
  screenshot,
  signIn,
  startE2E,
  submit,
  textAt,
  textsAt,
  typeCaptcha,
} from './support.js';

const ANSWERED_PASSWORD =
  'Если данные указаны верно и адрес эл. почты в профиле подтверждён, на него отправлено письмо со ссылкой для смены пароля.';
const ANSWERED_LOGIN =
  'Если указанные данные совпадают с данными профиля, логин отправлен на адрес эл. почты, подтверждённый в профиле.';
const PASSWORD_SET = 'Пароль изменён, все сеансы завершены. Войдите с новым паролем.';
const LINK_USED = 'Эта ссылка уже использована. Если пароль снова нужен, начните восстановление заново.';
const NO_LETTER = 'Мне не пришло письмо, восстановить пароль по телефону';
const POW_DONE = 'Проверка пройдена, вводить символы с картинки не нужно';

/** Skip is set on each test so the summary counts them as skipped, with the reason. */
const browserOnly = { skip: browserSkip };

/** Follows a link or button that leads to another page and waits for that page. */
async function follow(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name, exact: true }).click()]);
}

/** The six digits of an SMS text like «123456 — код восстановления…». */
function codeIn(text: string | null): string {
  const match = /\b(\d{6})\b/.exec(text ?? '');
  assert.ok(match?.[1], `a 6-digit code in the SMS: ${text}`);
  return match[1];
}

/** Four digits that are certainly not `digits`. */
function otherDigits(digits: string): string {
  return String((Number(digits) + 1) % 10_000).padStart(4, '0');
}

/** A captcha answer that is certainly wrong: the right one with its last digit changed. */
function wrongAnswer(answer: string): string {
  const last = Number(answer.at(-1));
  return `${answer.slice(0, -1)}${(last + 1) % 10}`;
}

/** Fills «Выберите дату рождения»: the day and year as numbers, the month by its name. */
async function chooseBirthDate(page: Page, day: string, month: string, year: string): Promise<void> {
  await page.getByLabel('День', { exact: true }).selectOption(day);
  await page.getByLabel('Месяц', { exact: true }).selectOption({ label: month });
  await page.getByLabel('Год', { exact: true }).selectOption(year);
}

/** How many letters and SMS the open mailbox holds for `to`. */
function countTo(page: Page, to: string): Promise<number> {
  return page.locator(`article.letter[data-to=${JSON.stringify(to)}]`).count();
}

/**
 * In the open mailbox: the newest letter to `to` from `template`, delivered, with a reset link to
 * this app; returns the link.
 */
async function resetLinkIn(e2e: E2E, page: Page, to: string, template: string): Promise<string> {
  const letter = newestLetter(page, to, template);
  assert.equal(await letter.getAttribute('data-channel'), 'email');
  assert.equal(await letter.locator('.status').textContent(), 'доставлено', 'delivered, not just queued');
  const href = await letter
    .locator('pre.letter-text a[href*="/recovery/reset/"]')
    .first()
    .getAttribute('href');
  assert.ok(href, 'the letter has a link');
  assert.ok(href.startsWith(`${e2e.baseUrl}/r/`), `a link to this app: ${href}`);
  return href;
}

/** On «Выберите свой новый пароль»: the password twice, «Далее», «Пароль изменён». */
async function setNewPassword(page: Page, password: string): Promise<void> {
  assert.equal(await textAt(page, 'h1'), 'Выберите свой новый пароль');
  await page.getByLabel('Ваш новый пароль').fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
  assert.equal(await textAt(page, '.notice-success'), PASSWORD_SET);
}

/** From the end page: «Перейти ко входу», then the sign-in form with the new password. */
async function signInAfterReset(page: Page, realm: string, login: string, password: string): Promise<void> {
  await follow(page, 'Перейти ко входу');
  assert.equal(pathOf(page), `/r/${realm}/login`);
  assert.equal(await signIn(page, login, password), 303);
  assert.equal(pathOf(page), `/r/${realm}/profile`);
}

/**
 * Waits until the proof of work of the open page has been found: the status says so, the
 * picture is hidden with its inputs off, and the work's own inputs carry the answer.
 */
async function waitForProofOfWork(page: Page): Promise<void> {
  const status = page.locator('[data-captcha-pow] [data-captcha-status]');
  // A few seconds of hashing on a loaded machine: longer than the usual action timeout.
  await status.filter({ hasText: POW_DONE }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-captcha-image]').isHidden(), true, 'the picture is swapped out');
  assert.equal(await page.getByLabel('Введите символы с картинки').isDisabled(), true);
  const answer = page.locator('[data-captcha-pow] input[name=captcha]');
  assert.equal(await answer.isDisabled(), false);
  assert.match(await answer.inputValue(), /^\d+$/);
  assert.equal(await page.locator('[data-captcha-pow] input[name=captcha_id]').isDisabled(), false);
}

describe('recovery in a browser', () => {
  let e2e: E2E;
  before(async () => {
    if (!browserSkip) e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

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
        await Promise.all([
          page.waitForEvent('load'),
          page
            .locator(`pre.letter-text a[href=${JSON.stringify(href)}]`)
            .first()
            .click(),
        ]);
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
      await Promise.all([
        page.waitForEvent('load'),
        letter
          .locator(`pre.letter-text a[href=${JSON.stringify(href)}]`)
          .first()
          .click(),
      ]);
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
        await Promise.all([
          page.waitForEvent('load'),
          letter
            .locator(`pre.letter-text a[href=${JSON.stringify(href)}]`)
            .first()
            .click(),
        ]);
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

  test('app.recycle.kz: the email path, a strong password, then the two consents', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    const chosen = 'Str0ng!Pass-kz';
    try {
      await page.goto('/r/recycle/login');
      await follow(page, 'Забыли пароль?');
      assert.equal(pathOf(page), '/r/recycle/recovery');
      assert.equal(await textAt(page, 'h1'), 'Восстановление пароля');
      assert.ok(
        (await textAt(page, '.recovery-email > p')).startsWith('Если вы забыли пароль, введите e-mail'),
      );
      await page.getByLabel('Введите ваш E-mail').fill('tteniscent@demo.example');
      await waitForProofOfWork(page);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Отправить ссылку на email' })), 200);
      assert.equal(await textAt(page, '.notice-info'), ANSWERED_PASSWORD);

      await openMailbox(e2e, page);
      const href = await resetLinkIn(e2e, page, 'tteniscent@demo.example', 'password_reset_link');
      assert.ok(href.startsWith(`${e2e.baseUrl}/r/recycle/recovery/reset/`), href);
      await Promise.all([
        page.waitForEvent('load'),
        page
          .locator(`pre.letter-text a[href=${JSON.stringify(href)}]`)
          .first()
          .click(),
      ]);
      assert.equal(await textAt(page, '.recovery-new-password strong.login'), 'akhmetov');
      await setNewPassword(page, chosen);

      await follow(page, 'Перейти ко входу');
      assert.equal(pathOf(page), '/r/recycle/login');
      assert.equal(await signIn(page, 'akhmetov', chosen), 400);
      assert.equal(
        await textAt(page, '#consents-error'),
        'Для входа требуется подтверждение обоих пунктов согласия.',
      );
      await page.locator('input[name=consent_personal_data]').check();
      await page.locator('input[name=consent_signature_liability]').check();
      assert.equal(await signIn(page, 'akhmetov', chosen), 303);
      await enrolAtSignin(page, () => e2e.harness.clock.now());
      assert.equal(pathOf(page), '/r/recycle/profile');
    } finally {
      await context.close();
    }
  });
});
