/**
 * Sign-in through real clicks in headless Chromium: the pages people see, the cookies a real
 * browser keeps, the redirects it follows. The HTTP-level rules are tested with app.inject()
 * next to the flows; here we check that the pieces hold together in a browser.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserOnly, pathOf, screenshot, textAt, textsAt, useE2E } from './support.js';

const WRONG = 'Неверное имя пользователя или пароль. Пожалуйста, попробуйте еще раз!';
const BLOCKED =
  'Ваша учётная запись заблокирована. Обратитесь к администратору вашей образовательной организации.';

/**
 * Clicks a submit button and waits for the page that answers it. Waiting for the `load` of the
 * next document (not for a URL) matters because an error answer comes back on the same URL.
 * Returns the status of the POST itself (303 on success, 4xx with the form again otherwise).
 */
async function submit(page: Page, button: Locator): Promise<number> {
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
  );
  const loaded = page.waitForEvent('load');
  // Awaited together so that a failed click doesn't leave the two waits to reject unobserved.
  const [response] = await Promise.all([posted, loaded, button.click()]);
  return response.status();
}

/** Fills the sign-in form on the current page and submits it with the button. */
async function signIn(page: Page, login: string, password: string): Promise<number> {
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  return submit(page, page.locator('form button[type=submit]'));
}

/**
 * Skip is set on each test rather than on the suite so that the run's summary counts six skipped
 * tests with the reason, not an empty suite that is easy to overlook.
 */
