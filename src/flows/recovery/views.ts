/**
 * The recovery screens as articles 000, 001, 003 and 004 show them: «Восстановление доступа» with
 * the three problems, «Я не помню логин» (email or phone, the date of birth as three selects,
 * the picture), «Я не помню пароль» (login, the picture), the SMS branch (the missing digits, then
 * the code), «Выберите свой новый пароль»; for email realms «Восстановление пароля» with one field.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, Translate } from '../../core/i18n/i18n.js';
import { describePolicy } from '../../core/password-policy/policy.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { csrfField, notice, realmPage } from '../../web/views/layout.js';
import type { FieldErrors } from './answer.js';
import type { Problem } from './machine.js';

/** What a request form shows back: the values typed (cut to the field's size when shown). */
export type FormValues = Readonly<Record<'login' | 'email' | 'phone' | 'day' | 'month' | 'year', string>>;

export interface Frame {
  readonly t: Translate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly path: string;
  readonly demo: boolean;
}

const base = (realm: LoadedRealm): string => `/r/${realm.id}`;

function page(f: Frame, title: string, body: SafeHtml): SafeHtml {
  return realmPage(f, title, body, 'login');
}

function problem(t: Translate, id: string, p: Problem | undefined): SafeHtml {
  return p ? html`<p class="field-error" id="${id}-error">${t(p.key, p.params)}</p>` : html``;
}

