/**
 * The wizard's pages as article 002 shows them: the tabs «Личные данные», «Параметры
 * безопасности», «Новый пароль»; «Добро пожаловать» with the yellow «Внимание!» box; email, the
 * optional consent to news and «Мобильный телефон» with the country code; «Ваш логин для
 * входа», the new password twice with a strength meter, the user agreement, «Назад» and
 * «Готово!»; then «Отлично! …» with «Перейти в Дневник.ру».
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Person } from '../../db/schema.js';
import {
  csrfField,
  fieldError,
  invalidAttrs,
  notice,
  type RealmFrame,
  realmPage,
} from '../../web/views/layout.js';
import { WIZARD_STEPS, type WizardData, type WizardState } from './register-machine.js';

export type WizardErrors = Partial<
  Record<'birthDate' | 'email' | 'phone' | 'password' | 'password2' | 'accept', string>
>;

export interface WizardView extends RealmFrame {
  readonly csrf: string;
  readonly person: Person;
  readonly data: WizardData;
  readonly errors: WizardErrors;
}

const TAB: Record<(typeof WIZARD_STEPS)[number], MessageKey> = {
  personal: 'esia_wizard.tab.personal',
  security: 'esia_wizard.tab.security',
  password: 'esia_wizard.tab.password',
};

function frame(v: WizardView, step: (typeof WIZARD_STEPS)[number], body: SafeHtml): SafeHtml {
  const { t } = v;
  return realmPage(
    v,
    t(TAB[step]),
    html`<section class="card esia-wizard">
  <ol class="wizard-tabs">${WIZARD_STEPS.map(
    (s) =>
      html`<li class="tab${s === step ? ' current' : ''}" ${s === step ? html`aria-current="step"` : ''}>${t(TAB[s])}</li>`,
  )}</ol>
  <form method="post" action="/r/${v.realm.id}/esia/register/${step}" novalidate>
    ${csrfField(v.csrf)}
    ${body}
  </form>
  ${
    step === 'personal'
      ? ''
      : html`<form id="wizard-back" method="post" action="/r/${v.realm.id}/esia/register/${step}" novalidate>
    ${csrfField(v.csrf)}<input type="hidden" name="back" value="1">
  </form>`
  }
</section>
<script src="/assets/esia-wizard.js" defer></script>`,
    'login',
  );
}

/**
 * «Назад» submits a form of its own (`form="wizard-back"`), so that Enter in a field submits the
 * step forward: implicit submission clicks the form's first submit button, which «Назад» would
 * be, standing first in the row.
 */
const back = (v: WizardView) =>
  html`<button type="submit" form="wizard-back" class="secondary">${v.t('esia_wizard.back')}</button>`;

export function personalPage(v: WizardView): SafeHtml {
  const { t, person, data } = v;
  const name = [person.first_name, person.middle_name, person.last_name].filter(Boolean).join(' ');
  return frame(
    v,
    'personal',
    html`<h1>${t('esia_wizard.welcome')}</h1>
  <p>${t('esia_wizard.check')}</p>
  ${notice('warning', t('esia_wizard.attention', { product: v.realm.settings.productName }))}
  <p class="person-name"><strong>${name}</strong></p>
  <label for="gender">${t('esia_wizard.gender')}</label>
  <select id="gender" name="gender">
    <option value="female" ${data.gender === 'female' ? 'selected' : ''}>${t('esia_wizard.gender.female')}</option>
    <option value="male" ${data.gender === 'male' ? 'selected' : ''}>${t('esia_wizard.gender.male')}</option>
  </select>
  <label for="birthDate">${t('esia_wizard.birth_date')}</label>
  <input id="birthDate" name="birthDate" type="date" value="${data.birthDate ?? ''}" ${invalidAttrs('birthDate', v.errors.birthDate !== undefined)}>
  ${fieldError('birthDate', v.errors.birthDate)}
  <button type="submit" class="primary">${t('esia_wizard.next')}</button>`,
  );
}

