/**
 * The support desk of a realm («Службе технической поддержки данные пользователей не доступны»):
 *
 *   GET /support   the access-help queue by school: counts by state, the oldest waiting request's
 *                  age, and each request's number, school, state, reason, outcome and age
 *
 * Only people with the `support` role in an organisation of this realm open it (anyone else: a
 * localised 403). Nothing personal is selected: no name, class, role or contact of a request,
 * and no person of the directory.
 */
import type { FastifyInstance } from 'fastify';
import { html } from '../../core/html/html.js';
import { realmQueueCounts, realmQueueList } from '../../help-requests/store.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, requirePerson } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { notice, realmPage } from '../../web/views/layout.js';
import { ageText } from '../desk/views/help.js';

export function registerSupport(app: FastifyInstance, services: Services): void {
  app.get('/support', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const f = realmFrame(services, request, '/support');
    const { t } = f;
    const support = await services.db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select('m.id')
      .where('m.person_id', '=', signedIn.person.id)
      .where('m.role', '=', 'support')
      .where('o.realm_id', '=', realm.id)
      .executeTakeFirst();
    if (!support)
      return sendHtml(
        reply,
        403,
        realmPage(
          f,
          t('error.title'),
          html`<section class="card"><h1>${t('error.title')}</h1>${notice('error', t('help.support_forbidden'))}</section>`,
        ),
      );
    const now = services.clock.now();
    const [counts, list] = await Promise.all([
      realmQueueCounts(services.db, realm.id),
      realmQueueList(services.db, realm.id),
    ]);
    const page = realmPage(
      f,
      t('help.support_title'),
      html`<section class="card desk desk-org support-queue">
  <h1>${t('help.support_title')}</h1>
  <p class="lead">${t('help.support_lead')}</p>
  <table class="desk-people support-counts"><thead><tr>
    <th scope="col">${t('help.col.school')}</th><th scope="col">${t('help.col.open')}</th><th scope="col">${t('help.col.in_progress')}</th>
    <th scope="col">${t('help.col.closed')}</th><th scope="col">${t('help.col.oldest')}</th></tr></thead>
    <tbody>${counts.map(
      (c) =>
        html`<tr class="support-school"><td>${c.organisationName}</td><td class="open">${c.open}</td><td class="in-progress">${c.inProgress}</td><td class="closed">${c.closed}</td><td>${c.oldestOpenAt === null ? '—' : ageText(t, now, c.oldestOpenAt)}</td></tr>`,
    )}</tbody></table>
  <table class="desk-people support-requests"><thead><tr>
    <th scope="col">${t('help.col.number')}</th><th scope="col">${t('help.col.school')}</th><th scope="col">${t('help.col.status')}</th>
    <th scope="col">${t('help.col.reason')}</th><th scope="col">${t('help.col.outcome')}</th><th scope="col">${t('help.col.age')}</th></tr></thead>
    <tbody>${list.map(
      (
        r,
      ) => html`<tr class="support-request" data-number="${r.number}"><td>${r.number}</td><td>${r.organisationName}</td>
      <td>${t(`help.status.${r.status}`)}</td><td>${t(`help.reason.${r.reason as 'no_contact'}`)}</td>
      <td>${r.outcome ? t(`help.outcome.${r.outcome as 'login_told'}`) : '—'}</td><td>${ageText(t, now, r.created_at)}</td></tr>`,
    )}</tbody></table>
</section>`,
    );
    return sendHtml(reply, 200, page);
  });
}
