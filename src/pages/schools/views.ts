/**
 * The pages of the public school directory: «Найдите свою школу» (the ElJur «eljur.ru/hello»
 * search: number or name and region) and the school page (the Dnevnik organisation profile:
 * «Администраторы», classes with «Сотрудники класса», the contact block).
 *
 * Rules:
 * - Every value is interpolated through `html`, so names and contacts typed by a school are
 *   escaped; nothing here uses `raw`.
 * - People appear by last and first name only; the view types have no field for anything else.
 * - A block is shown only when it has content (a contact that is not set is left out), except
 *   «Администраторы», which says none are listed: people are sent to this page to find them.
 * - «Регистрация» is ElJur's invitation-code path, shown where the realm registers by code (`registrationByCode`).
 * - Errors sit next to their field (`<id>-error`, `aria-describedby`), as on the other forms.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, Translate } from '../../core/i18n/i18n.js';
import { formatPhone } from '../../core/identifiers/phone.js';
import type {
  ClassWithStaff,
  PublicName,
  RegionOption,
  SchoolDetails,
  SchoolSummary,
} from '../../directory/school-directory.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { fieldError, layout, notice, type PageFrame } from '../../web/views/layout.js';
import { schoolSigninForm } from './school-signin.js';
import { type FieldProblem, QUERY_MAX, type SearchField } from './search.js';

interface PageBase {
  readonly t: Translate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly demo: boolean;
}

export interface SearchResults {
  readonly list: readonly SchoolSummary[];
  /** There were more matches than the page lists. */
  readonly more: boolean;
  readonly max: number;
}

export interface SearchView extends PageBase {
  readonly regions: readonly RegionOption[];
  readonly shown: { readonly q: string; readonly region: string };
  readonly errors: Readonly<Partial<Record<SearchField, FieldProblem>>>;
  /** Null when nothing was asked and the realm is too big to list whole. */
  readonly results: SearchResults | null;
}

export interface SchoolView extends PageBase {
  readonly school: SchoolDetails;
  readonly admins: readonly PublicName[];
  readonly curators: readonly PublicName[];
  readonly classes: readonly ClassWithStaff[];
  /** The CSRF token of the school's own sign-in form (ElJur), or null for none. */
  readonly signinCsrf: string | null;
}

export function schoolsPath(realm: LoadedRealm): string {
  return `/r/${realm.id}/schools`;
}

export function schoolPath(realm: LoadedRealm, slug: string): string {
  return `/r/${realm.id}/s/${encodeURIComponent(slug)}`;
}

function frame(v: PageBase, title: string, path: string): PageFrame {
  return {
    t: v.t,
    locale: v.locale,
    title,
    path,
    realm: v.realm,
    homeHref: `/r/${v.realm.id}/login`,
    demo: v.demo,
  };
}

/** app.recycle.kz lists companies, not schools. */
function isCompanies(realm: LoadedRealm): boolean {
  return realm.settings.organisations === 'companies';
}

