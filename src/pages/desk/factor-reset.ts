/**
 * «Сбросить второй фактор» on a person's card: for someone who has lost the phone with their
 * authenticator app and their recovery codes (or their passkeys), and whom the curator has seen
 * at school or whose document they have checked.
 *
 *   POST /desk/:orgSlug/people/:personId/second-factor/reset   confirm=1 → the card with a notice
 *
 * Steps: openMember (a person of this organisation, else the desk's 404) → refusal (oneself 409,
 * an administrator, curator or support member 403) → the confirmation box (400 without it) →
 * the one reset operation (`factors/reset.ts`: one transaction; sessions end; audited; the
 * person gets a letter naming the organisation) → 409 when there was nothing to remove (no
 * factor, or another curator's reset won).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OrganisationMember } from '../../directory/members.js';
import { resetSecondFactor } from '../../factors/reset.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { formText, parseForm } from '../../web/form.js';
import { actorOf, refuse } from './access.js';
import type { DeskKey } from './messages.js';
import { openMember, renderPerson } from './person.js';

const ResetForm = z.object({ confirm: formText(10) });

/** Why the desk will not reset `member`'s second factor, or null. */
export function factorResetRefusal(
  member: OrganisationMember,
  viewer: SignedIn,
): { readonly status: number; readonly key: DeskKey } | null {
  if (member.person.id === viewer.person.id) return { status: 409, key: 'desk.factor.error.self' };
  if (member.privileged) return { status: 403, key: 'desk.factor.error.privileged' };
  return null;
}

export function registerDeskFactorReset(app: FastifyInstance, services: Services): void {
  app.post(
    '/desk/:orgSlug/people/:personId/second-factor/reset',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const opened = await openMember(services, request, reply);
      if (!opened) return reply;
      const { desk, member } = opened;
      const refusal = factorResetRefusal(member, desk.signedIn);
      if (refusal) return refuse(services, request, reply, refusal, 'organisation');
      const parsed = parseForm(ResetForm, request.body);
      if (!parsed.ok || parsed.form.confirm !== '1')
        return renderPerson(services, request, reply, desk, member.person.id, 400, {
          message: { kind: 'error', key: 'desk.factor.confirm_required' },
        });
      const actor = actorOf(request, desk.signedIn);
      const outcome = await resetSecondFactor(services, {
        realm: desk.realm,
        person: member.person,
        organisation: { id: desk.organisation.id, name: desk.organisation.name },
        actorId: actor.actorId,
        ip: actor.ip,
        userAgent: actor.userAgent,
        via: 'desk',
      });
      if (outcome.kind === 'none')
        return refuse(
          services,
          request,
          reply,
          { status: 409, key: 'desk.factor.error.none' },
          'organisation',
        );
      return renderPerson(services, request, reply, desk, member.person.id, 200, {
        message: { kind: 'success', key: 'desk.factor.done' },
      });
    },
  );
}
