/**
 * The registration screens of article 003: «Регистрация» with «Введите приглашительный код» and
 * «ЗАРЕГИСТРИРОВАТЬСЯ»; the account form (login, password twice, contact details, the parent's
 * name, «Дети» with «У меня есть еще один пригласительный код»); «Регистрация в системе успешно
 * завершена». Every page works without JavaScript: the extra codes open with `<details>`.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale } from '../../core/i18n/i18n.js';
import { describePolicy } from '../../core/password-policy/policy.js';
import type { Organisation, Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { csrfField, layout, notice } from '../../web/views/layout.js';
import { type AccountErrors, type AccountForm, MAX_CHILD_CODES, NEW_GUARDIAN } from './account-form.js';
import type { Invitee } from './flow-load.js';
import type { RegistrationTranslate } from './messages.js';
import type { Problem } from './registration.js';

export interface Frame {
  readonly t: RegistrationTranslate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly school: Organisation;
  readonly demo: boolean;
}

/** The school's registration address: `/r/<realm>/s/<slug>/hello`. */
export function helloPath(realm: LoadedRealm, slug: string, rest = ''): string {
  return `/r/${realm.id}/s/${encodeURIComponent(slug)}/hello${rest}`;
}

function page(f: Frame, path: string, body: SafeHtml): SafeHtml {
  return layout(
    {
      t: f.t,
      locale: f.locale,
      title: f.t('registration.title'),
      path,
      realm: f.realm,
      homeHref: `/r/${f.realm.id}/login`,
      demo: f.demo,
    },
    body,
  );
}

function heading(f: Frame): SafeHtml {
  return html`<h1>${f.t('registration.title')}</h1>
  <p class="school-name">${f.school.name}</p>`;
}

function problemOf(t: RegistrationTranslate, id: string, p: Problem | null | undefined): SafeHtml {
  return p ? html`<p class="field-error" id="${id}-error">${t(p.key, p.params)}</p>` : html``;
}

/** `aria-invalid` and the ids that describe a control: its hint, its error. */
function describedBy(id: string, invalid: boolean, hint: boolean): SafeHtml {
  const ids = [...(hint ? [`${id}-hint`] : []), ...(invalid ? [`${id}-error`] : [])];
  return html`${invalid ? html`aria-invalid="true" ` : ''}${ids.length > 0 ? html`aria-describedby="${ids.join(' ')}"` : ''}`;
}

/** «Смирнова Д.», the way an invitation names the child. */
function shortName(p: Pick<Person, 'last_name' | 'first_name'>): string {
  const initial = [...p.first_name][0];
  return initial ? `${p.last_name} ${initial}.` : p.last_name;
}

function fullName(p: Pick<Person, 'last_name' | 'first_name' | 'middle_name'>): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

// ---- «Регистрация»: the code ------------------------------------------------------------------

export function codePage(
  f: Frame & { csrf: string; code: string; error?: Problem | undefined; banner?: string | undefined },
): SafeHtml {
  const { t, realm, school } = f;
  const action = helloPath(realm, school.slug);
  return page(
    f,
    action,
    html`<section class="card registration-code">
  ${heading(f)}
  ${f.banner ? notice('error', f.banner) : ''}
  <form method="post" action="${action}" novalidate>
    ${csrfField(f.csrf)}
    <label for="code">${t('registration.enter_code')}</label>
    <input id="code" name="code" type="text" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" value="${f.code.slice(0, 64)}" ${describedBy('code', f.error !== undefined, false)}>
    ${problemOf(t, 'code', f.error)}
    <button type="submit" class="primary">${t('registration.submit')}</button>
  </form>
  <p class="hint">${t('registration.code_hint')}</p>
  <p class="registration-links"><a class="signin-link" href="/r/${realm.id}/login">${t('registration.have_account')}</a> · <a class="recovery-link" href="/r/${realm.id}/recovery">${t('registration.forgot_password')}</a></p>
  <p><a class="school-link" href="/r/${realm.id}/s/${encodeURIComponent(school.slug)}">${t('registration.school_page')}</a></p>
</section>`,
  );
}

// ---- the account form -------------------------------------------------------------------------

export interface AccountView extends Frame {
  readonly csrf: string;
  readonly flowId: string;
  readonly invitee: Invitee;
  /** What was typed, passwords excepted (they are never sent back). */
  readonly form: AccountForm;
  readonly errors: AccountErrors;
  readonly banner?: string | undefined;
}

