/**
 * The desk's lists: the viewer's organisations, and an organisation's classes and people with
 * their actions («Выдать код», «Выдать код родителям», «Выдать временный пароль», printing a
 * whole class).
 */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { Translate } from '../../../core/i18n/i18n.js';
import type { RunOrganisation } from '../../../directory/members.js';
import type { AdministeredRegion } from '../../../directory/regions.js';
import type {
  Roster,
  RosterClass,
  RosterPerson,
  RosterStaff,
  RosterStudent,
} from '../../../directory/roster.js';
import type { CodePrefix } from '../../../invitations/codes.js';
import { csrfField, notice } from '../../../web/views/layout.js';
import { deskPath, type Frame, fullName, page, roleList } from './common.js';
import { schoolLinks } from './school-links.js';

/**
 * The desk is named for who uses it: an administrator who is not also a curator (Dnevnik's
 * school administrator, articles 000 and 002) has «Рабочее место администратора».
 */
export function deskTitle(roles: readonly string[]): 'desk.title' | 'desk.title_admin' {
  return roles.includes('admin') && !roles.includes('curator') ? 'desk.title_admin' : 'desk.title';
}

export function indexPage(
  f: Frame,
  organisations: readonly RunOrganisation[],
  regions: readonly AdministeredRegion[] = [],
): SafeHtml {
  const { t, realm } = f;
  const title = t(deskTitle(organisations.flatMap((o) => o.roles)));
  return page(
    f,
    title,
    html`<section class="card desk">
  <h1>${title}</h1>
  <p class="lead">${t('desk.lead')}</p>
  <h2>${t('desk.organisations')}</h2>
  <ul class="links desk-organisations">${organisations.map(
    (o) =>
      html`<li><a class="desk-organisation" href="${deskPath(realm, o.slug)}">${o.name}</a> <span class="hint desk-roles">${roleList(t, o.roles)}</span></li>`,
  )}</ul>
  ${
    regions.length > 0
      ? html`<h2>${t('audit.regions')}</h2>
  <ul class="links desk-regions">${regions.map(
    (r) =>
      html`<li>${r.name}: <a class="region-audit" href="${deskPath(realm)}/region/${encodeURIComponent(r.code)}/audit">${t('audit.link')}</a></li>`,
  )}</ul>`
      : ''
  }
</section>`,
  );
}

export interface OrganisationView extends Frame {
  readonly csrf: string;
  readonly organisation: RunOrganisation;
  readonly roster: Roster;
  /** The viewer: no actions on their own row. */
  readonly viewerId: string;
}

