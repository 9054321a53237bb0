/**
 * Issuing and voiding invitation codes, for the curator desk and for `propusk invite` — one set
 * of rules for both.
 *
 * Rules (article 003):
 * - The prefix follows the role: `st` a student, `pt` the student's parents (the code is issued
 *   on the child's name: its `person_id` is the child), `tr` a teacher, `ar` other staff and
 *   administrators.
 * - `st`, `tr` and `ar` are for profiles that are still pending (no login yet): a registered
 *   person needs a temporary password, not a second registration. `pt` is for any student, since
 *   it registers the parents, not the child. Blocked profiles get no code.
 * - Issuing voids the person's previous active code of the same prefix (the store does this),
 *   so a re-printed invitation replaces the old one.
 * - A class's `st` codes go to its pending students only (a registered or blocked student is
 *   skipped and named); its `pt` codes go to every student.
 * - A batch is one transaction: its codes, its `invitation.issued` / `invitation.voided` events
 *   and the `invitation.printed` event commit together. The audit is written through the
 *   transaction (SQLite has one connection: a write through `services.db` inside it would wait
 *   for itself). Codes appear in no audit detail, only the invitation id.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import { extended } from '../core/extended.js';
import type { MessageKey } from '../core/i18n/i18n.js';
import type { Database, Person, Role } from '../db/schema.js';
import type { OrganisationMember } from '../directory/members.js';
import { isPendingLogin } from '../directory/people-store.js';
import { CODE_PREFIXES, type CodePrefix } from './codes.js';
import type { InvitationStore } from './invitation-store.js';

export interface IssueServices {
  readonly db: Kysely<Database>;
  readonly invitations: InvitationStore;
  readonly audit: AuditLog;
}

/** Why a person cannot get a code: the desk shows it, the CLI prints it. */
export type CodeRefusal = Extract<
  MessageKey,
  | 'desk.error.not_student'
  | 'desk.error.not_teacher'
  | 'desk.error.not_staff'
  | 'desk.error.blocked'
  | 'desk.error.already_registered'
>;

export function isCodePrefix(value: unknown): value is CodePrefix {
  return typeof value === 'string' && (CODE_PREFIXES as readonly string[]).includes(value);
}

/** The code a staff member gets: `tr` for a teacher, `ar` for anyone else on the staff. */
export function staffPrefix(roles: Iterable<Role>): CodePrefix | null {
  const held = new Set(roles);
  if (held.has('teacher')) return 'tr';
  if (held.has('staff') || held.has('admin') || held.has('curator')) return 'ar';
  return null;
}

/** Why `member` cannot get a `prefix` code, or null when they can. */
export function codeRefusal(member: OrganisationMember, prefix: CodePrefix): CodeRefusal | null {
  const pending = isPendingLogin(member.person.login);
  const { roles } = member;
  switch (prefix) {
    case 'st':
    case 'pt':
      if (!roles.has('student')) return 'desk.error.not_student';
      break;
    case 'tr':
      if (!roles.has('teacher')) return 'desk.error.not_teacher';
      break;
    case 'ar':
      if (!roles.has('staff') && !roles.has('admin') && !roles.has('curator')) return 'desk.error.not_staff';
      break;
  }
  if (member.person.status === 'blocked') return 'desk.error.blocked';
  if (prefix !== 'pt' && !pending) return 'desk.error.already_registered';
  return null;
}

export interface CodeRequest {
  readonly person: Pick<Person, 'id' | 'last_name' | 'first_name'>;
  readonly prefix: CodePrefix;
  /** The student's class, for «Ученику (6А)» / «Родителям (6А)». */
  readonly className: string | null;
}

/** The codes of a whole class: `st` for its pending students, `pt` for all; who was skipped. */
export function classCodeRequests(
  students: readonly Person[],
  prefix: 'st' | 'pt',
  className: string,
): { readonly requests: CodeRequest[]; readonly skipped: string[] } {
  const requests: CodeRequest[] = [];
  const skipped: string[] = [];
  for (const student of students) {
    // A registered (or blocked) student needs no student code; parents' codes go to all.
    if (prefix === 'st' && (!isPendingLogin(student.login) || student.status === 'blocked')) {
      skipped.push(`${student.last_name} ${student.first_name}`);
      continue;
    }
    requests.push({ person: student, prefix, className });
  }
  return { requests, skipped };
}

