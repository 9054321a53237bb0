/**
 * The school's side through real clicks in headless Chromium: a curator imports a class from a
 * Windows-1251 file (the dry run's report, then «Импортировать» moving the progress bar), a
 * person leaves «Заявку на восстановление доступа» and the school's administrator answers it —
 * checklist, show the login, a temporary password's printable sheet, closing it — and the audit
 * viewer filtered by kind and by person. Every page passes the accessibility gate.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cp1251, snilsOf } from '../support/roster.js';
import { browserSkip, type E2E, pathOf, signIn, startE2E, submit, textAt, textsAt } from './support.js';

describe('the school side in a browser', { skip: browserSkip }, () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(async () => {
    await e2e?.close();
  });

  test('a curator imports a class from a cp1251 file with the progress bar', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/eljur/login');
      assert.equal(await signIn(page, 'curator1399', 'Kurator2026zhurnal'), 303);
      await page.goto('/r/eljur/desk/1399');
      await page.locator('a.import-link').click();
      await page.waitForURL(/\/import$/);
      const rows = ['Класс;Фамилия;Имя;Дата рождения;СНИЛС'];
      for (let i = 0; i < 30; i++)
        rows.push(
          `7Б;Ёлкин;Сергей${'абвгдежзиклмнопрстуфхцчшщэюяab'[i]};0${1 + (i % 9)}.03.2012;${snilsOf(700 + i)}`,
        );
      await page.locator('#file').setInputFiles({
        name: '7б.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(cp1251(`${rows.join('\r\n')}\r\n`)),
      });
      await page.locator('label.check input[name=create_classes]').check();
      await Promise.all([
        page.waitForURL(/\/import\/[A-Za-z0-9_-]+$/),
        page.locator('form.roster-upload button').click(),
      ]);
      assert.match(await textAt(page, '.import-summary'), /Строк: 30\. Новых: 30\./);
      await page.locator('form.roster-run button').click();
      await page.locator('.import-done').waitFor();
      assert.match(await textAt(page, '.import-done'), /Создано профилей: 30/);
      await page.goto('/r/eljur/desk/1399');
      assert.equal(await page.locator('section.desk-class[data-class="7Б"] tr.student').count(), 30);
    } finally {
      await context.close();
    }
  });

  test('a help request answered: checklist, login, the printed sheet, closed', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/help?school=1535');
      await page.locator('#lastName').fill('Петров');
      await page.locator('#firstName').fill('Михаил');
      await page.locator('#className').fill('6А');
      await page.locator('#contact').fill('подойду в школу');
      const captchaId = await page.locator('input[name=captcha_id]').first().inputValue();
      const answer = e2e.harness.services.captcha.revealForTests?.(captchaId) ?? '';
      await page.locator('input[name=captcha]').first().fill(answer);
      assert.equal(await submit(page, page.locator('form button[type=submit]').last()), 200);
      const number = await textAt(page, '.help-number strong');
      assert.match(number, /^\d{4}-\d{4}-\d{4}$/);

      const admin = await e2e.newPage();
      try {
        const p = admin.page;
        await p.goto('/r/dnevnik/login');
        assert.equal(await signIn(p, 'admin1535', 'Direktor-2026'), 303);
        await p.goto('/r/dnevnik/desk/1535');
        await p.locator('a.help-link').click();
        await p.locator(`a.help-open:text("${number}")`).click();
        await p.locator('input[name=check][value=identity_document]').check();
        await submit(p, p.locator('form.help-checklist button'));
        const row = p.locator('tr.help-match', { hasText: 'Петров Михаил' });
        await submit(p, row.locator('form.show-login button'));
        assert.equal(await textAt(p, 'code.shown-login'), 'petrov.misha');
        await submit(
          p,
          p.locator('tr.help-match', { hasText: 'Петров Михаил' }).locator('form.help-password button'),
        );
        assert.match(pathOf(p), /\/help\/[\d-]+\/password$/);
        assert.ok((await p.content()).includes('petrov.misha'), 'the sheet shows the login');
        await p.emulateMedia({ media: 'print' });
        await p.emulateMedia({ media: 'screen' });
        await p.goto(`/r/dnevnik/desk/1535/help/${number}`);
        await p.locator('#outcome').selectOption('password_set');
        await submit(p, p.locator('form.help-close button'));
        assert.equal(await textAt(p, '.help-status'), 'закрыта — выдан временный пароль');
      } finally {
        await admin.context.close();
      }
      await page.goto(`/r/dnevnik/help/status?number=${number}`);
      assert.match(await textAt(page, '.notice'), /закрыта/);
    } finally {
      await context.close();
    }
  });

  test('the audit viewer with filters', async () => {
    const { context, page } = await e2e.newPage();
    try {
      await page.goto('/r/dnevnik/login');
      assert.equal(await signIn(page, 'admin1535', 'Direktor-2026'), 303);
      await page.goto('/r/dnevnik/desk/1535');
      await page.locator('a.audit-link').click();
      await page.locator('input[name=kind][value=signin]').check();
      await Promise.all([page.waitForURL(/kind=signin/), page.locator('form.audit-filter button').click()]);
      const kinds = await page
        .locator('tr.audit-event')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
      assert.ok(kinds.length > 0 && kinds.every((k) => k === 'signin'));
      await page.locator('tr.audit-event td.actor a.audit-person').first().click();
      await page.waitForURL(/person=/);
      const people = await textsAt(page, 'p.audit-person-filter strong');
      assert.equal(people.length, 1);
      await page.locator('#to').fill('2000-01-01');
      await Promise.all([page.waitForURL(/to=2000-01-01/), page.locator('form.audit-filter button').click()]);
      assert.equal(await page.locator('tr.audit-event').count(), 0);
      assert.equal(await textAt(page, '.audit-nothing'), 'Событий не найдено.');
    } finally {
      await context.close();
    }
  });
});
