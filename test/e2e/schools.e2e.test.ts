/**
 * The path of a person with no confirmed contacts (articles 000, 001, 003): from the recovery
 * page to the public school directory, the school found by region and number, its
 * «Администраторы» block and the way back to sign-in — in headless Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip, type E2E, pathOf, screenshot, startE2E, textsAt } from './support.js';

describe('the school directory in a browser', { skip: browserSkip }, () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  test('from «Восстановите доступ» to the school administrators and back to sign-in', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/recovery');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'Найти свою школу и её администраторов' }).click(),
      ]);
      assert.equal(pathOf(page), '/r/dnevnik/schools');
      await page.getByLabel('Регион').selectOption({ label: 'Москва' });
      await page.getByLabel('Номер или название школы').fill('1535');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Найти' }).click()]);
      const results = await textsAt(page, '.school-result a');
      assert.deepEqual(results, ['ГБОУ Школа № 1535']);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'ГБОУ Школа № 1535' }).click(),
      ]);
      assert.equal(pathOf(page), '/r/dnevnik/s/1535');
      const body = (await page.textContent('main')) ?? '';
      assert.ok(body.includes('Администраторы'));
      assert.ok(body.includes('Кузнецова Марина'), 'the administrator by name');
      assert.ok(
        !body.includes('admin1535') && !body.includes('admin@school1535.example'),
        'no logins or emails',
      );
      assert.ok(body.includes('кабинет № 104а'), 'the contact block');
      await screenshot(page, 'school-page');
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('link', { name: 'Войти', exact: true }).click(),
      ]);
      assert.equal(pathOf(page), '/r/dnevnik/login');
    } finally {
      await context.close();
    }
  });

  test('a class page from the school page by keyboard alone: «Сотрудники класса» at 360 px', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto('/r/eljur/s/1399');
      const link = page.getByRole('link', { name: 'Страница класса 6А' });
      await link.focus();
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.match(pathOf(page), /^\/r\/eljur\/s\/1399\/classes\/[A-Za-z0-9_-]+$/);
      assert.deepEqual(await textsAt(page, 'h1'), ['Класс 6А']);
      assert.deepEqual(await textsAt(page, '.class-staff-list li'), ['Орлова Наталья — Учительница']);
      await screenshot(page, 'class-page-360');
      await page.getByRole('link', { name: '← ГБОУ СОШ № 1399' }).first().focus();
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.equal(pathOf(page), '/r/eljur/s/1399');
    } finally {
      await context.close();
    }
  });

  test('ElJur: «Вход в журнал» on the school page, by keyboard alone at 360 px', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto('/r/eljur/s/1399');
      assert.deepEqual(await textsAt(page, '.school-signin h2'), ['Вход в журнал']);
      await screenshot(page, 'school-signin-360');
      await page.locator('#school-login').focus();
      await page.keyboard.type('orlova.math');
      await page.keyboard.press('Tab');
      await page.keyboard.type('wrong-password');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.equal(pathOf(page), '/r/eljur/login');
      assert.deepEqual(await textsAt(page, '.signin-school a'), ['ГБОУ СОШ № 1399']);
      assert.ok(
        ((await page.textContent('main')) ?? '').includes(
          'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!',
        ),
      );
      await page.locator('#password').focus();
      await page.keyboard.type('Algebra2026urok');
      await Promise.all([page.waitForURL('**/r/eljur/profile'), page.keyboard.press('Enter')]);
    } finally {
      await context.close();
    }
  });
});
