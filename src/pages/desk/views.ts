/**
 * The pages of the curator desk: the list of the viewer's organisations, an organisation's
 * classes and people with their actions, the printable invitations (ElJur, article 003), the
 * printable sign-in details with a temporary password (Dnevnik, article 002), the «Создать
 * профиль» form, and the refusals.
 *
 * Rules:
 * - Every value goes through `html` (names and logins typed by a school are escaped); nothing
 *   here uses `raw`, and nothing is inline script or style (the CSP forbids both).
 * - People are shown by name, login («не зарегистрирован» for a pending profile) and whether
 *   email and phone are confirmed; the view types carry nothing else.
 * - Every form posts with a `_csrf` field; codes and passwords are issued only by POST.
 * - A printable sheet is an `<article class="invitation">` per person, one printed page each
 *   (the stylesheet's `@media print` breaks after every `.invitation` and hides `.no-print`).
 *   Printing is the browser's own (Ctrl+P): no script is needed.
 * - Codes and temporary passwords appear only on the page that issued them, which says so.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, MessageKey, Translate } from '../../core/i18n/i18n.js';
import type { Role } from '../../db/schema.js';
import type { CodePrefix } from '../../invitations/codes.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { csrfField, fieldError, notice, realmPage } from '../../web/views/layout.js';
import { formatDay, type IssuedInvitation, invitationName } from './issue.js';
import type { DeskKey, DeskTranslate } from './messages.js';
import type { ProfileField, ProfileForm, ProfileProblems } from './profile-form.js';
import type {
  ClassRef,
  DeskClass,
  DeskOrganisation,
  DeskPerson,
  DeskStaff,
  DeskStudent,
  Roster,
  StudentOption,
} from './roster.js';

export interface Frame {
  /** The main catalogue, for the layout. */
  readonly t: Translate;
  /** The desk's keys and the main catalogue's. */
  readonly say: DeskTranslate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly path: string;
  readonly demo: boolean;
}

const ROLE_KEYS: Record<Role, MessageKey> = {
  student: 'role.student',
  parent: 'role.parent',
  teacher: 'role.teacher',
  staff: 'role.staff',
  admin: 'role.admin',
  curator: 'role.curator',
  support: 'role.support',
};

const FORM_ROLE_KEYS: Partial<Record<Role, DeskKey>> = {
  student: 'desk.role.student',
  parent: 'desk.role.parent',
  teacher: 'desk.role.teacher',
  staff: 'desk.role.staff',
};

export function deskPath(realm: LoadedRealm, slug?: string, rest = ''): string {
  return `/r/${realm.id}/desk${slug === undefined ? '' : `/${encodeURIComponent(slug)}${rest}`}`;
}

function page(f: Frame, title: string, body: SafeHtml): SafeHtml {
  return realmPage(f, title, body);
}

