/**
 * The sign-in screen of each system, as the articles show it: Dnevnik.ru («Войти в Дневник.ру»,
 * «Забыли логин или пароль? Восстановите доступ.»), ElJur («Вход в журнал», «Забыли пароль?»),
 * app.recycle.kz («Вход в систему» with two consents).
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, MessageKey, Translate } from '../../core/i18n/i18n.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { csrfField, fieldError, layout, notice } from '../../web/views/layout.js';
import type { FieldErrors } from './signin.js';

export interface SigninView {
  readonly t: Translate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly path: string;
  readonly csrf: string;
  readonly login: string;
  readonly consents: ReadonlySet<string>;
  readonly errors: FieldErrors;
  /** A message above the form: wrong credentials, throttled, blocked, signed out. */
  readonly banner?: { readonly kind: 'error' | 'info' | 'success'; readonly text: string };
  readonly demo: boolean;
  /** «Войти через госуслуги» and «Инструкция для входа» (a realm with ESIA). */
  readonly gosuslugi?: SafeHtml;
  /** An application's sign-in to go back to afterwards (see `web/return-path.ts`). */
  readonly returnTo?: string | null;
  /** The school whose page the form was sent from (ElJur's school page): kept and named. */
  readonly school?: { readonly slug: string; readonly name: string } | null;
}

function described(errorKey: MessageKey | undefined, id: string): SafeHtml {
  return errorKey ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

export function signinPage(v: SigninView): SafeHtml {
  const { t, realm } = v;
  const base = `/r/${realm.id}`;
  const style = realm.settings.signinStyle;
  const title =
    style === 'dnevnik'
      ? t('signin.title_dnevnik', { product: realm.settings.productName })
      : style === 'eljur'
        ? t('signin.title_eljur')
        : t('signin.title_recycle');
  const err = (key: MessageKey | undefined): string | undefined => (key ? t(key) : undefined);

  const consents =
    realm.settings.signinConsents.length > 0
      ? html`<fieldset class="consents" ${described(v.errors.consents, 'consents')}>
    <legend class="visually-hidden">${t('signin.consents_legend')}</legend>
    ${realm.settings.signinConsents.map(
      (
        c,
      ) => html`<label class="check"><input type="checkbox" name="consent_${c}" ${v.consents.has(c) ? 'checked' : ''}>
      <span>${t(c === 'personal_data' ? 'signin.consent_personal_data' : 'signin.consent_signature_liability')}</span></label>`,
    )}
    ${fieldError('consents', err(v.errors.consents))}
    ${
      // The refusal is said once: the hint gives way to the error that repeats it (issue 14).
      v.errors.consents ? '' : html`<p class="hint">${t('signin.consents_hint')}</p>`
    }
  </fieldset>`
      : '';

  const forgot =
    style === 'dnevnik'
      ? html`<p class="forgot"><span class="help-icon" aria-hidden="true">?</span> ${t('signin.forgot_dnevnik')} <a href="${base}/recovery">${t('signin.recover_link')}</a></p>`
      : html`<p class="forgot">${
          // ElJur's «Вход в журнал» (article 003): «Пригласительный код» beside «Забыли пароль?» —
          // the school directory, whose school pages lead to registration by code.
          realm.settings.registrationByCode
            ? html`<a class="invitation-code" href="${
                v.school ? `${base}/s/${encodeURIComponent(v.school.slug)}/hello` : `${base}/schools`
              }">${t('access.invitation_code')}</a> `
            : ''
        }<a href="${base}/recovery">${t('signin.forgot_password')}</a></p>`;

  return layout(
    {
      t,
      locale: v.locale,
      title,
      path: v.path,
      realm,
      homeHref: `${base}/login`,
      demo: v.demo,
    },
    html`<section class="card signin" data-style="${style}">
  <h1>${title}</h1>
  ${style === 'dnevnik' ? html`<p class="not-registered"><a href="${base}/access">${t('access.link')}</a></p>` : ''}
  ${style === 'recycle' ? html`<p class="lead">${t('signin.recycle_lead')}</p>` : ''}
  ${v.school ? html`<p class="signin-school"><a href="${base}/s/${encodeURIComponent(v.school.slug)}">${v.school.name}</a></p>` : ''}
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <form method="post" action="${base}/login" novalidate>
    ${csrfField(v.csrf)}
    ${v.school ? html`<input type="hidden" name="school" value="${v.school.slug}">` : ''}
    ${v.returnTo ? html`<input type="hidden" name="return" value="${v.returnTo}">` : ''}
    ${consents}
    <label for="login">${t('signin.login')}</label>
    <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
      maxlength="64" value="${v.login}" ${described(v.errors.login, 'login')}>
    ${fieldError('login', err(v.errors.login))}
    <label for="password">${t('signin.password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password"
      ${style === 'recycle' ? html`placeholder="${t('signin.password_placeholder_recycle')}"` : ''}
      ${described(v.errors.password, 'password')}>
    ${fieldError('password', err(v.errors.password))}
    <button type="submit" class="primary">${style === 'recycle' ? t('signin.submit_recycle') : t('signin.submit')}</button>
  </form>
  ${v.gosuslugi ?? ''}
  ${
    realm.settings.secondFactor.passkeySignin
      ? html`<div class="passkey passkey-signin" data-passkey-get="${base}/login/passkey" hidden>
    <button type="button" class="passkey-button">${t('mfa.passkey_signin')}</button>
    <p class="field-error passkey-error" role="alert" hidden>${t('mfa.passkey_failed')}</p>
  </div>
  <script src="/assets/passkey.js" defer></script>`
      : ''
  }
  ${forgot}
  ${realm.settings.signature?.signin ? html`<p class="signature-link"><a href="${base}/signature/login">${t('ecp.signin_link')}</a></p>` : ''}
  ${style !== 'recycle' ? html`<p class="find-school"><a href="${base}/schools">${t('schools.title')}</a></p>` : ''}
</section>`,
  );
}
