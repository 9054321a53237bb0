/**
 * The desk's two lists:
 *
 *   GET /desk            the viewer's organisations
 *   GET /desk/:orgSlug   classes → students with their parents, staff, and the actions
 */
import type { FastifyInstance } from 'fastify';
import { extended } from '../../core/extended.js';
import { organisationRoster } from '../../directory/roster.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { frameOf, openDesk, openOrganisation } from './access.js';
import { indexPage, organisationPage } from './views/organisation.js';

export function registerDeskOverview(app: FastifyInstance, services: Services): void {
  app.get('/desk', async (request, reply) => {
    const desk = await openDesk(services, request, reply);
    if (!desk) return reply;
    return sendHtml(reply, 200, indexPage(frameOf(services, request), desk.organisations, desk.regions));
  });

  app.get('/desk/:orgSlug', async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const roster = await organisationRoster(services.db, desk.organisation.id, services.clock.now());
    const page = organisationPage(
      extended(frameOf(services, request), {
        csrf: reply.generateCsrf(),
        organisation: desk.organisation,
        roster,
        viewerId: desk.signedIn.person.id,
      }),
    );
    return sendHtml(reply, 200, page);
  });
}
