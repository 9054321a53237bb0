/** «Войти через госуслуги» with «Инструкция для входа» under it, for a realm's sign-in page (article 002). */
import { html, type SafeHtml } from '../core/html/html.js';
import type { Translate } from '../core/i18n/i18n.js';

export function gosuslugiButton(f: { t: Translate; base: string }): SafeHtml {
  return html`<div class="gosuslugi">
  <a class="button gosuslugi-button" href="${f.base}/esia/region">${f.t('esia.button')}</a>
  <p><a href="${f.base}/esia/help">${f.t('esia.instruction')}</a></p>
</div>`;
}
