/** The public pages of «Заявка на восстановление доступа»: the form, «Заявка принята», the status. */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { HELP_REASONS, HELP_ROLES } from '../../help-requests/store.js';
import { csrfField, fieldError, notice, type RealmFrame, realmPage } from '../../web/views/layout.js';
import { ROLE_KEYS } from '../../web/views/roles.js';

export const HELP_FIELDS = [
  'school',
  'lastName',
  'firstName',
  'middleName',
  'className',
  'role',
  'contact',
  'reason',
] as const;
export type HelpField = (typeof HELP_FIELDS)[number];

export interface HelpFormView extends RealmFrame {
  readonly csrf: string;
  readonly form: Readonly<Record<HelpField, string>>;
  readonly errors: Partial<Record<HelpField | 'captcha', MessageKey>>;
  readonly captcha: SafeHtml;
  readonly banner: string | null;
}

const LABELS: Readonly<Record<HelpField, MessageKey>> = {
  school: 'help.school',
  lastName: 'help.last_name',
  firstName: 'help.first_name',
  middleName: 'help.middle_name',
  className: 'help.class',
  role: 'help.role',
  contact: 'help.contact',
  reason: 'help.reason',
};

export function helpFormPage(v: HelpFormView): SafeHtml {
  const { t } = v;
  const described = (f: HelpField): SafeHtml =>
    v.errors[f] ? html` aria-invalid="true" aria-describedby="${f}-error"` : html``;
  const text = (
    f: HelpField,
    extra: SafeHtml = html``,
  ): SafeHtml => html`<label for="${f}">${t(LABELS[f])}</label>
    <input id="${f}" name="${f}" type="text" value="${v.form[f].slice(0, 200)}"${described(f)}${extra}>
    ${fieldError(f, v.errors[f] ? t(v.errors[f]) : undefined)}`;
  const select = (
    f: 'role' | 'reason',
    options: readonly [string, string][],
  ): SafeHtml => html`<label for="${f}">${t(LABELS[f])}</label>
    <select id="${f}" name="${f}"${described(f)}>${options.map(
      ([value, label]) =>
        html`<option value="${value}"${v.form[f] === value ? html` selected` : ''}>${label}</option>`,
    )}</select>
    ${fieldError(f, v.errors[f] ? t(v.errors[f]) : undefined)}`;
  return realmPage(
    v,
    t('help.title'),
    html`<section class="card help-request">
  <h1>${t('help.title')}</h1>
  <p class="lead">${t('help.lead')}</p>
  ${v.banner ? notice('error', v.banner) : ''}
  <form method="post" action="/r/${v.realm.id}/help" novalidate>
    ${csrfField(v.csrf)}
    ${text('school')}
    ${text('lastName', html` autocomplete="family-name"`)}
    ${text('firstName', html` autocomplete="given-name"`)}
    ${text('middleName', html` autocomplete="additional-name"`)}
    ${select(
      'role',
      HELP_ROLES.map((r) => [r, t(ROLE_KEYS[r])]),
    )}
    ${text('className')}
    ${text('contact')}
    <p class="hint">${t('help.contact_hint')}</p>
    ${select(
      'reason',
      HELP_REASONS.map((r) => [r, t(`help.reason.${r}`)]),
    )}
    ${v.captcha}
    <button type="submit">${t('help.send')}</button>
  </form>
  <p><a href="/r/${v.realm.id}/help/status">${t('help.status_title')}</a></p>
</section>`,
    'login',
  );
}

export function helpSentPage(f: RealmFrame, number: string): SafeHtml {
  const { t } = f;
  return realmPage(
    f,
    t('help.sent_title'),
    html`<section class="card help-sent">
  <h1>${t('help.sent_title')}</h1>
  ${notice('success', html`<span class="help-number-text">${t('help.sent', { number })}</span>`)}
  <p class="help-number"><strong>${number}</strong></p>
  <p><a href="/r/${f.realm.id}/help/status?number=${number}">${t('help.status_title')}</a></p>
</section>`,
    'login',
  );
}

export function helpStatusPage(
  f: RealmFrame,
  number: string,
  answer:
    | { readonly kind: 'none' }
    | { readonly kind: 'unknown' }
    | { readonly kind: 'invalid'; readonly key: MessageKey }
    | { readonly kind: 'status'; readonly status: string },
): SafeHtml {
  const { t } = f;
  const result =
    answer.kind === 'status'
      ? notice(
          'info',
          t('help.status_is', {
            number,
            status: t(`help.status.${answer.status as 'open' | 'in_progress' | 'closed'}`),
          }),
        )
      : answer.kind === 'unknown'
        ? notice('error', t('help.status_unknown'))
        : html``;
  return realmPage(
    f,
    t('help.status_title'),
    html`<section class="card help-status">
  <h1>${t('help.status_title')}</h1>
  ${result}
  <form method="get" action="/r/${f.realm.id}/help/status">
    <label for="number">${t('help.status_number')}</label>
    <input id="number" name="number" type="text" inputmode="numeric" value="${number.slice(0, 20)}"${
      answer.kind === 'invalid' ? html` aria-invalid="true" aria-describedby="number-error"` : ''
    }>
    ${fieldError('number', answer.kind === 'invalid' ? t(answer.key) : undefined)}
    <button type="submit">${t('help.status_check')}</button>
  </form>
</section>`,
    'login',
  );
}