function described(problem: FieldProblem | undefined, id: string): SafeHtml {
  return problem ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

function personName(p: PublicName): string {
  return `${p.lastName} ${p.firstName}`;
}

function peopleList(people: readonly PublicName[]): SafeHtml {
  return html`<ul class="people">${people.map((p) => html`<li>${personName(p)}</li>`)}</ul>`;
}

function resultItem(v: SearchView, s: SchoolSummary): SafeHtml {
  return html`<li class="school-result"><a href="${schoolPath(v.realm, s.slug)}">${s.name}</a>${
    s.number ? html` <span class="school-number">${v.t('schools.number', { number: s.number })}</span>` : ''
  }${s.regionName ? html` <span class="school-region">${s.regionName}</span>` : ''}</li>`;
}

function resultsBlock(v: SearchView): SafeHtml {
  const { t } = v;
  if (v.errors.q || v.errors.region) return html``;
  if (!v.results) return html`<p class="hint search-hint">${t('schools.enter_query')}</p>`;
  const { list, more, max } = v.results;
  if (list.length === 0) return notice('info', t('schools.nothing_found'));
  return html`<section class="results" aria-live="polite">
    <p class="found">${t('schools.found', { count: list.length })}</p>
    ${more ? notice('info', t('schools.too_many', { max })) : ''}
    <ul class="schools">${list.map((s) => resultItem(v, s))}</ul>
  </section>`;
}

export function searchPage(v: SearchView): SafeHtml {
  const { t, realm } = v;
  const companies = isCompanies(realm);
  const title = t(companies ? 'schools.title_organisation' : 'schools.title');
  const problem = (field: SearchField): string | undefined => {
    const p = v.errors[field];
    return p ? t(p.key, p.params) : undefined;
  };
  return layout(
    frame(v, title, schoolsPath(realm)),
    html`<section class="card school-search">
  <h1>${title}</h1>
  <p class="lead">${t('schools.lead')}</p>
  <form method="get" action="${schoolsPath(realm)}" role="search" novalidate>
    <label for="region">${t('schools.region')}</label>
    <select id="region" name="region" ${described(v.errors.region, 'region')}>
      <option value="" ${v.shown.region === '' ? 'selected' : ''}>${t('schools.all_regions')}</option>
      ${v.regions.map(
        (r) => html`<option value="${r.id}" ${v.shown.region === r.id ? 'selected' : ''}>${r.name}</option>`,
      )}
    </select>
    ${fieldError('region', problem('region'))}
    <label for="q">${t(companies ? 'schools.query_organisation' : 'schools.query')}</label>
    <input id="q" name="q" type="text" enterkeyhint="search" maxlength="${QUERY_MAX}" value="${v.shown.q}" autocomplete="off"
      ${described(v.errors.q, 'q')}>
    ${fieldError('q', problem('q'))}
    ${companies ? '' : html`<p class="hint">${t('schools.query_hint')}</p>`}
    <button type="submit" class="primary">${t('schools.search')}</button>
  </form>
  ${resultsBlock(v)}
</section>`,
  );
}

function present(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}

function contactsBlock(v: SchoolView): SafeHtml {
  const { t, school } = v;
  const { office, email, phone } = school;
  if (!present(office) && !present(email) && !present(phone)) return html``;
  // A tel: link only for a plain number; anything else is shown as typed.
  const telephone = present(phone)
    ? /^\+?\d{5,15}$/.test(phone)
      ? html`<a href="tel:${phone}">${formatPhone(phone)}</a>`
      : html`${phone}`
    : html``;
  return html`<section class="school-contacts">
    <h2>${t('schools.contacts')}</h2>
    <dl class="facts">
      ${present(office) ? html`<dt>${t('schools.contacts.office')}</dt><dd class="contact-office">${office}</dd>` : ''}
      ${present(email) ? html`<dt>${t('schools.contacts.email')}</dt><dd class="contact-email"><a href="mailto:${email}">${email}</a></dd>` : ''}
      ${present(phone) ? html`<dt>${t('schools.contacts.phone')}</dt><dd class="contact-phone">${telephone}</dd>` : ''}
    </dl>
  </section>`;
}

function accessBlock(v: SchoolView): SafeHtml {
  const { t, realm, school } = v;
  const base = `/r/${realm.id}`;
  const recover =
    realm.settings.signinStyle === 'dnevnik' ? t('schools.recover_access') : t('schools.forgot_password');
  return html`<section class="school-access">
    <h2>${t('schools.access')}</h2>
    <ul class="links">
      <li><a class="login-link" href="${base}/login">${t('schools.login')}</a></li>
      <li><a class="recovery-link" href="${base}/recovery">${recover}</a></li>
      ${
        realm.settings.registrationByCode
          ? html`<li><a class="register-link" href="${schoolPath(realm, school.slug)}/hello">${t('schools.register')}</a>
        <p class="hint">${t('schools.register_hint')}</p></li>`
          : ''
      }
    </ul>
    ${notice('info', t('schools.unconfirmed_note'))}
  </section>`;
}

function classesBlock(v: SchoolView): SafeHtml {
  const { t } = v;
  if (v.classes.length === 0) return html``;
  return html`<section class="school-classes">
    <h2>${t('schools.classes')}</h2>
    <ul class="classes">${v.classes.map(
      (c) =>
        html`<li><a class="class-link" href="${schoolPath(v.realm, v.school.slug)}/classes/${encodeURIComponent(c.id)}" aria-label="${t('schools.class_open', { name: c.name })}"><span class="class-name">${c.name}</span></a>${
          c.staff.length > 0
            ? html`<div class="class-staff"><h3>${t('schools.class_staff')}</h3>${peopleList(c.staff)}</div>`
            : ''
        }</li>`,
    )}</ul>
  </section>`;
}

export function schoolPage(v: SchoolView): SafeHtml {
  const { t, realm, school } = v;
  return layout(
    frame(v, school.name, schoolPath(realm, school.slug)),
    html`<section class="card school-page">
  <h1>${school.name}</h1>
  <dl class="facts">
    ${school.regionName ? html`<dt>${t('schools.facts.region')}</dt><dd class="school-region">${school.regionName}</dd>` : ''}
    ${school.number ? html`<dt>${t('schools.facts.number')}</dt><dd class="school-number">${school.number}</dd>` : ''}
  </dl>
  ${v.signinCsrf ? schoolSigninForm(t, realm, school.slug, v.signinCsrf) : ''}
  ${accessBlock(v)}
  ${contactsBlock(v)}
  <section class="school-admins">
    <h2>${t('schools.admins')}</h2>
    ${v.admins.length > 0 ? peopleList(v.admins) : html`<p>${t('schools.no_admins')}</p>`}
  </section>
  ${
    v.curators.length > 0
      ? html`<section class="school-curators"><h2>${t('schools.curators')}</h2>${peopleList(v.curators)}</section>`
      : ''
  }
  ${classesBlock(v)}
  <p class="back"><a href="${schoolsPath(realm)}">${t('schools.back_to_search')}</a></p>
</section>`,
  );
}

export function schoolNotFoundPage(v: PageBase, path: string): SafeHtml {
  const { t, realm } = v;
  return layout(
    frame(v, t('error.title'), path),
    html`<section class="card">
  <h1>${t('error.title')}</h1>
  <p class="error-message" data-status="404">${t('schools.not_found')}</p>
  <p><a href="${schoolsPath(realm)}">${t('schools.back_to_search')}</a></p>
</section>`,
  );
}