export function securityPage(v: WizardView & { readonly email: string; readonly phone: string }): SafeHtml {
  const { t } = v;
  return frame(
    v,
    'security',
    html`<h1 class="visually-hidden">${t('esia_wizard.tab.security')}</h1>
  <p>${t('esia_wizard.security_lead')}</p>
  <label for="email">${t('esia_wizard.email')}</label>
  <input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${v.email}" ${invalidAttrs('email', v.errors.email !== undefined)}>
  ${fieldError('email', v.errors.email)}
  <label class="check"><input type="checkbox" name="news" ${v.data.news ? 'checked' : ''}> <span>${t('esia_wizard.news')}</span></label>
  <label for="phone">${t('esia_wizard.phone')}</label>
  <div class="phone-row"><select name="country" aria-label="${t('esia_wizard.country')}"><option value="7">+7</option></select>
  <input id="phone" name="phone" type="tel" autocomplete="tel-national" maxlength="20" placeholder="(___) ___-__-__" value="${v.phone}" ${invalidAttrs('phone', v.errors.phone !== undefined)}></div>
  ${fieldError('phone', v.errors.phone)}
  <div class="actions">${back(v)} <button type="submit" class="primary">${t('esia_wizard.next')}</button></div>`,
  );
}

export function passwordPage(v: WizardView): SafeHtml {
  const { t } = v;
  return frame(
    v,
    'password',
    html`<h1 class="visually-hidden">${t('esia_wizard.tab.password')}</h1>
  <p>${t('esia_wizard.your_login')} <strong class="login">${v.data.login}</strong></p>
  ${notice('warning', t('esia_wizard.temporary'))}
  <label for="password">${t('esia_wizard.new_password')}</label>
  <input id="password" name="password" type="password" autocomplete="new-password" maxlength="256" ${invalidAttrs('password', v.errors.password !== undefined)}>
  <meter id="strength" min="0" max="4" value="0" aria-label="${t('esia_wizard.strength')}"></meter> <span id="strength-label" aria-live="polite"></span>
  ${fieldError('password', v.errors.password)}
  <label for="password2">${t('esia_wizard.repeat_password')}</label>
  <input id="password2" name="password2" type="password" autocomplete="new-password" maxlength="256" ${invalidAttrs('password2', v.errors.password2 !== undefined)}>
  ${fieldError('password2', v.errors.password2)}
  <label class="check"><input type="checkbox" name="accept"> <span>${t('esia_wizard.accept')}</span></label>
  ${fieldError('accept', v.errors.accept)}
  <div class="actions">${back(v)} <button type="submit" class="primary">${t('esia_wizard.done')}</button></div>`,
  );
}

/** What is still to confirm: the address the letter went to, the number, the code's flow. */
export interface ToConfirm {
  readonly email: string | null;
  readonly phone: string | null;
  readonly codeFlow: string | null;
}

/** `back`: an application's sign-in that «Перейти в …» goes on to, instead of «Мой профиль». */
export function greatPage(f: RealmFrame, confirm: ToConfirm | null, back: string | null = null): SafeHtml {
  const product = f.realm.settings.productName;
  const base = `/r/${f.realm.id}`;
  const phone = confirm?.phone ?? null;
  return realmPage(
    f,
    f.t('esia_wizard.done'),
    html`<section class="card esia-wizard-done">
  <h1 class="great">${f.t('esia_wizard.great', { product })}</h1>
  ${confirm?.email ? html`<p class="confirm-email">${f.t('esia_wizard.letter_sent', { email: confirm.email })}</p>` : ''}
  ${
    phone && confirm?.codeFlow
      ? html`<p class="confirm-phone">${f.t('esia_wizard.code_sent', { phone })}</p>
  <p><a class="button" href="${base}/settings/phone/code?flow=${confirm.codeFlow}">${f.t('esia_wizard.enter_code')}</a></p>`
      : phone
        ? html`<p class="confirm-phone">${f.t('esia_wizard.code_later', { phone })} <a href="${base}/settings/phone">${f.t('esia_wizard.to_settings')}</a></p>`
        : ''
  }
  ${confirm?.email || phone ? html`<p class="hint">${f.t('esia_wizard.confirm_contacts')}</p>` : ''}
  <p><a class="button primary" href="${back ?? `${base}/profile`}">${f.t('esia_wizard.go', { product })}</a></p>
</section>`,
  );
}

export function wizardStopPage(
  f: RealmFrame,
  status: 'skipped' | 'gone' | 'taken',
  step: WizardState | null,
): SafeHtml {
  const key: MessageKey =
    status === 'skipped'
      ? 'esia_wizard.step_skipped'
      : status === 'gone'
        ? 'esia_wizard.gone'
        : 'esia_wizard.taken';
  return realmPage(
    f,
    f.t('esia.fail.title'),
    html`<section class="card">
  ${notice('error', f.t(key))}
  ${step && step !== 'done' ? html`<p><a href="/r/${f.realm.id}/esia/register/${step}">${f.t('esia_wizard.to_step')}</a></p>` : html`<p><a href="/r/${f.realm.id}/login">${f.t('esia.fail.to_signin')}</a></p>`}
</section>`,
    'login',
  );
}
