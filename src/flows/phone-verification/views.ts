/** The screens of phone confirmation: the number (with the current password), then the code. */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Translate } from '../../core/i18n/i18n.js';
import {
  csrfField,
  fieldError,
  invalidAttrs,
  notice,
  realmPage as page,
  type RealmFrame,
} from '../../web/views/layout.js';
import type { FieldErrors, Problem } from './phone-verification.js';

interface Frame extends RealmFrame {
  readonly csrf: string;
}

function problem(t: Translate, id: string, p: Problem | undefined): SafeHtml {
  return fieldError(id, p ? t(p.key, p.params) : undefined);
}

export function phoneFormPage(f: Frame & { phone: string; errors: FieldErrors; banner?: string }): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.phone_title'),
    html`<section class="card phone-form">
  <h1>${t('contacts.phone_title')}</h1>
  <p>${t('contacts.phone_lead')}</p>
  ${f.banner ? notice('error', f.banner) : ''}
  <form method="post" action="/r/${f.realm.id}/settings/phone" novalidate>
    ${csrfField(f.csrf)}
    <label for="password">${t('contacts.current_password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" ${invalidAttrs('password', f.errors.password !== undefined)}>
    ${problem(t, 'password', f.errors.password)}
    <label for="phone">${t('contacts.phone')}</label>
    <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" value="${f.phone}" placeholder="+7 (___) ___-__-__" ${invalidAttrs('phone', f.errors.phone !== undefined)}>
    ${problem(t, 'phone', f.errors.phone)}
    <button type="submit" class="primary">${t('contacts.get_code')}</button>
  </form>
  <p><a href="/r/${f.realm.id}/profile">${t('contacts.back_to_profile')}</a></p>
</section>`,
  );
}

export function codePage(
  f: Frame & { flowId: string; masked: string; error?: Problem; notice?: Problem; canResend: boolean },
): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.code_title'),
    html`<section class="card phone-code">
  <h1>${t('contacts.code_title')}</h1>
  <p>${t('contacts.code_sent', { phone: f.masked })}</p>
  ${f.notice ? notice('info', t(f.notice.key, f.notice.params)) : ''}
  <form method="post" action="/r/${f.realm.id}/settings/phone/code" novalidate>
    ${csrfField(f.csrf)}
    <input type="hidden" name="flow" value="${f.flowId}">
    <label for="code">${t('contacts.enter_code')}</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" ${invalidAttrs('code', f.error !== undefined)}>
    ${problem(t, 'code', f.error)}
    <button type="submit" class="primary">${t('contacts.next')}</button>
  </form>
  ${
    f.canResend
      ? html`<form method="post" action="/r/${f.realm.id}/settings/phone/resend" class="resend">
    ${csrfField(f.csrf)}
    <input type="hidden" name="flow" value="${f.flowId}">
    <button type="submit">${t('contacts.resend')}</button>
  </form>`
      : ''
  }
  <p><a href="/r/${f.realm.id}/profile">${t('contacts.back_to_profile')}</a></p>
</section>`,
  );
}

export function phoneEndPage(f: Frame & { kind: 'error' | 'success'; message: string }): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('contacts.code_title'),
    html`<section class="card phone-end">
  <h1>${t('contacts.code_title')}</h1>
  ${notice(f.kind, f.message)}
  <p><a href="/r/${f.realm.id}/settings/phone">${t('contacts.start_again')}</a> · <a href="/r/${f.realm.id}/profile">${t('contacts.back_to_profile')}</a></p>
</section>`,
  );
}