export interface IssuedInvitation {
  readonly invitationId: string;
  readonly personId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly prefix: CodePrefix;
  readonly className: string | null;
  /** The plain code: it exists only here and on the page or terminal it is shown on. */
  readonly code: string;
  readonly expiresAt: number;
  readonly voided: number;
}

export interface IssueContext {
  readonly realmId: string;
  readonly organisationId: string;
  readonly actorId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly via: 'desk' | 'cli' | 'api';
  readonly days?: number;
  /** Set when the codes are shown as printable invitations: one `invitation.printed` event. */
  readonly printed?: { readonly className: string | null; readonly prefix: CodePrefix | null };
}

export async function issueInvitations(
  services: IssueServices,
  context: IssueContext,
  requests: readonly CodeRequest[],
): Promise<IssuedInvitation[]> {
  if (requests.length === 0) return [];
  const entry = {
    realmId: context.realmId,
    organisationId: context.organisationId,
    actorId: context.actorId,
    ip: context.ip,
    userAgent: context.userAgent,
  };
  return services.db.transaction().execute(async (trx) => {
    const issued: IssuedInvitation[] = [];
    for (const request of requests) {
      const { code, invitation, voided } = await services.invitations.issue(trx, {
        realmId: context.realmId,
        organisationId: context.organisationId,
        personId: request.person.id,
        prefix: request.prefix,
        issuedBy: context.actorId,
        ...(context.days !== undefined ? { days: context.days } : {}),
      });
      if (voided > 0) {
        await services.audit.append(
          extended(entry, {
            action: 'invitation.voided',
            subjectId: request.person.id,
            detail: { prefix: request.prefix, count: voided, reason: 'reissued', via: context.via },
          }),
          trx,
        );
      }
      await services.audit.append(
        extended(entry, {
          action: 'invitation.issued',
          subjectId: request.person.id,
          detail: {
            prefix: request.prefix,
            invitation_id: invitation.id,
            class: request.className,
            expires_at: invitation.expires_at,
            via: context.via,
          },
        }),
        trx,
      );
      issued.push({
        invitationId: invitation.id,
        personId: request.person.id,
        lastName: request.person.last_name,
        firstName: request.person.first_name,
        prefix: request.prefix,
        className: request.className,
        code,
        expiresAt: invitation.expires_at,
        voided,
      });
    }
    if (context.printed) {
      const [only] = requests;
      await services.audit.append(
        extended(entry, {
          action: 'invitation.printed',
          subjectId: requests.length === 1 && only ? only.person.id : null,
          detail: {
            count: issued.length,
            class: context.printed.className,
            prefix: context.printed.prefix,
            via: context.via,
          },
        }),
        trx,
      );
    }
    return issued;
  });
}

/** Voids every active code of a person (all prefixes). Returns how many were voided. */
export async function voidInvitations(
  services: IssueServices,
  context: Omit<IssueContext, 'days' | 'printed'>,
  personId: string,
): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    const count = await services.invitations.voidActive(trx, personId);
    if (count > 0) {
      await services.audit.append(
        {
          realmId: context.realmId,
          organisationId: context.organisationId,
          actorId: context.actorId,
          ip: context.ip,
          userAgent: context.userAgent,
          action: 'invitation.voided',
          subjectId: personId,
          detail: { count, reason: 'voided', via: context.via },
        },
        trx,
      );
    }
    return count;
  });
}

/** «Николаева В»: the last name and the first letter of the first name, as ElJur prints it. */
export function invitationName(lastName: string, firstName: string): string {
  const [initial] = [...firstName.trim()];
  return initial ? `${lastName.trim()} ${initial.toLocaleUpperCase('ru')}` : lastName.trim();
}

/** `dd.mm.yyyy` in UTC: the day a code stops working, printed on the invitation. */
export function formatDay(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}
