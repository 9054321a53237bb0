/**
 * The screens of «Настройки»: the page (change password, active sessions, links to the contact
 * pages) and the "session not found" page. Every value is escaped by `html`; passwords are never
 * written back into the form.
 */

import { formatUtc } from '../../core/clock.js';
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, Translate } from '../../core/i18n/i18n.js';
import { describePolicy } from '../../core/password-policy/policy.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { SessionPerson } from '../../sessions/sessions.js';
import { csrfField, notice, realmPage } from '../../web/views/layout.js';
import type { PasswordProblems, Problem } from './password.js';
import type { SessionRow } from './session-list.js';

export interface Frame {
  /** The main catalogue, for the layout. */
  readonly t: Translate;
  /** Our keys and the main catalogue's. */
  readonly say: Translate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly path: string;
  readonly demo: boolean;
}

export interface Banner {
  readonly kind: 'success' | 'error';
  readonly text: string;
}

export interface SettingsView extends Frame {
  readonly csrf: string;
  readonly person: SessionPerson;
  readonly sessions: readonly SessionRow[];
  readonly problems: PasswordProblems;
  readonly banner: Banner | null;
  /** Two-factor authentication and passkeys (factors-view.ts). */
  readonly factors?: SafeHtml;
}

function page(f: Frame, title: string, body: SafeHtml): SafeHtml {
  return realmPage(f, title, body);
}

function problemList(say: Translate, id: string, problems: readonly Problem[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<ul class="field-error" id="${id}-error">${problems.map((p) => html`<li>${say(p.key, p.params)}</li>`)}</ul>`;
}

function invalid(problems: readonly Problem[], id: string): SafeHtml {
  return problems.length > 0 ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

function passwordSection(v: SettingsView, base: string): SafeHtml {
  const { say, problems } = v;
  return html`<section class="change-password" aria-labelledby="password-title">
  <h2 id="password-title">${say('settings.password_title')}</h2>
  <form method="post" action="${base}/settings/password" novalidate>
    ${csrfField(v.csrf)}
    <input type="text" name="username" autocomplete="username" value="${v.person.login}" hidden>
    <label for="current_password">${say('settings.current_password')}</label>
    <input id="current_password" name="current_password" type="password" autocomplete="current-password" ${invalid(problems.current, 'current_password')}>
    ${problemList(say, 'current_password', problems.current)}
    <label for="password">${say('settings.new_password')}</label>
    <input id="password" name="password" type="password" autocomplete="new-password" ${invalid(problems.password, 'password')}>
    ${problemList(say, 'password', problems.password)}
    <label for="password2">${say('settings.repeat_password')}</label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" ${invalid(problems.password2, 'password2')}>
    ${problemList(say, 'password2', problems.password2)}
    <details class="policy"><summary>${say('settings.password_rules')}</summary>
      <ul>${describePolicy(v.realm.settings.passwordPolicy).map((r) => html`<li>${say(r.key, r.params)}</li>`)}</ul>
    </details>
    <button type="submit" class="primary">${say('settings.save')}</button>
  </form>
</section>`;
}

function sessionRow(v: SettingsView, base: string, s: SessionRow): SafeHtml {
  const { say } = v;
  const action = s.current
    ? html`<span class="status status-ok current-session">${say('settings.current_session')}</span>`
    : html`<form method="post" action="${base}/settings/sessions/end" class="end-session">
        ${csrfField(v.csrf)}
        <input type="hidden" name="session" value="${s.id}">
        <button type="submit">${say('settings.end_session')}</button>
      </form>`;
  return html`<tr class="${s.current ? 'session session-current' : 'session'}">
    <td class="session-device">${s.device ?? say('settings.unknown_device')}</td>
    <td class="session-ip">${s.ip ?? say('settings.unknown_ip')}</td>
    <td class="session-created">${formatUtc(s.createdAt)}</td>
    <td class="session-seen">${formatUtc(s.lastSeenAt)}</td>
    <td>${action}</td>
  </tr>`;
}

function sessionsSection(v: SettingsView, base: string): SafeHtml {
  const { say } = v;
  const others = v.sessions.some((s) => !s.current);
  return html`<section class="sessions" aria-labelledby="sessions-title">
  <h2 id="sessions-title">${say('settings.sessions_title')}</h2>
  <p>${say('settings.sessions_lead')}</p>
  <table class="session-list">
    <thead><tr>
      <th scope="col">${say('settings.device')}</th>
      <th scope="col">${say('settings.ip')}</th>
      <th scope="col">${say('settings.signed_in_at')}</th>
      <th scope="col">${say('settings.last_seen_at')}</th>
      <th scope="col"><span class="visually-hidden">${say('settings.end_session')}</span></th>
    </tr></thead>
    <tbody>${v.sessions.map((s) => sessionRow(v, base, s))}</tbody>
  </table>
  ${
    others
      ? html`<form method="post" action="${base}/settings/sessions/end-others" class="end-others">
    ${csrfField(v.csrf)}
    <button type="submit">${say('settings.end_others')}</button>
  </form>`
      : html`<p class="no-others">${say('settings.no_others')}</p>`
  }
</section>`;
}

function contactsSection(v: SettingsView, base: string): SafeHtml {
  const { say, person } = v;
  const row = (label: string, value: string | null, href: string): SafeHtml =>
    html`<tr><th scope="row">${label}</th><td>${value ?? say('settings.contacts_not_given')}</td><td><a href="${href}">${say('settings.contacts_change')}</a></td></tr>`;
  return html`<section class="contacts" aria-labelledby="contacts-title">
  <h2 id="contacts-title">${say('settings.contacts_title')}</h2>
  <table class="contacts">
    ${row(say('settings.contacts_email'), person.email, `${base}/settings/email`)}
    ${row(say('settings.contacts_phone'), person.phone, `${base}/settings/phone`)}
  </table>
</section>`;
}

export function settingsPage(v: SettingsView): SafeHtml {
  const base = `/r/${v.realm.id}`;
  return page(
    v,
    v.say('settings.title'),
    html`<section class="card settings">
  <h1>${v.say('settings.title')}</h1>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  ${passwordSection(v, base)}
  ${v.factors ?? ''}
  ${sessionsSection(v, base)}
  ${contactsSection(v, base)}
  <p class="apps-link"><a href="${base}/settings/apps">${v.say('apps.settings_link')}</a></p>
  <p><a href="${base}/profile">${v.say('settings.back_to_profile')}</a></p>
</section>`,
  );
}

export function sessionNotFoundPage(f: Frame & { message: string }): SafeHtml {
  return page(
    f,
    f.say('settings.session_not_found_title'),
    html`<section class="card session-not-found">
  <h1>${f.say('settings.session_not_found_title')}</h1>
  ${notice('error', f.message)}
  <p><a href="/r/${f.realm.id}/settings">${f.say('settings.back_to_settings')}</a></p>
</section>`,
  );
}
