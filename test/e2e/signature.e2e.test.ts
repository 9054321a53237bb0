/**
 * Sign-in with ЭЦП in headless Chromium with the NCALayer simulator: the page's script talks to
 * the simulator over WebSocket, the key is picked and its password typed on the simulator's
 * dialog page, then the password of the personal account; a cancel in the dialog; and NCALayer
 * not running at all.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerInDialog, tickConsents, useNcalayerSimulator } from './ncalayer-support.js';
import { enrolAtSignin } from './second-factor-support.js';
import { browserOnly, newestLetter, openMailbox, pathOf, submit, textAt } from './support.js';

describe('sign-in with ЭЦП in a browser', () => {
  const { e2e, sim } = useNcalayerSimulator('ncalayer-e2e-');

  test(
    'ЭЦП, then the password of the personal account, then the enrolment: signed in',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      try {
        // The realm's sign-in screen is the ЭЦП one (article 004): no login and password form.
        await page.goto('/r/recycle/login');
        assert.equal(await textAt(page, 'h1'), 'Вход в систему');
        assert.equal(await page.locator('input[name=login]').count(), 0);
        assert.ok(
          await page
            .getByText('Внимание! Для входа требуется подтверждение обоих пунктов согласия.')
            .isVisible(),
        );
        await tickConsents(page);
        assert.equal(
          await page.locator('#consents-warning').isVisible(),
          false,
          'the warning goes once both are ticked',
        );
        const navigated = page.waitForURL(/\/signature\/password\?flow=/);
        await page.getByRole('button', { name: 'Войти в систему' }).click();
        await answerInDialog(e2e.browser, sim.url, { key: 'gost:individual' });
        await navigated;
        assert.equal(
          await page.locator('#password').getAttribute('placeholder'),
          'Введите пароль от личного кабинета в системе',
        );
        assert.ok(await page.getByRole('link', { name: 'Забыли пароль?' }).isVisible());
        await page.locator('#password').fill('Kz!Eco#2026');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Войти', exact: true })), 303);
        // No authenticator yet, and recycle demands one: the enrolment before any session.
        const step = pathOf(page);
        assert.match(step, /^\/r\/recycle\/login\/step\//);
        for (const elsewhere of ['/r/recycle/profile', '/r/recycle/settings']) {
          await page.goto(elsewhere);
          assert.equal(pathOf(page), '/r/recycle/login', elsewhere);
        }
        await page.goto(step);
        await enrolAtSignin(page, () => e2e.harness.clock.now());
        assert.equal(pathOf(page), '/r/recycle/profile');
        assert.equal(await textAt(page, '.person-name'), 'Ахметов Нурлан Серикович');
      } finally {
        await context.close();
      }
    },
  );

  test(
    'a signing-only key is refused with its message; an employee signs in with the RSA key',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      try {
        await page.goto('/r/recycle/signature/login');
        await tickConsents(page);
        const loaded = page.waitForEvent('load');
        await page.getByRole('button', { name: 'Войти в систему' }).click();
        await answerInDialog(e2e.browser, sim.url, { key: 'gost:signing' });
        await loaded;
        assert.match(await textAt(page, '[role=alert]'), /^Этот ключ не подходит/);
        await tickConsents(page);
        const toPassword = page.waitForURL(/\/signature\/password/);
        await page.getByRole('button', { name: 'Войти в систему' }).click();
        await answerInDialog(e2e.browser, sim.url, { key: 'rsa:employee' });
        await toPassword;
        assert.match(await textAt(page, '.signed-as'), /БИН 061211600012/);
      } finally {
        await context.close();
      }
    },
  );

  test(
    'the whole reset of article 004: «Забыли пароль?» → the statement signed → a new password and email → the code from the letter',
    browserOnly,
    async () => {
      const { context, page } = await e2e.newPage();
      try {
        await page.goto('/r/recycle/signature/login');
        await tickConsents(page);
        const toPassword = page.waitForURL(/\/signature\/password\?flow=/);
        await page.getByRole('button', { name: 'Войти в систему' }).click();
        await answerInDialog(e2e.browser, sim.url, { key: 'rsa:individual' });
        await toPassword;
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('link', { name: 'Забыли пароль?' }).click(),
        ]);
        assert.equal(await textAt(page, '.your-email'), 'Ваш email: tteniscent@demo.example');
        // «Отправить ссылку на email» sends recovery's link to the address on file from this form.
        await page.getByLabel('Email', { exact: true }).fill('tteniscent@demo.example');
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: 'Отправить ссылку на email' }).click(),
        ]);
        assert.match(
          await textAt(page, '.notice-success'),
          /^Письмо со ссылкой для восстановления доступа отправлено на tteniscent@demo\.example\./,
        );
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('link', { name: 'Сбросить данные через ЭЦП' }).click(),
        ]);
        assert.equal(await textAt(page, 'h1'), 'Сброс доступа через ЭЦП');
        assert.match(
          await textAt(page, '.statement'),
          /^Настоящим сообщаем, что при регистрации в автоматизированной информационной системе app\.recycle\.kz/,
        );
        const toNew = page.waitForURL(/\/signature\/reset\/new\?flow=/);
        await page.getByRole('button', { name: 'Подписать и сбросить' }).click();
        await answerInDialog(e2e.browser, sim.url, { key: 'gost:signing' });
        await toNew;
        assert.ok(await page.getByText('Пароль должен быть минимум 8 символов.').isVisible());
        await page.getByLabel('Пароль', { exact: true }).fill('Eco!Reset2026');
        await page.getByLabel('Подтвердить пароль').fill('Eco!Reset2026');
        await page.getByLabel('Email').fill('akhmetov.fresh@demo.example');
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее →' })), 303);
        assert.ok(await page.getByText('Письмо с подтверждением успешно отправлено!').isVisible());
        assert.equal(await textAt(page, 'label[for=code]'), 'Введите код подтверждения');

        const mail = await context.newPage();
        await openMailbox(e2e, mail);
        const letter = await newestLetter(mail, 'akhmetov.fresh@demo.example', 'email_code').textContent();
        const code = /\b(\d{6})\b/.exec(letter ?? '')?.[1];
        assert.ok(code, 'the code is in the letter');
        await mail.close();

        await page.getByLabel('Введите код подтверждения').fill(code);
        assert.equal(await submit(page, page.getByRole('button', { name: 'Далее →' })), 200);
        assert.equal(await textAt(page, 'h1'), 'Доступ восстановлен');

        const check = await context.newPage();
        await openMailbox(e2e, check);
        assert.equal(
          await newestLetter(check, 'tteniscent@demo.example', 'email_changed').count(),
          1,
          'the old email is told',
        );
        await check.close();
      } finally {
        await context.close();
      }
    },
  );

  test('cancel in the key dialog: the page says the signing was cancelled', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/recycle/signature/login');
      await tickConsents(page);
      await page.getByRole('button', { name: 'Войти в систему' }).click();
      await answerInDialog(e2e.browser, sim.url, { key: '', cancel: true });
      await page.locator('#signature-status:not([hidden])').waitFor();
      assert.equal(
        await textAt(page, '#signature-status'),
        'Подписание отменено. Чтобы войти, нажмите «Войти в систему» ещё раз и выберите ключ.',
      );
      assert.equal(pathOf(page), '/r/recycle/signature/login');
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the page explains that signing needs it', browserOnly, async () => {
    const { context, page } = await e2e.newPage({ javaScriptEnabled: false });
    try {
      await page.goto('/r/recycle/signature/login');
      assert.match(await page.content(), /Для входа с ЭЦП нужен JavaScript/);
    } finally {
      await context.close();
    }
  });

  test('NCALayer not running: the page says so in Russian with what to install', browserOnly, async () => {
    await sim.close();
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/recycle/signature/login');
      await tickConsents(page);
      await page.getByRole('button', { name: 'Войти в систему' }).click();
      await page.locator('#signature-status:not([hidden])').waitFor();
      assert.equal(
        await textAt(page, '#signature-status'),
        'NCALayer не запущен. Для работы с ЭЦП установите NCALayer с сайта Национального удостоверяющего центра РК (https://ncl.pki.gov.kz/), запустите его и обновите эту страницу.',
      );
    } finally {
      await context.close();
    }
  });
});
