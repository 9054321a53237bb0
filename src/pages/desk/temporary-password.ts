/**
 * «Выдать временный пароль» (Dnevnik, articles 000 and 002; ElJur's curator «может … изменить
 * пароль любого пользователя»):
 *
 *   POST /desk/:orgSlug/password   a temporary password → the printable sheet
 *
 * Steps: readForm → findMember (in this organisation) → refusal (oneself 409, an administrator,
 * curator or support member 403, a pending profile or a blocked account 409) → set the password
 * through the one password operation (sessions end, audited, the person told) → the sheet.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { setPasswordByOperator } from '../../directory/accounts.js';
import type { OrganisationMember } from '../../directory/members.js';
import { isPendingLogin } from '../../directory/people-store.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { formText, parseForm } from '../../web/form.js';
import { actorOf, openOrganisation, possibleId, refuse } from './access.js';
import { sendCredentials } from './credentials.js';
import type { DeskKey } from './messages.js';

const PasswordForm = z.object({ person: formText(1000) });

/** Why the desk will not issue `member` a temporary password, or null. */
export function passwordRefusal(
  member: OrganisationMember,
  viewer: SignedIn,
): { readonly status: number; readonly key: DeskKey } | null {
  if (member.person.id === viewer.person.id) return { status: 409, key: 'desk.error.self' };
  if (member.privileged) return { status: 403, key: 'desk.error.privileged' };
  if (isPendingLogin(member.person.login)) return { status: 409, key: 'desk.error.not_registered' };
  if (member.person.status === 'blocked') return { status: 409, key: 'desk.error.blocked' };
  return null;
}

/** Whom the sheet is for: a student, the school's staff, or a parent. */
export function sheetFor(member: OrganisationMember): 'student' | 'parent' | 'staff' {
  const { roles } = member;
  if (roles.has('student')) return 'student';
  const staff = roles.has('teacher') || roles.has('staff') || roles.has('admin') || roles.has('curator');
  return staff ? 'staff' : 'parent';
}

export function registerDeskTemporaryPassword(app: FastifyInstance, services: Services): void {
  app.post('/desk/:orgSlug/password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const parsed = parseForm(PasswordForm, request.body);
    const personId = parsed.ok ? parsed.form.person : '';
    const member = possibleId(personId)
      ? await services.members.findMember(desk.realm.id, desk.organisation.id, personId)
      : null;
    if (!member)
      return refuse(services, request, reply, { status: 404, key: 'desk.person_not_found' }, 'organisation');
    const refusal = passwordRefusal(member, desk.signedIn);
    if (refusal) return refuse(services, request, reply, refusal, 'organisation');
    const actor = actorOf(request, desk.signedIn);
    const outcome = await setPasswordByOperator(services, desk.realm, member.person, null, {
      actorId: actor.actorId,
      ip: actor.ip,
    });
    if (outcome.kind !== 'set' || outcome.temporaryPassword === null) {
      // A generated password always satisfies the policy; anything else is a bug.
      throw new Error('a temporary password was not issued');
    }
    const forWhom = sheetFor(member);
    return sendCredentials(services, request, reply, desk, {
      kind: 'reset',
      person: member.person,
      forWhom,
      className: forWhom === 'student' ? (member.studentClass?.name ?? null) : null,
      temporaryPassword: outcome.temporaryPassword,
      sessionsEnded: outcome.sessionsEnded,
    });
  });
}
