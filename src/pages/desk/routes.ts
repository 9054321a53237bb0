/**
 * The curator desk: where a school's administrator or curator sees the classes and people of
 * their organisation and hands out access — ElJur's invitation codes (article 003: the curator
 * prints «Родителям (6А)» / «Ученику (6А)» invitations and «может посмотреть логин и изменить
 * пароль любого пользователя») and Dnevnik's issued login and temporary password (articles
 * 000, 002: the administrator creates the profile; the first sign-in asks for «Новый пароль»).
 *
 *   GET  /desk                          the viewer's organisations
 *   GET  /desk/:orgSlug                 classes → students with their parents, staff, actions
 *   POST /desk/:orgSlug/print           issue codes (one person, or a class) → printable invitations
 *   GET  /desk/:orgSlug/print           nothing is issued by GET: back to the organisation
 *   GET  /desk/:orgSlug/people/new      «Создать профиль»
 *   POST /desk/:orgSlug/people/new      create it → printable login and temporary password, or 400
 *   POST /desk/:orgSlug/password        «Выдать временный пароль» → printable sheet
 *
 * Rules:
 * - Registered inside the realm scope. A signed-in person (`requirePerson`: none → 303 to the
 *   sign-in page, a temporary password → «Новый пароль» first) who is `admin` or `curator` of an
 *   organisation of this realm; anyone else — support included — gets a localised 403.
 * - Only the viewer's own organisations exist here: any other slug, including a real school the
 *   viewer does not run, is the same localised 404, so the desk does not even confirm it exists.
 *   Every person, class and code is looked up inside that organisation.
 * - Codes and passwords are issued by POST with CSRF only; the page that answers is the only
 *   place they are ever shown (responses are `no-store`), so it is a 200, not a redirect.
 * - Refusals: a malformed request is a 400, an action that does not fit the person (a code for a
 *   registered student, a password for a pending profile, a blocked account, oneself) a 409, a
 *   password of an administrator, curator or support member a 403.
 * - Every issue is audited (`invitation.*`, `credentials.*`), with the actor, IP and browser.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Person } from '../../db/schema.js';
import { createProfile, setPasswordByOperator } from '../../directory/accounts.js';
import { isPendingLogin } from '../../directory/people-store.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { realmOf, requirePerson } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { sendError } from '../../web/error-handler.js';
import { type CodeRequest, codeRefusal, isCodePrefix, issueInvitations } from './issue.js';
import { type DeskKey, deskTranslator } from './messages.js';
import {
  checkProfileForm,
  creatableRoles,
  EMPTY_PROFILE_FORM,
  type ProfileForm,
  type ProfileProblems,
  readProfileForm,
} from './profile-form.js';
import { type DeskMember, type DeskOrganisation, deskRoster } from './roster.js';
import {
  type BackLink,
  credentialsPage,
  deskPath,
  type Frame,
  indexPage,
  messagePage,
  organisationPage,
  printPage,
  profileFormPage,
} from './views.js';

/** Ids are 22 characters of base64url; anything much longer is not looked up. */
const ID_MAX = 64;

