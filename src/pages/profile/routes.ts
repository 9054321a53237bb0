/** «Мой профиль»: who I am, where I belong, whether my contacts are confirmed, «Выйти». */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import { gosuslugiProfileBlock } from '../../esia/button.js';
import { esiaIdentities } from '../../esia/identities.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, requirePerson } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { formText, parseForm } from '../../web/form.js';
import { profilePage } from './views.js';

/** Whether the realm signs in through Gosuslugi (settings and an ESIA connection). */
async function signsInWithGosuslugi(services: Services, request: FastifyRequest): Promise<boolean> {
  const realm = realmOf(request);
  return realm.settings.gosuslugi !== undefined && services.esia.get(realm.id) !== undefined;
}

function hasQuery(request: FastifyRequest): boolean {
  return request.url.includes('?');
}

/** `?password_changed=1` and `?phone_confirmed=1`: what the page that sent here did. */
const DoneQuery = z.object({
  password_changed: formText(5),
  phone_confirmed: formText(5),
  esia: formText(20),
});

const NOTHING_DONE = { password_changed: '', phone_confirmed: '', esia: '' };

export function registerProfile(app: FastifyInstance, services: Services): void {
  const identities = esiaIdentities(services.db, services.clock, services.handle.direct);
  app.get('/profile', async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const { person } = signedIn;
    const { memberships, children } = await services.people.profileLists(person.id);
    // Most views come without a query: nothing to parse then.
    const parsed = hasQuery(request) ? parseForm(DoneQuery, request.query) : null;
    const done = parsed?.ok ? parsed.form : NOTHING_DONE;
    const realm = signedIn.session.realm_id;
    const esia = (await signsInWithGosuslugi(services, request))
      ? (await identities.oidOf(realm, person.id)) !== null
      : null;
    return sendHtml(
      reply,
      200,
      profilePage(
        extended(realmFrame(services, request, '/profile'), {
          csrf: reply.generateCsrf(),
          person,
          memberships,
          children,
          passwordChanged: done.password_changed === '1',
          phoneConfirmed: done.phone_confirmed === '1',
          ...(esia === null
            ? {}
            : {
                gosuslugi: gosuslugiProfileBlock({
                  t: request.t,
                  base: `/r/${realm}`,
                  linked: esia,
                  done: done.esia,
                }),
              }),
        }),
      ),
    );
  });
}
