/** «Новый пароль» after a temporary one, like the third step of article 002. */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Translate } from '../../core/i18n/i18n.js';
import { describePolicy } from '../../core/password-policy/policy.js';
import { csrfField, invalidAttrs, notice, type RealmFrame, realmPage } from '../../web/views/layout.js';
import type { Problem } from './change.js';

export interface NewPasswordView extends RealmFrame {
  readonly csrf: string;
  readonly login: string;
  readonly problems: { readonly password: readonly Problem[]; readonly password2: readonly Problem[] };
  /** An application's sign-in to go back to afterwards (see `web/return-path.ts`). */
  readonly returnTo?: string | null;
}

function problemList(id: string, t: Translate, problems: readonly Problem[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<ul class="field-error" id="${id}-error">${problems.map((p) => html`<li>${t(p.key, p.params)}</li>`)}</ul>`;
}

export function newPasswordPage(v: NewPasswordView): SafeHtml {
  const { t, realm } = v;
  const base = `/r/${realm.id}`;
  const invalid = (list: readonly Problem[], id: string): SafeHtml => invalidAttrs(id, list.length > 0);
  return realmPage(
    v,
    t('password_change.title'),
    html`<section class="card new-password">
  <h1>${t('password_change.title')}</h1>
  <p>${t('password_change.your_login')} <strong class="login">${v.login}</strong></p>
  ${notice('warning', t('password_change.temporary_warning'))}
  <form method="post" action="${base}/password/new" novalidate>
    ${csrfField(v.csrf)}
    ${v.returnTo ? html`<input type="hidden" name="return" value="${v.returnTo}">` : ''}
    <label for="password">${t('password_change.new')}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" ${invalid(v.problems.password, 'password')}>
    ${problemList('password', t, v.problems.password)}
    <label for="password2">${t('password_change.repeat')}</label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" ${invalid(v.problems.password2, 'password2')}>
    ${problemList('password2', t, v.problems.password2)}
    <details class="policy" open><summary>${t('password_change.rules')}</summary>
      <ul>${describePolicy(realm.settings.passwordPolicy).map((r) => html`<li>${t(r.key, r.params)}</li>`)}</ul>
    </details>
    <button type="submit" class="primary">${t('password_change.submit')}</button>
  </form>
</section>`,
  );
}
