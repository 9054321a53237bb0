/** «Войти через госуслуги» with «Инструкция для входа» under it, for a realm's sign-in page (article 002). */
import { html, type SafeHtml } from '../core/html/html.js';
import type { Translate } from '../core/i18n/i18n.js';
import { withReturn } from '../web/return-path.js';
import { notice } from '../web/views/layout.js';

/** `returnTo`: an application's sign-in waiting for this one (web/return-path.ts), carried to ESIA and back. */
export function gosuslugiButton(f: { t: Translate; base: string; returnTo?: string | null }): SafeHtml {
  return html`<div class="gosuslugi">
  <a class="button gosuslugi-button" href="${withReturn(`${f.base}/esia/region`, f.returnTo ?? null)}">${f.t('esia.button')}</a>
  <p><a href="${f.base}/esia/help">${f.t('esia.instruction')}</a></p>
</div>`;
}

const DONE = {
  linked: 'esia.profile.done.linked',
  already: 'esia.profile.done.already',
  unlinked: 'esia.profile.done.unlinked',
  'oid-taken': 'esia.profile.done.taken',
  'person-has-other': 'esia.profile.done.other',
} as const;

/** «Госуслуги» in «Мой профиль»: linked or not, «Связать с госуслугами» or «Отвязать». */
export function gosuslugiProfileBlock(f: {
  t: Translate;
  base: string;
  linked: boolean;
  done: string;
}): SafeHtml {
  const done = Object.hasOwn(DONE, f.done) ? DONE[f.done as keyof typeof DONE] : null;
  const good = f.done === 'linked' || f.done === 'unlinked' || f.done === 'already';
  return html`<h2>${f.t('esia.profile.title')}</h2>
  ${done ? notice(good ? 'success' : 'error', f.t(done)) : ''}
  <p class="esia-status">${f.t(f.linked ? 'esia.profile.linked' : 'esia.profile.not_linked')}</p>
  <p><a class="button" href="${f.base}/esia/${f.linked ? 'unlink' : 'link'}">${f.t(f.linked ? 'esia.unlink.submit' : 'esia.link.submit')}</a></p>`;
}
