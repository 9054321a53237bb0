/** The «Создать профиль» form: every problem next to its field, what was typed shown back. */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { Role } from '../../../db/schema.js';
import type { ClassRef, RunOrganisation, StudentOption } from '../../../directory/members.js';
import { csrfField, fieldError, notice } from '../../../web/views/layout.js';
import { ROLE_KEYS } from '../../../web/views/roles.js';
import type { DeskKey } from '../messages.js';
import type { ProfileField, ProfileForm, ProfileProblems } from '../profile-form.js';
import { deskPath, type Frame, page } from './common.js';

const FORM_ROLE_KEYS: Partial<Record<Role, DeskKey>> = {
  student: 'desk.role.student',
  parent: 'desk.role.parent',
  teacher: 'desk.role.teacher',
  staff: 'desk.role.staff',
};

export interface ProfileFormView extends Frame {
  readonly csrf: string;
  readonly organisation: RunOrganisation;
  readonly form: ProfileForm;
  readonly problems: ProfileProblems;
  readonly roles: readonly Role[];
  /** Whether the realm's people have a SNILS (a Russian realm). */
  readonly takesSnils: boolean;
  readonly classes: readonly ClassRef[];
  readonly students: readonly StudentOption[];
}

/** Typed values are shown back, but never more of them than a field can hold. */
const ECHO_MAX = 200;

export function profileFormPage(v: ProfileFormView): SafeHtml {
  const { t, realm, organisation: org, form, problems } = v;
  const action = deskPath(realm, org.slug, '/people/new');
  const problem = (field: ProfileField): string | undefined => {
    const key = problems[field];
    return key ? t(key) : undefined;
  };
  const described = (field: ProfileField, hint?: string): SafeHtml => {
    const ids = [...(problems[field] ? [`${field}-error`] : []), ...(hint ? [hint] : [])].join(' ');
    const invalid = problems[field] ? html`aria-invalid="true"` : html``;
    return ids === '' ? invalid : html`${invalid} aria-describedby="${ids}"`;
  };
  const text = (field: ProfileField, label: DeskKey, extra: SafeHtml = html``, hint?: string): SafeHtml =>
    html`<label for="${field}">${t(label)}</label>
    <input id="${field}" name="${field}" type="text" value="${form[field].slice(0, ECHO_MAX)}" ${extra} ${described(field, hint)}>
    ${fieldError(field, problem(field))}`;
  const selected = (field: ProfileField, value: string): SafeHtml =>
    form[field] === value ? html`selected` : html``;
  const hasClasses = v.classes.length > 0;
  const hasParents = v.roles.includes('parent');
  return page(
    v,
    t('desk.form.title'),
    html`<section class="card desk-form">
  <p class="back"><a href="${deskPath(realm, org.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${t('desk.form.title')}</h1>
  <p class="lead">${org.name}. ${t('desk.form.lead')}</p>
  ${Object.keys(problems).length > 0 ? notice('error', t('desk.error.form')) : ''}
  <form method="post" action="${action}" novalidate>
    ${csrfField(v.csrf)}
    ${text('last_name', 'desk.form.last_name', html`autocomplete="off" maxlength="100"`)}
    ${text('first_name', 'desk.form.first_name', html`autocomplete="off" maxlength="100"`)}
    ${text('middle_name', 'desk.form.middle_name', html`autocomplete="off" maxlength="100"`)}
    ${text('birth_date', 'desk.form.birth_date', html`inputmode="numeric" autocomplete="off" placeholder="${t('desk.form.birth_date_hint')}"`)}
    <p class="hint">${t('desk.form.birth_date_hint')}</p>
    ${
      v.takesSnils
        ? html`${text('snils', 'desk.form.snils', html`inputmode="numeric" autocomplete="off" maxlength="20"`, 'snils-hint')}
    <p class="hint" id="snils-hint">${t('desk.form.snils_hint')}</p>`
        : ''
    }
    ${text('login', 'desk.form.login', html`autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="64"`)}
    <p class="hint">${t('desk.form.login_hint')}</p>
    <label for="role">${t('desk.form.role')}</label>
    <select id="role" name="role" ${described('role')}>
      <option value="">${t('desk.form.choose')}</option>
      ${v.roles.map((r) => {
        const key = FORM_ROLE_KEYS[r];
        return html`<option value="${r}" ${selected('role', r)}>${key ? t(key) : t(ROLE_KEYS[r])}</option>`;
      })}
    </select>
    ${fieldError('role', problem('role'))}
    ${
      hasClasses
        ? html`<label for="class">${t('desk.form.class')}</label>
    <select id="class" name="class" ${described('class')}>
      <option value="">${t('desk.form.no_class')}</option>
      ${v.classes.map((c) => html`<option value="${c.id}" ${selected('class', c.id)}>${c.name}</option>`)}
    </select>
    ${fieldError('class', problem('class'))}
    <p class="hint">${t('desk.form.class_hint')}</p>`
        : ''
    }
    ${
      hasParents
        ? html`<label for="child">${t('desk.form.child')}</label>
    <select id="child" name="child" ${described('child')}>
      <option value="">${t('desk.form.choose')}</option>
      ${v.students.map(
        (s) =>
          html`<option value="${s.id}" ${selected('child', s.id)}>${s.lastName} ${s.firstName}${s.className ? ` (${s.className})` : ''}</option>`,
      )}
    </select>
    ${fieldError('child', problem('child'))}
    <p class="hint">${t('desk.form.child_hint')}</p>`
        : ''
    }
    <button type="submit" class="primary">${t('desk.form.submit')}</button>
  </form>
</section>`,
  );
}
