/**
 * The consent page of an application's sign-in: who asks, what it will receive in plain words,
 * «Разрешить» / «Отказать»; and the short «Продолжаем вход» page.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { csrfField, layout, type RealmFrame, realmPage } from '../../web/views/layout.js';
import type { Scope } from '../scopes.js';
import type { ConsentAsk } from './consent.js';

const SCOPE_TEXT: Readonly<Record<Scope, MessageKey>> = {
  openid: 'oidc.scope.openid',
  profile: 'oidc.scope.profile',
  email: 'oidc.scope.email',
  phone: 'oidc.scope.phone',
  school: 'oidc.scope.school',
  snils: 'oidc.scope.snils',
  iin: 'oidc.scope.iin',
  offline_access: 'oidc.scope.offline_access',
};

export function scopeText(f: RealmFrame, scope: Scope): string {
  return f.t(SCOPE_TEXT[scope], { product: f.realm.settings.productName });
}

export interface ConsentView extends RealmFrame {
  readonly csrf: string;
  readonly action: string;
  readonly clientName: string;
  readonly personName: string;
  readonly ask: ConsentAsk;
}

export function consentPage(v: ConsentView): SafeHtml {
  const { t } = v;
  const title = t('oidc.consent.title', { client: v.clientName });
  return realmPage(
    v,
    title,
    html`<section class="card oidc-consent">
  <h1>${title}</h1>
  <p>${t('oidc.consent.lead', { name: v.personName, client: v.clientName })}</p>
  <ul class="consent-scopes">${v.ask.scopes.map((s) => html`<li data-scope="${s}">${scopeText(v, s)}</li>`)}</ul>
  ${v.ask.claims.length > 0 ? html`<p class="consent-claims">${t('oidc.consent.claims', { claims: v.ask.claims.join(', ') })}</p>` : ''}
  ${
    v.ask.allowed.length > 0
      ? html`<p>${t('oidc.consent.already')}</p>
  <ul class="consent-allowed">${v.ask.allowed.map((s) => html`<li data-scope="${s}">${scopeText(v, s)}</li>`)}</ul>`
      : ''
  }
  <form method="post" action="${v.action}">
    ${csrfField(v.csrf)}
    <div class="actions">
      <button type="submit" name="decision" value="allow" class="primary">${t('oidc.consent.allow')}</button>
      <button type="submit" name="decision" value="deny">${t('oidc.consent.deny')}</button>
    </div>
  </form>
  <p class="hint">${t('oidc.consent.note')}</p>
</section>`,
  );
}

/**
 * «Продолжаем вход»: the step is done, the browser goes on to the application at once. A page,
 * not a redirect, because the step may be the answer to a form (the sign-in page, the consent
 * page): browsers hold a form's whole redirect chain to its page's `form-action`, which allows
 * only this site, and the chain would end at the application's address. The page moves on by
 * itself (no script needed) and offers the link too.
 */
export function continuePage(f: RealmFrame, clientName: string, next: string): SafeHtml {
  const { t } = f;
  return layout(
    {
      t,
      locale: f.locale,
      title: t('oidc.continue.title'),
      path: f.path,
      realm: f.realm,
      homeHref: `/r/${f.realm.id}/login`,
      demo: f.demo,
      head: html`<meta http-equiv="refresh" content="0;url=${next}">`,
    },
    html`<section class="card oidc-continue">
  <h1>${t('oidc.continue.title')}</h1>
  <p>${t('oidc.continue.lead', { client: clientName })}</p>
  <p><a class="button primary" href="${next}">${t('oidc.continue.button')}</a></p>
</section>`,
  );
}
