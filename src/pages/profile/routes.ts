/** «Мой профиль»: who I am, where I belong, whether my contacts are confirmed, «Выйти». */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { realmOf, realmPath, requirePerson } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { profilePage } from './views.js';

export function registerProfile(app: FastifyInstance, services: Services): void {
  app.get('/profile', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const { person } = signedIn;
    const [memberships, children] = await Promise.all([
      services.people.membershipsOf(person.id),
      services.people.childrenOf(person.id),
    ]);
    const query = request.query as Record<string, unknown>;
    return sendHtml(
      reply,
      200,
      profilePage({
        t: request.t,
        locale: request.locale,
        realm,
        path: realmPath(realm, '/profile'),
        csrf: reply.generateCsrf(),
        person,
        memberships,
        children,
        passwordChanged: query.password_changed === '1',
        phoneConfirmed: query.phone_confirmed === '1',
        demo: services.config.demo,
      }),
    );
  });
}