function invalid(p: Problem | undefined, id: string): SafeHtml {
  return p ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

/** Whom to ask when self-service is not possible (articles 000, 001, 003). */
function askSomeone(f: Frame): SafeHtml {
  return html`<p class="hint ask-admin">${f.t('recovery.no_contacts_hint')} <a href="${base(f.realm)}/schools">${f.t('recovery.find_school')}</a> · <a class="help-request-link" href="${base(f.realm)}/help?reason=no_contact">${f.t('help.link')}</a></p>`;
}

export function chooserPage(f: Frame): SafeHtml {
  const { t, realm } = f;
  return page(
    f,
    t('recovery.title'),
    html`<section class="card recovery-choose">
  <h1>${t('recovery.title')}</h1>
  <p>${t('recovery.lead')}</p>
  <ul class="choices">
    <li><a href="${base(realm)}/recovery/login">${t('recovery.forgot_login')}</a></li>
    <li><a href="${base(realm)}/recovery/password">${t('recovery.forgot_password')}</a></li>
    <li><a href="${base(realm)}/recovery/both">${t('recovery.forgot_both')}</a></li>
  </ul>
  ${askSomeone(f)}
  <p><a href="${base(realm)}/login">${t('recovery.back')}</a></p>
</section>`,
  );
}

export interface FormView extends Frame {
  readonly csrf: string;
  readonly form: FormValues;
  readonly errors: FieldErrors;
  readonly captcha: SafeHtml;
  readonly banner?: string;
}

export function passwordFormPage(v: FormView): SafeHtml {
  const { t, realm } = v;
  return page(
    v,
    t('recovery.forgot_password'),
    html`<section class="card recovery-password">
  <h1>${t('recovery.forgot_password')}</h1>
  ${v.banner ? notice('error', v.banner) : ''}
  <form method="post" action="${base(realm)}/recovery/password" novalidate>
    ${csrfField(v.csrf)}
    <label for="login">${t('recovery.enter_login')}</label>
    <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" value="${v.form.login.slice(0, 64)}" ${invalid(v.errors.login, 'login')}>
    ${problem(t, 'login', v.errors.login)}
    ${v.captcha}
    <button type="submit" class="primary">${t('recovery.next')}</button>
  </form>
  <p><a href="${base(realm)}/recovery">${t('recovery.back_to_choices')}</a></p>
</section>`,
  );
}

const MONTHS: readonly string[] = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

function birthSelects(v: FormView): SafeHtml {
  const { t } = v;
  const thisYear = new Date().getUTCFullYear();
  const years = Array.from({ length: 100 }, (_, i) => String(thisYear - 2 - i));
  const option = (value: string, label: string, selected: string): SafeHtml =>
    html`<option value="${value}" ${String(Number(selected)) === String(Number(value)) && selected !== '' ? 'selected' : ''}>${label}</option>`;
  return html`<fieldset class="birth-date" ${invalid(v.errors.birthDate, 'birth')}>
    <legend>${t('recovery.birth_date')}</legend>
    <label class="visually-hidden" for="day">${t('recovery.day')}</label>
    <select id="day" name="day"><option value="">${t('recovery.day')}</option>${Array.from(
      { length: 31 },
      (_, i) => option(String(i + 1), String(i + 1), v.form.day),
    )}</select>
    <label class="visually-hidden" for="month">${t('recovery.month')}</label>
    <select id="month" name="month"><option value="">${t('recovery.month')}</option>${MONTHS.map((m) =>
      option(m, t(`recovery.month_${m}` as 'recovery.month_01'), v.form.month),
    )}</select>
    <label class="visually-hidden" for="year">${t('recovery.year')}</label>
    <select id="year" name="year"><option value="">${t('recovery.year')}</option>${years.map((y) => option(y, y, v.form.year))}</select>
  </fieldset>
  ${problem(t, 'birth', v.errors.birthDate)}`;
}

export function contactFormPage(v: FormView & { purpose: 'login' | 'both' }): SafeHtml {
  const { t, realm } = v;
  const title = v.purpose === 'login' ? t('recovery.forgot_login') : t('recovery.forgot_both');
  return page(
    v,
    title,
    html`<section class="card recovery-contact">
  <h1>${title}</h1>
  ${v.banner ? notice('error', v.banner) : ''}
  <form method="post" action="${base(realm)}/recovery/${v.purpose}" novalidate>
    ${csrfField(v.csrf)}
    ${problem(t, 'contact', v.errors.contact)}
    <label for="email">${t('recovery.enter_email')}</label>
    <input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${v.form.email.slice(0, 254)}" ${invalid(v.errors.email, 'email')}>
    ${problem(t, 'email', v.errors.email)}
    <p class="or">${t('recovery.or')}</p>
    <label for="phone">${t('recovery.enter_phone')}</label>
    <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" value="${v.form.phone.slice(0, 30)}" ${invalid(v.errors.phone, 'phone')}>
    ${problem(t, 'phone', v.errors.phone)}
    ${birthSelects(v)}
    ${v.captcha}
    <p class="hint">${t('recovery.login_only_if_birth_date')}</p>
    <button type="submit" class="primary">${t('recovery.next')}</button>
  </form>
  <p><a href="${base(realm)}/recovery">${t('recovery.back_to_choices')}</a></p>
</section>`,
  );
}

export function emailFormPage(v: FormView): SafeHtml {
  const { t, realm } = v;
  const recycle = realm.settings.signinStyle === 'recycle';
  return page(
    v,
    t('recovery.email_title'),
    html`<section class="card recovery-email">
  <h1>${t('recovery.email_title')}</h1>
  ${v.banner ? notice('error', v.banner) : ''}
  ${recycle ? html`<p>${t('recovery.email_lead_recycle')}</p>` : ''}
  <form method="post" action="${base(realm)}/recovery/email" novalidate>
    ${csrfField(v.csrf)}
    <label for="email">${t('recovery.your_email')}</label>
    <input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${v.form.email.slice(0, 254)}" ${invalid(v.errors.email, 'email')}>
    ${problem(t, 'email', v.errors.email)}
    ${v.captcha}
    <button type="submit" class="primary">${recycle ? t('recovery.send_link') : t('recovery.restore')}</button>
  </form>
  ${askSomeone(v)}
  <p><a href="${base(realm)}/login">${recycle ? t('recovery.back_short') : t('recovery.back_to_journal')}</a>${
    realm.settings.registrationByCode
      ? html` · <a href="${base(realm)}/schools">${t('recovery.registration')}</a>`
      : ''
  }</p>
</section>`,
  );
}

export function answeredPage(
  f: Frame & { flowId: string; purpose: 'login' | 'password' | 'both' },
): SafeHtml {
  const { t, realm } = f;
  const smsLink = realm.settings.recovery.smsBranch && f.purpose !== 'login';
  return page(
    f,
    t('recovery.title'),
    html`<section class="card recovery-answered">
  <h1>${t('recovery.title')}</h1>
  ${notice('info', f.purpose === 'login' ? t('recovery.answered_login') : t('recovery.answered_password'))}
  <p>${t('recovery.letter_may_be_late')}</p>
  ${smsLink ? html`<p class="sms-branch"><a href="${base(realm)}/recovery/phone?flow=${f.flowId}">${t('recovery.no_letter_use_phone')}</a></p>` : ''}
  ${askSomeone(f)}
  <p><a href="${base(realm)}/login">${t('recovery.back')}</a></p>
</section>`,
  );
}

export function digitsPage(
  f: Frame & { csrf: string; flowId: string; mask: string; error?: Problem | undefined },
): SafeHtml {
  const { t, realm } = f;
  const visible = f.mask.replace(/\*+$/, '');
  return page(
    f,
    t('recovery.title'),
    html`<section class="card recovery-digits">
  <h1>${t('recovery.title')}</h1>
  <p>${t('recovery.digits_lead')}</p>
  <form method="post" action="${base(realm)}/recovery/phone" novalidate>
    ${csrfField(f.csrf)}
    <input type="hidden" name="flow" value="${f.flowId}">
    <p class="phone-digits"><label for="digits"><span class="masked-phone">${visible}</span><span class="visually-hidden"> ${t('recovery.digits_label')}</span></label><input id="digits" name="digits" type="text" inputmode="numeric" autocomplete="off" maxlength="4" size="4" placeholder="****" ${invalid(f.error, 'digits')}></p>
    ${problem(t, 'digits', f.error)}
    <button type="submit" class="primary">${t('recovery.next')}</button>
  </form>
  ${askSomeone(f)}
</section>`,
  );
}

export function codePage(
  f: Frame & { csrf: string; flowId: string; mask: string; error?: Problem | undefined; info?: string },
): SafeHtml {
  const { t, realm } = f;
  return page(
    f,
    t('recovery.title'),
    html`<section class="card recovery-code">
  <h1>${t('recovery.title')}</h1>
  <p>${t('contacts.code_sent', { phone: f.mask })}</p>
  ${f.info ? notice('info', f.info) : ''}
  <form method="post" action="${base(realm)}/recovery/code" novalidate>
    ${csrfField(f.csrf)}
    <input type="hidden" name="flow" value="${f.flowId}">
    <label for="code">${t('contacts.enter_code')}</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" ${invalid(f.error, 'code')}>
    ${problem(t, 'code', f.error)}
    <button type="submit" class="primary">${t('recovery.next')}</button>
  </form>
  <form method="post" action="${base(realm)}/recovery/resend" class="resend">
    ${csrfField(f.csrf)}
    <input type="hidden" name="flow" value="${f.flowId}">
    <button type="submit">${t('contacts.resend')}</button>
  </form>
  ${askSomeone(f)}
  <p><a href="${base(realm)}/recovery">${t('recovery.start_again')}</a></p>
</section>`,
  );
}

export function newPasswordPage(
  f: Frame & {
    csrf: string;
    action: string;
    hidden?: Record<string, string>;
    login: string | null;
    problems: { password: readonly Problem[]; password2: readonly Problem[] };
  },
): SafeHtml {
  const { t, realm } = f;
  const list = (id: string, problems: readonly Problem[]): SafeHtml =>
    problems.length === 0
      ? html``
      : html`<ul class="field-error" id="${id}-error">${problems.map((p) => html`<li>${t(p.key, p.params)}</li>`)}</ul>`;
  const bad = (problems: readonly Problem[], id: string): SafeHtml =>
    problems.length > 0 ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
  return page(
    f,
    t('recovery.new_password_title'),
    html`<section class="card recovery-new-password">
  <h1>${t('recovery.new_password_title')}</h1>
  <p>${t('recovery.new_password_lead', { product: realm.settings.productName })}</p>
  ${f.login ? html`<p>${t('password_change.your_login')} <strong class="login">${f.login}</strong></p>` : ''}
  <form method="post" action="${f.action}" novalidate>
    ${csrfField(f.csrf)}
    ${Object.entries(f.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    <input type="text" name="username" autocomplete="username" value="${f.login ?? ''}" hidden>
    <label for="password">${t('recovery.your_new_password')}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" ${bad(f.problems.password, 'password')}>
    ${list('password', f.problems.password)}
    <label for="password2">${t('recovery.repeat_password')}</label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" ${bad(f.problems.password2, 'password2')}>
    ${list('password2', f.problems.password2)}
    <details class="policy"><summary>${t('password_change.rules')}</summary>
      <ul>${describePolicy(realm.settings.passwordPolicy).map((r) => html`<li>${t(r.key, r.params)}</li>`)}</ul>
    </details>
    <button type="submit" class="primary">${t('recovery.next')}</button>
  </form>
</section>`,
  );
}

export function endPage(f: Frame & { kind: 'success' | 'error'; message: string; again: boolean }): SafeHtml {
  const { t, realm } = f;
  return page(
    f,
    t('recovery.title'),
    html`<section class="card recovery-end">
  <h1>${t('recovery.title')}</h1>
  ${notice(f.kind, f.message)}
  ${f.kind === 'error' ? askSomeone(f) : ''}
  <p>${f.again ? html`<a href="${base(realm)}/recovery">${t('recovery.start_again')}</a> · ` : ''}<a href="${base(realm)}/login">${t('recovery.to_signin')}</a></p>
</section>`,
  );
}
