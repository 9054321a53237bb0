/**
 * Registration by invitation code (article 003) through real clicks in headless Chromium: a
 * parent with two codes, from «Регистрация» at the school's address to «Мой профиль» listing
 * both children; a student who mistypes the code in capitals, is told why, and registers
 * without an email. The rules are tested with app.inject() next to the flow; here we check a
 * person can get through the pages with no JavaScript of ours.
 *
 * Until `src/web/app.ts` registers the module, this file starts its own app with the routes
 * mounted (`registrationApp`), because `startE2E` cannot be given extra routes; once app.ts
 * registers them, the harness app itself listens.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Harness, startHarness } from '../support/harness.js';
import { issueCode, personNamed, registrationApp } from '../support/registration.js';
import { guardContext } from './accessibility.js';
import {
  browserSkip,
  CHROMIUM_PATH,
  pathOf,
  screenshot,
  signIn,
  submit,
  textAt,
  textsAt,
} from './support.js';

const HELLO = '/r/eljur/s/1399/hello';

/** Skip is set on each test so the summary counts them as skipped, with the reason. */
const browserOnly = { skip: browserSkip };

interface Run {
  readonly harness: Harness;
  readonly app: FastifyInstance;
  readonly owned: boolean;
  readonly browser: Browser;
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `startE2E` of support.ts, listening with the registration routes mounted. */
async function start(): Promise<Run> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const harness = await startHarness('sqlite', {
    config: { DEMO: true, LOG_LEVEL: 'warn', BASE_URL: baseUrl },
  });
  const { app, owned } = await registrationApp(harness.app, harness.services);
  let browser: Browser | null = null;
  try {
    await app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    const launched = browser;
    return {
      harness,
      app,
      owned,
      browser: launched,
      async newPage() {
        const context = await launched.newContext({ baseURL: baseUrl, locale: 'ru-RU' });
        context.setDefaultTimeout(10_000);
        context.setDefaultNavigationTimeout(10_000);
        await guardContext(context);
        return { context, page: await context.newPage() };
      },
      async close() {
        await launched.close();
        if (owned) await app.close();
        await harness.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    if (owned) await app.close().catch(() => undefined);
    await harness.close().catch(() => undefined);
    throw err;
  }
}

describe('registration in a browser', () => {
  let run: Run;
  before(async () => {
    if (!browserSkip) run = await start();
  });
  after(async () => {
    await run?.close();
  });

  test('a parent with two codes registers and sees both children in the profile', browserOnly, async () => {
    const { services } = run.harness;
    const dasha = await personNamed(services, 'Смирнова', 'Дарья');
    const pasha = await personNamed(services, 'Смирнов', 'Павел');
    const first = await issueCode(services, dasha.id, 'pt');
    const second = await issueCode(services, pasha.id, 'pt');
    const { context, page } = await run.newPage();
    try {
      // From the school's page, as the invitation says: «Адрес для регистрации: 1399.eljur.ru/hello».
      await page.goto('/r/eljur/s/1399');
      await Promise.all([
        page.waitForURL(`**${HELLO}`),
        page.getByRole('link', { name: 'Регистрация' }).click(),
      ]);
      assert.equal(await textAt(page, 'h1'), 'Регистрация');
      assert.equal(await textAt(page, '.school-name'), 'ГБОУ СОШ № 1399');
      assert.equal(
        await textAt(page, '.registration-code .hint'),
        'Вы можете получить приглашительный код в школе.',
      );
      assert.ok(await page.getByRole('link', { name: '← Уже есть аккаунт' }).isVisible());
      assert.ok(await page.getByRole('link', { name: 'Забыли пароль?' }).isVisible());
      await page.getByLabel('Введите приглашительный код').fill(first.code);
      await screenshot(page, 'registration-code');
      assert.equal(await submit(page, page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬСЯ' })), 303);

      assert.equal(pathOf(page), `${HELLO}/account`);
      assert.equal(await textAt(page, '.invitation-for'), 'Приглашение: Родителям (6А) · Смирнова Д.');
      // The school's record of the mother is the default answer.
      assert.ok(await page.getByRole('radio', { name: 'Смирнова Елена Андреевна' }).isChecked());
      await page.getByLabel('Логин', { exact: true }).fill('elena.smirnova');
      await page.getByLabel('Пароль', { exact: true }).fill('KrasnyiMost2026');
      await page.getByLabel('Повторите пароль').fill('KrasnyiMost2026');
      await page.getByLabel('Эл. почта').fill('elena.smirnova@demo.example');
      // «Дети»: the second code; «У меня есть еще один пригласительный код» opens one more field.
      assert.deepEqual(await textsAt(page, '.children-list li'), ['Смирнова Д. (6А)']);
      await page.locator('#child_code_1').fill(second.code);
      assert.equal(await page.locator('#child_code_2').isVisible(), false);
      await page.getByText('У меня есть еще один пригласительный код').first().click();
      assert.equal(await page.locator('#child_code_2').isVisible(), true);
      await screenshot(page, 'registration-parent-form');
      assert.equal(await submit(page, page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬСЯ' })), 303);

      assert.equal(pathOf(page), `${HELLO}/done`);
      assert.equal(await textAt(page, '.notice-success'), 'Регистрация в системе успешно завершена.');
      assert.equal(await textAt(page, 'strong.login'), 'elena.smirnova');
      assert.equal(
        await textAt(page, '.children-linked'),
        'Доступ к дневникам детей: Смирнов Павел, Смирнова Дарья.',
      );
      assert.ok(
        (await textAt(page, '.notice-info')).startsWith('Войдя в систему, подтвердите свою эл. почту'),
      );
      await screenshot(page, 'registration-done');

      await Promise.all([
        page.waitForURL('**/r/eljur/login'),
        page.getByRole('link', { name: 'Войти в журнал' }).click(),
      ]);
      // The first sign-in after registration (article 003): the screen, and the letter at once.
      await page.setViewportSize({ width: 360, height: 800 });
      assert.equal(await signIn(page, 'elena.smirnova', 'KrasnyiMost2026'), 303);
      assert.equal(pathOf(page), '/r/eljur/welcome');
      assert.equal(await textAt(page, 'h1'), 'Обновление информации о пользователе');
      assert.match(await textAt(page, '.notice-info'), /^На почту .+ отправлено письмо для подтверждения\./);
      await screenshot(page, 'registration-first-signin-360');
      const elena = await personNamed(run.harness.services, 'Смирнова', 'Елена');
      for (let i = 0; i < 2; i++) await run.harness.services.worker.runOnce();
      const letters = await run.harness.services.db
        .selectFrom('outbox')
        .select('template')
        .where('person_id', '=', elena.id)
        .where('template', '=', 'email_confirmation')
        .execute();
      assert.equal(letters.length, 1, 'the confirmation letter');
      // Nothing blocks the way on: «Мой профиль» by keyboard.
      await page.getByRole('link', { name: 'Мой профиль' }).focus();
      await Promise.all([page.waitForURL('**/r/eljur/profile'), page.keyboard.press('Enter')]);
      await page.setViewportSize({ width: 1280, height: 800 });
      assert.deepEqual((await textsAt(page, 'ul.children li')).sort(), ['Смирнов Павел', 'Смирнова Дарья']);
      assert.equal(await textAt(page, '.person-name'), 'Смирнова Елена Андреевна');
      await screenshot(page, 'registration-parent-profile');
    } finally {
      await context.close();
    }
  });

  test(
    'a student mistypes the code in capitals, is told why, and registers without an email',
    browserOnly,
    async () => {
      const { services } = run.harness;
      const timur = await personNamed(services, 'Лебедев', 'Тимур');
      const { code } = await issueCode(services, timur.id, 'st');
      const { context, page } = await run.newPage();
      try {
        await page.goto(HELLO);
        const field = page.getByLabel('Введите приглашительный код');
        await field.fill(code.toUpperCase());
        assert.equal(await submit(page, page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬСЯ' })), 400);
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        assert.ok(
          (await textAt(page, '#code-error')).startsWith('Коды не содержат большие (прописные) буквы.'),
        );
        await screenshot(page, 'registration-code-capitals');
        await field.fill(code);
        assert.equal(await submit(page, page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬСЯ' })), 303);

        assert.equal(await textAt(page, '.invitation-for'), 'Приглашение: Ученику (6А) · Лебедев Т.');
        assert.equal(await page.locator('fieldset.children').count(), 0);
        await page.getByLabel('Логин', { exact: true }).fill('timur.l');
        await page.getByLabel('Пароль', { exact: true }).fill('GornayaReka77');
        await page.getByLabel('Повторите пароль').fill('GornayaReka77');
        assert.equal(await submit(page, page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬСЯ' })), 303);
        assert.equal(await textAt(page, '.notice-success'), 'Регистрация в системе успешно завершена.');
        assert.ok((await textAt(page, '.notice-warning')).startsWith('Вы не указали эл. почту.'));

        await page.getByRole('link', { name: 'Войти в журнал' }).click();
        await page.waitForURL('**/r/eljur/login');
        assert.equal(await signIn(page, 'timur.l', 'GornayaReka77'), 303);
        // No email was given: «Обновление информации о пользователе» asks for one; by keyboard.
        assert.equal(pathOf(page), '/r/eljur/welcome');
        assert.ok((await textAt(page, '.notice-info')).startsWith('Вы не указали адрес электронной почты.'));
        await page.locator('#password').focus();
        await page.keyboard.type('GornayaReka77');
        await page.keyboard.press('Tab');
        await page.keyboard.type('timur.l@mail.example');
        await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
        assert.equal(await textAt(page, 'h1'), 'Письмо отправлено');
        await page.goto('/r/eljur/profile');
        assert.equal(await textAt(page, 'dd.login'), 'timur.l');
        await screenshot(page, 'registration-student-profile');
      } finally {
        await context.close();
      }
    },
  );
});
