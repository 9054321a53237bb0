import { html, type SafeHtml } from '../../core/html/html.js';
import type { Translate } from '../../core/i18n/i18n.js';
import { formatPhone } from '../../core/identifiers/phone.js';
import type { ChildName, MembershipView } from '../../directory/people-store.js';
import type { SessionPerson } from '../../sessions/sessions.js';
import { csrfField, notice, type RealmFrame, realmPage } from '../../web/views/layout.js';
import { ROLE_KEYS } from '../../web/views/roles.js';

export interface ProfileView extends RealmFrame {
  readonly csrf: string;
  readonly person: SessionPerson;
  readonly memberships: readonly MembershipView[];
  readonly children: readonly ChildName[];
  readonly passwordChanged: boolean;
  readonly phoneConfirmed: boolean;
  /** «Госуслуги»: linking by hand (a realm with ESIA). */
  readonly gosuslugi?: SafeHtml;
}

export function fullName(p: Pick<SessionPerson, 'last_name' | 'first_name' | 'middle_name'>): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

function contactRow(
  t: Translate,
  label: string,
  value: string | null,
  verifiedAt: number | null,
  href: string,
  action: string,
): SafeHtml {
  const status = !value
    ? html`<span class="status status-missing">${t('profile.not_given')}</span>`
    : verifiedAt
      ? html`<span class="status status-ok">${t('profile.confirmed')}</span>`
      : html`<span class="status status-pending">${t('profile.not_confirmed')}</span>`;
  return html`<tr><th scope="row">${label}</th><td>${value ?? '—'}</td><td>${status}</td><td><a href="${href}">${action}</a></td></tr>`;
}

export function profilePage(v: ProfileView): SafeHtml {
  const { t, person, realm } = v;
  const base = `/r/${realm.id}`;
  const unconfirmed = !person.email_verified_at && !person.phone_verified_at;
  return realmPage(
    v,
    t('profile.title'),
    html`<section class="card profile">
  <h1>${t('profile.title')}</h1>
  ${v.passwordChanged ? notice('success', t('profile.password_changed')) : ''}
  ${v.phoneConfirmed ? notice('success', t('profile.phone_confirmed')) : ''}
  ${unconfirmed ? notice('warning', t('profile.confirm_contacts_banner')) : ''}
  <dl class="facts">
    <dt>${t('profile.name')}</dt><dd class="person-name">${fullName(person)}</dd>
    <dt>${t('profile.login')}</dt><dd class="login">${person.login}</dd>
    ${person.birth_date ? html`<dt>${t('profile.birth_date')}</dt><dd>${formatDate(person.birth_date)}</dd>` : ''}
  </dl>
  <h2>${t('profile.organisations')}</h2>
  ${
    v.memberships.length === 0
      ? html`<p>${t('profile.no_organisations')}</p>`
      : html`<ul class="memberships">${v.memberships.map(
          (m) =>
            html`<li><span class="org">${m.organisationName}</span> — <span class="role">${t(ROLE_KEYS[m.role])}</span>${
              m.className ? html`, <span class="class">${m.className}</span>` : ''
            }</li>`,
        )}</ul>`
  }
  ${
    v.children.length > 0
      ? html`<h2>${t('profile.children')}</h2><ul class="children">${v.children.map((c) => html`<li>${fullName(c)}</li>`)}</ul>`
      : ''
  }
  <h2>${t('profile.contacts')}</h2>
  <table class="contacts">
    ${contactRow(t, t('profile.email'), person.email, person.email_verified_at, `${base}/settings/email`, t('profile.confirm_email'))}
    ${contactRow(t, t('profile.phone'), person.phone ? formatPhone(person.phone) : null, person.phone_verified_at, `${base}/settings/phone`, t('profile.confirm_phone'))}
  </table>
  ${v.gosuslugi ?? ''}
  <p class="settings-link"><a href="${base}/settings">${t('profile.settings')}</a></p>
  ${
    v.memberships.some((m) => m.role === 'admin' || m.role === 'curator')
      ? html`<p class="desk-link"><a href="${base}/desk">${t('desk.title')}</a></p>`
      : ''
  }
  <form method="post" action="${base}/logout" class="logout">
    ${csrfField(v.csrf)}
    <button type="submit">${t('profile.logout')}</button>
  </form>
</section>`,
  );
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}
