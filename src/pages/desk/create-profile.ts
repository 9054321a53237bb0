/**
 * «Создать профиль» (the Dnevnik way: the school enters the person, types a login and hands out
 * a temporary password):
 *
 *   GET  /desk/:orgSlug/people/new   the form
 *   POST /desk/:orgSlug/people/new   create it → printable login and temporary password, or 400
 *
 * СНИЛС is asked in a Russian realm (Gosuslugi finds people by full name and SNILS).
 *
 * Steps: readForm → checkProfileForm (every problem at once, next to its field) → createProfile
 * (the account operation, which checks again and decides) → link the child of a parent → the
 * printable sheet.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import { createProfile } from '../../directory/accounts.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { parseForm } from '../../web/form.js';
import { actorOf, frameOf, type OrganisationDesk, openOrganisation } from './access.js';
import { sendCredentials } from './credentials.js';
import {
  checkProfileForm,
  creatableRoles,
  EMPTY_PROFILE_FORM,
  type ProfileForm,
  ProfileFormSchema,
  type ProfileProblems,
  takesSnils,
  type ValidProfile,
} from './profile-form.js';
import { profileFormPage } from './views/profile-form.js';

async function renderForm(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  desk: OrganisationDesk,
  status: number,
  form: ProfileForm,
  problems: ProfileProblems,
): Promise<FastifyReply> {
  const [classes, students] = await Promise.all([
    services.members.classesOf(desk.organisation.id),
    services.members.studentOptions(desk.organisation.id),
  ]);
  const page = profileFormPage(
    extended(frameOf(services, request), {
      csrf: reply.generateCsrf(),
      organisation: desk.organisation,
      form,
      problems,
      roles: creatableRoles(desk.organisation.kind),
      takesSnils: takesSnils(desk.realm),
      classes,
      students,
    }),
  );
  return sendHtml(reply, status, page);
}

/** checkProfileForm against this organisation's roles, classes and students, and the realm's logins. */
async function checkProfile(services: Services, desk: OrganisationDesk, form: ProfileForm) {
  const [classes, students] = await Promise.all([
    services.members.classesOf(desk.organisation.id),
    services.members.studentOptions(desk.organisation.id),
  ]);
  return checkProfileForm(form, {
    roles: creatableRoles(desk.organisation.kind),
    classes,
    studentIds: new Set(students.map((s) => s.id)),
    loginTaken: (normalized) => services.people.isLoginTaken(desk.realm.id, normalized),
    takesSnils: takesSnils(desk.realm),
    snilsTaken: async (digits) => (await services.people.findBySnils(desk.realm.id, digits)).length > 0,
    now: services.clock.now(),
  });
}

/** createProfile with the checked form; its refusals are mapped back onto the form's fields. */
async function create(
  services: Services,
  request: FastifyRequest,
  desk: OrganisationDesk,
  profile: ValidProfile,
) {
  const actor = actorOf(request, desk.signedIn);
  const outcome = await createProfile(
    services,
    desk.realm,
    {
      login: profile.login,
      lastName: profile.lastName,
      firstName: profile.firstName,
      middleName: profile.middleName,
      birthDate: profile.birthDate,
      snils: profile.snils,
      organisationSlug: desk.organisation.slug,
      role: profile.role,
      className: profile.classRef?.name,
    },
    { actorId: actor.actorId, ip: actor.ip },
  );
  if (outcome.kind === 'created') return outcome;
  const p = outcome.problems;
  const problems: ProfileProblems = extended(
    p.login ? { login: p.login } : {},
    extended(
      p.lastName ? { last_name: p.lastName } : {},
      extended(
        p.firstName ? { first_name: p.firstName } : {},
        extended(
          p.middleName ? { middle_name: p.middleName } : {},
          extended(p.birthDate ? { birth_date: p.birthDate } : {}, {
            ...(p.snils ? { snils: p.snils } : {}),
          }),
        ),
      ),
    ),
  );
  return { kind: 'invalid', problems } as const;
}

export function registerDeskCreateProfile(app: FastifyInstance, services: Services): void {
  app.get('/desk/:orgSlug/people/new', async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    return renderForm(services, request, reply, desk, 200, EMPTY_PROFILE_FORM, {});
  });

  app.post('/desk/:orgSlug/people/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const parsed = parseForm(ProfileFormSchema, request.body);
    if (!parsed.ok) return renderForm(services, request, reply, desk, 400, parsed.raw, parsed.errors);
    const form = parsed.form;
    const checked = await checkProfile(services, desk, form);
    if (!checked.ok) {
      request.log.info({ fields: Object.keys(checked.problems) }, 'desk profile refused');
      return renderForm(services, request, reply, desk, 400, form, checked.problems);
    }
    const { profile } = checked;
    const outcome = await create(services, request, desk, profile);
    // The checks above mirror createProfile's, so this is a race (the login taken meanwhile).
    if (outcome.kind === 'invalid')
      return renderForm(services, request, reply, desk, 400, form, outcome.problems);
    const { person, temporaryPassword } = outcome;
    if (profile.childId) await services.people.linkGuardian(person.id, profile.childId);
    return sendCredentials(services, request, reply, desk, {
      kind: 'created',
      person,
      forWhom: profile.role === 'student' ? 'student' : profile.role === 'parent' ? 'parent' : 'staff',
      className: profile.role === 'student' ? (profile.classRef?.name ?? null) : null,
      temporaryPassword,
      sessionsEnded: 0,
    });
  });
}