function invitationLine(v: AccountView): SafeHtml {
  const { t, invitee } = v;
  const forWhom =
    invitee.role === 'student'
      ? t('registration.for.student')
      : invitee.role === 'parent'
        ? t('registration.for.parent')
        : t('registration.for.staff');
  const cls = invitee.role !== 'staff' && invitee.className ? ` (${invitee.className})` : '';
  return html`<p class="invitation-for">${t('registration.invitation_for')}: <strong class="for-whom">${forWhom}${cls}</strong> · <span class="invitee">${shortName(invitee.person)}</span></p>`;
}

function credentials(v: AccountView): SafeHtml {
  const { t, form, errors, realm } = v;
  const f = errors.fields;
  const passwordBad = errors.password.length > 0;
  return html`<h2>${t('registration.section.credentials')}</h2>
    <label for="login">${t('registration.login')}</label>
    <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" value="${form.login.slice(0, 64)}" data-check-url="${helloPath(realm, v.school.slug, `/login?flow=${encodeURIComponent(v.flowId)}`)}" ${describedBy('login', f.login !== undefined, true)}>
    <p class="hint" id="login-hint">${t('registration.login_hint')}</p>
    ${problemOf(t, 'login', f.login)}
    <p class="login-status" id="login-status" aria-live="polite" hidden></p>
    <label for="password">${t('registration.password')}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" ${describedBy('password', passwordBad, true)}>
    <p class="hint" id="password-hint">${t('registration.password_advice')}</p>
    ${
      passwordBad
        ? html`<ul class="field-error" id="password-error">${errors.password.map((p) => html`<li>${t(p.key, p.params)}</li>`)}</ul>`
        : ''
    }
    <label for="password2">${t('registration.password2')}</label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" ${describedBy('password2', f.password2 !== undefined, false)}>
    ${problemOf(t, 'password2', f.password2)}
    <details class="policy"><summary>${t('registration.password_rules')}</summary>
      <ul>${describePolicy(realm.settings.passwordPolicy).map((r) => html`<li>${t(r.key, r.params)}</li>`)}</ul>
    </details>`;
}

function contacts(v: AccountView): SafeHtml {
  const { t, form, errors, invitee } = v;
  const f = errors.fields;
  const emailHint =
    invitee.role === 'parent'
      ? t('registration.email_parent_hint')
      : invitee.role === 'staff'
        ? t('registration.email_staff_hint')
        : t('registration.email_student_hint');
  const required = invitee.role !== 'student';
  return html`<h2>${t('registration.section.contacts')}</h2>
    <label for="email">${t('registration.email')}${required ? html` <span class="required" aria-hidden="true">*</span>` : ''}</label>
    <input id="email" name="email" type="email" autocomplete="email" maxlength="254" value="${form.email.slice(0, 254)}" ${required ? 'required' : ''} ${describedBy('email', f.email !== undefined, true)}>
    <p class="hint" id="email-hint">${emailHint}</p>
    ${problemOf(t, 'email', f.email)}
    <label for="phone">${t('registration.phone')}</label>
    <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" value="${form.phone.slice(0, 30)}" ${describedBy('phone', f.phone !== undefined, false)}>
    ${problemOf(t, 'phone', f.phone)}`;
}

function nameInputs(v: AccountView): SafeHtml {
  const { t, form, errors } = v;
  const f = errors.fields;
  const input = (
    id: 'last_name' | 'first_name' | 'middle_name',
    key: 'lastName' | 'firstName' | 'middleName',
    autocomplete: string,
    label: SafeHtml | string,
  ) =>
    html`<label for="${id}">${label}</label>
    <input id="${id}" name="${id}" type="text" autocomplete="${autocomplete}" maxlength="100" value="${form[key].slice(0, 100)}" ${describedBy(id, f[key] !== undefined, false)}>
    ${problemOf(t, id, f[key])}`;
  return html`<p class="hint">${t('registration.names_lead')}</p>
    ${input('last_name', 'lastName', 'family-name', t('registration.last_name'))}
    ${input('first_name', 'firstName', 'given-name', t('registration.first_name'))}
    ${input('middle_name', 'middleName', 'additional-name', t('registration.middle_name'))}`;
}

/** The parent: the school's record of them (a choice, since the code may reach either parent) or typed. */
function aboutYou(v: AccountView): SafeHtml {
  const { t, invitee, form, errors } = v;
  if (invitee.role !== 'parent') return html``;
  if (invitee.guardians.length === 0) {
    return html`<h2>${t('registration.section.you')}</h2>${nameInputs(v)}`;
  }
  const chosen =
    invitee.guardians.some((g) => g.id === form.guardian) || form.guardian === NEW_GUARDIAN
      ? form.guardian
      : (invitee.guardians[0]?.id ?? NEW_GUARDIAN);
  const bad = errors.fields.guardian !== undefined;
  return html`<h2>${t('registration.section.you')}</h2>
    <fieldset class="guardian" ${describedBy('guardian', bad, false)}>
      <legend>${t('registration.who_are_you')}</legend>
      ${invitee.guardians.map(
        (g) =>
          html`<label class="check"><input type="radio" name="guardian" value="${g.id}" ${chosen === g.id ? 'checked' : ''}> <span class="guardian-name">${fullName(g)}</span></label>`,
      )}
      <label class="check"><input type="radio" name="guardian" value="${NEW_GUARDIAN}" ${chosen === NEW_GUARDIAN ? 'checked' : ''}> <span>${t('registration.guardian_other')}</span></label>
      ${problemOf(t, 'guardian', errors.fields.guardian)}
      ${nameInputs(v)}
    </fieldset>`;
}

