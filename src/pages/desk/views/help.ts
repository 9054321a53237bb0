/**
 * The curator's queue of «Заявки на восстановление доступа» and one request: who asked and how
 * to reach them, the checklist for checking the person in person, the matching profiles of the
 * school with their actions (show the login, issue a temporary password → the printable sheet,
 * correct the data), and closing with an outcome.
 */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { Translate } from '../../../core/i18n/i18n.js';
import type { HelpRequest, Role } from '../../../db/schema.js';
import type { RunOrganisation } from '../../../directory/members.js';
import { isPendingLogin } from '../../../directory/people-store.js';
import { CHECKLIST, type ChecklistItem, OUTCOMES } from '../../../help-requests/store.js';
import { csrfField, notice } from '../../../web/views/layout.js';
import { ROLE_KEYS } from '../../../web/views/roles.js';
import { deskPath, type Frame, fullName, page } from './common.js';

export function ageText(t: Translate, now: number, at: number): string {
  const hours = Math.max(0, Math.floor((now - at) / 3_600_000));
  return hours >= 48 ? t('help.age_days', { days: Math.floor(hours / 24) }) : t('help.age_hours', { hours });
}

function statusText(t: Translate, status: string): string {
  return t(`help.status.${status as 'open' | 'in_progress' | 'closed'}`);
}

export function queuePage(
  f: Frame & { organisation: RunOrganisation; requests: readonly HelpRequest[]; now: number },
): SafeHtml {
  const { t, realm, organisation: org } = f;
  return page(
    f,
    `${t('help.queue_title')} — ${org.name}`,
    html`<section class="card desk desk-org desk-help">
  <p class="back no-print"><a href="${deskPath(realm, org.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${t('help.queue_title')}</h1>
  ${
    f.requests.length === 0
      ? html`<p class="hint">${t('help.queue_empty')}</p>`
      : html`<table class="desk-people help-queue"><thead><tr>
    <th scope="col">${t('help.col.number')}</th><th scope="col">${t('help.col.age')}</th><th scope="col">${t('help.col.status')}</th>
    <th scope="col">${t('help.col.who')}</th><th scope="col">${t('help.col.reason')}</th></tr></thead>
    <tbody>${f.requests.map(
      (r) => html`<tr class="help-row" data-number="${r.number}" data-status="${r.status}">
      <td><a class="help-open" href="${deskPath(realm, org.slug, `/help/${r.number}`)}">${r.number}</a></td>
      <td>${ageText(t, f.now, r.created_at)}</td>
      <td>${statusText(t, r.status)}</td>
      <td>${fullName({ lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name })}${r.class_name ? ` (${r.class_name})` : ''}</td>
      <td>${t(`help.reason.${r.reason as 'no_contact'}`)}</td></tr>`,
    )}</tbody></table>`
  }
</section>`,
  );
}

export interface MatchRow {
  readonly id: string;
  readonly last_name: string;
  readonly first_name: string;
  readonly middle_name: string | null;
  readonly login: string;
  readonly birth_date: string | null;
  readonly role: Role;
  readonly className: string | null;
}

export interface RequestView extends Frame {
  readonly csrf: string;
  readonly organisation: RunOrganisation;
  readonly request: HelpRequest;
  readonly checklist: readonly ChecklistItem[];
  readonly matches: readonly MatchRow[];
  readonly shownLogin: { readonly personId: string; readonly login: string } | null;
  readonly message: { readonly kind: 'success' | 'error' | 'info'; readonly text: string } | null;
  readonly now: number;
}

