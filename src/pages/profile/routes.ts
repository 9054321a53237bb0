/** «Мой профиль»: who I am, where I belong, whether my contacts are confirmed, «Выйти». */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { realmFrame, requirePerson } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { profilePage } from './views.js';

/** `?password_changed=1` and `?phone_confirmed=1`: what the page that sent here did. */
const DoneQuery = z.object({ password_changed: formText(5), phone_confirmed: formText(5) });

export function registerProfile(app: FastifyInstance, services: Services): void {
  app.get('/profile', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const { person } = signedIn;
    const [memberships, children] = await Promise.all([
      services.people.membershipsOf(person.id),
      services.people.childrenOf(person.id),
    ]);
    const parsed = parseForm(DoneQuery, request.query);
    const done = parsed.ok ? parsed.form : { password_changed: '', phone_confirmed: '' };
    return sendHtml(
      reply,
      200,
      profilePage({
        ...realmFrame(services, request, '/profile'),
        csrf: reply.generateCsrf(),
        person,
        memberships,
        children,
        passwordChanged: done.password_changed === '1',
        phoneConfirmed: done.phone_confirmed === '1',
      }),
    );
  });
}
