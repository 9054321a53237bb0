/**
 * «Войти через госуслуги» in headless Chromium with the ESIA simulator (article 002's screens):
 * the button and «Инструкция для входа», «Выберите Ваш регион», the simulator's sign-in page
 * with its SMS code, a refusal page, linking by hand from «Мой профиль», and the three-step
 * registration wizard to «Отлично!».
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SIM_PASSWORD } from '../../src/esia/sim/people.js';
import { useEsiaSimulator } from './esia-support.js';
import { browserSkip, pathOf, screenshot, signIn, submit, textAt } from './support.js';

/** On the simulator: login and password, then the SMS code shown on its page. */
async function gosuslugi(page: Page, login: string, shot?: string): Promise<void> {
  await page.getByLabel('Телефон / Email / СНИЛС').fill(login);
  await page.getByLabel('Пароль').fill(SIM_PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Войти' }));
  const code = await textAt(page, '[data-sms-code]');
  assert.match(code, /^\d{6}$/);
  if (shot) await screenshot(page, shot);
  await page.getByLabel('Код из СМС').fill(code);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Продолжить' }).click()]);
}

async function toGosuslugi(page: Page): Promise<void> {
  await page.goto('/r/dnevnik/login');
  await page.getByRole('link', { name: 'Войти через госуслуги' }).click();
  await page.waitForURL(/\/esia\/region$/);
  await page.getByLabel('Регион').selectOption({ label: 'Москва' });
  // The form's POST is answered with a 303 straight to ESIA (its origin is allowed in this
  // page's form-action): no page of ours in between, no refresh.
  const started = page.waitForResponse((r) => r.url().endsWith('/esia/start'));
  await submit(page, page.getByRole('button', { name: 'Продолжить' }));
  const start = await started;
  assert.equal(start.status(), 303);
  assert.equal(new URL(start.headers().location as string).pathname, '/aas/oauth2/v2/ac');
  await page.waitForURL((url) => url.pathname === '/aas/oauth2/v2/ac');
  assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0);
}

describe('«Войти через госуслуги» in a browser', { skip: browserSkip }, () => {
  const { e2e, sim } = useEsiaSimulator('esia-e2e-');

  test('the button, the instruction, the region, the SMS code, signed in', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      await page.getByRole('link', { name: 'Инструкция для входа' }).click();
      assert.match(await textAt(page, 'h1'), /Авторизация в Дневник.ру через портал госуслуг/);
      await toGosuslugi(page);
      assert.equal(new URL(page.url()).origin, sim.url);
      await screenshot(page, 'esia-simulator-login');
      await gosuslugi(page, 'standard', 'esia-simulator-sms');
      assert.equal(pathOf(page), '/r/dnevnik/profile');
      assert.match(await textAt(page, '.person-name'), /Иванов Алексей Петрович/);
      // The region is remembered.
      await page.goto('/r/dnevnik/esia/region');
      assert.equal(await page.locator('#region option:checked').textContent(), 'Москва');
    } finally {
      await context.close();
    }
  });

  test('a refusal: the reason, the advice and the school page', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await toGosuslugi(page);
      await gosuslugi(page, 'name-differs');
      assert.match(
        await textAt(page, '.esia-failure'),
        /ФИО и СНИЛС в профилях Дневник.ру и портала госуслуг не совпадают/,
      );
      assert.match(await textAt(page, '.esia-failure'), /администратором в Дневник.ру/);
      await screenshot(page, 'esia-failure');
      await page.getByRole('link', { name: /Страница школы/ }).click();
      assert.equal(pathOf(page), '/r/dnevnik/s/perm-12');
    } finally {
      await context.close();
    }
  });

  test('linking by hand from «Мой профиль», then signing in with Gosuslugi', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'komarova.oi', 'Gosuslugi-Dnevnik6'), 303);
      await page.getByRole('link', { name: 'Связать с госуслугами' }).click();
      await page.getByLabel('Текущий пароль').fill('Gosuslugi-Dnevnik6');
      await submit(page, page.getByRole('button', { name: 'Связать с госуслугами' }));
      await gosuslugi(page, 'no-snils');
      assert.match(await textAt(page, '.profile'), /Учётные записи связаны/);
      await screenshot(page, 'esia-linked');
    } finally {
      await context.close();
    }
    const other = await e2e.newPage();
    try {
      await toGosuslugi(other.page);
      await gosuslugi(other.page, 'no-snils');
      assert.equal(pathOf(other.page), '/r/dnevnik/profile');
    } finally {
      await other.context.close();
    }
  });

  test('the three-step wizard to «Отлично!»', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await toGosuslugi(page);
      await gosuslugi(page, 'wizard');
      assert.equal(pathOf(page), '/r/dnevnik/esia/register/personal');
      assert.equal(await textAt(page, 'h1'), 'Добро пожаловать');
      assert.equal(await textAt(page, '[aria-current=step]'), 'Личные данные');
      await screenshot(page, 'esia-wizard-personal');
      await submit(page, page.getByRole('button', { name: 'Далее' }));
      assert.equal(await textAt(page, '[aria-current=step]'), 'Параметры безопасности');
      await page.getByLabel('Эл. почта').fill('zaytseva@demo.example');
      await page.getByLabel('Мобильный телефон').fill('9260000013');
      await submit(page, page.getByRole('button', { name: 'Далее' }));
      assert.equal(await textAt(page, '[aria-current=step]'), 'Новый пароль');
      assert.match(await textAt(page, '.login'), /^annazaytseva/);
      await page.getByLabel('Ваш новый пароль').pressSequentially('Solnce-Luna-4817');
      assert.ok(Number(await page.locator('#strength').getAttribute('value')) >= 3);
      await page.getByLabel('Повторите пароль').fill('Solnce-Luna-4817');
      await page.getByLabel('Я принимаю условия Пользовательского соглашения.').check();
      await screenshot(page, 'esia-wizard-password');
      await submit(page, page.getByRole('button', { name: 'Готово!' }));
      assert.match(
        await textAt(page, '.great'),
        /Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг./,
      );
      // The letter and the SMS code went at once; the code's page is one click away.
      assert.match(await textAt(page, '.confirm-email'), /Мы отправили письмо на zaytseva@demo.example/);
      assert.match(await textAt(page, '.confirm-phone'), /отправлено СМС с кодом подтверждения/);
      await screenshot(page, 'esia-wizard-done');
      await page.getByRole('link', { name: 'Ввести код из СМС' }).click();
      assert.equal(pathOf(page), '/r/dnevnik/settings/phone/code');
      await page.goBack();
      await page.getByRole('link', { name: 'Перейти в Дневник.ру' }).click();
      assert.equal(pathOf(page), '/r/dnevnik/profile');
    } finally {
      await context.close();
    }
  });
});
