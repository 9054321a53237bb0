/**
 * The accessibility gate itself (`accessibility.ts`): a page with a violation and a page wider
 * than the window are reported and make closing the context fail; a clean page passes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { violationsOf } from './accessibility.js';
import { browserSkip, type E2E, startE2E } from './support.js';

const PAGE = (body: string) =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Проверка</title></head><body><main><h1>Проверка</h1>${body}</main></body></html>`;

describe('the accessibility gate', { skip: browserSkip }, () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  test('low contrast and a page wider than the window fail the test that saw them', async () => {
    const { context, page } = await e2e.newPage();
    await page.route('**/gate/*', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: route.request().url().endsWith('/clean')
          ? PAGE('<p>Всё читается.</p>')
          : PAGE(
              '<p style="color:#aaa;background:#fff">Бледный текст</p><div style="width:3000px">широко</div>',
            ),
      }),
    );
    await page.goto('/gate/clean');
    assert.deepEqual(await violationsOf(page), []);
    await page.goto('/gate/bad');
    const found = (await violationsOf(page)).join('\n');
    assert.match(found, /color-contrast/);
    assert.match(found, /overflow: the page is \d+ px wide in a window of 1280 px/);
    await assert.rejects(context.close(), /accessibility violations on 1 page/);
  });
});
