/** «Приложения с доступом»: each application that received the person's data, with «Отозвать доступ». */
import { formatUtc } from '../../core/clock.js';
import { html, type SafeHtml } from '../../core/html/html.js';
import { csrfField, notice, type RealmFrame, realmPage } from '../../web/views/layout.js';
import { scopeText } from '../interaction/views.js';
import type { Scope } from '../scopes.js';

export interface AppRow {
  readonly clientId: string;
  readonly name: string | null;
  readonly firstParty: boolean;
  readonly scopes: readonly Scope[];
  readonly grantedAt: number;
}

export interface AppsView extends RealmFrame {
  readonly csrf: string;
  readonly apps: readonly AppRow[];
  readonly banner: { readonly kind: 'success' | 'error'; readonly text: string } | null;
}

function appItem(v: AppsView, app: AppRow): SafeHtml {
  const { t } = v;
  const product = v.realm.settings.productName;
  const name = app.name ?? t('apps.unknown_client');
  const shown = app.scopes.filter((s) => s !== 'openid');
  return html`<li class="app" data-client="${app.clientId}">
  <h2>${name}</h2>
  ${app.firstParty ? html`<p class="hint">${t('apps.first_party', { product })}</p>` : ''}
  <p class="granted">${t('apps.granted', { date: formatUtc(app.grantedAt) })}</p>
  ${
    shown.length > 0
      ? html`<p>${t('apps.receives')}</p><ul class="app-scopes">${shown.map((s) => html`<li>${scopeText(v, s)}</li>`)}</ul>`
      : ''
  }
  <form method="post" action="/r/${v.realm.id}/settings/apps/revoke">
    ${csrfField(v.csrf)}
    <input type="hidden" name="client_id" value="${app.clientId}">
    <button type="submit" aria-label="${t('apps.revoke')}: ${name}">${t('apps.revoke')}</button>
  </form>
</li>`;
}

export function appsPage(v: AppsView): SafeHtml {
  const { t } = v;
  return realmPage(
    v,
    t('apps.title'),
    html`<section class="card apps">
  <h1>${t('apps.title')}</h1>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <p>${t('apps.lead', { product: v.realm.settings.productName })}</p>
  ${v.apps.length > 0 ? html`<ul class="app-list">${v.apps.map((a) => appItem(v, a))}</ul>` : html`<p class="no-apps">${t('apps.none')}</p>`}
  <p><a href="/r/${v.realm.id}/settings">${t('apps.back')}</a></p>
</section>`,
  );
}
