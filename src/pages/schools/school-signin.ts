/**
 * ElJur's school page carries its own sign-in form (article 003: «После выбора школы появится
 * окно для ввода логина и пароля, а также ссылка «Забыли пароль?»»): «Вход в журнал», «Логин»,
 * «Пароль», «Войти», «Пригласительный код» and «Забыли пароль?».
 *
 * Rules:
 * - Shown where the realm signs in as ElJur does (`signinStyle: 'eljur'`).
 * - It posts into the one sign-in (`POST /r/<realm>/login`, flows/signin/) with its CSRF token
 *   and the school's slug: the same checks, throttles, second factors and messages; a refusal is
 *   the sign-in page with the school kept and named, so the next try stays with this school.
 * - Field ids are prefixed (`school-login`, `school-password`): the page has no other form, but
 *   ids stay unique whatever is added to it.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Translate } from '../../core/i18n/i18n.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { csrfField } from '../../web/views/layout.js';

export function hasSchoolSignin(realm: LoadedRealm): boolean {
  return realm.settings.signinStyle === 'eljur';
}

export function schoolSigninForm(t: Translate, realm: LoadedRealm, slug: string, csrf: string): SafeHtml {
  const base = `/r/${realm.id}`;
  return html`<section class="school-signin" aria-labelledby="school-signin-title">
    <h2 id="school-signin-title">${t('signin.title_eljur')}</h2>
    <form method="post" action="${base}/login" novalidate>
      ${csrfField(csrf)}
      <input type="hidden" name="school" value="${slug}">
      <label for="school-login">${t('signin.login')}</label>
      <input id="school-login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64">
      <label for="school-password">${t('signin.password')}</label>
      <input id="school-password" name="password" type="password" autocomplete="current-password">
      <button type="submit" class="primary">${t('signin.submit')}</button>
    </form>
    <p class="forgot">${
      realm.settings.registrationByCode
        ? html`<a class="invitation-code" href="${base}/s/${encodeURIComponent(slug)}/hello">${t('access.invitation_code')}</a> `
        : ''
    }<a class="school-forgot" href="${base}/recovery">${t('signin.forgot_password')}</a></p>
  </section>`;
}
