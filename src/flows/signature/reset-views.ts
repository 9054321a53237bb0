/**
 * The reset pages of article 004, steps 4–8: «Забыли пароль?» (the email form with «Ваш email»,
 * «Отправить ссылку на email» and «Сбросить данные через ЭЦП»), «Сброс доступа через ЭЦП» with
 * the statement and «Подписать и сбросить», the new password and a current email, and
 * «Письмо с подтверждением успешно отправлено!» with «Введите код подтверждения».
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import {
  csrfField,
  fieldError,
  invalidAttrs,
  notice,
  type RealmFrame,
  realmPage,
} from '../../web/views/layout.js';
import type { Banner } from './views.js';
import { ncalayerStatus, signingScript } from './views.js';

function back(href: string, label: string): SafeHtml {
  return html`<p class="back"><a href="${href}">${label}</a></p>`;
}

export function forgotPage(
  f: RealmFrame,
  v: {
    readonly email: string | null;
    readonly back: string;
    readonly csrf: string;
    readonly flow: string;
    readonly typed?: string;
    readonly error?: string;
    readonly banner?: Banner;
  },
): SafeHtml {
  const { t, realm } = f;
  const base = `/r/${realm.id}`;
  return realmPage(
    f,
    t('ecp.forgot'),
    html`<section class="card recovery-email signature-forgot">
  <h1 class="visually-hidden">${t('ecp.forgot')}</h1>
  <p>${t('ecp.forgot_text')}</p>
  ${v.email ? html`<p class="hint your-email">${t('ecp.your_email', { email: v.email })}</p>` : ''}
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <form method="post" action="${base}/signature/forgot" novalidate>
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="${v.flow}">
    <label for="email">${t('ecp.email_label')}</label>
    <input id="email" name="email" type="email" autocomplete="email" value="${v.typed ?? ''}" ${invalidAttrs('email', v.error !== undefined)}>
    ${v.error ? fieldError('email', v.error) : ''}
    <button type="submit" class="primary">${t('ecp.send_link')}</button>
  </form>
  <p><a class="button secondary" href="${base}/signature/reset">${t('ecp.reset_via_ecp')}</a></p>
  ${back(v.back, t('ecp.back'))}
</section>`,
    'login',
  );
}

export function resetPage(
  f: RealmFrame,
  v: { readonly csrf: string; readonly ncalayerUrl: string; readonly banner?: Banner },
): SafeHtml {
  const { t, realm } = f;
  const base = `/r/${realm.id}`;
  return realmPage(
    f,
    t('ecp.reset_title'),
    html`<section class="card signature-reset">
  <h1>${t('ecp.reset_title')}</h1>
  <p class="statement">${t('ecp.reset_statement', { product: realm.settings.productName })}</p>
  <p>${t('ecp.reset_after')}</p>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <form id="signature-form" method="post" action="${base}/signature/reset" novalidate
    data-ncalayer="${v.ncalayerUrl}" data-challenge="${base}/signature/reset/challenge" data-purpose="sign">
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="">
    <input type="hidden" name="cms" value="">
    <button type="submit" class="primary" data-sign>${t('ecp.reset_submit')}</button>
    ${ncalayerStatus(t)}
  </form>
  ${back(`${base}/signature/login`, t('ecp.back'))}
</section>
${signingScript()}`,
    'login',
  );
}

export interface NewAccessView {
  readonly csrf: string;
  readonly flowId: string;
  readonly email: string;
  readonly errors: { readonly password?: string; readonly password2?: string; readonly email?: string };
}

export function newAccessPage(f: RealmFrame, v: NewAccessView): SafeHtml {
  const { t, realm } = f;
  const invalid = (id: keyof NewAccessView['errors']) =>
    v.errors[id] ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
  // The new password is described by the rules above it, and by its error when it has one.
  const passwordAttrs = v.errors.password
    ? html`aria-invalid="true" aria-describedby="password-rules password-error"`
    : html`aria-describedby="password-rules"`;
  return realmPage(
    f,
    t('ecp.reset_title'),
    html`<section class="card signature-new-access">
  <h1>${t('ecp.reset_title')}</h1>
  <div class="rules" id="password-rules">
    <p>${t('ecp.rules_length')}</p>
    <p>${t('ecp.rules_classes')}</p>
    <p>${t('ecp.rules_ecp')}</p>
  </div>
  <form method="post" action="/r/${realm.id}/signature/reset/new" novalidate>
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="${v.flowId}">
    <label for="password">${t('ecp.new_password')}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" ${passwordAttrs}>
    ${fieldError('password', v.errors.password)}
    <label for="password2">${t('ecp.new_password2')}</label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" ${invalid('password2')}>
    ${fieldError('password2', v.errors.password2)}
    <label for="email">${t('ecp.email_label')}</label>
    <input id="email" name="email" type="email" autocomplete="email" value="${v.email}" ${invalid('email')}>
    ${fieldError('email', v.errors.email)}
    <button type="submit" class="primary">${t('ecp.next')}</button>
  </form>
</section>`,
    'login',
  );
}

export function codePage(
  f: RealmFrame,
  v: { readonly csrf: string; readonly flowId: string; readonly error?: string },
): SafeHtml {
  const { t, realm } = f;
  return realmPage(
    f,
    t('ecp.code_sent_title'),
    html`<section class="card signature-code">
  <h1>${t('ecp.code_sent_title')}</h1>
  <p>${t('ecp.code_sent_text')}</p>
  <form method="post" action="/r/${realm.id}/signature/reset/code" novalidate>
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="${v.flowId}">
    <label for="code">${t('ecp.code_label')}</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
      ${v.error ? html`aria-invalid="true" aria-describedby="code-hint code-error"` : html`aria-describedby="code-hint"`}>
    <p id="code-hint" class="hint">${t('ecp.code_hint')}</p>
    ${fieldError('code', v.error)}
    <button type="submit" class="primary">${t('ecp.next')}</button>
  </form>
</section>`,
    'login',
  );
}

export function resetDonePage(f: RealmFrame, email: string): SafeHtml {
  const { t, realm } = f;
  return realmPage(
    f,
    t('ecp.reset_done_title'),
    html`<section class="card signature-done">
  <h1>${t('ecp.reset_done_title')}</h1>
  ${notice('success', t('ecp.reset_done_text', { email }))}
  <p><a class="button primary" href="/r/${realm.id}/signature/login">${t('ecp.to_signin')}</a></p>
</section>`,
    'login',
  );
}
