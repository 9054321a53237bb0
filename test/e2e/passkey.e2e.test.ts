/**
 * Passkeys in headless Chromium with its virtual authenticator (DevTools `WebAuthn.enable`,
 * `WebAuthn.addVirtualAuthenticator`): added in «Настройки» with a name, then the sign-in's
 * second step by the passkey instead of a code, then removed after the password. WebAuthn takes
 * no IP address as the relying party, so this app listens on 127.0.0.1 and is opened as localhost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { type Harness, startHarness } from '../support/harness.js';
import { freePort } from './passkey-support.js';
import { browserSkip, CHROMIUM_PATH, pathOf, signIn, submit, textAt } from './support.js';

describe('passkeys in the browser', { skip: browserSkip }, () => {
  let h: Harness;
  let browser: Browser;
  let base = '';
  before(async () => {
    if (browserSkip) return;
    const port = await freePort();
    base = `http://localhost:${port}`;
    h = await startHarness('sqlite', { config: { DEMO: true, LOG_LEVEL: 'warn', BASE_URL: base } });
    await h.app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  test('add a passkey in «Настройки», sign in with it as the second factor, remove it', async () => {
    const context = await browser.newContext({ baseURL: base, locale: 'ru-RU' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'smirnova.ov', 'Geografia-91'), 303);
      await page.goto('/r/dnevnik/settings');
      assert.equal(await textAt(page, '.no-passkeys'), 'Ключей доступа нет.');
      await page.getByLabel('Название ключа').fill('Ноутбук');
      await Promise.all([
        page.waitForURL('**/settings?done=passkey_added'),
        page.getByRole('button', { name: 'Добавить ключ доступа' }).click(),
      ]);
      assert.equal(await textAt(page, '.notice-success'), 'Ключ доступа добавлен.');
      assert.equal(await textAt(page, '.passkey-name'), 'Ноутбук');

      await page.goto('/r/dnevnik/profile');
      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      assert.equal(await signIn(page, 'smirnova.ov', 'Geografia-91'), 303);
      assert.match(pathOf(page), /^\/r\/dnevnik\/login\/step\//);
      assert.equal(await page.locator('input[name=code]').count(), 0, 'no app: no code form');
      await Promise.all([
        page.waitForURL('**/r/dnevnik/profile'),
        page.getByRole('button', { name: 'Войти с ключом доступа' }).click(),
      ]);
      const person = await h.services.people.findByLogin('dnevnik', 'smirnova.ov');
      const session = await h.services.db
        .selectFrom('sessions')
        .select(['second_factor'])
        .where('person_id', '=', person?.id ?? '')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(session.second_factor, 'passkey');

      // Without a password: the sign-in page's «Войти с ключом доступа» (the browser offers it).
      await submit(page, page.getByRole('button', { name: 'Выйти' }));
      await page.goto('/r/dnevnik/login');
      await Promise.all([
        page.waitForURL('**/r/dnevnik/profile'),
        page.getByRole('button', { name: 'Войти с ключом доступа' }).click(),
      ]);
      const passwordless = await h.services.db
        .selectFrom('sessions')
        .select(['method'])
        .where('person_id', '=', person?.id ?? '')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(passwordless.method, 'passkey');

      await page.goto('/r/dnevnik/settings');
      await page.locator('.passkey-item summary').click();
      await page.locator('.passkey-remove input[name=current_password]').fill('wrong-password');
      assert.equal(await submit(page, page.locator('.passkey-remove button')), 401);
      await page.goto('/r/dnevnik/settings');
      await page.locator('.passkey-item summary').click();
      await page.locator('.passkey-remove input[name=current_password]').fill('Geografia-91');
      assert.equal(await submit(page, page.locator('.passkey-remove button')), 303);
      assert.equal(await textAt(page, '.notice-success'), 'Ключ доступа удалён.');
      const audit = await h.services.audit.listForSubject(person?.id ?? '', 50);
      for (const action of ['passkey.added', 'passkey.removed'])
        assert.ok(
          audit.some((e) => e.action === action),
          action,
        );
    } finally {
      await context.close();
    }
  });
});
