/**
 * Contacts and «Настройки» through real clicks in headless Chromium: confirming an email with the
 * link from the development mailbox, a phone with the SMS code, the attempt limit on that code,
 * ending another session and changing the password. The rules themselves are tested with
 * app.inject() next to the flows; here we check that a person can actually get through them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  browserOnly,
  newestLetter,
  openMailbox,
  pathOf,
  screenshot,
  signIn,
  submit,
  textAt,
  useE2E,
} from './support.js';

const WRONG = 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!';
const LOCKED = 'Превышено число попыток ввода кода. Запросите новый код.';

/** Skip is set on each test so the summary counts them as skipped, with the reason. */
/** The row of the profile's contacts table whose label is `label` («Эл. почта», …). */
function contactRow(page: Page, label: string): Locator {
  return page.locator('table.contacts tr', { has: page.locator('th', { hasText: label }) });
}

/** Opens the sign-in page of Дневник.ру and signs in; the profile is expected next. */
async function signInToDnevnik(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/r/dnevnik/login');
  assert.equal(await signIn(page, login, password), 303);
  assert.equal(pathOf(page), '/r/dnevnik/profile');
}

/** The six digits of an SMS text like «123456 — код подтверждения телефона…». */
function codeIn(text: string | null): string {
  const match = /\b(\d{6})\b/.exec(text ?? '');
  assert.ok(match?.[1], `a 6-digit code in the SMS: ${text}`);
  return match[1];
}

/** A code that is certainly not `code`: the next number, wrapping, still six digits. */
function otherCode(code: string, step = 1): string {
  return String((Number(code) + step) % 1_000_000).padStart(6, '0');
}

