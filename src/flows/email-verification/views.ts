/** The screens of email confirmation: the form of article 003, "letter sent", the link pages. */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import {
  csrfField,
  type RealmFrame as Frame,
  fieldError,
  invalidAttrs,
  notice,
  realmPage as page,
} from '../../web/views/layout.js';
import type { FieldErrors } from './email-verification.js';

type FormFrame = Frame & { csrf: string; email: string; errors: FieldErrors };

/** The form of article 003: «Текущий пароль», «Электронная почта», «Сохранить». */
function emailForm(f: FormFrame): SafeHtml {
  const { t } = f;
  const err = (key: MessageKey | undefined): string | undefined => (key ? t(key) : undefined);
  return html`<form method="post" action="/r/${f.realm.id}/settings/email" novalidate>
    ${csrfField(f.csrf)}
    <label for="password">${t('contacts.current_password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" ${invalidAttrs('password', f.errors.password !== undefined)}>
    ${fieldError('password', err(f.errors.password))}
    <p class="hint">${t('contacts.email_hint')}</p>
    <label for="email">${t('contacts.email')}</label>
    <input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${f.email}" placeholder="primer@eljur.ru" ${invalidAttrs('email', f.errors.email !== undefined)}>
    ${fieldError('email', err(f.errors.email))}
    <button type="submit" class="primary">${t('contacts.save')}</button>
  </form>`;
}

/**
 * «Обновление информации о пользователе» at the first sign-in after registration: what was sent
 * and where, the same form to correct the address, and the way on into the system, which stays
 * open before the email is confirmed.
 */
export function welcomePage(f: FormFrame & { sentTo: string | null; confirmed: string | null }): SafeHtml {
  const { t } = f;
  const base = `/r/${f.realm.id}`;
  const state = f.confirmed
    ? notice('success', t('welcome.confirmed', { email: f.confirmed }))
    : f.sentTo
      ? notice('info', t('welcome.sent', { email: f.sentTo }))
      : notice('info', t('welcome.no_email'));
  return page(
    f,
    t('contacts.email_title'),
    html`<section class="card email-form welcome">
  <h1>${t('contacts.email_title')}</h1>
  <p>${t('contacts.email_lead')}</p>
  ${state}
  ${f.confirmed ? '' : html`${f.sentTo ? html`<p>${t('welcome.other_address')}</p>` : ''}${emailForm(f)}<p>${t('welcome.spam')}</p>`}
  <p>${t('welcome.go_on')}</p>
  <nav aria-label="${t('welcome.sections')}">
    <ul class="links">
      <li><a class="welcome-profile" href="${base}/profile">${t('welcome.profile')}</a></li>
      <li><a class="welcome-settings" href="${base}/settings">${t('welcome.settings')}</a></li>
    </ul>
  </nav>
</section>`,
  );
}

export function emailFormPage(
  f: Frame & { csrf: string; email: string; errors: FieldErrors; banner?: string },
): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.email_title'),
    html`<section class="card email-form">
  <h1>${t('contacts.email_title')}</h1>
  <p>${t('contacts.email_lead')}</p>
  ${f.banner ? notice('error', f.banner) : ''}
  ${emailForm(f)}
  <p><a href="/r/${f.realm.id}/profile">${t('contacts.back_to_profile')}</a></p>
</section>`,
  );
}

export function emailSentPage(f: Frame & { email: string }): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.email_sent_title'),
    html`<section class="card email-sent">
  <h1>${t('contacts.email_sent_title')}</h1>
  ${notice('success', t('contacts.email_sent', { email: f.email }))}
  <p>${t('contacts.email_sent_spam')}</p>
  <p><a href="/r/${f.realm.id}/profile">${t('contacts.back_to_profile')}</a></p>
</section>`,
  );
}

export function confirmLinkPage(f: Frame & { csrf: string; token: string; email: string }): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.email_confirm_title'),
    html`<section class="card email-confirm">
  <h1>${t('contacts.email_confirm_title')}</h1>
  <p>${t('contacts.email_confirm_lead', { email: f.email })}</p>
  <form method="post" action="/r/${f.realm.id}/confirm/email/${f.token}">
    ${csrfField(f.csrf)}
    <button type="submit" class="primary">${t('contacts.email_confirm_button')}</button>
  </form>
</section>`,
  );
}

export function linkResultPage(
  f: Frame & { kind: 'success' | 'error'; message: string; signInHref: string },
): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.email_confirm_title'),
    html`<section class="card link-result">
  <h1>${t('contacts.email_confirm_title')}</h1>
  ${notice(f.kind, f.message)}
  <p><a href="${f.signInHref}">${t('contacts.continue')}</a></p>
</section>`,
  );
}
