/**
 * The pages of «Войти через госуслуги»: «Инструкция для входа» (article 002's conditions),
 * «Выберите Ваш регион», and the page of each refusal — the reason, the advice to ask the
 * school's administrator, and the school's page when the profile is known.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import {
  csrfField,
  fieldError,
  invalidAttrs,
  notice,
  type RealmFrame,
  realmPage,
} from '../../web/views/layout.js';

export function helpPage(f: RealmFrame): SafeHtml {
  const { t } = f;
  const product = f.realm.settings.productName;
  const li = (key: MessageKey) => html`<li>${t(key, { product })}</li>`;
  return realmPage(
    f,
    t('esia.help.title', { product }),
    html`<section class="card">
  <h1>${t('esia.help.title', { product })}</h1>
  <h2>${t('esia.help.adults_title')}</h2>
  <ul>${li('esia.help.adults_1')}${li('esia.help.adults_2')}${li('esia.help.adults_3')}</ul>
  <p class="hint">${t('esia.help.note', { product })}</p>
  <h2>${t('esia.help.minors_title')}</h2>
  <ul>${li('esia.help.minors_1')}${li('esia.help.minors_2')}${li('esia.help.minors_3')}</ul>
  <p>${t('esia.help.errors', { product })}</p>
  <p><a class="button" href="/r/${f.realm.id}/esia/region">${t('esia.button')}</a></p>
</section>`,
    'login',
  );
}

export interface RegionView extends RealmFrame {
  readonly csrf: string;
  readonly regions: readonly { readonly id: string; readonly name: string }[];
  readonly chosen: string | null;
  readonly error: boolean;
  /** An application's sign-in to go back to once signed in. */
  readonly returnTo: string | null;
}

export function regionPage(v: RegionView): SafeHtml {
  const { t } = v;
  return realmPage(
    v,
    t('esia.region.title'),
    html`<section class="card">
  <h1>${t('esia.region.title')}</h1>
  <p>${t('esia.region.lead')}</p>
  <form method="post" action="/r/${v.realm.id}/esia/start" novalidate>
    ${csrfField(v.csrf)}
    ${v.returnTo ? html`<input type="hidden" name="return" value="${v.returnTo}">` : ''}
    <label for="region">${t('esia.region.label')}</label>
    <select id="region" name="region" ${invalidAttrs('region', v.error)}>
      <option value="">${t('esia.region.choose')}</option>
      ${v.regions.map((r) => html`<option value="${r.id}" ${r.id === v.chosen ? 'selected' : ''}>${r.name}</option>`)}
    </select>
    ${fieldError('region', v.error ? t('esia.region.required') : undefined)}
    <button type="submit" class="primary">${t('esia.region.continue')}</button>
  </form>
</section>`,
    'login',
  );
}

export interface FailureView extends RealmFrame {
  readonly title: MessageKey;
  readonly reasons: readonly MessageKey[];
  readonly code: string | null;
  readonly school: { readonly name: string; readonly slug: string } | null;
}

export function failurePage(v: FailureView): SafeHtml {
  const { t } = v;
  const product = v.realm.settings.productName;
  const base = `/r/${v.realm.id}`;
  return realmPage(
    v,
    t(v.title),
    html`<section class="card esia-failure">
  <h1>${t(v.title)}</h1>
  ${v.reasons.map((key, i) => (i === 0 ? notice('error', t(key, { product })) : html`<p>${t(key, { product })}</p>`))}
  ${v.code ? html`<p class="hint">${t('esia.error.code_label', { code: v.code })}</p>` : ''}
  ${v.school ? html`<p><a href="${base}/s/${v.school.slug}">${t('esia.fail.school_page', { name: v.school.name })}</a></p>` : ''}
  <p><a class="button" href="${base}/esia/region">${t('esia.fail.retry')}</a>
     <a href="${base}/login">${t('esia.fail.to_signin')}</a></p>
</section>`,
    'login',
  );
}

export interface LinkView extends RealmFrame {
  readonly csrf: string;
  readonly action: 'link' | 'unlink';
  readonly error: string | null;
}

/** «Связать с госуслугами» / «Отвязать»: the current password first. */
export function linkPage(v: LinkView): SafeHtml {
  const { t } = v;
  const product = v.realm.settings.productName;
  const title = t(v.action === 'link' ? 'esia.link.title' : 'esia.unlink.title');
  return realmPage(
    v,
    title,
    html`<section class="card">
  <h1>${title}</h1>
  <p>${t(v.action === 'link' ? 'esia.link.lead' : 'esia.unlink.lead', { product })}</p>
  <form method="post" action="/r/${v.realm.id}/esia/${v.action}" novalidate>
    ${csrfField(v.csrf)}
    <label for="password">${t('contacts.current_password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" ${invalidAttrs('password', v.error !== null)}>
    ${fieldError('password', v.error ?? undefined)}
    <button type="submit" class="primary">${t(v.action === 'link' ? 'esia.link.submit' : 'esia.unlink.submit')}</button>
  </form>
  <p><a href="/r/${v.realm.id}/profile">${t('esia.cancel')}</a></p>
</section>`,
  );
}
