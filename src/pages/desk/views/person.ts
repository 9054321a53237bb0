/**
 * A person's card in the desk: name, login, birth date and SNILS (what Gosuslugi matching
 * depends on), their memberships here with «Открепить», the correction form with its required
 * reason, and «Привязать существующий профиль».
 */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { MessageKey } from '../../../core/i18n/i18n.js';
import { formatSnils } from '../../../core/identifiers/snils.js';
import type { Person, Role } from '../../../db/schema.js';
import {
  ATTACHABLE_ROLES,
  type CorrectionField,
  type CorrectionProblems,
} from '../../../directory/corrections.js';
import type { ClassRef, RunOrganisation } from '../../../directory/members.js';
import { isPendingLogin } from '../../../directory/people-store.js';
import { csrfField, fieldError, notice } from '../../../web/views/layout.js';
import { ROLE_KEYS } from '../../../web/views/roles.js';
import { deskPath, type Frame, fullName, page } from './common.js';

export interface PersonView extends Frame {
  readonly csrf: string;
  readonly organisation: RunOrganisation;
  readonly person: Person;
  readonly memberships: readonly { readonly role: Role; readonly className: string | null }[];
  /** Whether the person has an authenticator app or a passkey («Сбросить второй фактор»). */
  readonly hasFactor: boolean;
  readonly form: Readonly<Record<CorrectionField, string>>;
  readonly problems: CorrectionProblems;
  readonly message: { readonly kind: 'success' | 'info' | 'error'; readonly key: MessageKey } | null;
}

export function correctionFormOf(p: Person): Record<CorrectionField, string> {
  return {
    lastName: p.last_name,
    firstName: p.first_name,
    middleName: p.middle_name ?? '',
    snils: p.snils ? formatSnils(p.snils) : '',
    birthDate: p.birth_date ?? '',
    reason: '',
  };
}

export function personPage(v: PersonView): SafeHtml {
  const { t, realm, organisation: org, person } = v;
  const base = deskPath(realm, org.slug, `/people/${person.id}`);
  const field = (name: CorrectionField, label: MessageKey, type = 'text'): SafeHtml => {
    const key = v.problems[name];
    return html`<label for="${name}">${t(label)}</label>
    <input id="${name}" name="${name}" type="${type}" value="${v.form[name].slice(0, 200)}"${
      key ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''
    }>
    ${fieldError(name, key ? t(key) : undefined)}`;
  };
  const login = isPendingLogin(person.login) ? t('desk.not_registered') : person.login;
  return page(
    v,
    `${fullName({ lastName: person.last_name, firstName: person.first_name, middleName: person.middle_name })} — ${t('correction.title')}`,
    html`<section class="card desk desk-person" data-person="${person.id}">
  <p class="back no-print"><a href="${deskPath(realm, org.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${fullName({ lastName: person.last_name, firstName: person.first_name, middleName: person.middle_name })}</h1>
  ${v.message ? notice(v.message.kind, t(v.message.key)) : ''}
  <dl class="person-facts">
    <dt>${t('desk.col.login')}</dt><dd class="login">${login}</dd>
    <dt>${t('correction.birth_date')}</dt><dd class="birth-date">${person.birth_date ?? '—'}</dd>
    <dt>${t('correction.snils')}</dt><dd class="snils">${person.snils ? formatSnils(person.snils) : '—'}</dd>
  </dl>
  <p><a class="person-events" href="${deskPath(realm, org.slug, '/audit')}?person=${person.id}">${t('correction.events')}</a></p>
  <h2>${t('correction.memberships')}</h2>
  <ul class="person-memberships">${v.memberships.map(
    (m) => html`<li data-role="${m.role}">${t(ROLE_KEYS[m.role])}${m.className ? ` (${m.className})` : ''}
      ${
        (ATTACHABLE_ROLES as readonly Role[]).includes(m.role)
          ? html`<form method="post" action="${base}/detach" class="inline detach">${csrfField(v.csrf)}<input type="hidden" name="role" value="${m.role}"><button type="submit">${t('correction.detach')}</button></form>`
          : ''
      }</li>`,
  )}</ul>
  ${v.hasFactor ? factorReset(v, base) : ''}
  <h2>${t('correction.save')}</h2>
  <p class="hint">${t('correction.lead')}</p>
  <form method="post" action="${base}/correct" class="correction" novalidate>
    ${csrfField(v.csrf)}
    ${field('lastName', 'correction.last_name')}
    ${field('firstName', 'correction.first_name')}
    ${field('middleName', 'correction.middle_name')}
    ${field('birthDate', 'correction.birth_date', 'date')}
    ${field('snils', 'correction.snils')}
    ${field('reason', 'correction.reason')}
    <p class="hint">${t('correction.reason_hint')}</p>
    <button type="submit">${t('correction.save')}</button>
  </form>
</section>`,
  );
}

/** «Сбросить второй фактор»: only after the curator confirms they checked who the person is. */
function factorReset(v: PersonView, base: string): SafeHtml {
  const { t } = v;
  return html`<h2>${t('desk.factor.title')}</h2>
  <p class="factor-status">${t('desk.factor.has')}</p>
  <p class="hint">${t('desk.factor.lead')}</p>
  <form method="post" action="${base}/second-factor/reset" class="factor-reset">
    ${csrfField(v.csrf)}
    <label class="check"><input type="checkbox" name="confirm" value="1" required> ${t('desk.factor.confirm')}</label>
    <button type="submit">${t('desk.factor.reset')}</button>
  </form>`;
}

export interface AttachView extends Frame {
  readonly csrf: string;
  readonly organisation: RunOrganisation;
  readonly classes: readonly ClassRef[];
  readonly form: { readonly login: string; readonly role: string; readonly class: string };
  readonly error: MessageKey | null;
}

export function attachPage(v: AttachView): SafeHtml {
  const { t, realm, organisation: org } = v;
  return page(
    v,
    t('correction.attach'),
    html`<section class="card desk desk-attach">
  <p class="back no-print"><a href="${deskPath(realm, org.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${t('correction.attach')}</h1>
  <p class="lead">${t('correction.attach_lead')}</p>
  ${v.error ? notice('error', t(v.error)) : ''}
  <form method="post" action="${deskPath(realm, org.slug, '/attach')}" class="attach">
    ${csrfField(v.csrf)}
    <label for="login">${t('correction.login')}</label>
    <input id="login" name="login" type="text" autocomplete="off" value="${v.form.login.slice(0, 200)}">
    <label for="role">${t('correction.role')}</label>
    <select id="role" name="role">${ATTACHABLE_ROLES.map(
      (r) =>
        html`<option value="${r}"${v.form.role === r ? html` selected` : ''}>${t(ROLE_KEYS[r])}</option>`,
    )}</select>
    <label for="class">${t('correction.class')}</label>
    <select id="class" name="class"><option value="">${t('correction.class_none')}</option>${v.classes.map(
      (c) => html`<option value="${c.id}"${v.form.class === c.id ? html` selected` : ''}>${c.name}</option>`,
    )}</select>
    <button type="submit">${t('correction.attach_button')}</button>
  </form>
</section>`,
  );
}
