/**
 * The curator desk through real clicks in headless Chromium: an ElJur curator prints a class's
 * invitations (one sheet per student, with the class, the name, the registration address and a
 * code the store knows), and a Dnevnik administrator creates a profile whose temporary password
 * is replaced at the first sign-in. The HTTP-level rules are tested with app.inject() next to the
 * desk; here we check that the pages, forms and the printed layout hold together in a browser.
 *
 * Until `src/web/app.ts` registers the desk, the app here is built with the desk mounted the way
 * `app.ts` mounts realm modules; once registered, the harness app is used as it is.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { demoDirectory } from '../../src/demo/seed.js';
import { registerDesk } from '../../src/pages/desk/routes.js';
import type { Services } from '../../src/services.js';
import { buildApp } from '../../src/web/app.js';
import { stylesheet } from '../../src/web/assets.js';
import { resolveLocale, setLocale } from '../../src/web/context.js';
import { sendError } from '../../src/web/error-handler.js';
import { type Harness, startHarness } from '../support/harness.js';
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

const browserOnly = { skip: browserSkip };

/**
 * The print layout is checked once the stylesheet has it: the `@media print` rules for
 * `.invitation` live in the stylesheet (`public/style/`), which this module does not own.
 */
const STYLESHEET = (() => {
  try {
    return stylesheet().toString('utf8');
  } catch {
    return '';
  }
})();
const printCssSkip: string | false =
  browserSkip ||
  (/@media print[\s\S]*\.invitation[\s\S]*break-after:\s*page/.test(STYLESHEET)
    ? false
    : 'the stylesheet has no print rules for .invitation yet');

/** What `app.ts` does for every realm module: the realm from the path, its locale, else 404. */
function mountDesk(app: FastifyInstance, services: Services): void {
  void app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const { realm: realmId } = request.params as { realm?: string };
        const realm = realmId ? await services.realms.find(realmId) : null;
        if (!realm) return sendError(request, reply, 'realm_not_found');
        request.realm = realm;
        setLocale(request, resolveLocale(request, realm.settings.defaultLocale));
      });
      registerDesk(scope, services);
    },
    { prefix: '/r/:realm' },
  );
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