/**
 * «Дети»: one input, then «У меня есть еще один пригласительный код» opening the next, nested,
 * so each click shows one more input with no script. A chain holding a typed code stays open.
 */
function childrenBlock(v: AccountView): SafeHtml {
  const { t, invitee, form, errors } = v;
  if (invitee.role === 'student') return html``;
  const count = Math.max(MAX_CHILD_CODES, form.childCodes.length);
  const input = (i: number): SafeHtml => {
    const id = `child_code_${i + 1}`;
    const problem = errors.childCodes[i] ?? null;
    return html`<label for="${id}">${t('registration.child_code')}</label>
      <input id="${id}" name="child_code" type="text" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" maxlength="64" value="${(form.childCodes[i] ?? '').slice(0, 64)}" ${describedBy(id, problem !== null, false)}>
      ${problemOf(t, id, problem)}`;
  };
  const chain = (i: number): SafeHtml => {
    if (i >= count) return html``;
    const open = form.childCodes.slice(i).length > 0;
    return html`<details class="more-code" ${open ? 'open' : ''}><summary>${t('registration.more_codes')}</summary>
      ${input(i)}
      ${chain(i + 1)}
    </details>`;
  };
  return html`<fieldset class="children">
    <legend>${t('registration.children')}</legend>
    ${invitee.role === 'parent' ? html`<ul class="children-list"><li>${shortName(invitee.person)}${invitee.className ? ` (${invitee.className})` : ''}</li></ul>` : ''}
    <p class="hint">${invitee.role === 'parent' ? t('registration.children_hint_parent') : t('registration.children_hint_staff')}</p>
    ${input(0)}
    ${chain(1)}
  </fieldset>`;
}

export function accountPage(v: AccountView): SafeHtml {
  const { t, realm, school } = v;
  const action = helloPath(realm, school.slug, '/account');
  return page(
    v,
    action,
    html`<section class="card registration-account">
  ${heading(v)}
  ${invitationLine(v)}
  <p>${t('registration.account_lead')}</p>
  ${v.banner ? notice('error', v.banner) : ''}
  <form method="post" action="${action}" novalidate>
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="${v.flowId}">
    ${credentials(v)}
    ${contacts(v)}
    ${aboutYou(v)}
    ${childrenBlock(v)}
    <button type="submit" class="primary">${t('registration.submit')}</button>
  </form>
</section>
<script src="/assets/registration.js" defer></script>`,
  );
}

// ---- the end ------------------------------------------------------------------------------------

export function donePage(
  f: Frame & { login: string; emailGiven: boolean; children: readonly Person[] },
): SafeHtml {
  const { t, realm, school } = f;
  const names = f.children.map((c) => `${c.last_name} ${c.first_name}`).join(', ');
  return page(
    f,
    helloPath(realm, school.slug, '/done'),
    html`<section class="card registration-done">
  ${heading(f)}
  ${notice('success', t('registration.done'))}
  <p>${t('registration.your_login')} <strong class="login">${f.login}</strong></p>
  ${f.children.length > 0 ? html`<p class="children-linked">${t('registration.children_linked', { names })}</p>` : ''}
  <p>${t('registration.sign_in_lead')}</p>
  <p><a class="signin-link" href="/r/${realm.id}/login">${t('registration.sign_in')}</a></p>
  ${notice(f.emailGiven ? 'info' : 'warning', f.emailGiven ? t('registration.confirm_email_note') : t('registration.no_email_note'))}
</section>`,
  );
}

/** A registration that cannot go on (expired, another browser, its code gone). */
export function endPage(f: Frame & { message: string }): SafeHtml {
  const { t, realm, school } = f;
  return page(
    f,
    helloPath(realm, school.slug),
    html`<section class="card registration-end">
  ${heading(f)}
  ${notice('error', f.message)}
  <p><a class="start-again" href="${helloPath(realm, school.slug)}">${t('registration.start_again')}</a> · <a class="signin-link" href="/r/${realm.id}/login">${t('registration.have_account')}</a></p>
</section>`,
  );
}