interface Actions {
  /** Where a person's card is: `${person}/<id>`. */
  readonly person: string;
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

function codeBadges(t: Translate, person: RosterPerson): SafeHtml {
  return html`${person.activeCodes.map(
    (prefix) =>
      html`<span class="code-status" data-prefix="${prefix}">${t('desk.code_active', { prefix })}</span> `,
  )}`;
}

/** «Выдать временный пароль» for a registered, unblocked person who is not the viewer. */
function passwordAction(t: Translate, a: Actions, person: RosterPerson): SafeHtml {
  if (person.login === null || person.blocked || person.id === a.viewerId) return html``;
  if (person.privileged) return html`<span class="hint">${t('desk.password_by_operator')}</span>`;
  return postButton(a.password, a.csrf, { person: person.id }, t('desk.issue_password'), 'issue-password');
}

function loginCell(t: Translate, person: RosterPerson): SafeHtml {
  const login =
    person.login === null
      ? html`<span class="status-missing not-registered">${t(
          person.gender === 'female' ? 'desk.not_registered_female' : 'desk.not_registered',
        )}</span>`
      : html`<code>${person.login}</code>`;
  return html`<td class="login">${login}${person.blocked ? html` <span class="status-pending blocked">${t('desk.blocked')}</span>` : ''}</td>`;
}

function contactCells(t: Translate, person: RosterPerson): SafeHtml {
  return html`<td class="email-status ${person.emailConfirmed ? 'status-ok' : 'status-missing'}">${t(
    person.emailConfirmed ? 'desk.email_confirmed' : 'desk.email_not_confirmed',
  )}</td>
      <td class="phone-status ${person.phoneConfirmed ? 'status-ok' : 'status-missing'}">${t(
        person.phoneConfirmed ? 'desk.phone_confirmed' : 'desk.phone_not_confirmed',
      )}</td>`;
}

function studentRows(t: Translate, a: Actions, s: RosterStudent): SafeHtml {
  const pendingCode =
    s.login === null && !s.blocked
      ? postButton(a.print, a.csrf, { person: s.id, prefix: 'st' }, t('desk.issue_code'), 'issue-code')
      : html``;
  const parentCode = postButton(
    a.print,
    a.csrf,
    { person: s.id, prefix: 'pt' },
    t('desk.issue_parent_code'),
    'issue-parent-code',
  );
  return html`<tr class="person student" data-person="${s.id}">
      <td class="name"><a class="person-link" href="${a.person}/${s.id}">${fullName(s)}</a></td>
      ${loginCell(t, s)}
      ${contactCells(t, s)}
      <td class="actions">${codeBadges(t, s)}${pendingCode}${parentCode}${passwordAction(t, a, s)}</td>
    </tr>${s.parents.map(
      (p) => html`<tr class="person parent" data-person="${p.id}" data-child="${s.id}">
      <td class="name"><span class="hint parent-mark">${t('desk.parent')}:</span> <a class="person-link" href="${a.person}/${p.id}">${fullName(p)}</a></td>
      ${loginCell(t, p)}
      ${contactCells(t, p)}
      <td class="actions">${passwordAction(t, a, p)}</td>
    </tr>`,
    )}`;
}

function peopleHead(t: Translate, withRole: boolean): SafeHtml {
  return html`<thead><tr>
      <th scope="col">${t('desk.col.name')}</th>
      ${withRole ? html`<th scope="col">${t('desk.col.role')}</th>` : ''}
      <th scope="col">${t('desk.col.login')}</th>
      <th scope="col">${t('desk.col.email')}</th>
      <th scope="col">${t('desk.col.phone')}</th>
      <th scope="col">${t('desk.col.actions')}</th>
    </tr></thead>`;
}

function classSection(t: Translate, a: Actions, c: RosterClass): SafeHtml {
  const printForm = html`<form method="post" action="${a.print}" class="print-class no-print">
    ${csrfField(a.csrf)}
    <input type="hidden" name="class" value="${c.id}">
    <label for="for-${c.id}">${t('desk.print_for')}</label>
    <select id="for-${c.id}" name="for">
      <option value="st">${t('desk.print_for.st')}</option>
      <option value="pt">${t('desk.print_for.pt')}</option>
    </select>
    <button type="submit">${t('desk.print_class')}</button>
  </form>`;
  return html`<section class="desk-class" data-class="${c.name}" aria-labelledby="class-${c.id}">
  <h2 id="class-${c.id}" class="class-name">${c.name}</h2>
  ${c.students.length > 0 ? printForm : ''}
  ${
    c.students.length > 0
      ? html`<table class="desk-people">
    ${peopleHead(t, false)}
    <tbody>${c.students.map((s) => studentRows(t, a, s))}</tbody>
  </table>`
      : html`<p class="hint">${t('desk.no_students')}</p>`
  }
</section>`;
}

function staffRow(t: Translate, a: Actions, s: RosterStaff): SafeHtml {
  const prefix: CodePrefix = s.roles.includes('teacher') ? 'tr' : 'ar';
  const code =
    s.login === null && !s.blocked
      ? postButton(a.print, a.csrf, { person: s.id, prefix }, t('desk.issue_code'), 'issue-code')
      : html``;
  const classes =
    s.classNames.length > 0 ? html` <span class="hint">(${s.classNames.join(', ')})</span>` : '';
  return html`<tr class="person staff" data-person="${s.id}">
      <td class="name"><a class="person-link" href="${a.person}/${s.id}">${fullName(s)}</a></td>
      <td class="roles">${roleList(t, s.roles)}${classes}</td>
      ${loginCell(t, s)}
      ${contactCells(t, s)}
      <td class="actions">${codeBadges(t, s)}${code}${passwordAction(t, a, s)}</td>
    </tr>`;
}

export function organisationPage(v: OrganisationView): SafeHtml {
  const { t, realm, organisation: org, roster } = v;
  const a: Actions = {
    person: deskPath(realm, org.slug, '/people'),
    print: deskPath(realm, org.slug, '/print'),
    password: deskPath(realm, org.slug, '/password'),
    csrf: v.csrf,
    viewerId: v.viewerId,
  };
  return page(
    v,
    `${org.name} — ${t(deskTitle(org.roles))}`,
    html`<section class="card desk desk-org">
  <p class="back no-print"><a href="${deskPath(realm)}">${t('desk.back_to_desk')}</a></p>
  <h1>${org.name}</h1>
  <p class="lead">${t(deskTitle(org.roles))}. ${t('desk.your_role', { roles: roleList(t, org.roles) })}</p>
  ${notice('info', t('desk.codes_once'))}
  <p class="desk-actions"><a class="create-profile" href="${deskPath(realm, org.slug, '/people/new')}">${t('desk.create_profile')}</a>
    ${schoolLinks(t, realm, org.slug)}</p>
  ${roster.classes.map((c) => classSection(t, a, c))}
  ${
    roster.unassigned.length > 0
      ? html`<section class="desk-unassigned">
  <h2>${t('desk.unassigned')}</h2>
  <table class="desk-people">
    ${peopleHead(t, false)}
    <tbody>${roster.unassigned.map((s) => studentRows(t, a, s))}</tbody>
  </table>
</section>`
      : ''
  }
  <section class="desk-staff">
  <h2>${t('desk.staff')}</h2>
  ${
    roster.staff.length > 0
      ? html`<table class="desk-people">
    ${peopleHead(t, true)}
    <tbody>${roster.staff.map((s) => staffRow(t, a, s))}</tbody>
  </table>`
      : html`<p class="hint">${t('desk.no_staff')}</p>`
  }
  </section>
</section>`,
  );
}