interface DeskE2E {
  readonly harness: Harness;
  readonly baseUrl: string;
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** `startE2E` of `support.ts`, with the desk mounted when the app does not have it yet. */
async function startDeskE2E(): Promise<DeskE2E> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const harness = await startHarness('sqlite', {
    config: { DEMO: true, LOG_LEVEL: 'warn', BASE_URL: baseUrl },
  });
  let own: FastifyInstance | null = null;
  let browser: Browser | null = null;
  try {
    let app = harness.app;
    if (!app.hasRoute({ method: 'GET', url: '/r/:realm/desk' })) {
      own = await buildApp(harness.services, {
        demoDirectory: demoDirectory(),
        extraRoutes: (a) => mountDesk(a, harness.services),
      });
      app = own;
    }
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
    const server = own;
    return {
      harness,
      baseUrl,
      async newPage() {
        const context = await launched.newContext({ baseURL: baseUrl, locale: 'ru-RU' });
        context.setDefaultTimeout(10_000);
        context.setDefaultNavigationTimeout(10_000);
        await guardContext(context);
        return { context, page: await context.newPage() };
      },
      async close() {
        await launched.close();
        await server?.close();
        await harness.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await own?.close().catch(() => undefined);
    await harness.close().catch(() => undefined);
    throw err;
  }
}

describe('the curator desk in a browser', () => {
  let e2e: DeskE2E;
  before(async () => {
    if (!browserSkip) e2e = await startDeskE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  /** From the sign-in page to the class print page of 6А, for the parents. */
  async function printClass(page: Page): Promise<number> {
    await page.goto('/r/eljur/login');
    assert.equal(await signIn(page, 'curator1399', 'Kurator2026zhurnal'), 303);
    await page.goto('/r/eljur/desk');
    await page.getByRole('link', { name: 'ГБОУ СОШ № 1399' }).click();
    await page.waitForURL('**/r/eljur/desk/1399');
    assert.equal(await textAt(page, 'h1'), 'ГБОУ СОШ № 1399');
    const class6a = page.locator('section.desk-class[data-class="6А"]');
    await class6a.getByLabel('Кому').selectOption('pt');
    return submit(page, class6a.getByRole('button', { name: 'Печать приглашений для класса' }));
  }

  test('a curator prints the invitations of a class: one sheet per student', browserOnly, async () => {
    const { context, page } = await e2e.newPage();
    try {
      assert.equal(await printClass(page), 200);
      assert.equal(pathOf(page), '/r/eljur/desk/1399/print');
      assert.equal(await textAt(page, 'h1'), 'Приглашения для класса 6А: родителям');
      assert.match(
        await textAt(page, '.notice-warning'),
        /^Коды показаны только на этой странице и только один раз\./,
      );
      assert.match(await textAt(page, '.print-hint'), /^Печать: нажмите Ctrl\+P/);

      const sheets = page.locator('article.invitation');
      assert.equal(await sheets.count(), 4, 'one invitation per student of 6А');
      assert.deepEqual(await textsAt(page, '.invitation .for-whom'), Array(4).fill('Родителям (6А)'));
      assert.deepEqual(await textsAt(page, '.invitation .invitee'), [
        'Лебедев Т',
        'Николаева В',
        'Орлов Г',
        'Смирнова Д',
      ]);
      assert.deepEqual(await textsAt(page, '.invitation .greeting'), Array(4).fill('Приветствуем вас!'));
      assert.deepEqual(
        await textsAt(page, '.invitation .url'),
        Array(4).fill(`${e2e.baseUrl}/r/eljur/s/1399/hello`),
      );
      const codes = await textsAt(page, '.invitation .code');
      assert.equal(new Set(codes).size, 4);
      for (const code of codes) {
        assert.match(code, /^pt[a-z0-9]{7}$/);
        assert.equal((await e2e.harness.services.invitations.lookup('eljur', code)).status, 'active');
      }
      await screenshot(page, 'desk-print-class');

      // Back on the desk, the students show that a parents' code is out.
      await page.getByRole('link', { name: 'К списку классов' }).click();
      await page.waitForURL('**/r/eljur/desk/1399');
      const row = page.locator('section.desk-class[data-class="6А"] tr.student', {
        hasText: 'Смирнова Дарья',
      });
      assert.match((await row.textContent()) ?? '', /выдан код pt/);
      await screenshot(page, 'desk-organisation');
    } finally {
      await context.close();
    }
  });

  test('printed, each invitation is a page of its own and the controls are not printed', {
    skip: printCssSkip,
  }, async () => {
    const { context, page } = await e2e.newPage();
    try {
      assert.equal(await printClass(page), 200);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.print-controls').isVisible(), false);
      assert.equal(await page.locator('header.top').isVisible(), false);
      const breaks = await page.locator('article.invitation').evaluateAll((els) =>
        // Runs in the page; the project's TypeScript has no DOM library, so the window is typed here.
        els.map(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { breakAfter: string } }
            ).getComputedStyle(el).breakAfter,
        ),
      );
      // A page break after every sheet but (optionally) the last, which needs no blank page after it.
      assert.equal(breaks.length, 4);
      assert.deepEqual(breaks.slice(0, 3), Array(3).fill('page'));
      assert.ok(['page', 'auto'].includes(breaks[3] ?? ''), breaks[3]);
      await screenshot(page, 'desk-print-class-print-media');
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  });

  test('a created profile’s temporary password is replaced at the first sign-in', browserOnly, async () => {
    const admin = await e2e.newPage();
    let login = '';
    let temporary = '';
    try {
      const { page } = admin;
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'admin1535', 'Direktor-2026'), 303);
      await page.goto('/r/dnevnik/desk/1535');
      await page.getByRole('link', { name: 'Создать профиль' }).click();
      await page.waitForURL('**/r/dnevnik/desk/1535/people/new');
      assert.equal(await textAt(page, 'h1'), 'Создать профиль');

      // First with a date that does not exist: the form comes back with the message.
      await page.getByLabel('Фамилия').fill('Зимина');
      await page.getByLabel('Имя', { exact: true }).fill('Алиса');
      await page.getByLabel('Дата рождения').fill('31.02.2014');
      await page.getByLabel('СНИЛС').fill('001-002-077 37');
      await page.getByLabel('Логин').fill('zimina.alisa');
      await page.getByLabel('Роль').selectOption({ label: 'Ученик' });
      await page.getByLabel('Класс').selectOption({ label: '6А' });
      assert.equal(await submit(page, page.getByRole('button', { name: 'Создать профиль' })), 400);
      assert.equal(await textAt(page, '#birth_date-error'), 'Такой даты не существует');
      assert.equal(
        await textAt(page, '#snils-error'),
        'Неверный СНИЛС: не сходится контрольное число. Проверьте цифры',
      );
      assert.equal(await page.getByLabel('Фамилия').inputValue(), 'Зимина', 'what was typed is kept');

      await page.getByLabel('Дата рождения').fill('03.03.2014');
      await page.getByLabel('СНИЛС').fill('001-002-077 36');
      assert.equal(await submit(page, page.getByRole('button', { name: 'Создать профиль' })), 200);
      assert.equal(await textAt(page, 'h1'), 'Данные для входа');
      assert.equal(await textAt(page, '.invitation .for-whom'), 'Ученику (6А)');
      assert.equal(await textAt(page, '.invitation .invitee'), 'Зимина А');
      assert.equal(
        await textAt(page, '.invitation .change-note'),
        'При первом входе система попросит сменить пароль.',
      );
      login = await textAt(page, '.invitation .login');
      temporary = await textAt(page, '.invitation .temporary-password');
      assert.equal(login, 'zimina.alisa');
      assert.ok(temporary.length >= 10);
      await screenshot(page, 'desk-credentials');
    } finally {
      await admin.context.close();
    }

    const { context, page } = await e2e.newPage();
    const chosen = 'Snezhinka-2049';
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, login, temporary), 303);
      assert.equal(pathOf(page), '/r/dnevnik/password/new');
      assert.equal(await textAt(page, 'h1'), 'Новый пароль');
      await page.locator('#password').fill(chosen);
      await page.locator('#password2').fill(chosen);
      assert.equal(await submit(page, page.getByRole('button', { name: 'Готово!' })), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile');
      assert.equal(await textAt(page, '.person-name'), 'Зимина Алиса');

      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, login, chosen), 303);
      assert.equal(pathOf(page), '/r/dnevnik/profile', 'the new password is not temporary');
      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, login, temporary), 401, 'the temporary one is gone');
    } finally {
      await context.close();
    }
  });
});