export function requestPage(v: RequestView): SafeHtml {
  const { t, realm, organisation: org, request: r } = v;
  const base = deskPath(realm, org.slug, `/help/${r.number}`);
  const open = r.status !== 'closed';
  const verified = v.checklist.includes('identity_document');
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  const action = (path: string, label: string, cls: string, person: string) =>
    html`<form method="post" action="${base}/${path}" class="inline ${cls}">${csrfField(v.csrf)}${hidden('person', person)}<button type="submit">${label}</button></form>`;
  return page(
    v,
    `${t('help.title')} ${r.number}`,
    html`<section class="card desk desk-org desk-help-request" data-number="${r.number}" data-status="${r.status}">
  <p class="back no-print"><a href="${deskPath(realm, org.slug, '/help')}">${t('help.queue_title')}</a></p>
  <h1>${t('help.title')} <span class="help-number-title">${r.number}</span></h1>
  ${v.message ? notice(v.message.kind, v.message.text) : ''}
  <dl class="help-facts">
    <dt>${t('help.col.status')}</dt><dd class="help-status">${statusText(t, r.status)}${r.outcome ? ` — ${t(`help.outcome.${r.outcome as 'login_told'}`)}` : ''}</dd>
    <dt>${t('help.col.age')}</dt><dd>${ageText(t, v.now, r.created_at)}</dd>
    <dt>${t('help.col.who')}</dt><dd class="help-who">${fullName({ lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name })}, ${t(ROLE_KEYS[r.role as Role] ?? 'role.student')}${r.class_name ? `, ${r.class_name}` : ''}</dd>
    <dt>${t('help.contact')}</dt><dd class="help-contact">${r.contact}</dd>
    <dt>${t('help.reason')}</dt><dd>${t(`help.reason.${r.reason as 'no_contact'}`)}</dd>
  </dl>
  ${
    open
      ? html`<form method="post" action="${base}/checklist" class="help-checklist">${csrfField(v.csrf)}
    <fieldset><legend>${t('help.checklist')}</legend>${CHECKLIST.map(
      (item) =>
        html`<label class="check"><input type="checkbox" name="check" value="${item}"${v.checklist.includes(item) ? html` checked` : ''}> ${t(`help.check.${item}`)}</label>`,
    )}</fieldset>
    <button type="submit">${t('help.save_checklist')}</button></form>`
      : ''
  }
  <h2>${t('help.matches')}</h2>
  ${open && !verified ? html`<p class="hint help-verify-first">${t('help.verify_first')}</p>` : ''}
  ${
    v.matches.length === 0
      ? html`<p class="hint">${t('help.no_matches')}</p>`
      : html`<table class="desk-people help-matches"><tbody>${v.matches.map(
          (m) => html`<tr class="help-match" data-person="${m.id}">
      <td class="name"><a href="${deskPath(realm, org.slug, `/people/${m.id}`)}">${fullName({ lastName: m.last_name, firstName: m.first_name, middleName: m.middle_name })}</a></td>
      <td>${t(ROLE_KEYS[m.role])}${m.className ? ` (${m.className})` : ''}</td>
      <td class="login">${
        v.shownLogin?.personId === m.id
          ? html`<code class="shown-login">${v.shownLogin.login}</code>`
          : isPendingLogin(m.login)
            ? t('desk.not_registered')
            : ''
      }</td>
      <td class="actions">${
        open && verified
          ? html`${isPendingLogin(m.login) ? '' : action('login', t('help.show_login'), 'show-login', m.id)}${
              isPendingLogin(m.login) ? '' : action('password', t('help.set_password'), 'help-password', m.id)
            }<a class="help-correct" href="${deskPath(realm, org.slug, `/people/${m.id}`)}">${t('help.correct')}</a>`
          : ''
      }</td></tr>`,
        )}</tbody></table>`
  }
  ${
    open
      ? html`<form method="post" action="${base}/close" class="help-close">${csrfField(v.csrf)}
    <label for="outcome">${t('help.outcome')}</label>
    <select id="outcome" name="outcome">${OUTCOMES.map((o) => html`<option value="${o}">${t(`help.outcome.${o}`)}</option>`)}</select>
    <button type="submit">${t('help.close')}</button></form>`
      : ''
  }
</section>`,
  );
}
