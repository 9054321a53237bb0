/**
 * The demo e-journal in headless Chromium: «Войти через Пропуск» → the realm's sign-in page →
 * «Вы вошли как …» with role, school, class and children → «Выйти», which ends the Propusk
 * session too; in every realm. Single sign-on into a second application on another origin (the
 * portfolio, a third-party client: the consent page, no password), «Отозвать доступ», and the
 * portfolio logged out by back-channel when the journal signs out.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildEjournal } from '../../src/demo/ejournal/app.js';
import { registerDemoApplications } from '../../src/demo/ejournal/start.js';
import { type OidcHarness, startOidcHarness } from '../support/oidc.js';
import { guardContext } from './accessibility.js';
import { enrolAtSignin } from './second-factor-support.js';
import { browserSkip, CHROMIUM_PATH, screenshot, signIn, submit, textAt } from './support.js';

async function listening(): Promise<{ server: Server; url: string; factory: FastifyServerFactory }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const factory: FastifyServerFactory = (handler) => {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => handler(req, res));
    return server;
  };
  return { server, url: `http://127.0.0.1:${port}`, factory };
}

const PEOPLE = {
  dnevnik: { login: 'ekaterinavolkov', password: 'Zvezda-4815', name: 'Волкова Екатерина Александровна' },
  eljur: { login: 'nikolaeva.mama', password: 'Roditel2026dom', name: 'Николаева Светлана Игоревна' },
  recycle: { login: 'akhmetov', password: 'Kz!Eco#2026', name: 'Ахметов' },
} as const;

describe('the demo e-journal signs in through Propusk', { skip: browserSkip }, () => {
  let h: OidcHarness;
  let browser: Browser;
  const servers: { server: Server; app: FastifyInstance }[] = [];
  let journal = '';
  let portfolio = '';

  before(async () => {
    h = await startOidcHarness('sqlite', { demo: true });
    const journalServer = await listening();
    const portfolioServer = await listening();
    journal = journalServer.url;
    portfolio = portfolioServer.url;
    const apps = await registerDemoApplications(h.services, { journal, portfolio });
    for (const [listened, kind] of [
      [journalServer, journal],
      [portfolioServer, portfolio],
    ] as const) {
      const app = await buildEjournal({
        publicUrl: kind,
        issuerBase: h.baseUrl,
        apps: apps.filter((a) => a.publicUrl === kind),
        serverFactory: listened.factory,
      });
      await app.ready();
      servers.push({ server: listened.server, app });
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    for (const { server, app } of servers) {
      await app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await h?.close();
  });

  async function fresh(): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU' });
    context.setDefaultTimeout(10_000);
    await guardContext(context);
    return context.newPage();
  }

  /** «Войти через Пропуск» in the journal of `realm`, the realm's sign-in page, back in the journal. */
  async function signInToJournal(page: Page, realm: keyof typeof PEOPLE): Promise<void> {
    const person = PEOPLE[realm];
    await page.goto(`${journal}/${realm}/`);
    await page.getByRole('link', { name: 'Войти через Пропуск' }).click();
    await page.waitForURL(`${h.baseUrl}/r/${realm}/login**`);
    for (const box of await page.locator('input[type=checkbox][name^=consent_]').all()) await box.check();
    await signIn(page, person.login, person.password);
    // recycle requires a second factor: the first sign-in sets up the app, then goes on.
    if (page.url().includes('/login/step/')) await enrolAtSignin(page, () => h.services.clock.now());
    await page.waitForURL(`${journal}/${realm}/`);
  }

  for (const realm of ['dnevnik', 'eljur', 'recycle'] as const) {
    test(`${realm}: sign in with the realm's page, see who you are, «Выйти» ends the Propusk session too`, async () => {
      const page = await fresh();
      try {
        await signInToJournal(page, realm);
        assert.match(await textAt(page, '.who'), new RegExp(`Вы вошли как ${PEOPLE[realm].name}`));
        assert.ok((await page.locator('.membership').count()) > 0, 'roles and schools are shown');
        await screenshot(page, `oidc-ejournal-${realm}`);
        await submit(page, page.getByRole('button', { name: 'Выйти' }));
        assert.match((await page.locator('h1').textContent()) ?? '', /Выйти из/);
        await page.getByRole('button', { name: 'Да, выйти' }).click();
        await page.waitForURL(`${journal}/${realm}/?notice=signed_out`);
        assert.match(await textAt(page, '.notice'), /Вы вышли/);
        await page.goto(`${h.baseUrl}/r/${realm}/profile`);
        assert.match(page.url(), new RegExp(`/r/${realm}/login`), 'the Propusk session is over');
      } finally {
        await page.context().close();
      }
    });
  }

  test('a parent sees the children with their schools and classes', async () => {
    const page = await fresh();
    try {
      await signInToJournal(page, 'eljur');
      const children = await page.locator('.child strong').allTextContents();
      assert.deepEqual(children.sort(), ['Николаев Кирилл', 'Николаева Вера']);
      assert.match(await textAt(page, '.child'), /класс/);
    } finally {
      await page.context().close();
    }
  });

  test('single sign-on into the portfolio (another origin): the consent page, no password; «Отозвать доступ»', async () => {
    const page = await fresh();
    try {
      await signInToJournal(page, 'dnevnik');
      await page.goto(`${portfolio}/portfolio/dnevnik/`);
      await page.getByRole('link', { name: 'Войти через Пропуск' }).click();
      await page.waitForURL(`${h.baseUrl}/r/dnevnik/interaction/**`);
      assert.equal(await page.locator('input[type=password]').count(), 0, 'no password is asked');
      assert.match(await textAt(page, 'h1'), /Портфолио ученика/);
      assert.match(await textAt(page, '.consent-scopes'), /Фамилия, имя, отчество/);
      await screenshot(page, 'oidc-consent');
      await page.getByRole('button', { name: 'Разрешить' }).click();
      await page.waitForURL(`${portfolio}/portfolio/dnevnik/`);
      assert.match(await textAt(page, '.who'), /Вы вошли как Волкова/);

      await page.goto(`${h.baseUrl}/r/dnevnik/settings/apps`);
      const item = page.locator('li.app', { hasText: 'Портфолио ученика' });
      await submit(page, item.getByRole('button', { name: /Отозвать доступ/ }));
      assert.match(await textAt(page, '.notice'), /Доступ приложения «Портфолио ученика» отозван/);
      await page.goto(`${portfolio}/portfolio/dnevnik/login`);
      await page.waitForURL(`${h.baseUrl}/r/dnevnik/interaction/**`);
      assert.match(await textAt(page, 'h1'), /просит доступ/, 'asked again after revoking');
    } finally {
      await page.context().close();
    }
  });

  test('«Выйти» in the journal logs the portfolio out by back-channel', async () => {
    const page = await fresh();
    try {
      await signInToJournal(page, 'dnevnik');
      await page.goto(`${portfolio}/portfolio/dnevnik/login`);
      await page.waitForURL(`${h.baseUrl}/r/dnevnik/interaction/**`);
      await page.getByRole('button', { name: 'Разрешить' }).click();
      await page.waitForURL(`${portfolio}/portfolio/dnevnik/`);
      await page.goto(`${journal}/dnevnik/`);
      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      await page.getByRole('button', { name: 'Да, выйти' }).click();
      await page.waitForURL(`${journal}/dnevnik/?notice=signed_out`);
      await page.goto(`${portfolio}/portfolio/dnevnik/`);
      assert.equal(await page.getByRole('link', { name: 'Войти через Пропуск' }).count(), 1);
    } finally {
      await page.context().close();
    }
  });
});
