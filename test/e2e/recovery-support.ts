/**
 * What the recovery browser tests share: the answers the pages give, and the steps a person
 * takes through them (following links, reading codes and letters, choosing a birth date, setting
 * a new password and signing in with it, waiting for the proof of work).
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { type E2E, newestLetter, pathOf, signIn, submit, textAt } from './support.js';

export const ANSWERED_PASSWORD =
  'Если данные указаны верно и адрес эл. почты в профиле подтверждён, на него отправлено письмо со ссылкой для смены пароля.';
export const ANSWERED_LOGIN =
  'Если указанные данные совпадают с данными профиля, логин отправлен на адрес эл. почты, подтверждённый в профиле.';
export const PASSWORD_SET = 'Пароль изменён, все сеансы завершены. Войдите с новым паролем.';
export const LINK_USED =
  'Эта ссылка уже использована. Если пароль снова нужен, начните восстановление заново.';
export const NO_LETTER = 'Мне не пришло письмо, восстановить пароль по телефону';
export const POW_DONE = 'Проверка пройдена, вводить символы с картинки не нужно';

/** Follows a link or button that leads to another page and waits for that page. */
export async function follow(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name, exact: true }).click()]);
}

/** The six digits of an SMS text like «123456 — код восстановления…». */
export function codeIn(text: string | null): string {
  const match = /\b(\d{6})\b/.exec(text ?? '');
  assert.ok(match?.[1], `a 6-digit code in the SMS: ${text}`);
  return match[1];
}

/** Four digits that are certainly not `digits`. */
export function otherDigits(digits: string): string {
  return String((Number(digits) + 1) % 10_000).padStart(4, '0');
}

/** A captcha answer that is certainly wrong: the right one with its last digit changed. */
export function wrongAnswer(answer: string): string {
  const last = Number(answer.at(-1));
  return `${answer.slice(0, -1)}${(last + 1) % 10}`;
}

/** Fills «Выберите дату рождения»: the day and year as numbers, the month by its name. */
export async function chooseBirthDate(page: Page, day: string, month: string, year: string): Promise<void> {
  await page.getByLabel('День', { exact: true }).selectOption(day);
  await page.getByLabel('Месяц', { exact: true }).selectOption({ label: month });
  await page.getByLabel('Год', { exact: true }).selectOption(year);
}

/** How many letters and SMS the open mailbox holds for `to`. */
export function countTo(page: Page, to: string): Promise<number> {
  return page.locator(`article.letter[data-to=${JSON.stringify(to)}]`).count();
}

/**
 * In the open mailbox: the newest letter to `to` from `template`, delivered, with a reset link to
 * this app; returns the link.
 */
export async function resetLinkIn(e2e: E2E, page: Page, to: string, template: string): Promise<string> {
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

/**
 * In the open mailbox: clicks the link to `href` (the first, within `letter` when given) and waits
 * for the page it opens.
 */
export async function followLetterLink(page: Page, href: string, letter?: Locator): Promise<void> {
  await Promise.all([
    page.waitForEvent('load'),
    (letter ?? page)
      .locator(`pre.letter-text a[href=${JSON.stringify(href)}]`)
      .first()
      .click(),
  ]);
}

/** On «Выберите свой новый пароль»: the password twice, «Далее», «Пароль изменён». */
export async function setNewPassword(page: Page, password: string): Promise<void> {
  assert.equal(await textAt(page, 'h1'), 'Выберите свой новый пароль');
  await page.getByLabel('Ваш новый пароль').fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  assert.equal(await submit(page, page.getByRole('button', { name: 'Далее' })), 200);
  assert.equal(await textAt(page, '.notice-success'), PASSWORD_SET);
}

/** From the end page: «Перейти ко входу», then the sign-in form with the new password. */
export async function signInAfterReset(
  page: Page,
  realm: string,
  login: string,
  password: string,
): Promise<void> {
  await follow(page, 'Перейти ко входу');
  assert.equal(pathOf(page), `/r/${realm}/login`);
  assert.equal(await signIn(page, login, password), 303);
  assert.equal(pathOf(page), `/r/${realm}/profile`);
}

/**
 * Waits until the proof of work of the open page has been found: the status says so, the
 * picture is hidden with its inputs off, and the work's own inputs carry the answer.
 */
export async function waitForProofOfWork(page: Page): Promise<void> {
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
