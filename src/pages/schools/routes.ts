/**
 * The public school directory of a realm, open without signing in — the way people who cannot
 * sign in find their school's sign-in, recovery and whom to ask («перейти по ссылке
 * eljur.ru/hello, … указать номер/название своей школы и регион»; Dnevnik's organisation profile
 * with «Администраторы» and «Сотрудники класса»):
 *
 *   GET /r/:realm/schools   «Найдите свою школу»: region and number-or-name search
 *   GET /r/:realm/s/:slug   the school page, which is also the school's short address
 *   GET /r/:realm/s/:slug/classes/:classId   a class page with «Сотрудники класса» (class-page.ts)
 *
 * Rules:
 * - Registered inside the realm scope (`request.realm` is set); everything is read for that
 *   realm only, so another realm's slug or region is unknown here.
 * - Bad input (too long, control characters, a region not in the list, a repeated parameter) is
 *   a 400 with the form and a localised message next to the field — never a 500, and never a
 *   query with the bad value.
 * - With no query the realm's organisations are listed when there are at most `LIST_ALL_MAX`
 *   of them; otherwise the form alone. A search lists at most `RESULTS_MAX`, by name.
 * - Searches are throttled per IP address, generously: a school class behind one NAT searches
 *   at once. A search reads the realm's index in memory (directory/school-search/), never
 *   every organisation.
 * - An unknown slug is a localised 404 that leads back to the search.
 */
import type { FastifyInstance } from 'fastify';
import { extended } from '../../core/extended.js';
import type { Services } from '../../services.js';
import { realmOf } from '../../web/auth.js';
import { clientIp, sendHtml } from '../../web/context.js';
import { sendError } from '../../web/error-handler.js';
import { registerClassPages } from './class-page.js';
import { hasSchoolSignin } from './school-signin.js';
import { LIST_ALL_MAX, parseSearch, RESULTS_MAX } from './search.js';
import { schoolNotFoundPage, schoolPage, searchPage } from './views.js';

/** Searches one IP address may make per minute. */
export const SEARCHES_PER_MINUTE = 120;

/** Organisation slugs are `varchar(60)`; anything else cannot be one, so it is not looked up. */
function isPossibleSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= 60 && !/[\p{Cc}\p{Cs}]/u.test(slug);
}

export function registerSchools(app: FastifyInstance, services: Services): void {
  const directory = services.schools;
  const searches = services.limiters.limiter({
    name: 'schools-search',
    points: SEARCHES_PER_MINUTE,
    windowSeconds: 60,
  });

  app.get('/schools', async (request, reply) => {
    const realm = realmOf(request);
    const t = request.t;
    const regions = await directory.regions(realm.id);
    const parsed = parseSearch(request.query, new Set(regions.map((r) => r.id)));
    const page = {
      t,
      locale: request.locale,
      realm,
      demo: services.config.demo,
      regions,
      shown: parsed.shown,
      errors: parsed.errors,
    };
    if (parsed.errors.q || parsed.errors.region) {
      request.log.info({ fields: Object.keys(parsed.errors) }, 'school search refused');
      return sendHtml(reply, 400, searchPage(extended(page, { results: null })));
    }

    const { text, regionId } = parsed.input;
    if (text === null && regionId === null) {
      const all = await directory.search(realm.id, parsed.input, LIST_ALL_MAX + 1);
      const results = all.length <= LIST_ALL_MAX ? { list: all, more: false, max: RESULTS_MAX } : null;
      return sendHtml(reply, 200, searchPage(extended(page, { results })));
    }

    const allowed = await searches.hit(clientIp(request));
    if (!allowed.allowed) {
      reply.header('retry-after', String(allowed.retryAfterSeconds));
      return sendError(request, reply, 'too_many_requests');
    }
    const found = await directory.search(realm.id, parsed.input, RESULTS_MAX + 1);
    const results = { list: found.slice(0, RESULTS_MAX), more: found.length > RESULTS_MAX, max: RESULTS_MAX };
    return sendHtml(reply, 200, searchPage(extended(page, { results })));
  });

  app.get('/s/:slug', async (request, reply) => {
    const realm = realmOf(request);
    const t = request.t;
    const base = { t, locale: request.locale, realm, demo: services.config.demo };
    const { slug } = request.params as { slug: string };
    const school = isPossibleSlug(slug) ? await directory.findBySlug(realm.id, slug) : null;
    if (!school) {
      const path = request.url.split('?')[0] ?? `/r/${realm.id}/schools`;
      return sendHtml(reply, 404, schoolNotFoundPage(base, path));
    }
    const [contacts, classes] = await Promise.all([
      directory.contactsOf(school.id),
      directory.classesOf(school.id),
    ]);
    return sendHtml(
      reply,
      200,
      schoolPage(
        extended(base, {
          school,
          admins: contacts.admins,
          curators: contacts.curators,
          classes,
          signinCsrf: hasSchoolSignin(realm) ? reply.generateCsrf() : null,
        }),
      ),
    );
  });

  registerClassPages(app, services);
}