describe('contacts and settings in a browser', () => {
  const e2e = useE2E();

  test('an email is confirmed by clicking the link from the development mailbox', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    const address = 'misha.petrov@demo.example';
    try {
      await signInToDnevnik(page, 'petrov.misha', 'Raketa-7731');
      const emailRow = contactRow(page, 'Эл. почта');
      assert.equal(await emailRow.locator('.status').textContent(), 'не указан');

      await Promise.all([
        page.waitForURL('**/r/dnevnik/settings/email'),
        emailRow.getByRole('link', { name: 'Подтвердить или изменить' }).click(),
      ]);
      assert.equal(await textAt(page, 'h1'), 'Обновление информации о пользователе');
      await page.getByLabel('Текущий пароль').fill('Raketa-7731');
      await page.getByLabel('Электронная почта').fill(address);
      await screenshot(page, 'contacts-email-form');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Сохранить' })), 200);
      assert.equal(await textAt(page, 'h1'), 'Письмо отправлено');
      assert.equal(
        await textAt(page, '.notice-success'),
        `Письмо с подтверждением отправлено на ${address}.`,
      );

      await openMailbox(e2e, page);
      const letter = newestLetter(page, address, 'email_confirmation');
      assert.equal(await letter.getAttribute('data-channel'), 'email');
      assert.equal(await letter.locator('.status').textContent(), 'доставлено', 'delivered, not just queued');
      assert.ok((await letter.locator('.subject').textContent())?.startsWith('Подтверждение адреса'));
      const link = letter.locator('pre.letter-text a[href*="/confirm/email/"]').first();
      const href = await link.getAttribute('href');
      assert.ok(href, 'the letter has a link');
      assert.ok(href.startsWith(`${e2e.baseUrl}/r/dnevnik/confirm/email/`), `link to this app: ${href}`);

      // GET only shows the page; nothing is confirmed until the button is pressed.
      await Promise.all([page.waitForEvent('load'), link.click()]);
      assert.equal(page.url(), href);
      assert.equal(await textAt(page, 'h1'), 'Подтверждение адреса эл. почты');
      assert.equal(
        await textAt(page, '.email-confirm p'),
        `Подтвердите, что адрес ${address} принадлежит вам.`,
      );
      await screenshot(page, 'contacts-email-confirm');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Подтвердить' })), 200);
      assert.equal(
        await textAt(page, '.notice-success'),
        `Адрес ${address} подтверждён. Теперь вы можете самостоятельно восстановить доступ, если забудете логин или пароль.`,
      );

      await Promise.all([
        page.waitForURL('**/r/dnevnik/profile'),
        page.getByRole('link', { name: 'Продолжить' }).click(),
      ]);
      assert.equal(await contactRow(page, 'Эл. почта').locator('.status').textContent(), 'подтверждён');
      assert.ok((await contactRow(page, 'Эл. почта').textContent())?.includes(address));
      assert.equal(await page.locator('.notice-warning').count(), 0, 'no «confirm your contacts» banner');

      // The link is single use: opened again it says so, with 410 Gone.
      const again = await page.goto(href);
      assert.equal(again?.status(), 410);
      assert.equal(await textAt(page, '.notice-error'), 'Эта ссылка уже использована.');
      assert.equal(await page.getByRole('button', { name: 'Подтвердить' }).count(), 0);
    } finally {
      await context.close();
    }
  });

  test('a phone is confirmed with the code from the SMS, after one wrong code', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await signInToDnevnik(page, 'smirnov.ivan', 'Kosmos-5512');
      const phoneRow = contactRow(page, 'Мобильный телефон');
      assert.equal(await phoneRow.locator('.status').textContent(), 'не указан');
      await Promise.all([
        page.waitForURL('**/r/dnevnik/settings/phone'),
        phoneRow.getByRole('link', { name: 'Подтвердить или изменить' }).click(),
      ]);
      assert.equal(await textAt(page, 'h1'), 'Подтверждение номера телефона');
      await page.getByLabel('Текущий пароль').fill('Kosmos-5512');
      await page.getByLabel('Мобильный телефон').fill('8 (953) 354-12-34');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Получить код' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/settings/phone/code');
      assert.equal(await textAt(page, 'h1'), 'Код подтверждения');
      assert.equal(
        await textAt(page, '.phone-code > p'),
        'Код подтверждения был отправлен в SMS на мобильный телефон 7953354****.',
      );
      await screenshot(page, 'contacts-phone-code');

      // The SMS is read in another tab of the same browser, as a person would switch apps.
      const inbox = await context.newPage();
      await openMailbox(e2e, inbox);
      const sms = newestLetter(inbox, '+79533541234', 'phone_confirmation_code');
      assert.equal(await sms.getAttribute('data-channel'), 'sms');
      assert.equal(await sms.locator('.status').textContent(), 'доставлено');
      const code = codeIn(await sms.locator('pre.letter-text').textContent());
      await inbox.close();
      // Back to the first tab: a background tab gets no animation frames, and Playwright's
      // wait for a stable button then falls back to slow polling.
      await page.bringToFront();

      const codeField = page.getByLabel('Введите код подтверждения');
      await codeField.fill(otherCode(code));
      assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);
      assert.equal(await textAt(page, '#code-error'), 'Неверный код подтверждения. Осталось попыток: 4');

      await codeField.fill(code);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');
      assert.equal(await textAt(page, '.notice-success'), 'Номер телефона подтверждён.');
      const confirmed = contactRow(page, 'Мобильный телефон');
      assert.equal(await confirmed.locator('.status').textContent(), 'подтверждён');
      assert.ok((await confirmed.textContent())?.includes('+7 953 354-12-34'), 'the number, formatted');
    } finally {
      await context.close();
    }
  });

  test('five wrong codes end the flow: the right one afterwards confirms nothing', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await signInToDnevnik(page, 'petrova.anya', 'Oblako-2290');
      await page.goto('/r/dnevnik/settings/phone');
      await page.getByLabel('Текущий пароль').fill('Oblako-2290');
      await page.getByLabel('Мобильный телефон').fill('+7 953 354-56-78');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Получить код' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/settings/phone/code');

      // A second tab on the same code page, opened before the lock: the form a person might
      // still have in front of them when the right code finally arrives.
      const stale = await context.newPage();
      await stale.goto(page.url());

      const inbox = await context.newPage();
      await openMailbox(e2e, inbox);
      const code = codeIn(
        await newestLetter(inbox, '+79533545678', 'phone_confirmation_code')
          .locator('pre.letter-text')
          .textContent(),
      );
      await inbox.close();
      await page.bringToFront(); // a background tab would make every click slow (see above)

      const codeField = page.getByLabel('Введите код подтверждения');
      for (let attempt = 1; attempt <= 4; attempt++) {
        await codeField.fill(otherCode(code, attempt));
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 400);
        assert.equal(
          await textAt(page, '#code-error'),
          `Неверный код подтверждения. Осталось попыток: ${5 - attempt}`,
        );
      }
      await codeField.fill(otherCode(code, 5));
      assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 429);
      assert.equal(await textAt(page, '.notice-error'), LOCKED);
      assert.equal(await page.getByLabel('Введите код подтверждения').count(), 0, 'no code field any more');
      await screenshot(page, 'contacts-phone-locked');

      await stale.bringToFront();
      await stale.getByLabel('Введите код подтверждения').fill(code);
      assert.equal(await submit(stale, stale.getByRole('button', { name: 'Далее' })), 429);
      assert.equal(await textAt(stale, '.notice-error'), LOCKED);
      await stale.close();
      await page.bringToFront();

      await page.goto('/r/dnevnik/profile');
      const phoneRow = contactRow(page, 'Мобильный телефон');
      assert.equal(await phoneRow.locator('.status').textContent(), 'не подтверждён');
      assert.equal(await page.locator('.notice-success').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('settings: another session is ended, then the password is changed', browserOnly, async () => {
    const first = await e2e.newPage();
    const second = await e2e.newPage();
    const page = first.page;
    const oldPassword = 'Direktor-2026';
    const newPassword = 'Shkola-Novaya-4719';
    try {
      await signInToDnevnik(second.page, 'admin1535', oldPassword);
      await signInToDnevnik(page, 'admin1535', oldPassword);

      await Promise.all([
        page.waitForURL('**/r/dnevnik/settings'),
        page.getByRole('link', { name: /^Настройки/ }).click(),
      ]);
      assert.equal(await textAt(page, 'h1'), 'Настройки');
      const rows = page.locator('table.session-list tbody tr.session');
      assert.equal(await rows.count(), 2);
      const current = page.locator('table.session-list tr.session-current');
      assert.equal(await current.count(), 1);
      assert.equal(await textAt(page, 'tr.session-current .current-session'), 'Текущий сеанс');
      assert.equal(await current.getByRole('button', { name: 'Завершить' }).count(), 0);
      assert.equal(await textAt(page, 'tr.session-current .session-ip'), '127.0.0.1');
      await screenshot(page, 'settings-page');

      const other = page.locator('table.session-list tr.session:not(.session-current)');
      assert.equal(await submit(page, other.getByRole('button', { name: 'Завершить' })), 303);
      assert.equal(await textAt(page, '.notice-success'), 'Сеанс завершён.');
      assert.equal(await rows.count(), 1);
      assert.equal(await textAt(page, '.no-others'), 'Других активных сеансов нет.');

      await second.page.goto('/r/dnevnik/profile');
      assert.equal(pathOf(second.page), '/r/dnevnik/login', 'the ended session signs no one in');

      await page.getByLabel('Текущий пароль').fill(oldPassword);
      await page.getByLabel('Новый пароль', { exact: true }).fill(newPassword);
      await page.getByLabel('Повторите пароль').fill(newPassword);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Сохранить' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/settings');
      assert.equal(await textAt(page, '.notice-success'), 'Пароль изменён. Других активных сеансов не было.');

      const inbox = await first.context.newPage();
      await openMailbox(e2e, inbox);
      const letter = newestLetter(inbox, 'admin@school1535.example', 'password_changed');
      assert.equal(await letter.locator('.status').textContent(), 'доставлено');
      assert.ok((await letter.locator('.subject').textContent())?.startsWith('Пароль изменён'));
      assert.ok((await letter.locator('pre.letter-text').textContent())?.includes('127.0.0.1'));
      await inbox.close();
      await page.bringToFront();

      await Promise.all([
        page.waitForURL('**/r/dnevnik/profile'),
        page.getByRole('link', { name: '← Мой профиль' }).click(),
      ]);
      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(pathOf(page), '/r/dnevnik/login');
      assert.equal(await signIn(page, 'admin1535', newPassword), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, 'admin1535', oldPassword), 401);
      assert.equal(await textAt(page, '[role=alert]'), WRONG);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });
});
