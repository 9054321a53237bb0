/**
 * «Не зарегистрированы в системе?» (article 000's sign-in page): how a person gets access — from
 * the school's administrator (the school directory with its «Администраторы»), by an invitation
 * code where the realm registers by code (article 003), through Gosuslugi where the realm signs
 * in with it (article 002). Public, the same for everyone; nothing is looked up.
 *
 *   GET /r/<realm>/access
 */
import type { FastifyInstance } from 'fastify';
import { html } from '../../core/html/html.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { realmPage } from '../../web/views/layout.js';

export function registerAccess(app: FastifyInstance, services: Services): void {
  app.get('/access', async (request, reply) => {
    const realm = realmOf(request);
    const f = realmFrame(services, request, '/access');
    const { t } = f;
    const base = `/r/${realm.id}`;
    const schools = realm.settings.organisations === 'schools';
    const gosuslugi = realm.settings.gosuslugi !== undefined && services.esia.get(realm.id) !== undefined;
    const body = html`<section class="card access-help">
  <h1>${t('access.title')}</h1>
  <p class="lead">${t('access.lead')}</p>
  <h2>${t('access.school.title')}</h2>
  <p>${t('access.school.text')}</p>
  ${schools ? html`<p><a href="${base}/schools">${t('access.school.link')}</a></p>` : ''}
  ${
    realm.settings.registrationByCode
      ? html`<h2>${t('access.code.title')}</h2>
  <p>${t('access.code.text')}</p>`
      : ''
  }
  ${
    gosuslugi
      ? html`<h2>${t('access.gosuslugi.title')}</h2>
  <p>${t('access.gosuslugi.text')}</p>
  <p><a href="${base}/esia/region">${t('access.gosuslugi.link')}</a></p>`
      : ''
  }
  <p class="back"><a href="${base}/login">${t('access.back')}</a></p>
</section>`;
    return sendHtml(reply, 200, realmPage(f, t('access.title'), body, 'login'));
  });
}
