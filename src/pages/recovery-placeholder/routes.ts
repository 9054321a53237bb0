/**
 * «Восстановление доступа» until self-service recovery lands (issue #4): says whom to ask,
 * which is what the articles tell people without confirmed contacts anyway.
 */
import type { FastifyInstance } from 'fastify';
import { html } from '../../core/html/html.js';
import type { Services } from '../../services.js';
import { realmOf, realmPath } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { layout } from '../../web/views/layout.js';

export function registerRecoveryPlaceholder(app: FastifyInstance, services: Services): void {
  app.get('/recovery', async (request, reply) => {
    const realm = realmOf(request);
    const t = request.t;
    return sendHtml(
      reply,
      200,
      layout(
        {
          t,
          locale: request.locale,
          title: t('recovery.title'),
          path: realmPath(realm, '/recovery'),
          productName: realm.settings.productName,
          homeHref: realmPath(realm, '/login'),
          demo: services.config.demo,
        },
        html`<section class="card recovery">
  <h1>${t('recovery.title')}</h1>
  <p>${t('recovery.ask_admin')}</p>
  <p class="notice notice-info">${t('recovery.coming')}</p>
  <p><a href="${realmPath(realm, '/login')}">${t('recovery.back')}</a></p>
</section>`,
      ),
    );
  });
}