export function fullName(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

function roleList(say: DeskTranslate, roles: readonly Role[]): string {
  return roles.map((r) => say(ROLE_KEYS[r])).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Refusals

export interface BackLink {
  readonly href: string;
  readonly label: string;
}

export function messagePage(f: Frame, status: number, message: string, back: BackLink): SafeHtml {
  const { say } = f;
  return page(
    f,
    say('error.title'),
    html`<section class="card desk-refusal">
  <h1>${say('error.title')}</h1>
  <p class="error-message" data-status="${status}">${message}</p>
  <p class="back"><a href="${back.href}">${back.label}</a></p>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------
// The list of organisations

export function indexPage(f: Frame, organisations: readonly DeskOrganisation[]): SafeHtml {
  const { say, realm } = f;
  return page(
    f,
    say('desk.title'),
    html`<section class="card desk">
  <h1>${say('desk.title')}</h1>
  <p class="lead">${say('desk.lead')}</p>
  <h2>${say('desk.organisations')}</h2>
  <ul class="links desk-organisations">${organisations.map(
    (o) =>
      html`<li><a class="desk-organisation" href="${deskPath(realm, o.slug)}">${o.name}</a> <span class="hint desk-roles">${roleList(say, o.roles)}</span></li>`,
  )}</ul>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------
// An organisation: classes, people, actions

export interface OrganisationView extends Frame {
  readonly csrf: string;
  readonly organisation: DeskOrganisation;
  readonly roster: Roster;
  /** The viewer: no actions on their own row. */
  readonly viewerId: string;
}

interface Actions {
  readonly print: string;
  readonly password: string;
  readonly csrf: string;
  readonly viewerId: string;
}

function postButton(
  action: string,
  csrf: string,
  fields: Readonly<Record<string, string>>,
  label: string,
  cls: string,
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline ${cls}">${csrfField(csrf)}${Object.entries(
    fields,
  ).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button type="submit">${label}</button></form>`;
}

function codeBadges(say: DeskTranslate, person: DeskPerson): SafeHtml {
  return html`${person.activeCodes.map(
    (prefix) =>
      html`<span class="code-status" data-prefix="${prefix}">${say('desk.code_active', { prefix })}</span> `,
  )}`;
}

/** «Выдать временный пароль» for a registered, unblocked person who is not the viewer. */
function passwordAction(say: DeskTranslate, a: Actions, person: DeskPerson): SafeHtml {
  if (person.login === null || person.blocked || person.id === a.viewerId) return html``;
  if (person.privileged) return html`<span class="hint">${say('desk.password_by_operator')}</span>`;
  return postButton(a.password, a.csrf, { person: person.id }, say('desk.issue_password'), 'issue-password');
}

function loginCell(say: DeskTranslate, person: DeskPerson): SafeHtml {
  const login =
    person.login === null
      ? html`<span class="status-missing not-registered">${say('desk.not_registered')}</span>`
      : html`<code>${person.login}</code>`;
  return html`<td class="login">${login}${person.blocked ? html` <span class="status-pending blocked">${say('desk.blocked')}</span>` : ''}</td>`;
}

function contactCells(say: DeskTranslate, person: DeskPerson): SafeHtml {
  return html`<td class="email-status ${person.emailConfirmed ? 'status-ok' : 'status-missing'}">${say(
    person.emailConfirmed ? 'desk.email_confirmed' : 'desk.email_not_confirmed',
  )}</td>
      <td class="phone-status ${person.phoneConfirmed ? 'status-ok' : 'status-missing'}">${say(
        person.phoneConfirmed ? 'desk.phone_confirmed' : 'desk.phone_not_confirmed',
      )}</td>`;
}

function studentRows(say: DeskTranslate, a: Actions, s: DeskStudent): SafeHtml {
  const pendingCode =
    s.login === null && !s.blocked
      ? postButton(a.print, a.csrf, { person: s.id, prefix: 'st' }, say('desk.issue_code'), 'issue-code')
      : html``;
  const parentCode = postButton(
    a.print,
    a.csrf,
    { person: s.id, prefix: 'pt' },
    say('desk.issue_parent_code'),
    'issue-parent-code',
  );
  return html`<tr class="person student" data-person="${s.id}">
      <td class="name">${fullName(s)}</td>
      ${loginCell(say, s)}
      ${contactCells(say, s)}
      <td class="actions">${codeBadges(say, s)}${pendingCode}${parentCode}${passwordAction(say, a, s)}</td>
    </tr>${s.parents.map(
      (p) => html`<tr class="person parent" data-person="${p.id}" data-child="${s.id}">
      <td class="name"><span class="hint parent-mark">${say('desk.parent')}:</span> ${fullName(p)}</td>
      ${loginCell(say, p)}
      ${contactCells(say, p)}
      <td class="actions">${passwordAction(say, a, p)}</td>
    </tr>`,
    )}`;
}

function peopleHead(say: DeskTranslate, withRole: boolean): SafeHtml {
  return html`<thead><tr>
      <th scope="col">${say('desk.col.name')}</th>
      ${withRole ? html`<th scope="col">${say('desk.col.role')}</th>` : ''}
      <th scope="col">${say('desk.col.login')}</th>
      <th scope="col">${say('desk.col.email')}</th>
      <th scope="col">${say('desk.col.phone')}</th>
      <th scope="col">${say('desk.col.actions')}</th>
    </tr></thead>`;
}

function classSection(say: DeskTranslate, a: Actions, c: DeskClass): SafeHtml {
  const printForm = html`<form method="post" action="${a.print}" class="print-class no-print">
    ${csrfField(a.csrf)}
    <input type="hidden" name="class" value="${c.id}">
    <label for="for-${c.id}">${say('desk.print_for')}</label>
    <select id="for-${c.id}" name="for">
      <option value="st">${say('desk.print_for.st')}</option>
      <option value="pt">${say('desk.print_for.pt')}</option>
    </select>
    <button type="submit">${say('desk.print_class')}</button>
  </form>`;
  return html`<section class="desk-class" data-class="${c.name}" aria-labelledby="class-${c.id}">
  <h2 id="class-${c.id}" class="class-name">${c.name}</h2>
  ${c.students.length > 0 ? printForm : ''}
  ${
    c.students.length > 0
      ? html`<table class="desk-people">
    ${peopleHead(say, false)}
    <tbody>${c.students.map((s) => studentRows(say, a, s))}</tbody>
  </table>`
      : html`<p class="hint">${say('desk.no_students')}</p>`
  }
</section>`;
}

function staffRow(say: DeskTranslate, a: Actions, s: DeskStaff): SafeHtml {
  const prefix: CodePrefix = s.roles.includes('teacher') ? 'tr' : 'ar';
  const code =
    s.login === null && !s.blocked
      ? postButton(a.print, a.csrf, { person: s.id, prefix }, say('desk.issue_code'), 'issue-code')
      : html``;
  const classes =
    s.classNames.length > 0 ? html` <span class="hint">(${s.classNames.join(', ')})</span>` : '';
  return html`<tr class="person staff" data-person="${s.id}">
      <td class="name">${fullName(s)}</td>
      <td class="roles">${roleList(say, s.roles)}${classes}</td>
      ${loginCell(say, s)}
      ${contactCells(say, s)}
      <td class="actions">${codeBadges(say, s)}${code}${passwordAction(say, a, s)}</td>
    </tr>`;
}

export function organisationPage(v: OrganisationView): SafeHtml {
  const { say, realm, organisation: org, roster } = v;
  const a: Actions = {
    print: deskPath(realm, org.slug, '/print'),
    password: deskPath(realm, org.slug, '/password'),
    csrf: v.csrf,
    viewerId: v.viewerId,
  };
  return page(
    v,
    `${org.name} — ${say('desk.title')}`,
    html`<section class="card desk desk-org">
  <p class="back no-print"><a href="${deskPath(realm)}">${say('desk.back_to_desk')}</a></p>
  <h1>${org.name}</h1>
  <p class="lead">${say('desk.title')}. ${say('desk.your_role', { roles: roleList(say, org.roles) })}</p>
  ${notice('info', say('desk.codes_once'))}
  <p class="desk-actions"><a class="create-profile" href="${deskPath(realm, org.slug, '/people/new')}">${say('desk.create_profile')}</a></p>
  ${roster.classes.map((c) => classSection(say, a, c))}
  ${
    roster.unassigned.length > 0
      ? html`<section class="desk-unassigned">
  <h2>${say('desk.unassigned')}</h2>
  <table class="desk-people">
    ${peopleHead(say, false)}
    <tbody>${roster.unassigned.map((s) => studentRows(say, a, s))}</tbody>
  </table>
</section>`
      : ''
  }
  <section class="desk-staff">
  <h2>${say('desk.staff')}</h2>
  ${
    roster.staff.length > 0
      ? html`<table class="desk-people">
    ${peopleHead(say, true)}
    <tbody>${roster.staff.map((s) => staffRow(say, a, s))}</tbody>
  </table>`
      : html`<p class="hint">${say('desk.no_staff')}</p>`
  }
  </section>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------
// Printable invitations

/** Whom the sheet is for, in the top right corner: «Родителям (6А)», «Ученику (6А)», «Сотруднику». */
function forWhom(say: DeskTranslate, prefix: CodePrefix, className: string | null): string {
  switch (prefix) {
    case 'st':
      return className ? say('desk.for.student', { class: className }) : say('desk.for.student_no_class');
    case 'pt':
      return className ? say('desk.for.parents', { class: className }) : say('desk.for.parents_no_class');
    default:
      return say('desk.for.staff');
  }
}

export interface PrintView extends Frame {
  readonly organisation: DeskOrganisation;
  /** `<BASE_URL>/r/<realm>/s/<slug>/hello`. */
  readonly registrationUrl: string;
  readonly invitations: readonly IssuedInvitation[];
  /** Set for a whole class. */
  readonly batch: { readonly className: string; readonly prefix: 'st' | 'pt' } | null;
  /** Students of the class who are registered already and got no `st` code. */
  readonly skipped: readonly string[];
}

function invitationSheet(say: DeskTranslate, url: string, i: IssuedInvitation): SafeHtml {
  return html`<article class="invitation" data-person="${i.personId}" data-prefix="${i.prefix}">
  <p class="for-whom">${forWhom(say, i.prefix, i.className)}</p>
  <p class="invitee">${invitationName(i.lastName, i.firstName)}</p>
  <p class="greeting">${say('desk.invitation.greeting')}</p>
  <p class="register">${say('desk.invitation.register')}</p>
  <p class="address">${say('desk.invitation.address')}<br><span class="url">${url}</span></p>
  <p class="code-line">${say('desk.invitation.code')}<br><span class="code">${i.code}</span></p>
  <p class="valid-until hint">${say('desk.invitation.valid_until', { date: formatDay(i.expiresAt) })}</p>
</article>`;
}

function printHint(say: DeskTranslate): SafeHtml {
  return html`<p class="print-hint"><strong class="print-button">${say('desk.print.button')}</strong>: ${say('desk.print.how')}</p>`;
}

export function printPage(v: PrintView): SafeHtml {
  const { say, realm, organisation: org } = v;
  const title = v.batch
    ? say('desk.print.title_class', {
        class: v.batch.className,
        whom: say(v.batch.prefix === 'st' ? 'desk.print_for.st' : 'desk.print_for.pt'),
      })
    : say('desk.print.title');
  const voided = v.invitations.reduce((n, i) => n + (i.voided > 0 ? 1 : 0), 0);
  const first = v.invitations[0];
  return page(
    v,
    title,
    html`<section class="card print-controls no-print">
  <p class="back"><a href="${deskPath(realm, org.slug)}">${say('desk.back_to_org')}</a></p>
  <h1>${title}</h1>
  ${
    first
      ? html`${notice('warning', say('desk.print.once'))}
  <p class="issued">${say('desk.print.issued', { count: v.invitations.length, date: formatDay(first.expiresAt) })}</p>
  ${voided > 0 ? html`<p class="voided">${say('desk.print.voided', { count: voided })}</p>` : ''}
  ${printHint(say)}`
      : notice('info', say('desk.print.nobody'))
  }
  ${v.skipped.length > 0 ? html`<p class="skipped hint">${say('desk.print.skipped', { names: v.skipped.join(', ') })}</p>` : ''}
</section>
<section class="print-sheets">
${v.invitations.map((i) => invitationSheet(say, v.registrationUrl, i))}
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------
// Printable sign-in details

export interface CredentialsView extends Frame {
  readonly organisation: DeskOrganisation;
  readonly kind: 'created' | 'reset';
  readonly person: { readonly id: string; readonly lastName: string; readonly firstName: string };
  readonly forWhom: 'student' | 'parent' | 'staff';
  readonly className: string | null;
  readonly login: string;
  readonly temporaryPassword: string;
  readonly sessionsEnded: number;
  /** `<BASE_URL>/r/<realm>/login`. */
  readonly signinUrl: string;
}

export function credentialsPage(v: CredentialsView): SafeHtml {
  const { say, realm, organisation: org } = v;
  const whom =
    v.forWhom === 'student'
      ? v.className
        ? say('desk.for.student', { class: v.className })
        : say('desk.for.student_no_class')
      : v.forWhom === 'parent'
        ? say('desk.for.parent')
        : say('desk.for.staff');
  const done =
    v.kind === 'created'
      ? say('desk.credentials.created', { login: v.login })
      : say('desk.credentials.reset', { login: v.login, count: v.sessionsEnded });
  return page(
    v,
    say('desk.credentials.title'),
    html`<section class="card print-controls no-print">
  <p class="back"><a href="${deskPath(realm, org.slug)}">${say('desk.back_to_org')}</a></p>
  <h1>${say('desk.credentials.title')}</h1>
  ${notice('success', done)}
  ${notice('warning', say('desk.credentials.once'))}
  ${printHint(say)}
</section>
<section class="print-sheets">
<article class="invitation credentials" data-person="${v.person.id}">
  <p class="for-whom">${whom}</p>
  <p class="invitee">${invitationName(v.person.lastName, v.person.firstName)}</p>
  <p class="greeting">${say('desk.invitation.greeting')}</p>
  <p class="address">${say('desk.credentials.address')}<br><span class="url">${v.signinUrl}</span></p>
  <p class="login-line">${say('desk.credentials.login')}<br><span class="code login">${v.login}</span></p>
  <p class="password-line">${say('desk.credentials.password')}<br><span class="code temporary-password">${v.temporaryPassword}</span></p>
  <p class="change-note">${say('desk.credentials.change')}</p>
</article>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------
// «Создать профиль»

export interface ProfileFormView extends Frame {
  readonly csrf: string;
  readonly organisation: DeskOrganisation;
  readonly form: ProfileForm;
  readonly problems: ProfileProblems;
  readonly roles: readonly Role[];
  readonly classes: readonly ClassRef[];
  readonly students: readonly StudentOption[];
}

/** Typed values are shown back, but never more of them than a field can hold. */
const ECHO_MAX = 200;

export function profileFormPage(v: ProfileFormView): SafeHtml {
  const { say, realm, organisation: org, form, problems } = v;
  const action = deskPath(realm, org.slug, '/people/new');
  const problem = (field: ProfileField): string | undefined => {
    const key = problems[field];
    return key ? say(key) : undefined;
  };
  const described = (field: ProfileField): SafeHtml =>
    problems[field] ? html`aria-invalid="true" aria-describedby="${field}-error"` : html``;
  const text = (field: ProfileField, label: DeskKey, extra: SafeHtml = html``): SafeHtml =>
    html`<label for="${field}">${say(label)}</label>
    <input id="${field}" name="${field}" type="text" value="${form[field].slice(0, ECHO_MAX)}" ${extra} ${described(field)}>
    ${fieldError(field, problem(field))}`;
  const selected = (field: ProfileField, value: string): SafeHtml =>
    form[field] === value ? html`selected` : html``;
  const hasClasses = v.classes.length > 0;
  const hasParents = v.roles.includes('parent');
  return page(
    v,
    say('desk.form.title'),
    html`<section class="card desk-form">
  <p class="back"><a href="${deskPath(realm, org.slug)}">${say('desk.back_to_org')}</a></p>
  <h1>${say('desk.form.title')}</h1>
  <p class="lead">${org.name}. ${say('desk.form.lead')}</p>
  ${Object.keys(problems).length > 0 ? notice('error', say('desk.error.form')) : ''}
  <form method="post" action="${action}" novalidate>
    ${csrfField(v.csrf)}
    ${text('last_name', 'desk.form.last_name', html`autocomplete="off" maxlength="100"`)}
    ${text('first_name', 'desk.form.first_name', html`autocomplete="off" maxlength="100"`)}
    ${text('middle_name', 'desk.form.middle_name', html`autocomplete="off" maxlength="100"`)}
    ${text('birth_date', 'desk.form.birth_date', html`inputmode="numeric" autocomplete="off" placeholder="${say('desk.form.birth_date_hint')}"`)}
    <p class="hint">${say('desk.form.birth_date_hint')}</p>
    ${text('login', 'desk.form.login', html`autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="64"`)}
    <p class="hint">${say('desk.form.login_hint')}</p>
    <label for="role">${say('desk.form.role')}</label>
    <select id="role" name="role" ${described('role')}>
      <option value="">${say('desk.form.choose')}</option>
      ${v.roles.map((r) => {
        const key = FORM_ROLE_KEYS[r];
        return html`<option value="${r}" ${selected('role', r)}>${key ? say(key) : say(ROLE_KEYS[r])}</option>`;
      })}
    </select>
    ${fieldError('role', problem('role'))}
    ${
      hasClasses
        ? html`<label for="class">${say('desk.form.class')}</label>
    <select id="class" name="class" ${described('class')}>
      <option value="">${say('desk.form.no_class')}</option>
      ${v.classes.map((c) => html`<option value="${c.id}" ${selected('class', c.id)}>${c.name}</option>`)}
    </select>
    ${fieldError('class', problem('class'))}
    <p class="hint">${say('desk.form.class_hint')}</p>`
        : ''
    }
    ${
      hasParents
        ? html`<label for="child">${say('desk.form.child')}</label>
    <select id="child" name="child" ${described('child')}>
      <option value="">${say('desk.form.choose')}</option>
      ${v.students.map(
        (s) =>
          html`<option value="${s.id}" ${selected('child', s.id)}>${s.lastName} ${s.firstName}${s.className ? ` (${s.className})` : ''}</option>`,
      )}
    </select>
    ${fieldError('child', problem('child'))}
    <p class="hint">${say('desk.form.child_hint')}</p>`
        : ''
    }
    <button type="submit" class="primary">${say('desk.form.submit')}</button>
  </form>
</section>`,
  );
}
