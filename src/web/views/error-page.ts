import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, Translate } from '../../core/i18n/i18n.js';
import { layout } from './layout.js';

export function errorPage(
  t: Translate,
  locale: Locale,
  path: string,
  status: number,
  message: string,
): SafeHtml {
  return layout(
    { t, locale, title: t('error.title'), path },
    html`<section class="card">
  <h1>${t('error.title')}</h1>
  <p class="error-message" data-status="${status}">${message}</p>
  <p><a href="/">${t('error.home')}</a></p>
</section>`,
  );
}
