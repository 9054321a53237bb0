/**
 * The class page of the public school directory (article 001: «информация о классных
 * руководителях находится на профиле класса в блоке «Сотрудники класса»»):
 *
 *   GET /r/:realm/s/:slug/classes/:classId   the class and «Сотрудники класса»
 *
 * Rules:
 * - Open without signing in, like the school page: it is where a person who cannot sign in
 *   finds whom to ask, so there is no role to hold.
 * - Staff appear by last and first name with their role («Учитель» / «Учительница»,
 *   «Сотрудник» / «Сотрудница» by the person's grammatical gender), never a contact or a login.
 * - An unknown school, an id that cannot be a class id, an unknown class and a class of another
 *   school (or realm) are the same localised 404, which leads back to the school or the search.
 */
import type { FastifyInstance } from 'fastify';
import { extended } from '../../core/extended.js';
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Locale, Translate } from '../../core/i18n/i18n.js';
import type { ClassDetails, ClassStaffMember, SchoolDetails } from '../../directory/school-directory.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { realmOf } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { layout } from '../../web/views/layout.js';
import { schoolPath, schoolsPath } from './views.js';

interface ClassView {
  readonly t: Translate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly demo: boolean;
}

/** Class ids are 22 base64url characters (`newId`); nothing else is looked up. */
export function isPossibleClassId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

export function classPath(realm: LoadedRealm, slug: string, classId: string): string {
  return `${schoolPath(realm, slug)}/classes/${encodeURIComponent(classId)}`;
}

function roleWord(t: Translate, m: ClassStaffMember): string {
  const female = m.gender === 'female';
  if (m.role === 'teacher') return t(female ? 'schools.role.teacher.female' : 'schools.role.teacher.male');
  return t(female ? 'schools.role.staff.female' : 'schools.role.staff.male');
}

function frame(v: ClassView, title: string, path: string) {
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

export function classPage(v: ClassView & { school: SchoolDetails; cls: ClassDetails }): SafeHtml {
  const { t, realm, school, cls } = v;
  const title = t('schools.class_title', { name: cls.name });
  return layout(
    frame(v, `${title} — ${school.name}`, classPath(realm, school.slug, cls.id)),
    html`<section class="card class-page">
  <p class="back"><a href="${schoolPath(realm, school.slug)}">${t('schools.back_to_school', { school: school.name })}</a></p>
  <h1>${title}</h1>
  <p class="lead">${t('schools.class_lead')}</p>
  <section class="class-staff-list">
    <h2>${t('schools.class_staff')}</h2>
    ${
      cls.staff.length > 0
        ? html`<ul class="people">${cls.staff.map(
            (m) =>
              html`<li><span class="person-name">${m.lastName} ${m.firstName}</span> — <span class="person-role">${roleWord(t, m)}</span></li>`,
          )}</ul>`
        : html`<p>${t('schools.no_class_staff')}</p>`
    }
  </section>
</section>`,
  );
}

function classNotFoundPage(v: ClassView, path: string, school: SchoolDetails | null): SafeHtml {
  const { t, realm } = v;
  return layout(
    frame(v, t('error.title'), path),
    html`<section class="card">
  <h1>${t('error.title')}</h1>
  <p class="error-message" data-status="404">${t(school ? 'schools.class_not_found' : 'schools.not_found')}</p>
  <p>${
    school
      ? html`<a href="${schoolPath(realm, school.slug)}">${t('schools.back_to_school', { school: school.name })}</a>`
      : html`<a href="${schoolsPath(realm)}">${t('schools.back_to_search')}</a>`
  }</p>
</section>`,
  );
}

export function registerClassPages(app: FastifyInstance, services: Services): void {
  const directory = services.schools;
  app.get('/s/:slug/classes/:classId', async (request, reply) => {
    const realm = realmOf(request);
    const view = { t: request.t, locale: request.locale, realm, demo: services.config.demo };
    const { slug, classId } = request.params as { slug: string; classId: string };
    const path = request.url.split('?')[0] ?? schoolsPath(realm);
    const school =
      slug.length > 0 && slug.length <= 60 && !/[\p{Cc}\p{Cs}]/u.test(slug)
        ? await directory.findBySlug(realm.id, slug)
        : null;
    if (!school) return sendHtml(reply, 404, classNotFoundPage(view, path, null));
    const cls = isPossibleClassId(classId) ? await directory.classOf(school.id, classId) : null;
    if (!cls) return sendHtml(reply, 404, classNotFoundPage(view, path, school));
    return sendHtml(reply, 200, classPage(extended(view, { school, cls })));
  });
}
