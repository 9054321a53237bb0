/**
 * Browser tests: the demo-seeded app listening on 127.0.0.1 and one headless Chromium driven by
 * playwright-core. Each test opens its own context (fresh cookies), so tests don't see each
 * other's sessions while the browser start-up is paid once per file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { RawConfig } from '../../src/config/config.js';
import type { ManualClock } from '../../src/core/clock.js';
import { type Harness, lateBound, startHarness } from '../support/harness.js';
import { guardContext } from './accessibility.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why the browser tests are skipped here, or false. Read before any test runs so a machine
 * without Chromium reports the tests as skipped with this reason instead of failing them.
 */
export const browserSkip: string | false = existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped`;

/** Skip is set on each test so the summary counts them as skipped, with the reason. */
export const browserOnly = { skip: browserSkip };

/** Screenshots land in `test-results/` at the repository root (gitignored). Compiled to dist/test/e2e. */
export const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));

/** Long enough for a first page on a loaded 2-core machine, short enough to fail fast. */
const ACTION_TIMEOUT_MS = 10_000;

export interface E2E {
  readonly harness: Harness;
  readonly browser: Browser;
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly baseUrl: string;
  /** A new context (its own cookie jar) and a page in it. Close the context when done. */
  /** A page in a fresh context; `javaScriptEnabled: false` for the no-script paths. */
  newPage(options?: { javaScriptEnabled?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A port that was free a moment ago: the OS picks it, we let it go and the app takes it. */
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

/**
 * Starts the app in demo mode and Chromium. Demo mode because outside it the session cookie is
 * `__Host-…; Secure`, and the point here is a browser really keeping and sending it over plain
 * http on 127.0.0.1.
 *
 * BASE_URL is the address the app really listens on, so the links in letters (built from it)
 * open in the browser. The config is frozen once built, so the port is chosen before the start.
 */
export async function startE2E(
  options: { config?: Partial<RawConfig>; clock?: ManualClock } = {},
): Promise<E2E> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const harness = await startHarness('sqlite', {
    config: { DEMO: true, LOG_LEVEL: 'warn', BASE_URL: baseUrl, ...options.config },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let browser: Browser | null = null;
  try {
    await harness.app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const launched = browser;
    return {
      harness,
      browser: launched,
      baseUrl,
      async newPage(options = {}) {
        const context = await launched.newContext({ baseURL: baseUrl, locale: 'ru-RU', ...options });
        context.setDefaultTimeout(ACTION_TIMEOUT_MS);
        context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
        await guardContext(context, { scripts: options.javaScriptEnabled !== false });
        const page = await context.newPage();
        return { context, page };
      },
      async close() {
        await launched.close();
        await harness.close();
      },
    };
  } catch (err) {
    // A half-started run must not leave a browser or a listening server behind.
    await browser?.close().catch(() => undefined);
    await harness.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The app and Chromium for the `describe` block it is called in: started by `startE2E(options)`
 * before its tests (unless the browser tests are skipped here) and closed after them.
 */
export function useE2E(options: Parameters<typeof startE2E>[0] = {}): E2E {
  let running: E2E | undefined;
  before(async () => {
    if (!browserSkip) running = await startE2E(options);
  });
  after(async () => {
    await running?.close();
  });
  return lateBound('the app and browser', () => running);
}

/** Saves a full-page screenshot under `test-results/` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The path of the page, without origin or query. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The text of the first element matching `selector`, trimmed, with runs of spaces collapsed. */
export async function textAt(page: Page, selector: string): Promise<string> {
  const text = await page.locator(selector).first().textContent();
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Every text of the elements matching `selector`, trimmed. */
export async function textsAt(page: Page, selector: string): Promise<string[]> {
  const texts = await page.locator(selector).allTextContents();
  return texts.map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * Clicks a submit button and waits for the page that answers it. Waiting for the `load` of the
 * next document (not for a URL) matters because an error answer comes back on the same URL.
 * Returns the status of the POST itself (303 on success, 4xx with the form again otherwise).
 */
export async function submit(page: Page, button: Locator): Promise<number> {
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
  );
  const loaded = page.waitForEvent('load');
  // Awaited together so that a failed click doesn't leave the two waits to reject unobserved.
  const [response] = await Promise.all([posted, loaded, button.click()]);
  return response.status();
}

/** Fills the sign-in form on the current page and submits it with the button. */
export async function signIn(page: Page, login: string, password: string): Promise<number> {
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  return submit(page, page.locator('form button[type=submit]'));
}

/**
 * Delivers whatever the outbox holds (the dev transport in demo mode), then opens the
 * development mailbox in `page`. Delivering first means the mailbox shows what a person would
 * really have received, not just what was queued.
 */
export async function openMailbox(e2e: E2E, page: Page): Promise<void> {
  await e2e.harness.services.worker.runOnce();
  await page.goto('/dev/mailbox');
}

/**
 * The newest letter or SMS in the open mailbox sent to `to` from `template` (the mailbox lists
 * the newest first). JSON quoting makes the values valid CSS strings.
 */
export function newestLetter(page: Page, to: string, template: string): Locator {
  return page
    .locator(`article.letter[data-to=${JSON.stringify(to)}][data-template=${JSON.stringify(template)}]`)
    .first();
}

/**
 * The digits of the picture captcha on the open page, as a person would read them off the
 * picture: the test-only `GET /test/captcha?id=…` route (on with the harness) answers the
 * challenge whose id is in the picture's hidden `captcha_id`.
 */
export async function captchaAnswer(page: Page): Promise<string> {
  const id = await page.locator('[data-captcha-image] input[name=captcha_id]').inputValue();
  const url = new URL(`/test/captcha?id=${encodeURIComponent(id)}`, page.url());
  const response = await page.request.get(url.href);
  if (!response.ok()) throw new Error(`GET ${url.pathname} answered ${response.status()}`);
  const { answer } = (await response.json()) as { answer: string | null };
  if (!answer) throw new Error(`no answer for the captcha ${id}`);
  return answer;
}

/** Types the picture's digits into «Введите символы с картинки», key by key. */
export async function typeCaptcha(page: Page): Promise<void> {
  const field = page.getByLabel('Введите символы с картинки');
  await field.fill('');
  await field.pressSequentially(await captchaAnswer(page));
}