describe('sign-in in a browser', () => {
  const e2e = useE2E();

  test('Dnevnik: from the landing page to «Мой профиль» and out again', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/');
      await page.getByRole('link', { name: 'Дневник (демо)', exact: true }).click();
      await page.waitForURL('**/r/dnevnik/login');
      assert.equal(await textAt(page, 'h1'), 'Войти в Дневник.ру');
      await screenshot(page, 'dnevnik-signin');

      assert.equal(await signIn(page, 'ekaterinavolkov', 'Zvezda-4815'), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');
      assert.equal(await textAt(page, 'h1'), 'Мой профиль');
      assert.equal(await textAt(page, '.person-name'), 'Волкова Екатерина Александровна');
      assert.equal(await textAt(page, '.login'), 'ekaterinavolkov');
      assert.deepEqual(await textsAt(page, '.memberships .org'), ['ГБОУ Школа № 1535']);
      const emailRow = page.locator('table.contacts tr', { hasText: 'Эл. почта' });
      assert.equal(await emailRow.locator('.status').textContent(), 'подтверждён');
      assert.ok((await emailRow.textContent())?.includes('volkova@demo.example'));
      await screenshot(page, 'dnevnik-profile');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(pathOf(page), '/r/dnevnik/login');
      assert.equal(await textAt(page, '.notice-success'), 'Вы вышли из системы.');

      // The session ended on the server, not just in the browser: the profile sends us back.
      await page.goto('/r/dnevnik/profile');
      assert.equal(pathOf(page), '/r/dnevnik/login');
      assert.equal(await textAt(page, 'h1'), 'Войти в Дневник.ру');
    } finally {
      await context.close();
    }
  });

  test('a wrong password: the one message, the login kept, the password cleared', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'ekaterinavolkov', 'Zvezda-4816'), 401);
      assert.equal(pathOf(page), '/r/dnevnik/login');
      assert.equal(await textAt(page, '[role=alert]'), WRONG);
      assert.equal(await page.locator('#login').inputValue(), 'ekaterinavolkov');
      assert.equal(await page.locator('#password').inputValue(), '');
      const cookies = await context.cookies();
      assert.ok(!cookies.some((c) => c.name === 'propusk_dnevnik'), 'no session cookie after a failure');
    } finally {
      await context.close();
    }
  });

  test('a temporary password must be replaced before anything else', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    const temporary = 'vremya-7K3p';
    const chosen = 'Kometa-Luna-2049';
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'novikov.artem', temporary), 303);
      assert.equal(pathOf(page), '/r/dnevnik/password/new');
      assert.equal(await textAt(page, 'h1'), 'Новый пароль');
      assert.equal(await textAt(page, '.new-password p:has(.login)'), 'Ваш логин для входа: novikov.artem');

      // Too short: the policy message under the first field.
      await page.locator('#password').fill('Ab1');
      await page.locator('#password2').fill('Ab1');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Готово!' })), 400);
      assert.ok(
        (await textsAt(page, '#password-error li')).includes('Пароль должен содержать не менее 8 символов'),
        'too-short message shown',
      );

      // A good password typed differently twice: the mismatch under the second field only.
      await page.locator('#password').fill(chosen);
      await page.locator('#password2').fill(`${chosen}x`);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Готово!' })), 400);
      assert.deepEqual(await textsAt(page, '#password2-error li'), ['Пароли не совпадают']);
      assert.equal(await page.locator('#password-error').count(), 0);

      // Other pages still lead back here while the password is temporary.
      await page.goto('/r/dnevnik/profile');
      assert.equal(pathOf(page), '/r/dnevnik/password/new');

      await page.locator('#password').fill(chosen);
      await page.locator('#password2').fill(chosen);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Готово!' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');
      assert.equal(await textAt(page, '.notice-success'), 'Пароль изменён.');
      assert.equal(await textAt(page, '.person-name'), 'Новиков Артём');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, 'novikov.artem', chosen), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile', 'the new password is not temporary');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, 'novikov.artem', temporary), 401);
      assert.equal(await textAt(page, '[role=alert]'), WRONG);
    } finally {
      await context.close();
    }
  });

  test('recycle: the sign-in screen is the ЭЦП one, both consents asked', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/recycle/login');
      assert.equal(await textAt(page, 'h1'), 'Вход в систему');
      assert.ok(
        await page.getByText('С 1 июня 2020 года вход в систему осуществляется при помощи ЭЦП.').isVisible(),
      );
      assert.ok(
        await page.getByText('Напоминаем, что для работы с ЭЦП вам понадобится NCALayer.').isVisible(),
      );
      assert.ok(await page.getByRole('button', { name: 'Войти в систему' }).isVisible());
      assert.equal(await page.locator('input[name=login], input[name=password]').count(), 0);
      assert.equal(await page.getByRole('link', { name: 'Войти с ЭЦП' }).count(), 0);
      assert.ok(
        await page
          .getByText('Внимание! Для входа требуется подтверждение обоих пунктов согласия.')
          .isVisible(),
      );
      await page.locator('input[name=consent_personal_data]').check();
      await page.locator('input[name=consent_signature_liability]').check();
      assert.equal(await page.locator('#consents-warning').isVisible(), false);
    } finally {
      await context.close();
    }
  });

  test('the language switch turns the pages English and the choice stays', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'English' }).click()]);
      assert.equal(pathOf(page), '/r/dnevnik/login', 'the switch comes back to the same page');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await textAt(page, 'h1'), 'Sign in to Дневник.ру');
      assert.equal(await textAt(page, 'label[for=login]'), 'Login');
      assert.equal(await textAt(page, 'label[for=password]'), 'Password');

      assert.equal(await signIn(page, 'ekaterinavolkov', 'Zvezda-4815'), 303);
      assert.equal(await textAt(page, 'h1'), 'My profile');
      assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());

      await page.goto('/r/eljur/login');
      assert.equal(await textAt(page, 'h1'), 'Sign in to the journal');
      await page.goto('/');
      assert.equal(await textAt(page, '.landing p'), 'Choose the system you want to sign in to.');

      // And back: Russian is a choice like any other.
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Русский' }).click()]);
      assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
      assert.equal(await textAt(page, '.landing p'), 'Выберите систему, в которую хотите войти.');
    } finally {
      await context.close();
    }
  });

  test('a blocked person learns it after the right password, and gets no session', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'blocked.user', 'Zablokirovan-1'), 403);
      assert.equal(pathOf(page), '/r/dnevnik/login');
      assert.equal(await textAt(page, '[role=alert]'), BLOCKED);
      await page.goto('/r/dnevnik/profile');
      assert.equal(pathOf(page), '/r/dnevnik/login');
    } finally {
      await context.close();
    }
  });
});