function field(body: unknown, name: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

function possibleId(value: string | null): value is string {
  return value !== null && value.length > 0 && value.length <= ID_MAX && /^[A-Za-z0-9_-]+$/.test(value);
}

interface Desk {
  readonly signedIn: SignedIn;
  readonly realm: LoadedRealm;
  readonly organisations: readonly DeskOrganisation[];
}

interface OrganisationDesk extends Desk {
  readonly organisation: DeskOrganisation;
}

export function registerDesk(app: FastifyInstance, services: Services): void {
  const roster = deskRoster(services.db);

  const frame = (request: FastifyRequest): Frame => ({
    t: request.t,
    say: deskTranslator(request),
    locale: request.locale,
    realm: realmOf(request),
    path: request.url.split('?')[0] ?? `/r/${realmOf(request).id}/desk`,
    demo: services.config.demo,
  });

  const meta = (
    request: FastifyRequest,
    signedIn: SignedIn,
  ): { actorId: string; ip: string; userAgent: string | null } => ({
    actorId: signedIn.person.id,
    ip: clientIp(request),
    userAgent: userAgent(request),
  });

  function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: DeskKey,
    back: 'organisation' | 'desk' | 'profile',
  ): FastifyReply {
    const f = frame(request);
    const { orgSlug } = request.params as { orgSlug?: string };
    const link: BackLink =
      back === 'organisation' && orgSlug !== undefined
        ? { href: deskPath(f.realm, orgSlug), label: f.say('desk.back_to_org') }
        : back === 'desk'
          ? { href: deskPath(f.realm), label: f.say('desk.back_to_desk') }
          : { href: `/r/${f.realm.id}/profile`, label: f.say('profile.title') };
    request.log.info({ status, reason: key }, 'desk refused');
    return sendHtml(reply, status, messagePage(f, status, f.say(key), link));
  }

  /** The signed-in admin or curator, or null once the answer (303 or 403) has been sent. */
  async function openDesk(request: FastifyRequest, reply: FastifyReply): Promise<Desk | null> {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return null;
    const realm = realmOf(request);
    const organisations = await roster.organisationsOf(realm.id, signedIn.person.id);
    if (organisations.length === 0) {
      refuse(request, reply, 403, 'desk.forbidden', 'profile');
      return null;
    }
    return { signedIn, realm, organisations };
  }

  /** `openDesk`, then the organisation of `:orgSlug` among the viewer's own, else a 404. */
  async function openOrganisation(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<OrganisationDesk | null> {
    const desk = await openDesk(request, reply);
    if (!desk) return null;
    const { orgSlug } = request.params as { orgSlug: string };
    const organisation = desk.organisations.find((o) => o.slug === orgSlug);
    if (!organisation) {
      refuse(request, reply, 404, 'desk.not_found', 'desk');
      return null;
    }
    return { ...desk, organisation };
  }

  const registrationUrl = (realm: LoadedRealm, slug: string): string =>
    `${services.config.baseUrl}/r/${realm.id}/s/${encodeURIComponent(slug)}/hello`;

  app.get('/desk', async (request, reply) => {
    const desk = await openDesk(request, reply);
    if (!desk) return reply;
    return sendHtml(reply, 200, indexPage(frame(request), desk.organisations));
  });

  app.get('/desk/:orgSlug', async (request, reply) => {
    const desk = await openOrganisation(request, reply);
    if (!desk) return reply;
    const people = await roster.roster(desk.organisation.id, services.clock.now());
    return sendHtml(
      reply,
      200,
      organisationPage({
        ...frame(request),
        csrf: reply.generateCsrf(),
        organisation: desk.organisation,
        roster: people,
        viewerId: desk.signedIn.person.id,
      }),
    );
  });

  // A reload or a typed address must not issue codes: only the buttons' POST does.
  app.get('/desk/:orgSlug/print', async (request, reply) => {
    const desk = await openOrganisation(request, reply);
    if (!desk) return reply;
    return reply.redirect(deskPath(desk.realm, desk.organisation.slug), 303);
  });

  app.post('/desk/:orgSlug/print', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(request, reply);
    if (!desk) return reply;
    const { realm, organisation, signedIn } = desk;
    const body = request.body;
    const classId = field(body, 'class');
    const personId = field(body, 'person');

    let requests: CodeRequest[];
    let batch: { className: string; prefix: 'st' | 'pt' } | null = null;
    const skipped: string[] = [];
    if (classId !== null && personId === null) {
      const whom = field(body, 'for');
      if (whom !== 'st' && whom !== 'pt')
        return refuse(request, reply, 400, 'desk.error.prefix_invalid', 'organisation');
      const classes = await roster.classesOf(organisation.id);
      const cls = possibleId(classId) ? classes.find((c) => c.id === classId) : undefined;
      if (!cls) return refuse(request, reply, 404, 'desk.class_not_found', 'organisation');
      const students = await roster.studentsOfClass(organisation.id, cls.id);
      requests = [];
      for (const student of students) {
        // A registered (or blocked) student needs no student code; parents' codes go to all.
        if (whom === 'st' && (!isPendingLogin(student.login) || student.status === 'blocked')) {
          skipped.push(`${student.last_name} ${student.first_name}`);
          continue;
        }
        requests.push({ person: student, prefix: whom, className: cls.name });
      }
      batch = { className: cls.name, prefix: whom };
    } else if (personId !== null && classId === null) {
      const prefix = field(body, 'prefix');
      if (!isCodePrefix(prefix))
        return refuse(request, reply, 400, 'desk.error.prefix_invalid', 'organisation');
      const member = possibleId(personId)
        ? await roster.findMember(realm.id, organisation.id, personId)
        : null;
      if (!member) return refuse(request, reply, 404, 'desk.person_not_found', 'organisation');
      const refusal = codeRefusal(member, prefix);
      if (refusal) return refuse(request, reply, 409, refusal, 'organisation');
      const className = prefix === 'st' || prefix === 'pt' ? (member.studentClass?.name ?? null) : null;
      requests = [{ person: member.person, prefix, className }];
    } else {
      return sendError(request, reply, 'bad_request');
    }

    const invitations = await issueInvitations(
      services,
      {
        realmId: realm.id,
        organisationId: organisation.id,
        ...meta(request, signedIn),
        via: 'desk',
        printed: {
          className: batch?.className ?? null,
          prefix: batch?.prefix ?? requests[0]?.prefix ?? null,
        },
      },
      requests,
    );
    return sendHtml(
      reply,
      200,
      printPage({
        ...frame(request),
        organisation,
        registrationUrl: registrationUrl(realm, organisation.slug),
        invitations,
        batch,
        skipped,
      }),
    );
  });

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    desk: OrganisationDesk,
    status: number,
    form: ProfileForm,
    problems: ProfileProblems,
  ): Promise<FastifyReply> {
    const [classes, students] = await Promise.all([
      roster.classesOf(desk.organisation.id),
      roster.studentOptions(desk.organisation.id),
    ]);
    return sendHtml(
      reply,
      status,
      profileFormPage({
        ...frame(request),
        csrf: reply.generateCsrf(),
        organisation: desk.organisation,
        form,
        problems,
        roles: creatableRoles(desk.organisation.kind),
        classes,
        students,
      }),
    );
  }

  app.get('/desk/:orgSlug/people/new', async (request, reply) => {
    const desk = await openOrganisation(request, reply);
    if (!desk) return reply;
    return renderForm(request, reply, desk, 200, EMPTY_PROFILE_FORM, {});
  });

  app.post('/desk/:orgSlug/people/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(request, reply);
    if (!desk) return reply;
    const { realm, organisation, signedIn } = desk;
    const form = readProfileForm(request.body);
    const [classes, students] = await Promise.all([
      roster.classesOf(organisation.id),
      roster.studentOptions(organisation.id),
    ]);
    const checked = await checkProfileForm(form, {
      roles: creatableRoles(organisation.kind),
      classes,
      studentIds: new Set(students.map((s) => s.id)),
      loginTaken: (normalized) => services.people.isLoginTaken(realm.id, normalized),
      now: services.clock.now(),
    });
    if (!checked.ok) {
      request.log.info({ fields: Object.keys(checked.problems) }, 'desk profile refused');
      return renderForm(request, reply, desk, 400, form, checked.problems);
    }
    const { profile } = checked;
    const actor = meta(request, signedIn);
    const outcome = await createProfile(
      services,
      realm,
      {
        login: profile.login,
        lastName: profile.lastName,
        firstName: profile.firstName,
        middleName: profile.middleName,
        birthDate: profile.birthDate,
        organisationSlug: organisation.slug,
        role: profile.role,
        className: profile.classRef?.name,
      },
      { actorId: actor.actorId, ip: actor.ip },
    );
    if (outcome.kind === 'invalid') {
      // The checks above mirror createProfile's, so this is a race (the login taken meanwhile).
      const p = outcome.problems;
      const problems: ProfileProblems = {
        ...(p.login ? { login: p.login } : {}),
        ...(p.lastName ? { last_name: p.lastName } : {}),
        ...(p.firstName ? { first_name: p.firstName } : {}),
        ...(p.middleName ? { middle_name: p.middleName } : {}),
        ...(p.birthDate ? { birth_date: p.birthDate } : {}),
      };
      return renderForm(request, reply, desk, 400, form, problems);
    }
    const { person, temporaryPassword } = outcome;
    if (profile.childId) await services.people.linkGuardian(person.id, profile.childId);
    await auditCredentials(desk, request, person, 'created', 0);
    return sendHtml(
      reply,
      200,
      credentialsPage({
        ...frame(request),
        organisation,
        kind: 'created',
        person: { id: person.id, lastName: person.last_name, firstName: person.first_name },
        forWhom: profile.role === 'student' ? 'student' : profile.role === 'parent' ? 'parent' : 'staff',
        className: profile.role === 'student' ? (profile.classRef?.name ?? null) : null,
        login: person.login,
        temporaryPassword,
        sessionsEnded: 0,
        signinUrl: `${services.config.baseUrl}/r/${realm.id}/login`,
      }),
    );
  });

  app.post('/desk/:orgSlug/password', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(request, reply);
    if (!desk) return reply;
    const { realm, organisation, signedIn } = desk;
    const personId = field(request.body, 'person');
    const member = possibleId(personId) ? await roster.findMember(realm.id, organisation.id, personId) : null;
    if (!member) return refuse(request, reply, 404, 'desk.person_not_found', 'organisation');
    const refusal = passwordRefusal(member, signedIn);
    if (refusal) return refuse(request, reply, refusal.status, refusal.key, 'organisation');
    const actor = meta(request, signedIn);
    const outcome = await setPasswordByOperator(services, realm, member.person, null, {
      actorId: actor.actorId,
      ip: actor.ip,
    });
    if (outcome.kind !== 'set' || outcome.temporaryPassword === null) {
      // A generated password always satisfies the policy; anything else is a bug.
      throw new Error('a temporary password was not issued');
    }
    await auditCredentials(desk, request, member.person, 'reset', outcome.sessionsEnded);
    const forWhom = member.roles.has('student')
      ? 'student'
      : member.roles.has('teacher') ||
          member.roles.has('staff') ||
          member.roles.has('admin') ||
          member.roles.has('curator')
        ? 'staff'
        : 'parent';
    return sendHtml(
      reply,
      200,
      credentialsPage({
        ...frame(request),
        organisation,
        kind: 'reset',
        person: {
          id: member.person.id,
          lastName: member.person.last_name,
          firstName: member.person.first_name,
        },
        forWhom,
        className: forWhom === 'student' ? (member.studentClass?.name ?? null) : null,
        login: member.person.login,
        temporaryPassword: outcome.temporaryPassword,
        sessionsEnded: outcome.sessionsEnded,
        signinUrl: `${services.config.baseUrl}/r/${realm.id}/login`,
      }),
    );
  });

  /** `credentials.issued` and, since the answer is the printable sheet, `credentials.printed`. */
  async function auditCredentials(
    desk: OrganisationDesk,
    request: FastifyRequest,
    person: Person,
    kind: 'created' | 'reset',
    sessionsEnded: number,
  ): Promise<void> {
    const entry = {
      realmId: desk.realm.id,
      organisationId: desk.organisation.id,
      subjectId: person.id,
      ...meta(request, desk.signedIn),
    };
    await services.audit.append({
      ...entry,
      action: 'credentials.issued',
      detail: { login: person.login, kind, sessions_ended: sessionsEnded, via: 'desk' },
    });
    await services.audit.append({ ...entry, action: 'credentials.printed', detail: { kind, via: 'desk' } });
  }
}

/** Why the desk will not issue `member` a temporary password, or null. */
function passwordRefusal(
  member: DeskMember,
  viewer: SignedIn,
): { readonly status: number; readonly key: DeskKey } | null {
  if (member.person.id === viewer.person.id) return { status: 409, key: 'desk.error.self' };
  if (member.privileged) return { status: 403, key: 'desk.error.privileged' };
  if (isPendingLogin(member.person.login)) return { status: 409, key: 'desk.error.not_registered' };
  if (member.person.status === 'blocked') return { status: 409, key: 'desk.error.blocked' };
  return null;
}
