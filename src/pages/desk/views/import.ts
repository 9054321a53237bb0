/**
 * «Импорт списка» in the desk: the upload form (a file, read by `/assets/roster-import.js`, or
 * the file's text pasted — a browser without script), the dry run's report (counts, the rows with
 * problems, the report as CSV) and «Импортировать» with its progress bar (the script imports
 * batch by batch and moves the bar; without script one request imports everything). The rows
 * with problems scroll sideways in a region of their own on a phone, reachable by Tab.
 */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { MessageKey } from '../../../core/i18n/i18n.js';
import type { ImportHead, Progress, StoredCheck } from '../../../import/roster-import.js';
import { csrfField, notice } from '../../../web/views/layout.js';
import { deskPath, type Frame, page } from './common.js';

const SHOWN_MAX = 500;

export interface ImportFormView extends Frame {
  readonly csrf: string;
  readonly slug: string;
  readonly error: MessageKey | null;
}

export function importFormPage(v: ImportFormView): SafeHtml {
  const { t, realm } = v;
  const action = deskPath(realm, v.slug, '/import');
  return page(
    v,
    t('import.title'),
    html`<section class="card desk desk-import">
  <p class="back no-print"><a href="${deskPath(realm, v.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${t('import.title')}</h1>
  <p class="lead">${t('import.lead')}</p>
  <p class="hint">${t('import.columns')}</p>
  ${v.error ? notice('error', t(v.error)) : ''}
  <form method="post" action="${action}" class="roster-upload" data-upload="${action}/upload">
    ${csrfField(v.csrf)}
    <label for="file">${t('import.file')}</label>
    <input id="file" name="file" type="file" accept=".csv,text/csv">
    <label for="csv">${t('import.paste')}</label>
    <textarea id="csv" name="csv" rows="6"></textarea>
    <label class="check"><input type="checkbox" name="create_classes" value="1"> ${t('import.create_classes')}</label>
    <button type="submit">${t('import.check')}</button>
  </form>
  <script src="/assets/roster-import.js" defer></script>
</section>`,
  );
}

export interface ImportReportView extends Frame {
  readonly csrf: string;
  readonly slug: string;
  readonly head: ImportHead;
  readonly stored: StoredCheck;
  readonly progress: Progress;
}

export function importReportPage(v: ImportReportView): SafeHtml {
  const { t, realm, stored, progress } = v;
  const base = deskPath(realm, v.slug, `/import/${v.head.id}`);
  const errors = stored.reports.filter((r) => r.status === 'error');
  const s = progress.summary;
  return page(
    v,
    t('import.title'),
    html`<section class="card desk desk-org desk-import-report" data-import="${v.head.id}">
  <p class="back no-print"><a href="${deskPath(realm, v.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${t('import.title')}: ${v.head.file_name}</h1>
  <p class="import-summary">${t('import.summary', {
    total: stored.reports.length,
    new: stored.counts.new,
    attach: stored.counts.attach,
    exists: stored.counts.exists,
    errors: stored.counts.error,
  })}</p>
  <p class="hint">${t('import.encoding', { encoding: stored.encoding, delimiter: stored.delimiter })}</p>
  ${stored.ignored.length > 0 ? html`<p class="hint">${t('import.ignored', { columns: stored.ignored.join(', ') })}</p>` : ''}
  <p><a class="import-report-csv" href="${base}/report.csv" download>${t('import.report_csv')}</a></p>
  ${
    progress.finished
      ? notice(
          'success',
          html`<span class="import-done">${t('import.done', { created: s.created, attached: s.attached, unchanged: s.unchanged, links: s.links })}</span>`,
        )
      : html`${errors.length > 0 ? notice('warning', t('import.errors_skipped')) : ''}
  <form method="post" action="${base}/run" class="roster-run" data-batch="${base}/batch" data-total="${progress.total}">
    ${csrfField(v.csrf)}
    <label for="import-progress">${t('import.progress')}</label>
    <progress id="import-progress" max="${Math.max(progress.total, 1)}" value="${progress.done}">${progress.done} / ${progress.total}</progress>
    <button type="submit"${progress.total === 0 ? html` disabled` : ''}>${t('import.run')}</button>
  </form>`
  }
  ${
    errors.length > 0
      ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="${t('import.col.problems')}"><table class="desk-people import-errors"><thead><tr>
    <th scope="col">${t('import.col.line')}</th><th scope="col">${t('import.col.name')}</th><th scope="col">${t('import.col.class')}</th>
    <th scope="col">${t('import.col.role')}</th><th scope="col">${t('import.col.problems')}</th></tr></thead>
    <tbody>${errors.slice(0, SHOWN_MAX).map(
      (
        r,
      ) => html`<tr class="import-error" data-line="${r.line}"><td>${r.line}</td><td>${r.name}</td><td>${r.className}</td><td>${r.role}</td>
      <td>${r.problems.map((p) => t(p.key, p.params)).join('; ')}</td></tr>`,
    )}</tbody></table></div>`
      : ''
  }
  <script src="/assets/roster-import.js" defer></script>
</section>`,
  );
}
